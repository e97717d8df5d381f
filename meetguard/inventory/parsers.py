"""Parsers for the files the inventory reads. Each raises only ParseError."""

from __future__ import annotations

import plistlib
import re
from dataclasses import dataclass
from typing import Any

from meetguard.display_text import decoded


class ParseError(Exception):
    """The file is not in the format expected; the scan turns this into a warning."""


@dataclass(frozen=True)
class DesktopEntry:
    name: str
    exec: str
    categories: tuple[str, ...]
    hidden: bool
    entry_type: str

    @property
    def exec_name(self) -> str:
        """Basename of the program the entry starts, skipping `env VAR=…` prefixes."""
        words = [w for w in self.exec.split() if "=" not in w or w.startswith("/")]
        if words and words[0].rsplit("/", 1)[-1] == "env":
            words = words[1:]
        return words[0].strip("\"'").rsplit("/", 1)[-1] if words else ""

    def app_id(self) -> str:
        match = re.search(r"--app-id=([a-p]{32})\b", self.exec)
        return match.group(1) if match else ""


def parse_desktop_entry(data: bytes) -> DesktopEntry:
    if b"\0" in data:
        raise ParseError("binary data where a desktop entry was expected")
    text = decoded(data)
    start = text.find("[Desktop Entry]")
    if start < 0:
        raise ParseError("no [Desktop Entry] group")
    body = text[start + len("[Desktop Entry]") :]
    end = body.find("\n[")
    if end >= 0:
        body = body[:end]
    values: dict[str, str] = {}
    for line in body.splitlines():
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key or key[0] == "#" or "[" in key:
            continue
        values.setdefault(key, value.strip())
    if "Name" not in values:
        raise ParseError("the [Desktop Entry] group has no Name")
    return DesktopEntry(
        name=values["Name"],
        exec=values.get("Exec", ""),
        categories=tuple(c for c in values.get("Categories", "").split(";") if c),
        hidden=values.get("Hidden", "").lower() == "true",
        entry_type=values.get("Type", "Application"),
    )


def parse_dpkg_status(text: str, wanted: set[str]) -> dict[str, str]:
    """Versions of the installed packages among `wanted`, from /var/lib/dpkg/status."""
    found: dict[str, str] = {}
    for stanza in re.split(r"\n\s*\n", text):
        if not any(name in stanza for name in wanted):  # not read line by line
            continue
        package = status = version = ""
        for line in stanza.splitlines():
            if line.startswith("Package:"):
                package = line[8:].strip()
            elif line.startswith("Status:"):
                status = line[7:].strip()
            elif line.startswith("Version:"):
                version = line[8:].strip()
        if package in wanted and status.endswith(" installed") and "not-installed" not in status:
            found[package] = version
    return found


_RELEASE_VERSION = re.compile(r"\bversion\s*=\s*[\"']([^\"'<>]{1,64})[\"']")
_RELEASE_TAG = re.compile(r"<release\b")


def parse_release_version(text: str) -> str:
    """The newest release version in AppStream metainfo/appdata (the first <release> with one).

    Tag by tag with find, so each character is looked at a bounded number of times: a search
    for the whole pattern restarted at every '<release' and scanned to the end for its '>'.
    """
    pos = 0
    while (start := _RELEASE_TAG.search(text, pos)) is not None:
        end = text.find(">", start.end())
        if end < 0:
            return ""  # no tag after here is ever closed
        match = _RELEASE_VERSION.search(text, start.end(), end)
        if match is not None:
            return match.group(1)
        pos = end + 1
    return ""


def parse_snap_version(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("version:"):
            return line[8:].strip().strip("'\"")
    return ""


def parse_plist(data: bytes) -> dict[str, Any]:
    try:
        value = plistlib.loads(data)
    except Exception as exc:  # plistlib raises many types on hostile input
        raise ParseError(f"not a valid property list ({exc.__class__.__name__})") from exc
    if not isinstance(value, dict):
        raise ParseError("property list is not a dictionary")
    return value

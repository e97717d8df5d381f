"""Parsers for the files the inventory reads. Each raises only ParseError."""

from __future__ import annotations

import re
from collections.abc import Iterator
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


# A stanza ends at a line that is blank or only whitespace.
_STANZA_END = re.compile(r"\n\s*\n")
# A "Package:" field as a line of `str.splitlines` holds it: up to any of its line breaks.
_PACKAGE_FIELD = re.compile("Package:([^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*)")


def _stanza_start(text: str, pos: int) -> int:
    """Where the stanza holding `pos` starts, as `_STANZA_END.split` cuts the text: after the
    nearest line before it that is blank or only whitespace (a first line of blanks, which
    ends no stanza, holds no field either)."""
    end = text.rfind("\n", 0, pos)
    while end > 0:
        begin = text.rfind("\n", 0, end)
        if not text[begin + 1 : end].strip():
            return end + 1
        end = begin
    return 0


def _stanzas_naming(text: str, wanted: set[str]) -> Iterator[str]:
    """The stanzas, in order, with a "Package:" field naming one of `wanted`: the status file
    of a desktop holds thousands of packages, and the others are never cut out or read."""
    done = 0
    for field in _PACKAGE_FIELD.finditer(text):
        if field.start() < done or field[1].strip() not in wanted:
            continue
        start = _stanza_start(text, field.start())
        end = _STANZA_END.search(text, start)
        done = len(text) if end is None else end.start()
        yield text[start:done]


# How much of a status file is decoded at a time (see `parse_dpkg_status_bytes`).
DPKG_PIECE = 128 * 1024


def parse_dpkg_status_bytes(
    data: bytes, wanted: set[str], piece: int = DPKG_PIECE
) -> dict[str, str]:
    """`parse_dpkg_status` of the file's text, decoded about `piece` bytes at a time: a
    desktop's status file runs to megabytes, and holding its bytes and its whole text at
    once was the window's highest memory during the first scan. Each cut falls between the
    two newlines of a blank line (b"\\n\\n"), where a stanza always ends and no UTF-8
    sequence or line is split, so the pieces hold the same stanzas, less lines of blanks."""
    found: dict[str, str] = {}
    start = 0
    while start < len(data):
        cut = data.find(b"\n\n", start + piece)
        end = len(data) if cut < 0 else cut + 1
        found.update(parse_dpkg_status(decoded(data[start:end]), wanted))
        start = end
    return found


def parse_dpkg_status(text: str, wanted: set[str]) -> dict[str, str]:
    """Versions of the installed packages among `wanted`, from /var/lib/dpkg/status."""
    found: dict[str, str] = {}
    for stanza in _stanzas_naming(text, wanted):
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
    import plistlib  # macOS files: a scan elsewhere never loads it (nor xml and pyexpat)

    try:
        value = plistlib.loads(data)
    except Exception as exc:  # plistlib raises many types on hostile input
        raise ParseError(f"not a valid property list ({exc.__class__.__name__})") from exc
    if not isinstance(value, dict):
        raise ParseError("property list is not a dictionary")
    return value

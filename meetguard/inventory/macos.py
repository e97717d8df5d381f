"""macOS channel: application bundles and their Info.plist."""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, count
from operator import add, methodcaller
from pathlib import Path
from typing import Any

from meetguard.catalog.model import Client
from meetguard.inventory.context import Channel, Finding, ScanContext
from meetguard.inventory.parsers import parse_plist


def _app_folders(ctx: ScanContext) -> list[Path]:
    host = ctx.host
    return [
        host.path("/Applications"),
        host.home_path("Applications"),
        host.path("/Users/Shared/Applications"),
    ]


def _is_bundle(name: str) -> bool:
    return name.endswith(".app") and len(name) > len(".app")  # Path.suffix's ".app"


def _bundles(ctx: ScanContext, folder: Path) -> list[os.DirEntry[str]]:
    """`.app` bundles in a folder and one level down (e.g. /Applications/Utilities, Chrome Apps)."""
    found: list[os.DirEntry[str]] = []
    for entry in ctx.entries(folder):
        if _is_bundle(entry.name):
            found.append(entry)
        elif ctx.host.is_dir(entry.path):
            found.extend(e for e in ctx.entries(entry.path) if _is_bundle(e.name))
    return found


_INFO_PLIST = f"{os.sep}Contents{os.sep}Info.plist"
# A string element that plistlib may read otherwise than it is written: an entity, CDATA or
# a comment in it, or a tag that is not plain. (No "<" in a tag: each try stops at the next
# one, so a file of thousands of "<string" costs linear time.)
_NOT_PLAIN = rb"<string(?!\b[^<>]*>[^<&]*</string\s*>)"
_XML_UTF8 = b'<?xml version="1.0" encoding="UTF-8"?>'
_ENCODING = re.compile(
    rb"(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)", re.IGNORECASE
)


@dataclass(frozen=True)
class _Wanted:
    """The catalog's bundle ids, as the bytes a property list holds them in."""

    binary: re.Pattern[bytes]  # each id in ASCII or UTF-16, the two string forms of bplist00
    xml: re.Pattern[bytes]  # a <string> element that is not plain, or a plain one of an id

    @classmethod
    @cache  # the same catalog's ids, compiled once for every scan
    def of(cls, ids: tuple[str, ...]) -> _Wanted:
        forms = [i.encode(codec) for i in ids for codec in ("utf-8", "utf-16-be")]
        plain = [i.encode() for i in ids]
        return cls(
            re.compile(_either(forms)),
            re.compile(_NOT_PLAIN + rb"|<string\b[^<>]*>(?:" + _trie(plain) + rb")</string\s*>"),
        )

    def could_be_named(self, data: bytes) -> bool:
        """Whether plistlib could read one of the ids from this Info.plist. A binary plist
        holds every string whole; an XML one holds it in a <string> element, unless an
        entity, a comment, CDATA or another encoding spells it otherwise: then, and whenever
        a <string> is not plain, the file is parsed to be sure."""
        if data.startswith(b"bplist00"):
            return self.binary.search(data) is not None
        if b"\0" in data:
            return True
        if not data.startswith(_XML_UTF8):  # what Xcode and plistlib write, said at once
            declared = _ENCODING.match(data)
            if declared and declared[1].lower() not in (b"utf-8", b"us-ascii"):
                return True
        return self.xml.search(data) is not None

    def which(self, datas: list[bytes]) -> set[int]:
        """The indexes of the property lists `could_be_named` says could name an id. Those
        in the usual UTF-8 XML are searched at once, joined by "<&": no match can start in
        it, and none, nor any lookahead, can run through it (each stops at its "<", and
        "</string" cannot begin there), so each says what it says alone; 2,000 files cost
        two calls, not one or more each."""
        found: set[int] = set()
        usual = list(range(len(datas)))
        texts = datas
        if not all(map(_IS_USUAL, datas)):  # (most folders: every file is, said in one call)
            usual = []
            for index, data in enumerate(datas):
                if data.startswith(_XML_UTF8):
                    usual.append(index)
                elif self.could_be_named(data):
                    found.add(index)
            texts = [datas[i] for i in usual]
        starts = list(map(add, accumulate(map(len, texts), initial=0), count(0, 2)))
        blob = b"<&".join(texts)
        for search in (_NUL, self.xml.search) if b"\0" in blob else (self.xml.search,):
            at = 0
            while (hit := search(blob, at)) is not None:
                index = bisect_right(starts, hit.start()) - 1
                found.add(usual[index])
                at = starts[index + 1]
        return found


_NUL = re.compile(b"\0").search
_IS_USUAL = methodcaller("startswith", _XML_UTF8)


def _either(words: list[bytes]) -> bytes:
    return b"|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or b"(?!)"


def _trie(words: list[bytes]) -> bytes:
    """A pattern that matches exactly `words`, each shared start said once: at a <string>
    that names no id, one try per character read instead of one per id."""
    tree: dict[int, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[-1] = {}  # a word ends here
    return _branches(tree) if words else b"(?!)"


def _branches(node: dict[int, Any]) -> bytes:
    alternatives = [re.escape(bytes([c])) + _branches(node[c]) for c in sorted(node) if c >= 0]
    if not alternatives:
        return b""
    either = alternatives[0] if len(alternatives) == 1 else b"(?:" + b"|".join(alternatives) + b")"
    return b"(?:" + either + b")?" if -1 in node else either


def app_bundles(ctx: ScanContext) -> list[Finding]:
    by_bundle: dict[str, Client] = {}
    for client in ctx.catalog.clients:
        for bundle_id in client.footprints("macos").bundle_ids:
            by_bundle.setdefault(bundle_id, client)
    wanted = _Wanted.of(tuple(by_bundle))
    findings: list[Finding] = []
    seen: set[str] = set()
    for folder in _app_folders(ctx):
        # The folder's bundles' Info.plist, in order, and what to say of those between.
        plists: list[str] = []
        said: dict[int, list[str]] = {}
        for bundle in _bundles(ctx, folder):
            # An app reached through a symlink (a bundle or a folder linked into
            # /Applications) is listed once, under the path it really lives at.
            real, inside = ctx.host.resolved(bundle)
            if real in seen:
                continue
            seen.add(real)
            if inside:
                plists.append(real + _INFO_PLIST)
            else:
                shown = ctx.host.display(bundle.path)
                outside = f"{shown} points outside the inspected computer"
                said.setdefault(len(plists), []).append(outside)
        findings += _read_bundles(ctx, plists, said, wanted, by_bundle)
    return findings


def _read_bundles(
    ctx: ScanContext,
    plists: list[str],
    said: dict[int, list[str]],
    wanted: _Wanted,
    by_bundle: dict[str, Client],
) -> list[Finding]:
    """Read the bundles' Info.plist in batches; parse those that could name a client. What
    `said` holds for a position is said before the file there is read (or at the end)."""
    findings: list[Finding] = []
    for start, datas, errors in ctx.read_batches(plists, 1024 * 1024):
        end = start + len(datas)
        # Only a property list that could name a catalog client is parsed (plistlib costs
        # several times the read): one that cannot is skipped, broken or not.
        named = {start + i for i in wanted.which(datas)}
        for index in sorted({*named, *errors, *(i for i in said if start <= i < end)}):
            for message in said.get(index, ()):
                ctx.warn(message)
            error = errors.get(index)
            if error is not None:
                ctx.unread(plists[index], error, missing_ok=True)
            elif index in named:
                info = ctx.parsed(plists[index], datas[index - start], parse_plist)
                if info is not None:
                    findings += _bundle_finding(ctx, plists[index], info, by_bundle)
    for message in said.get(len(plists), ()):
        ctx.warn(message)
    return findings


def _bundle_finding(
    ctx: ScanContext, plist: str, info: dict[str, Any], by_bundle: dict[str, Client]
) -> list[Finding]:
    """What a bundle's parsed Info.plist says is installed, if anything."""
    bundle_id = str(info.get("CFBundleIdentifier", ""))
    found = by_bundle.get(bundle_id)
    if found is None:
        return []
    shown = ctx.host.display(plist[: -len(_INFO_PLIST)])
    version = info.get("CFBundleShortVersionString") or info.get("CFBundleVersion") or ""
    web = bundle_id.startswith(("com.google.Chrome.app.", "com.microsoft.edgemac.app."))
    return [
        Finding(
            found.id,
            f"bundle:{shown}",
            "web app" if web else "app bundle",
            found.name,
            shown,
            f"{shown} ({bundle_id})",
            str(version)[:64],
        )
    ]


CHANNELS: list[tuple[str, Channel]] = [("applications", app_bundles)]

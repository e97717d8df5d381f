"""Linux channels: desktop entries, dpkg, rpm, Flatpak, Snap, install folders, browser web apps."""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate, count
from operator import add
from pathlib import Path

from meetguard.catalog.model import Client
from meetguard.host import HostReadError
from meetguard.inventory.context import Channel, Finding, ScanContext
from meetguard.inventory.parsers import (
    DesktopEntry,
    ParseError,
    parse_desktop_entry,
    parse_dpkg_status_bytes,
    parse_release_version,
    parse_snap_version,
)
from meetguard.inventory.rpmdb import read_rpmdb_ndb, read_rpmdb_sqlite

CALLING_CATEGORIES = {"Telephony", "VideoConference"}
DPKG_STATUS_LIMIT = 64 * 1024 * 1024
RPMDB_LIMIT = 1024 * 1024 * 1024
# Where rpm keeps its database: today's place first; /var/lib/rpm is the older one, and on
# current systems a link to the first (one database, read once).
RPMDB_DIRS = ("/usr/lib/sysimage/rpm", "/var/lib/rpm")
WEB_BROWSERS = {
    "google-chrome": "Chrome",
    "google-chrome-stable": "Chrome",
    "chromium": "Chromium",
    "chromium-browser": "Chromium",
    "microsoft-edge": "Edge",
    "microsoft-edge-stable": "Edge",
    "flatpak": "browser (Flatpak)",
}


def _index(ctx: ScanContext, field: str) -> dict[str, Client]:
    index: dict[str, Client] = {}
    for client in ctx.catalog.clients:
        for value in getattr(client.footprints("linux"), field):
            index.setdefault(value, client)
    return index


def _application_dirs(ctx: ScanContext) -> list[tuple[Path, str]]:
    """Every folder of desktop entries, with the group an entry found there belongs to."""
    host = ctx.host
    data_home = ctx.host.env.get("XDG_DATA_HOME") or f"{host.home}/.local/share"
    data_dirs = (ctx.host.env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    dirs: list[tuple[Path, str]] = [(host.path(data_home) / "applications", "native")]
    dirs += [(host.path(d) / "applications", "native") for d in data_dirs if d.startswith("/")]
    dirs += [
        (host.path("/var/lib/flatpak/exports/share/applications"), "flatpak:system"),
        (host.path(data_home) / "flatpak/exports/share/applications", "flatpak:user"),
        (host.path("/var/lib/snapd/desktop/applications"), "snap"),
    ]
    seen: set[Path] = set()
    unique: list[tuple[Path, str]] = []
    for path, group in dirs:
        key = path
        if key in seen:
            continue
        seen.add(key)
        if "flatpak/exports" in path.as_posix():
            group = (
                "flatpak:user" if path.is_relative_to(host.path(host.home)) else "flatpak:system"
            )
        elif "snapd/desktop" in path.as_posix():
            group = "snap"
        unique.append((path, group))
    return unique


def _either(words: list[bytes]) -> bytes:
    return b"|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _after_key(key: bytes, words: list[bytes]) -> Callable[[bytes, int], re.Match[bytes] | None]:
    """A match from a position to the first line on which one of `words` follows `key`,
    the word being its group 1: the text is read in one pass, each line from its first
    `key` (where any later `key` of the line starts no search of its own, as it would in
    `key[^\\n]*?(words)`, which makes a line of thousands of keys cost quadratic time)."""
    either = _either(words)
    first = b"".join(re.escape(bytes([c])) for c in sorted({w[0] for w in words}))
    head, rest = re.escape(key[:1]), re.escape(key[1:])
    # From the key to the first word or the line's end: runs of bytes no word starts with,
    # then one that is no word's start.
    line = re.escape(key) + b"(?:[^\\n" + first + b"]++|(?!" + either + b")[" + first + b"])*+"
    # Lines where the key is followed by no word, and all else, passed over for good.
    passed = b"(?:[^" + head + b"]++|" + head + b"(?!" + rest + b")|" + line + b"(?:\\n|\\Z))*+"
    return re.compile(passed + line + b"(" + either + b")").match


def _hits(
    match: Callable[[bytes, int], re.Match[bytes] | None], blob: bytes, starts: list[int]
) -> Iterator[int]:
    """The index of each joined entry (entry i is blob[starts[i]:starts[i + 1] - 1]) in
    which `match` finds its word; each entry is searched until its first."""
    at = 0
    while (found := match(blob, at)) is not None:
        index = bisect_right(starts, found.start(1)) - 1
        yield index
        at = starts[index + 1]


@dataclass(frozen=True)
class _Mentions:
    """Which entries could be matched by their content: a catalog program or a browser web
    app's --app-id= on an Exec line, or a calling category on a Categories line. The words
    appear in the file as they are (the parser unescapes nothing), after their key on the
    same line (any text holding "Exec" counts as the key, TryExec and Exec[de] too)."""

    on_exec: Callable[[bytes, int], re.Match[bytes] | None]
    on_categories: Callable[[bytes, int], re.Match[bytes] | None]

    @classmethod
    def of(cls, execs: dict[str, Client]) -> _Mentions:
        programs = [e.encode() for e in execs] + [b"--app-id="]
        calling = [c.encode() for c in CALLING_CATEGORIES]
        return cls(_after_key(b"Exec", programs), _after_key(b"Categories", calling))

    def __call__(self, data: bytes) -> bool:
        return bool(self.which([data]))

    def which(self, datas: list[bytes]) -> set[int]:
        """The indexes of the entries that could be matched. The entries are searched at
        once, joined by newlines: no match crosses a line, so a match is a match in the
        entry it is found in, and 10,000 entries cost two calls, not two each."""
        starts = list(map(add, accumulate(map(len, datas), initial=0), count()))
        blob = b"\n".join(datas)
        return {*_hits(self.on_exec, blob, starts), *_hits(self.on_categories, blob, starts)}


# Desktop entries are read this many bytes at most.
DESKTOP_LIMIT = 1024 * 1024


def desktop_entries(ctx: ScanContext) -> list[Finding]:
    by_file = _index(ctx, "desktop_files")
    by_exec = _index(ctx, "desktop_exec")
    by_app = _index(ctx, "web_app_ids")
    by_flatpak = _index(ctx, "flatpak")
    by_snap = _index(ctx, "snap")
    mentions = _Mentions.of(by_exec)
    findings: list[Finding] = []
    for folder, group in _application_dirs(ctx):
        flatpak, snap = group.startswith("flatpak"), group == "snap"
        picked = [e for e in ctx.entries(folder) if e.name.endswith(".desktop") and len(e.name) > 8]
        # The client a Flatpak's or a Snap's entry is named after, and the entry's group.
        packaged: list[tuple[Client | None, str]] = []
        if flatpak:
            stems = [e.name[: -len(".desktop")] for e in picked]
            packaged = [(by_flatpak.get(stem), f"{group}:{stem}") for stem in stems]
        elif snap:
            stems = [e.name[: -len(".desktop")].split("_", 1)[0] for e in picked]
            packaged = [(by_snap.get(stem), f"snap:{stem}") for stem in stems]
        # An entry named after a client is parsed whatever it holds; most entries are other
        # software, and one whose content names no catalog program, web app or calling
        # category is not parsed (nor warned of when broken).
        named = {i for i, e in enumerate(picked) if e.name in by_file}
        named.update(i for i, (client, _) in enumerate(packaged) if client is not None)
        paths = [e.path for e in picked]
        for start, datas, errors in ctx.read_batches(paths, DESKTOP_LIMIT):
            end = start + len(datas)
            look = {start + i for i in mentions.which(datas)}
            look.update(errors, (i for i in named if start <= i < end))
            for index in sorted(look):
                path = paths[index]
                error = errors.get(index)
                if error is not None:
                    ctx.unread(path, error)
                    continue
                entry = ctx.parsed(path, datas[index - start], parse_desktop_entry)
                if entry is not None:
                    client, entry_group = packaged[index] if packaged else (None, group)
                    findings += _entry_findings(
                        ctx,
                        picked[index].name,
                        path,
                        entry,
                        client,
                        entry_group,
                        by_file,
                        by_exec,
                        by_app,
                    )
    return findings


def _entry_findings(
    ctx: ScanContext,
    name: str,
    path: str,
    entry: DesktopEntry,
    packaged: Client | None,
    entry_group: str,
    by_file: dict[str, Client],
    by_exec: dict[str, Client],
    by_app: dict[str, Client],
) -> list[Finding]:
    """What one parsed desktop entry says is installed, if anything."""
    if entry.hidden or entry.entry_type != "Application":
        return []
    app_id = entry.app_id()
    client = by_app.get(app_id) if app_id else None
    if client is not None:
        browser = WEB_BROWSERS.get(entry.exec_name, entry.exec_name or "browser")
        shown = ctx.host.display(path)
        return [
            Finding(
                client.id,
                f"webapp:{browser}",
                "web app",
                f"{client.name} ({browser} web app)",
                shown,
                shown,
            )
        ]
    client = packaged
    if client is None:
        program = entry.exec_name
        client = by_file.get(name) or by_exec.get(program)
        if program.lower().endswith(".appimage"):
            entry_group = f"appimage:{program}"
    # The shown path is made only for a match: most entries are other software.
    if client is not None:
        shown = ctx.host.display(path)
        return [Finding(client.id, entry_group, "desktop entry", client.name, "", shown)]
    if CALLING_CATEGORIES & set(entry.categories):
        shown = ctx.host.display(path)
        return [Finding("", f"other:{name}", "desktop entry", entry.name, shown, shown)]
    return []


def dpkg(ctx: ScanContext) -> list[Finding]:
    by_deb = _index(ctx, "deb")
    status = ctx.host.path("/var/lib/dpkg/status")
    if not by_deb or not ctx.host.exists(status):
        return []
    data = ctx.read_bytes(status, DPKG_STATUS_LIMIT)
    if data is None:
        return []
    shown = ctx.host.display(status)
    return [
        Finding(
            by_deb[pkg].id,
            "native",
            "deb",
            by_deb[pkg].name,
            "",
            f"{shown}: package {pkg} {version}",
            version,
        )
        for pkg, version in parse_dpkg_status_bytes(data, set(by_deb)).items()
    ]


def rpm(ctx: ScanContext) -> list[Finding]:
    by_rpm = _index(ctx, "rpm")
    findings: list[Finding] = []
    if not by_rpm:
        return findings
    seen: set[str] = set()
    for folder in RPMDB_DIRS:
        real = ctx.host.path(folder)
        if not ctx.host.is_dir(real) or os.path.realpath(real) in seen:
            continue
        seen.add(os.path.realpath(real))
        sqlite_db, ndb = real / "rpmdb.sqlite", real / "Packages.db"
        if ctx.host.exists(sqlite_db):
            database, read = sqlite_db, read_rpmdb_sqlite
        elif ctx.host.exists(ndb):
            database, read = ndb, read_rpmdb_ndb
        else:
            if ctx.host.exists(real / "Packages"):
                ctx.warn(
                    f"{ctx.host.display(real / 'Packages')} is an rpm database in the Berkeley "
                    "DB format, which MeetGuard does not read: rpm packages are not listed"
                )
            continue
        shown = ctx.host.display(database)
        data = ctx.read_bytes(database, RPMDB_LIMIT)
        if data is None:
            continue
        try:
            db = read(data, set(by_rpm))
        except ParseError as exc:
            ctx.warn(f"{shown}: {exc}")
            continue
        if db.unreadable:
            ctx.warn(f"{shown}: {db.unreadable} package header(s) could not be read")
        if database == sqlite_db and _wal_pending(ctx, real / "rpmdb.sqlite-wal"):
            ctx.warn(f"{shown}: changes still in rpmdb.sqlite-wal are not read")
        findings += [
            Finding(
                by_rpm[pkg.name].id,
                "native",
                "rpm",
                by_rpm[pkg.name].name,
                "",
                f"{shown}: package {pkg.name} {pkg.evr}",
                pkg.evr,
            )
            for pkg in db.packages
        ]
    return findings


def _wal_pending(ctx: ScanContext, wal: Path) -> bool:
    """True when SQLite's write-ahead log holds changes not yet copied into the database
    (rpm empties it when it closes the database cleanly)."""
    if not ctx.host.exists(wal):
        return False
    try:
        ctx.host.read_bytes(wal, 0)
    except HostReadError:
        return True
    return False


def flatpak(ctx: ScanContext) -> list[Finding]:
    by_id = _index(ctx, "flatpak")
    data_home = ctx.host.env.get("XDG_DATA_HOME") or f"{ctx.host.home}/.local/share"
    roots = [
        ("flatpak:system", "system", ctx.host.path("/var/lib/flatpak/app")),
        ("flatpak:user", "per-user", ctx.host.path(data_home) / "flatpak/app"),
    ]
    findings: list[Finding] = []
    for group, scope, root in roots:
        for app_id, client in by_id.items():
            app_dir = root / app_id
            if not ctx.host.is_dir(app_dir):
                continue
            active = app_dir / "current" / "active"
            version = ""
            for sub in ("metainfo", "appdata"):
                for suffix in (".metainfo.xml", ".appdata.xml"):
                    meta = active / "files" / "share" / sub / f"{app_id}{suffix}"
                    if not version and ctx.host.exists(meta):
                        text = ctx.read_text(meta, 1024 * 1024)
                        version = parse_release_version(text) if text else ""
            shown = ctx.host.display(app_dir)
            findings.append(
                Finding(
                    client.id,
                    f"{group}:{app_id}",
                    "flatpak",
                    f"{client.name}",
                    shown,
                    f"{shown} (Flatpak {app_id}, {scope})",
                    version,
                )
            )
    return findings


def snap(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    for name, client in _index(ctx, "snap").items():
        base = ctx.host.path(f"/snap/{name}")
        if not ctx.host.is_dir(base):
            continue
        meta = base / "current" / "meta" / "snap.yaml"
        text = ctx.read_text(meta, 1024 * 1024) if ctx.host.exists(meta) else None
        shown = ctx.host.display(base)
        findings.append(
            Finding(
                client.id,
                f"snap:{name}",
                "snap",
                client.name,
                shown,
                f"{shown} (snap {name})",
                parse_snap_version(text) if text else "",
            )
        )
    return findings


def install_dirs(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    for client in ctx.catalog.clients:
        prints = client.footprints("linux")
        for folder in prints.install_dirs:
            real = ctx.host.path(folder)
            if ctx.host.is_dir(real):
                findings.append(
                    Finding(client.id, "native", "install folder", client.name, folder, folder)
                )
        for vfile in prints.version_files:
            real = ctx.host.path(vfile)
            if ctx.host.exists(real):
                text = ctx.read_text(real, 4096)
                version = text.strip().splitlines()[0][:64] if text and text.strip() else ""
                findings.append(
                    Finding(
                        client.id,
                        "native",
                        "version file",
                        client.name,
                        "",
                        f"{vfile}: {version or 'empty'}",
                        version,
                    )
                )
    return findings


# Every place the Linux channels read, and what is missed when a Flatpak sandbox hides it.
SANDBOX_PLACES = (
    ("/usr/share/applications", "desktop entries of installed apps"),
    ("~/.local/share/applications", "your own desktop entries and browser web apps"),
    ("/var/lib/dpkg/status", "Debian packages and their versions"),
    ("/usr/lib/sysimage/rpm", "rpm packages and their versions"),
    ("/var/lib/rpm", "rpm packages of older systems"),
    ("/var/lib/flatpak/app", "Flatpak apps installed for all users"),
    ("/var/lib/flatpak/exports/share/applications", "desktop entries of those Flatpak apps"),
    ("~/.local/share/flatpak/app", "your own Flatpak apps"),
    ("/var/lib/snapd/desktop/applications", "Snap apps"),
    ("/snap", "Snap versions"),
    ("/opt", "apps installed under /opt (Zoom, Webex, Signal and others)"),
)


def sandbox_limits(ctx: ScanContext) -> list[Finding]:
    """Say which of the computer's places a Flatpak sandbox keeps from MeetGuard."""
    sandbox = ctx.host.sandbox
    if sandbox is not None:
        for place, what in SANDBOX_PLACES:
            if not sandbox.sees(ctx.host.expand(place)):
                ctx.warn(
                    f"MeetGuard runs as a Flatpak without access to {place}, so it cannot "
                    f"see {what}"
                )
    return []


CHANNELS: list[tuple[str, Channel]] = [
    ("Flatpak sandbox", sandbox_limits),
    ("desktop entries", desktop_entries),
    ("Debian packages", dpkg),
    ("rpm packages", rpm),
    ("Flatpak apps", flatpak),
    ("Snap packages", snap),
    ("install folders", install_dirs),
]

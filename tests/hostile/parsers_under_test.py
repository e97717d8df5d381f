"""Every parser of untrusted bytes, with its typed error, seeds for mutation and a worst shape.

The hypothesis tests, the size-scaling tests and the long fuzz targets all read this table,
so a parser added here is covered three ways at once.
"""

from __future__ import annotations

import plistlib
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from meetguard.catalog.loader import load_catalog
from meetguard.inventory import browsers
from meetguard.inventory.parsers import (
    ParseError,
    parse_desktop_entry,
    parse_dpkg_status,
    parse_plist,
    parse_release_version,
    parse_snap_version,
)
from meetguard.inventory.registry import RegFile, RegParseError, _decode, parse_reg
from meetguard.inventory.rpmdb import parse_rpm_header
from meetguard.resources import catalog_dir


@dataclass(frozen=True)
class Parser:
    name: str
    parse: Callable[[bytes], object]
    errors: tuple[type[Exception], ...]
    seeds: tuple[bytes, ...]
    # The input of size n that is hardest for this parser (long lines, continuations, ...).
    worst: Callable[[int], bytes]
    # n for the size-scaling test: big enough to time, small enough for a test run.
    scale_n: int


def _text(parse: Callable[[str], object]) -> Callable[[bytes], object]:
    return lambda data: parse(data.decode("utf-8", errors="replace"))


def _read_whole_export(data: bytes) -> RegFile:
    """parse_reg only indexes an export; a key's lines are parsed when it is asked for. Ask
    for every key the text names, its values and its parent's children, so each is parsed."""
    reg = parse_reg(data)
    asked: set[str] = set()
    for line in _decode(data).replace("\r", "\n").split("\n"):
        name = line.strip()[1:-1]
        if line.strip().startswith("[") and name not in asked:
            asked.add(name)
            reg.values(name)
            reg.subkeys(name.rpartition("\\")[0])
    assert all(isinstance(w, str) for w in reg.warnings)
    return reg


def _rpm(name: bytes, version: bytes, release: bytes) -> bytes:
    data = name + b"\0" + version + b"\0" + release + b"\0"
    index = [(1000, 6, 0), (1001, 6, len(name) + 1), (1002, 6, len(name) + len(version) + 2)]
    head = struct.pack(">II", len(index), len(data))
    return head + b"".join(struct.pack(">IIII", t, k, o, 1) for t, k, o in index) + data


def _rpm_worst(n: int) -> bytes:
    data = b"zoom\0" + b"6.2\0"
    index = [(2000 + i, 4, 0) for i in range(n)] + [(1000, 6, 0), (1001, 6, 5)]
    head = struct.pack(">II", len(index), len(data))
    return head + b"".join(struct.pack(">IIII", t, k, o, 1) for t, k, o in index) + data


_CATALOG_DIR = Path(tempfile.mkdtemp(prefix="meetguard-fuzz-catalog-"))


def _catalog_file(data: bytes) -> object:
    (_CATALOG_DIR / "fuzz.toml").write_bytes(data)
    result = load_catalog(_CATALOG_DIR)
    assert not result.catalog.clients or not result.errors
    return result


REG_SEED = (
    "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows"
    '\\CurrentVersion\\Uninstall\\ZoomUMX]\r\n"DisplayName"="Zoom Workplace"\r\n'
    '"DisplayVersion"="6.2.5"\r\n"EstimatedSize"=dword:0001a2b3\r\n'
    '"Path"=hex(2):43,00,3a,00,5c,00,00,00\r\n"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n'
    '"Blob"=hex:00,01,02,\\\r\n  03,04\r\n@="default"\r\n\r\n[-HKEY_CURRENT_USER\\Gone]\r\n'
)
DESKTOP_SEED = (
    b"[Desktop Entry]\nType=Application\nName=Zoom Workplace\nName[de]=Zoom\n"
    b"Exec=env FOO=1 /usr/bin/zoom %U\nCategories=Network;VideoConference;\nHidden=false\n"
    b"[Desktop Action new]\nName=New\n"
)
DPKG_SEED = (
    b"Package: zoom\nStatus: install ok installed\nVersion: 6.2.11.5069\n\n"
    b"Package: bash\nStatus: deinstall ok config-files\nVersion: 5.2\n"
)
METAINFO_SEED = (
    b'<?xml version="1.0"?><component><releases><release version="4.41.105" date="2024-01-01">'
    b"<description/></release><release version='4.40'/></releases></component>"
)
PLIST_SEEDS = (
    plistlib.dumps({"CFBundleIdentifier": "us.zoom.xos", "CFBundleShortVersionString": "6.2"}),
    plistlib.dumps(
        {"CFBundleIdentifier": "us.zoom.xos", "n": [1, 2.5, True, b"x", {"a": "b"}]},
        fmt=plistlib.FMT_BINARY,
    ),
)
CHROMIUM_PREFS = (
    b'{"extensions":{"settings":{"abcdefghijklmnopabcdefghijklmnop":{"state":1,'
    b'"manifest":{"name":"Otter","version":"3.1"},"path":"abc/1.0"}}}}'
)
MANIFEST = b'{"name":"__MSG_name__","version":"1.2","permissions":["tabCapture"]}'
PROFILES_INI = (
    b"[General]\nStartWithLastProfile=1\n\n[Profile0]\nName=default\nIsRelative=1\n"
    b"Path=abc.default\nDefault=1\n"
)
FIREFOX_EXTENSIONS = (
    b'{"addons":[{"id":"otter@otter.ai","version":"1.0","active":true,'
    b'"defaultLocale":{"name":"Otter"},"path":"/x.xpi"}]}'
)

PARSERS = (
    Parser(
        "desktop entry",
        parse_desktop_entry,
        (ParseError,),
        (DESKTOP_SEED,),
        lambda n: b"[Desktop Entry]\n" + b"Name=x\n" * n + b"[" * n,
        60_000,
    ),
    Parser(
        "dpkg status",
        _text(lambda t: parse_dpkg_status(t, {"zoom", "bash"})),
        (),
        (DPKG_SEED,),
        lambda n: b"Package: zoom\n" + b"\n " * n + b"Version: 1\n" * n,
        60_000,
    ),
    Parser(
        "AppStream release",
        _text(parse_release_version),
        (),
        (METAINFO_SEED,),
        lambda n: b"<release " * n + b"version" * n,
        40_000,
    ),
    Parser(
        "snap.yaml",
        _text(parse_snap_version),
        (),
        (b"name: zoom-client\nversion: '6.2.5'\nsummary: Zoom\n",),
        lambda n: b"x: y\n" * n,
        100_000,
    ),
    Parser(
        "property list",
        parse_plist,
        (ParseError,),
        PLIST_SEEDS,
        lambda n: plistlib.dumps({"k": ["v"] * n}),
        20_000,
    ),
    Parser(
        ".reg export",
        _read_whole_export,
        (RegParseError,),
        (b"\xff\xfe" + REG_SEED.encode("utf-16-le"), REG_SEED.replace("5.00", "4").encode()),
        lambda n: (
            "Windows Registry Editor Version 5.00\n[HKEY_CURRENT_USER\\K]\n"
            + '"a"=hex:'
            + "00,\\\n  " * n
            + "00\n"
            + '"b"="' * n
        ).encode(),
        40_000,
    ),
    Parser(
        "rpm header",
        parse_rpm_header,
        (ParseError,),
        (_rpm(b"zoom", b"6.2.5", b"1.el9"),),
        _rpm_worst,
        20_000,
    ),
    Parser(
        "Chromium Preferences",
        browsers.parse_chromium_settings,
        (ParseError,),
        (CHROMIUM_PREFS,),
        lambda n: b'{"extensions":{"settings":{' + b'"a":{},' * n + b'"b":{}}}}',
        20_000,
    ),
    Parser(
        "Chromium Local State",
        browsers.parse_local_state,
        (ParseError,),
        (b'{"profile":{"info_cache":{"Default":{"name":"Person 1"}}}}',),
        lambda n: b'{"profile":{"info_cache":{' + b'"a":{},' * n + b'"b":{}}}}',
        20_000,
    ),
    Parser(
        "extension manifest",
        browsers.parse_manifest,
        (ParseError,),
        (MANIFEST,),
        lambda n: b'{"permissions":[' + b'"x",' * n + b'"y"]}',
        20_000,
    ),
    Parser(
        "extension messages",
        browsers.parse_messages,
        (ParseError,),
        (b'{"name":{"message":"Otter"},"desc":{"message":"Notes"}}',),
        lambda n: b"{" + b'"a":{"message":"b"},' * n + b'"c":{}}',
        20_000,
    ),
    Parser(
        "Firefox profiles.ini",
        browsers.parse_profiles_ini,
        (ParseError,),
        (PROFILES_INI,),
        lambda n: b"[General]\n" + b"x=1\n" * n,
        20_000,
    ),
    Parser(
        "Firefox extensions.json",
        browsers.parse_firefox_extensions,
        (ParseError,),
        (FIREFOX_EXTENSIONS,),
        lambda n: b'{"addons":[' + b"{}," * n + b"{}]}",
        20_000,
    ),
    Parser(
        "catalog file",
        _catalog_file,
        (),
        ((catalog_dir() / "zoom.toml").read_bytes(),),
        lambda n: b'[client]\nid = "fuzz"\n' + b"# x\n" * n,
        40_000,
    ),
)

"""Lay out browser profiles the way Chromium-family browsers and Firefox keep them on disk."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Extension ids the research file footprints_more.md marks VERIFIED; tests use them only to
# check matching, so they need not be in the shipped catalog.
OTTER = "bnmojkbbkkonlmlfgejehefjldooiedp"
FIREFLIES = "meimoidfecamngeoanhnpdjjdcefoldn"
TACTIQ_EDGE = "ldihbakgcndcoojkibjniljbadkanaic"
PDF_VIEWER = "mhjfbmdgcfjbbpaeojofohoefgiehjai"
RECORDER = "aaaabbbbccccddddeeeeffffgggghhhh"  # a made-up capturing extension
PLAIN = "ppppoooonnnnmmmmllllkkkkjjjjiiii"  # a made-up extension that captures nothing


@dataclass
class Ext:
    id: str
    version: str = "1.0.0"
    name: str = "Some extension"
    enabled: bool = True
    permissions: list[str] = field(default_factory=list)
    location: int = 1
    in_prefs: bool = True
    secure: bool = False  # listed in Secure Preferences (Windows, macOS) instead of Preferences
    localised: bool = False  # the name is a __MSG_ placeholder resolved from _locales


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def chromium_profile(
    user_data: Path,
    folder: str,
    extensions: list[Ext],
    display_name: str = "",
    prefs: bytes | None = None,
) -> Path:
    """A profile folder with `extensions` installed the way the Web Store installs them.
    `prefs` replaces the Preferences file's bytes (e.g. a corrupt one)."""
    profile = user_data / folder if folder else user_data
    plain: dict[str, Any] = {}
    secure: dict[str, Any] = {}
    for ext in extensions:
        version_dir = f"{ext.version}_0"
        manifest: dict[str, Any] = {
            "manifest_version": 3,
            "name": "__MSG_appName__" if ext.localised else ext.name,
            "version": ext.version,
            "permissions": ext.permissions,
        }
        if ext.localised:
            manifest["default_locale"] = "en"
            messages = {"appName": {"message": ext.name}}
            _write(
                profile / "Extensions" / ext.id / version_dir / "_locales/en/messages.json",
                json.dumps(messages),
            )
        _write(
            profile / "Extensions" / ext.id / version_dir / "manifest.json", json.dumps(manifest)
        )
        if ext.in_prefs:
            entry = {
                "location": ext.location,
                "path": f"{ext.id}/{version_dir}",
                "disable_reasons": [] if ext.enabled else [1],
                "from_webstore": ext.location == 1,
                "active_permissions": {"api": ext.permissions},
            }
            (secure if ext.secure else plain)[ext.id] = entry
    _write(
        profile / "Preferences",
        prefs if prefs is not None else json.dumps({"extensions": {"settings": plain}}),
    )
    _write(profile / "Secure Preferences", json.dumps({"extensions": {"settings": secure}}))
    if display_name and folder:
        state = user_data / "Local State"
        data = json.loads(state.read_text()) if state.exists() else {"profile": {"info_cache": {}}}
        data["profile"]["info_cache"][folder] = {"name": display_name}
        _write(state, json.dumps(data))
    return profile


@dataclass
class Addon:
    id: str
    version: str = "1.0"
    name: str = "An add-on"
    active: bool = True
    location: str = "app-profile"
    type: str = "extension"
    permissions: list[str] = field(default_factory=list)


def firefox_profiles(
    folder: Path, profiles: list[tuple[str, str, list[Addon]]], relative: bool = True
) -> None:
    """`profiles.ini` in `folder` and, per (name, path, add-ons), that profile's extensions.json.
    Relative paths use forward slashes, as Firefox writes them on every OS."""
    lines = ["[General]", "StartWithLastProfile=1", "Version=2", ""]
    for i, (name, path, addons) in enumerate(profiles):
        lines += [
            f"[Profile{i}]",
            f"Name={name}",
            f"IsRelative={int(relative)}",
            f"Path={path}",
            "",
        ]
        entries = [
            {
                "id": a.id,
                "version": a.version,
                "type": a.type,
                "location": a.location,
                "active": a.active,
                "userDisabled": not a.active,
                "appDisabled": False,
                "softDisabled": False,
                "defaultLocale": {"name": a.name},
                "userPermissions": {"permissions": a.permissions, "origins": []},
                "path": f"{path}/extensions/{a.id}.xpi",
            }
            for a in addons
        ]
        _write(
            folder / path / "extensions.json", json.dumps({"schemaVersion": 37, "addons": entries})
        )
    _write(folder / "profiles.ini", "\n".join(lines))


def extension_catalog(folder: Path) -> Path:
    """A catalog folder: the shipped one, with store ids given to Otter and Fireflies and a
    test-only note-taker that has an Edge and a Firefox id. Extension ids the shipped files
    may have are dropped so the test decides which ids exist."""
    from meetguard.resources import catalog_dir

    folder.mkdir(parents=True, exist_ok=True)
    ids = {
        "otter": f'chromium = ["{OTTER}"]',
        "fireflies": f'chromium = ["{FIREFLIES}"]',
    }
    for source in catalog_dir().glob("*.toml"):
        text = source.read_text(encoding="utf-8")
        if source.stem in ids:
            text = _with_detect(text, f"[detect.extensions]\n{ids[source.stem]}\n")
        elif "[detect.extensions]" in text:
            text = _with_detect(text, "")
        (folder / source.name).write_text(text, encoding="utf-8")
    notes = (
        'schema = 1\n\n[client]\nid = "notes-test"\nname = "Notes Test"\nvendor = "Test"\n'
        'homepage = "https://example.com"\nkind = "service"\nstatus = "active"\n'
        'reviewed = 2026-12-01\ncategory = "notetaker"\nterms_from = "otter"\n\n'
        f'[detect.extensions]\nedge = ["{TACTIQ_EDGE}"]\nfirefox = ["notes@example.com"]\n'
    )
    (folder / "notes-test.toml").write_text(notes, encoding="utf-8")
    return folder


def _with_detect(text: str, detect: str) -> str:
    """`text` with its `[detect.extensions]` table replaced by `detect` (before the documents)."""
    blocks = text.split("\n[")
    kept = [blocks[0]] + [b for b in blocks[1:] if not b.startswith("detect.extensions]")]
    body = "\n[".join(kept)
    if not detect:
        return body
    head, sep, rest = body.partition("\n[[documents]]")
    return f"{head}\n{detect}{sep}{rest}" if sep else f"{body}\n{detect}"


# A real browser is a child process, out of reach of the socket guard in tests/conftest.py: these
# send whatever it tries to a closed loopback port and let it resolve no name.
CHROMIUM_OFFLINE = ("--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND")
FIREFOX_OFFLINE_PREFS = "".join(
    f'user_pref("{name}", {value});\n'
    for name, value in (
        ("network.proxy.type", 1),
        *((f"network.proxy.{p}", '"127.0.0.1"') for p in ("http", "ssl", "socks")),
        *((f"network.proxy.{p}_port", 9) for p in ("http", "ssl", "socks")),
        ("network.proxy.socks_remote_dns", "true"),
        ("network.proxy.no_proxies_on", '""'),
        ("network.proxy.allow_hijacking_localhost", "true"),
    )
)

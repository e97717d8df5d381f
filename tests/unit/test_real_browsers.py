"""Profiles written by the real browsers: Debian's chromium and firefox-esr, run headless.

Each test lets the browser create its profile, puts an extension in it the way the store
would, lets the browser start once more so it rewrites its own records, and scans the result.
CI installs both packages (scripts/system-deps.sh); without the binary the test says so.
"""

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from meetguard.catalog.loader import load_catalog
from meetguard.catalog.model import Catalog
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from tests.browserfake import (
    CHROMIUM_OFFLINE,
    FIREFLIES,
    FIREFOX_OFFLINE_PREFS,
    OTTER,
    PDF_VIEWER,
    extension_catalog,
)

pytestmark = [pytest.mark.real_browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium")
FIREFOX = shutil.which("firefox-esr")
TIMEOUT = 120


@pytest.fixture(scope="module")
def ext_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return load_catalog(extension_catalog(tmp_path_factory.mktemp("catalog"))).catalog


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DBUS_"))}
    env["HOME"] = str(home)
    return env


def _chromium(home: Path, user_data: Path, *extra: str) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            f"--user-data-dir={user_data}",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-gpu",
            *CHROMIUM_OFFLINE,
            *extra,
            "--dump-dom",
            "about:blank",
        ],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )


def _add_webstore_extension(
    profile: Path, ext_id: str, version: str, permissions: list[str], disabled: bool
) -> None:
    """What the Web Store leaves: `Extensions/<id>/<version>_0/manifest.json` and an entry in
    the profile's `extensions.settings`, added to the Preferences the browser wrote."""
    folder = profile / "Extensions" / ext_id / f"{version}_0"
    folder.mkdir(parents=True)
    manifest = {"manifest_version": 3, "name": ext_id, "version": version}
    (folder / "manifest.json").write_text(json.dumps(dict(manifest, permissions=permissions)))
    prefs = json.loads((profile / "Preferences").read_text())
    prefs.setdefault("extensions", {}).setdefault("settings", {})[ext_id] = {
        "location": 1,
        "path": f"{ext_id}/{version}_0",
        "from_webstore": True,
        "disable_reasons": [1] if disabled else [],
    }
    (profile / "Preferences").write_text(json.dumps(prefs))


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
def test_chromium_profile_written_by_chromium(tmp_path: Path, ext_catalog: Catalog) -> None:
    home = tmp_path / "home"
    user_data = home / ".config" / "chromium"
    recorder = tmp_path / "recorder"
    recorder.mkdir()
    (recorder / "manifest.json").write_text(
        json.dumps(
            {
                "manifest_version": 3,
                "name": "Tab Recorder",
                "version": "1.2.3",
                "permissions": ["tabCapture", "offscreen"],
            }
        )
    )
    _chromium(home, user_data, f"--load-extension={recorder}")
    default = user_data / "Default"
    assert (default / "Preferences").is_file(), "chromium wrote no profile"
    _add_webstore_extension(default, OTTER, "3.1.0", ["storage"], disabled=False)
    _add_webstore_extension(default, FIREFLIES, "5.4.1", ["tabCapture"], disabled=True)
    _chromium(home, user_data)  # chromium reads and rewrites the records it was handed

    result = scan(Host(root=Path("/"), home=str(home), platform="linux"), ext_catalog)
    rows = {(e.client_id or e.name, e.profile, e.version, e.state) for e in result.extensions}
    profile = json.loads((user_data / "Local State").read_text())["profile"]["info_cache"]
    label = f"{profile['Default']['name']} (Default)"
    assert rows == {
        ("otter", label, "3.1.0", "enabled"),
        ("fireflies", label, "5.4.1", "disabled"),
        ("Tab Recorder", label, "1.2.3", "enabled"),
    }
    loaded = next(e for e in result.extensions if e.name == "Tab Recorder")
    assert loaded.capture == ("tabCapture",)
    assert loaded.origin == "loaded from the command line"
    settings = json.loads((default / "Preferences").read_text())["extensions"]["settings"]
    assert PDF_VIEWER in settings  # chromium lists its PDF viewer; the scan does not
    assert PDF_VIEWER not in {e.extension_id for e in result.extensions}


def _firefox(home: Path, *args: str) -> None:
    assert FIREFOX is not None
    subprocess.run(
        [FIREFOX, "--headless", *args],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )


def _profile_dirs(home: Path) -> dict[str, Path]:
    """Profile name → folder, from whichever profiles.ini this Firefox wrote."""
    found: dict[str, Path] = {}
    for ini in home.rglob("profiles.ini"):
        name = ""
        for line in ini.read_text().splitlines():
            if line.startswith("Name="):
                name = line[5:]
            elif line.startswith("Path="):
                found[name] = ini.parent / line[5:]
    return found


@pytest.mark.skipif(FIREFOX is None, reason="Debian's firefox-esr package is not installed")
def test_firefox_profiles_written_by_firefox(tmp_path: Path, ext_catalog: Catalog) -> None:
    home = tmp_path / "home"
    home.mkdir()
    _firefox(home, "-CreateProfile", "Work")
    _firefox(home, "-CreateProfile", "Personal")
    profiles = _profile_dirs(home)
    assert set(profiles) == {"Work", "Personal"}, profiles
    xpi = tmp_path / "notes.xpi"
    with zipfile.ZipFile(xpi, "w") as z:
        manifest = {
            "manifest_version": 2,
            "name": "Meeting Notes",
            "version": "2.5.0",
            "browser_specific_settings": {"gecko": {"id": "notes@example.com"}},
        }
        z.writestr("manifest.json", json.dumps(manifest))
    for name, folder in profiles.items():
        (folder / "extensions").mkdir(parents=True, exist_ok=True)
        shutil.copy(xpi, folder / "extensions" / "notes@example.com.xpi")
        prefs = FIREFOX_OFFLINE_PREFS + 'user_pref("xpinstall.signatures.required", false);\n'
        if name == "Work":  # take the sideloaded add-on without asking; Personal asks first
            prefs += 'user_pref("extensions.autoDisableScopes", 0);\n'
        (folder / "user.js").write_text(prefs)
        _firefox(
            home,
            "--no-remote",
            "--profile",
            str(folder),
            "--screenshot",
            str(tmp_path / f"{name}.png"),
            "about:blank",
        )
        assert (folder / "extensions.json").is_file(), (
            f"firefox wrote no extensions.json for {name}"
        )

    result = scan(Host(root=Path("/"), home=str(home), platform="linux"), ext_catalog)
    rows = {(e.client_id, e.profile.split(" (")[0], e.version, e.state) for e in result.extensions}
    assert rows == {
        ("notes-test", "Work", "2.5.0", "enabled"),
        ("notes-test", "Personal", "2.5.0", "disabled"),
    }
    builtin = json.loads((profiles["Work"] / "extensions.json").read_text())["addons"]
    assert any(a["location"].startswith("app-builtin") for a in builtin)  # present, not listed

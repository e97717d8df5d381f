"""Browser extensions on fake Linux, macOS and Windows computers, each in several placements."""

import json
from pathlib import Path

import pytest

from meetguard.app import main as run
from meetguard.catalog.loader import load_catalog
from meetguard.catalog.model import Catalog
from meetguard.host import Host
from meetguard.inventory.model import ScanResult
from meetguard.inventory.scanner import scan
from tests.browserfake import (
    FIREFLIES,
    OTTER,
    PDF_VIEWER,
    PLAIN,
    RECORDER,
    TACTIQ_EDGE,
    Addon,
    Ext,
    chromium_profile,
    extension_catalog,
    firefox_profiles,
)

Row = tuple[str, str, str, str, str, str]


@pytest.fixture(scope="module")
def ext_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    loaded = load_catalog(extension_catalog(tmp_path_factory.mktemp("catalog")))
    assert loaded.errors == ()
    return loaded.catalog


def _rows(result: ScanResult) -> set[Row]:
    """(client or extension id, browser, profile, version, state, capture) of every row."""
    return {
        (
            e.client_id or e.extension_id,
            e.browser,
            e.profile,
            e.version,
            e.state,
            ",".join(e.capture),
        )
        for e in result.extensions
    }


def _linux(root: Path) -> Path:
    home = root / "home" / "alice"
    chrome = home / ".config" / "google-chrome"
    chromium_profile(
        chrome,
        "Default",
        [
            Ext(OTTER, "3.1.0", "Otter.ai"),
            Ext(PDF_VIEWER, "1", "Chromium PDF Viewer", location=5, permissions=["tabCapture"]),
            Ext(PLAIN, "2.0", "Dark Reader", permissions=["storage", "offscreen"]),
            Ext(TACTIQ_EDGE, "9.9", "An Edge-store id seen in Chrome"),
        ],
        "Personal",
    )
    chromium_profile(
        chrome,
        "Profile 1",
        [
            Ext(OTTER, "3.0.2", "Otter.ai", enabled=False),
            Ext(FIREFLIES, "5.4.1", "Fireflies", localised=True),
            Ext(RECORDER, "0.9", "Screen Recorder", permissions=["tabCapture", "storage"]),
        ],
        "Work",
    )
    chromium_profile(
        home / ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser",
        "Default",
        [Ext(FIREFLIES, "5.4.0", "Fireflies")],
    )
    chromium_profile(
        home / "snap/chromium/common/chromium",
        "Default",
        [Ext(OTTER, "3.1.0", "Otter.ai")],
        prefs=b'{"extensions": {"settings": {',
    )
    chromium_profile(
        home / ".config/microsoft-edge", "Default", [Ext(TACTIQ_EDGE, "4.2", "Tactiq")], "Edge"
    )
    chromium_profile(home / ".config/opera", "", [Ext(OTTER, "3.1.0", "Otter.ai")])
    firefox_profiles(
        home / ".mozilla/firefox",
        [
            (
                "default-release",
                "abcd1234.default-release",
                [
                    Addon("notes@example.com", "2.5.0", "Notes"),
                    Addon(
                        "formautofill@mozilla.org",
                        location="app-builtin-addons",
                        permissions=["tabCapture"],
                    ),
                    Addon("notes-theme@example.com", type="theme"),
                    Addon("webcap@example.com", permissions=["tabCapture"]),
                ],
            ),
            ("Work", "efgh5678.work", [Addon("notes@example.com", "2.4.0", active=False)]),
        ],
    )
    firefox_profiles(
        home / ".var/app/org.mozilla.firefox/.mozilla/firefox",
        [("default", "x1.default", [Addon("notes@example.com", "2.5.0")])],
    )
    snap_ff = home / "snap/firefox/common/.mozilla/firefox"
    firefox_profiles(snap_ff, [("default", "y2.default", [])])
    (snap_ff / "y2.default/extensions.json").write_text("{broken")
    (snap_ff / "y2.default/extensions").mkdir()
    (snap_ff / "y2.default/extensions/notes@example.com.xpi").write_bytes(b"PK")
    return root


LINUX_ROWS = {
    ("otter", "Google Chrome", "Personal (Default)", "3.1.0", "enabled", ""),
    ("otter", "Google Chrome", "Work (Profile 1)", "3.0.2", "disabled", ""),
    ("fireflies", "Google Chrome", "Work (Profile 1)", "5.4.1", "enabled", ""),
    (RECORDER, "Google Chrome", "Work (Profile 1)", "0.9", "enabled", "tabCapture"),
    ("fireflies", "Brave (Flatpak)", "Default", "5.4.0", "enabled", ""),
    ("otter", "Chromium (Snap)", "Default", "3.1.0", "unknown", ""),
    ("notes-test", "Microsoft Edge", "Edge (Default)", "4.2", "enabled", ""),
    ("otter", "Opera", "Default", "3.1.0", "enabled", ""),
    ("notes-test", "Firefox", "default-release (abcd1234.default-release)", "2.5.0", "enabled", ""),
    ("notes-test", "Firefox", "Work (efgh5678.work)", "2.4.0", "disabled", ""),
    (
        "webcap@example.com",
        "Firefox",
        "default-release (abcd1234.default-release)",
        "1.0",
        "enabled",
        "tabCapture",
    ),
    ("notes-test", "Firefox (Flatpak)", "default (x1.default)", "2.5.0", "enabled", ""),
    ("notes-test", "Firefox (Snap)", "default (y2.default)", "", "unknown", ""),
}


def test_linux_finds_every_extension_with_version_and_state(
    tmp_path: Path, ext_catalog: Catalog
) -> None:
    result = scan(Host.at_root(_linux(tmp_path), "linux"), ext_catalog)
    assert _rows(result) == LINUX_ROWS
    fireflies = next(
        e for e in result.extensions if e.client_id == "fireflies" and e.version == "5.4.1"
    )
    assert fireflies.name == "Fireflies"  # resolved from _locales/en/messages.json
    assert result.warnings == (
        "/home/alice/snap/chromium/common/chromium/Default/Preferences: "
        "the preferences file is not valid JSON (JSONDecodeError)",
        "/home/alice/snap/firefox/common/.mozilla/firefox/y2.default/extensions.json: "
        "extensions.json is not valid JSON (JSONDecodeError)",
    )


def test_builtin_component_theme_and_non_capturing_extensions_are_not_listed(
    tmp_path: Path, ext_catalog: Catalog
) -> None:
    result = scan(Host.at_root(_linux(tmp_path), "linux"), ext_catalog)
    ids = {e.extension_id for e in result.extensions}
    assert PDF_VIEWER not in ids  # a component extension, even though it asks for tabCapture
    assert "formautofill@mozilla.org" not in ids
    assert "notes-theme@example.com" not in ids
    assert PLAIN not in ids  # `offscreen` alone is no sign of capture
    # An Edge Add-ons id names its client only in Edge.
    chrome = [e for e in result.extensions if e.browser == "Google Chrome"]
    assert TACTIQ_EDGE not in {e.extension_id for e in chrome}


def test_known_extensions_are_installations_one_per_profile(
    tmp_path: Path, ext_catalog: Catalog
) -> None:
    result = scan(Host.at_root(_linux(tmp_path), "linux"), ext_catalog)
    otter = result.for_client("otter")
    assert {i.source for i in otter} == {"browser extension"}
    assert sorted(i.version for i in otter) == ["3.0.2", "3.1.0", "3.1.0", "3.1.0"]
    assert any("Work (Profile 1)" in i.evidence[0] and "disabled" in i.evidence[0] for i in otter)
    assert [e.extension_id for e in result.capturing_extensions] == [RECORDER, "webcap@example.com"]


def _mac(root: Path) -> Path:
    support = root / "Users/alice/Library/Application Support"
    chromium_profile(
        support / "Google/Chrome",
        "Default",
        [Ext(OTTER, "3.1.0", "Otter.ai", secure=True)],
        "Alice",
    )
    chromium_profile(
        support / "Google/Chrome",
        "Profile 3",
        [Ext(FIREFLIES, "5.4.1", "Fireflies", enabled=False, secure=True)],
        "Client work",
    )
    chromium_profile(
        support / "Microsoft Edge", "Profile 2", [Ext(OTTER, "3.1.0", "Otter.ai", secure=True)]
    )
    chromium_profile(support / "Vivaldi", "Default", [Ext(FIREFLIES, "5.3.9", "Fireflies")])
    firefox_profiles(
        support / "Firefox",
        [
            (
                "default-release",
                "Profiles/k3j2.default-release",
                [Addon("notes@example.com", "2.5.0")],
            )
        ],
    )
    return root


def test_macos_finds_every_extension(tmp_path: Path, ext_catalog: Catalog) -> None:
    result = scan(Host.at_root(_mac(tmp_path), "macos"), ext_catalog)
    assert _rows(result) == {
        ("otter", "Google Chrome", "Alice (Default)", "3.1.0", "enabled", ""),
        ("fireflies", "Google Chrome", "Client work (Profile 3)", "5.4.1", "disabled", ""),
        ("otter", "Microsoft Edge", "Profile 2", "3.1.0", "enabled", ""),
        ("fireflies", "Vivaldi", "Default", "5.3.9", "enabled", ""),
        ("notes-test", "Firefox", "default-release (k3j2.default-release)", "2.5.0", "enabled", ""),
    }


def _windows(root: Path) -> Path:
    local = root / "Users/alice/AppData/Local"
    roaming = root / "Users/alice/AppData/Roaming"
    chromium_profile(
        local / "Google/Chrome/User Data",
        "Default",
        [Ext(OTTER, "3.1.0", "Otter.ai", secure=True)],
    )
    chromium_profile(
        local / "Google/Chrome/User Data",
        "Profile 1",
        [Ext(OTTER, "3.0.2", "Otter.ai", enabled=False, secure=True)],
        "School",
    )
    chromium_profile(
        local / "Microsoft/Edge/User Data",
        "Default",
        [Ext(TACTIQ_EDGE, "4.2", "Tactiq", secure=True), Ext(FIREFLIES, "5.4.1", "Fireflies")],
        "Profile 1",
    )
    chromium_profile(
        local / "BraveSoftware/Brave-Browser/User Data",
        "Default",
        [Ext(FIREFLIES, "5.4.1", "Fireflies")],
        prefs=b"\x00\x01not json",
    )
    chromium_profile(roaming / "Opera Software/Opera Stable", "", [Ext(OTTER, "3.1.0")])
    firefox_profiles(
        roaming / "Mozilla/Firefox",
        [
            (
                "default-release",
                "Profiles/a1.default-release",
                [Addon("notes@example.com", "2.5.0")],
            ),
            ("Work", "Profiles/b2.work", [Addon("notes@example.com", "2.5.0", active=False)]),
        ],
    )
    return root


def test_windows_finds_every_extension(tmp_path: Path, ext_catalog: Catalog) -> None:
    result = scan(Host.at_root(_windows(tmp_path), "windows"), ext_catalog)
    assert _rows(result) == {
        ("otter", "Google Chrome", "Default", "3.1.0", "enabled", ""),
        ("otter", "Google Chrome", "School (Profile 1)", "3.0.2", "disabled", ""),
        ("notes-test", "Microsoft Edge", "Profile 1 (Default)", "4.2", "enabled", ""),
        ("fireflies", "Microsoft Edge", "Profile 1 (Default)", "5.4.1", "enabled", ""),
        ("fireflies", "Brave", "Default", "5.4.1", "unknown", ""),
        ("otter", "Opera", "Default", "3.1.0", "enabled", ""),
        ("notes-test", "Firefox", "default-release (a1.default-release)", "2.5.0", "enabled", ""),
        ("notes-test", "Firefox", "Work (b2.work)", "2.5.0", "disabled", ""),
    }
    brave = next(e for e in result.extensions if e.browser == "Brave")
    # Preferences is damaged, Secure Preferences is not: the extension folders still count,
    # in an unknown state.
    assert "preferences could not be read" in brave.evidence[0]
    assert brave.location.startswith("C:\\Users\\alice\\AppData\\Local\\BraveSoftware")


def test_scan_json_lists_browser_extensions(
    tmp_path: Path, ext_catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    result = scan(Host.at_root(_linux(tmp_path), "linux"), ext_catalog)
    rows = result.to_json()["browser_extensions"]
    assert len(rows) == len(LINUX_ROWS)
    recorder = next(r for r in rows if r["extension_id"] == RECORDER)
    assert recorder == {
        "client": None,
        "extension_id": RECORDER,
        "name": "Screen Recorder",
        "version": "0.9",
        "browser": "Google Chrome",
        "profile": "Work (Profile 1)",
        "state": "enabled",
        "origin": "installed from a store",
        "capture": ["tabCapture"],
        "policy": None,
        "location": f"/home/alice/.config/google-chrome/Profile 1/Extensions/{RECORDER}/0.9_0",
        "evidence": [recorder["evidence"][0]],
    }
    assert run(["scan", "--root", str(tmp_path), "--platform", "linux", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert RECORDER in {r["extension_id"] for r in printed["browser_extensions"]}


def _policy_rows(result: ScanResult) -> dict[tuple[str, str, str], str]:
    return {(e.browser, e.profile, e.extension_id): e.policy for e in result.extensions}


def test_linux_managed_policy_blocklist(tmp_path: Path, ext_catalog: Catalog) -> None:
    root = _linux(tmp_path)
    managed = root / "etc/opt/chrome/policies/managed"
    managed.mkdir(parents=True)
    (managed / "it.json").write_text(json.dumps({"ExtensionInstallBlocklist": [OTTER]}))
    (managed / "broken.json").write_text("{")
    result = scan(Host.at_root(root, "linux"), ext_catalog)
    policies = _policy_rows(result)
    blocked = "blocked by your organisation's policy (ExtensionInstallBlocklist)"
    assert policies[("Google Chrome", "Personal (Default)", OTTER)] == blocked
    assert policies[("Google Chrome", "Work (Profile 1)", FIREFLIES)] == ""
    assert policies[("Opera", "Default", OTTER)] == ""  # Chrome's policy is not Opera's
    assert any("broken.json" in w for w in result.warnings)


def test_windows_registry_policy_forcelist_and_wildcard_block(
    tmp_path: Path, ext_catalog: Catalog
) -> None:
    root = _windows(tmp_path / "pc")
    reg = tmp_path / "policies.reg"
    reg.write_text(
        "Windows Registry Editor Version 5.00\r\n\r\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge\\ExtensionInstallForcelist]\r\n"
        f'"1"="{FIREFLIES};https://clients2.google.com/service/update2/crx"\r\n\r\n'
        "[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Google\\Chrome\\ExtensionInstallBlocklist]\r\n"
        '"1"="*"\r\n\r\n'
        "[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Google\\Chrome\\ExtensionInstallAllowlist]\r\n"
        f'"1"="{OTTER}"\r\n',
        encoding="utf-16",
    )
    result = scan(Host.at_root(root, "windows", registry_file=reg), ext_catalog)
    policies = _policy_rows(result)
    assert policies[("Microsoft Edge", "Profile 1 (Default)", FIREFLIES)].startswith(
        "installed by your organisation's policy"
    )
    assert policies[("Microsoft Edge", "Profile 1 (Default)", TACTIQ_EDGE)] == ""
    assert policies[("Google Chrome", "Default", OTTER)] == ""  # allowed past the "*"


def test_macos_managed_preferences_blocklist(tmp_path: Path, ext_catalog: Catalog) -> None:
    import plistlib

    root = _mac(tmp_path)
    prefs = root / "Library/Managed Preferences"
    prefs.mkdir(parents=True)
    (prefs / "com.google.Chrome.plist").write_bytes(
        plistlib.dumps({"ExtensionInstallBlocklist": [FIREFLIES]})
    )
    policies = _policy_rows(scan(Host.at_root(root, "macos"), ext_catalog))
    assert policies[("Google Chrome", "Client work (Profile 3)", FIREFLIES)].startswith("blocked")
    assert policies[("Vivaldi", "Default", FIREFLIES)] == ""

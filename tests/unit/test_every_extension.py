"""Every extension id in the shipped catalog is found in several placements on each OS."""

from pathlib import Path

import pytest

from meetguard.catalog.loader import load_catalog
from meetguard.host import Host, Platform
from meetguard.inventory.scanner import scan
from meetguard.resources import catalog_dir
from tests.browserfake import Addon, Ext, chromium_profile, firefox_profiles

CATALOG = load_catalog(catalog_dir()).catalog
CHROMIUM_IDS = [(c.id, i) for c in CATALOG.clients for i in c.extensions.chromium]
EDGE_IDS = [(c.id, i) for c in CATALOG.clients for i in c.extensions.edge]
FIREFOX_IDS = [(c.id, i) for c in CATALOG.clients for i in c.extensions.firefox]


def test_the_catalog_declares_extensions() -> None:
    assert len(CHROMIUM_IDS) >= 5, CHROMIUM_IDS


def _found(root: Path, platform: Platform) -> set[tuple[str, str, str, str, str]]:
    result = scan(Host.at_root(root, platform), CATALOG)
    return {(e.client_id, e.browser, e.profile, e.version, e.state) for e in result.extensions}


@pytest.mark.parametrize(("client_id", "ext_id"), CHROMIUM_IDS)
def test_chrome_web_store_id_in_every_placement(
    tmp_path: Path, client_id: str, ext_id: str
) -> None:
    home = tmp_path / "linux/home/alice"
    chromium_profile(home / ".config/google-chrome", "Profile 2", [Ext(ext_id, "1.2.3")], "Work")
    chromium_profile(
        home / ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser",
        "Default",
        [Ext(ext_id, "1.2.2", enabled=False)],
    )
    chromium_profile(
        home / "snap/chromium/common/chromium", "Default", [Ext(ext_id, "1.2.1")], prefs=b"{"
    )
    assert _found(tmp_path / "linux", "linux") == {
        (client_id, "Google Chrome", "Work (Profile 2)", "1.2.3", "enabled"),
        (client_id, "Brave (Flatpak)", "Default", "1.2.2", "disabled"),
        (client_id, "Chromium (Snap)", "Default", "1.2.1", "unknown"),
    }
    support = tmp_path / "mac/Users/alice/Library/Application Support"
    chromium_profile(support / "Microsoft Edge", "Default", [Ext(ext_id, "1.2.3", secure=True)])
    chromium_profile(support / "Google/Chrome", "Profile 1", [Ext(ext_id, "1.2.0", enabled=False)])
    assert _found(tmp_path / "mac", "macos") == {
        (client_id, "Microsoft Edge", "Default", "1.2.3", "enabled"),
        (client_id, "Google Chrome", "Profile 1", "1.2.0", "disabled"),
    }
    local = tmp_path / "win/Users/alice/AppData/Local"
    chromium_profile(
        local / "Google/Chrome/User Data", "Default", [Ext(ext_id, "1.2.3", secure=True)]
    )
    chromium_profile(local / "Vivaldi/User Data", "Default", [Ext(ext_id, "1.1.0")])
    assert _found(tmp_path / "win", "windows") == {
        (client_id, "Google Chrome", "Default", "1.2.3", "enabled"),
        (client_id, "Vivaldi", "Default", "1.1.0", "enabled"),
    }


@pytest.mark.parametrize(("client_id", "ext_id"), EDGE_IDS)
def test_edge_id_only_in_edge(tmp_path: Path, client_id: str, ext_id: str) -> None:
    local = tmp_path / "win/Users/alice/AppData/Local"
    chromium_profile(local / "Microsoft/Edge/User Data", "Profile 1", [Ext(ext_id, "4.2")], "Work")
    chromium_profile(
        local / "Microsoft/Edge/User Data", "Default", [Ext(ext_id, "4.1", enabled=False)]
    )
    chromium_profile(local / "Google/Chrome/User Data", "Default", [Ext(ext_id, "4.2")])
    assert _found(tmp_path / "win", "windows") == {
        (client_id, "Microsoft Edge", "Work (Profile 1)", "4.2", "enabled"),
        (client_id, "Microsoft Edge", "Default", "4.1", "disabled"),
    }


@pytest.mark.parametrize(("client_id", "ext_id"), FIREFOX_IDS)
def test_firefox_id_in_two_profiles(tmp_path: Path, client_id: str, ext_id: str) -> None:
    firefox_profiles(
        tmp_path / "linux/home/alice/.mozilla/firefox",
        [
            ("a", "a1.a", [Addon(ext_id, "3.0")]),
            ("b", "b2.b", [Addon(ext_id, "2.9", active=False)]),
        ],
    )
    assert _found(tmp_path / "linux", "linux") == {
        (client_id, "Firefox", "a (a1.a)", "3.0", "enabled"),
        (client_id, "Firefox", "b (b2.b)", "2.9", "disabled"),
    }

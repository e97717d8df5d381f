"""Capture built into the operating system is listed on each platform its entry names."""

import shutil
from pathlib import Path

from meetguard.catalog.loader import load_catalog
from meetguard.host import Host
from meetguard.inventory import scan
from meetguard.resources import catalog_dir

OS_CLIENT = """schema = 1

[client]
id = "os-test"
name = "OS capture test"
vendor = "Test"
homepage = "https://example.com"
kind = "desktop"
status = "active"
reviewed = 2026-12-01
category = "os"
terms_from = "otter"

[detect.windows]
"""


def _os_client_catalog(folder: Path) -> Path:
    """Otter, and a client of category "os" with an empty `[detect.windows]` table that takes
    Otter's terms (so the test needs no rights of its own)."""
    folder.mkdir()
    shutil.copy(catalog_dir() / "otter.toml", folder)
    (folder / "os-test.toml").write_text(OS_CLIENT, encoding="utf-8")
    return folder


def test_os_client_is_found_on_its_platform_only(tmp_path: Path) -> None:
    loaded = load_catalog(_os_client_catalog(tmp_path / "catalog"))
    assert loaded.errors == ()
    (tmp_path / "win" / "Users" / "alice").mkdir(parents=True)
    (tmp_path / "lin" / "home" / "alice").mkdir(parents=True)
    windows = scan(Host.at_root(tmp_path / "win", "windows"), loaded.catalog)
    linux = scan(Host.at_root(tmp_path / "lin", "linux"), loaded.catalog)
    [found] = windows.for_client("os-test")
    assert (found.source, found.location) == ("operating system", "Windows")
    assert "part of Windows" in found.evidence[0]
    assert linux.for_client("os-test") == ()

"""Capture built into the operating system is listed on each platform its entry names."""

from pathlib import Path

from meetguard.catalog.loader import load_catalog
from meetguard.host import Host
from meetguard.inventory import scan
from meetguard.resources import catalog_dir


def _os_client_catalog(folder: Path) -> Path:
    """One client of category "os" with a `[detect.windows]` table and no footprints in it."""
    folder.mkdir()
    text = (catalog_dir() / "otter.toml").read_text(encoding="utf-8")
    text = text.replace('id = "otter"', 'id = "os-test"\ncategory = "os"', 1)
    head, sep, rest = text.partition("\n[[documents]]")
    (folder / "os-test.toml").write_text(f"{head}\n[detect.windows]\n{sep}{rest}", encoding="utf-8")
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

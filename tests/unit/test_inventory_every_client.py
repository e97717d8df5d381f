"""Every client in the shipped catalog is found from each footprint it declares."""

import plistlib
from pathlib import Path

import pytest

from meetguard.catalog.loader import load_catalog
from meetguard.host import Host
from meetguard.inventory import scan
from meetguard.resources import catalog_dir
from tests.fakehost import FakeLinux

CATALOG = load_catalog(catalog_dir()).catalog
CASES = []
for _client in CATALOG.clients:
    _prints = _client.footprints("linux")
    CASES += [(_client.id, "linux", "desktop_files", v) for v in _prints.desktop_files]
    CASES += [(_client.id, "linux", "deb", v) for v in _prints.deb]
    CASES += [(_client.id, "linux", "flatpak", v) for v in _prints.flatpak]
    CASES += [(_client.id, "linux", "snap", v) for v in _prints.snap]
    CASES += [(_client.id, "linux", "install_dirs", v) for v in _prints.install_dirs]
    CASES += [(_client.id, "linux", "web_app_ids", v) for v in _prints.web_app_ids]
    CASES += [
        (_client.id, "macos", "bundle_ids", v) for v in _client.footprints("macos").bundle_ids
    ]
    _win = _client.footprints("windows")
    CASES += [(_client.id, "windows", "user_paths", v) for v in _win.user_paths]
    CASES += [(_client.id, "windows", "msix_families", v) for v in _win.msix_families]
    CASES += [(_client.id, "windows", "uninstall_keys", v) for v in _win.uninstall_keys]


def _build(root: Path, platform: str, kind: str, value: str) -> Path | None:
    """Lay the footprint out on a fake computer; return a .reg file when one is needed."""
    if platform == "linux":
        fake = FakeLinux(root)
        if kind == "desktop_files":
            folder = "/usr/share/applications"
            if "_" in value:
                folder = "/var/lib/snapd/desktop/applications"
            fake.desktop(f"{folder}/{value}", "App", "/opt/x/app")
        elif kind == "deb":
            fake.file(
                "/var/lib/dpkg/status",
                f"Package: {value}\nStatus: install ok installed\nVersion: 1.0\n",
            )
        elif kind == "flatpak":
            fake.flatpak(value, "1.0")
        elif kind == "snap":
            fake.snap(value, "1.0")
        elif kind == "install_dirs":
            fake.file(f"{value}/marker", "x")
        else:
            fake.web_app("App", value)
        return None
    if platform == "macos":
        (root / "Users/alice").mkdir(parents=True)
        contents = root / "Applications/App.app/Contents"
        contents.mkdir(parents=True)
        (contents / "Info.plist").write_bytes(plistlib.dumps({"CFBundleIdentifier": value}))
        return None
    (root / "Users/alice").mkdir(parents=True)
    host = Host.at_root(root, "windows")
    reg = root.parent / "export.reg"
    if kind == "user_paths":
        target = host.path(host.expand(value))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"MZ")
        return None
    if kind == "msix_families":
        name, publisher = value.split("_", 1)
        key = (
            "HKEY_CURRENT_USER\\Software\\Classes\\Local Settings\\Software\\Microsoft\\"
            f"Windows\\CurrentVersion\\AppModel\\Repository\\Packages\\"
            f"{name}_1.2.3.4_x64__{publisher}"
        )
        reg.write_text(f"REGEDIT4\n[{key}]\n")
    else:
        key = f"HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{value}"
        reg.write_text(f'REGEDIT4\n[{key}]\n"DisplayVersion"="1.2.3"\n')
    return reg


@pytest.mark.parametrize(
    ("client_id", "platform", "kind", "value"),
    CASES,
    ids=[f"{c}-{p}-{k}-{v}" for c, p, k, v in CASES],
)
def test_each_declared_footprint_finds_its_client(
    tmp_path: Path, client_id: str, platform: str, kind: str, value: str
) -> None:
    root = tmp_path / "pc"
    root.mkdir()
    reg = _build(root, platform, kind, value)
    host = Host.at_root(root, platform, registry_file=reg)  # type: ignore[arg-type]
    result = scan(host, CATALOG)
    assert client_id in {i.client_id for i in result.installations}, result
    assert result.warnings == ()


def test_every_client_with_an_app_declares_a_footprint() -> None:
    for client in CATALOG.clients:
        if client.kind in ("desktop", "both"):
            assert any(
                client.footprints(p) != type(client.footprints(p))()
                for p in ("linux", "macos", "windows")
            ), client.id

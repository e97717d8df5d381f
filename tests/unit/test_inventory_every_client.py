"""Every footprint of every kind that every catalog client declares is found, with its version.

The cases are generated from the catalog and the kinds from `Footprints` itself: a new kind
without a way to lay it out on a fake computer fails `test_every_kind_has_a_builder`, and a
new client's footprints are tested the moment its TOML file lands.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetguard.catalog.loader import load_catalog
from meetguard.catalog.model import Client, footprint_fields
from meetguard.host import PLATFORMS, Host
from meetguard.inventory.scanner import scan
from meetguard.resources import catalog_dir
from tests.fakehost import FakeLinux, FakeMac, FakeRegistry, RpmTool

CATALOG = load_catalog(catalog_dir()).catalog
VERSION = "3.14.15"
MSIX_VERSION = "25060.205.3499.6849"
HKCU = "HKEY_CURRENT_USER\\Software"
HKLM = "HKEY_LOCAL_MACHINE\\SOFTWARE"
UPGRADE_CODES = f"{HKLM}\\Classes\\Installer\\UpgradeCodes"
OTHER_KEY = "{00000000-1111-2222-3333-444444444444}"
# Footprints that carry no version: the scan can only say the client is there.
NO_VERSION = {"desktop_files", "desktop_exec", "install_dirs", "web_app_ids", "user_paths"}
REGEX_KINDS = {"uninstall_names", "uninstall_publishers"}


@dataclass
class Computer:
    root: Path
    rpm: RpmTool
    registry: FakeRegistry | None = None


Builder = Callable[[Computer, Client, str], None]


def _linux(c: Computer) -> FakeLinux:
    return FakeLinux(c.root)


def _desktop_file(c: Computer, client: Client, value: str) -> None:
    folder = "/var/lib/snapd/desktop/applications" if "_" in value else "/usr/share/applications"
    _linux(c).desktop(f"{folder}/{value}", client.name, "/opt/x/app")


def _desktop_exec(c: Computer, client: Client, value: str) -> None:
    _linux(c).desktop("/usr/share/applications/launcher.desktop", client.name, f"/usr/bin/{value}")


def _deb(c: Computer, client: Client, value: str) -> None:
    _linux(c).file(
        "/var/lib/dpkg/status",
        f"Package: {value}\nStatus: install ok installed\nVersion: {VERSION}\n",
    )


def _rpm(c: Computer, client: Client, value: str) -> None:
    _linux(c)
    c.rpm.database(c.root / "usr/lib/sysimage/rpm", [(value, VERSION)])


def _install_dir(c: Computer, client: Client, value: str) -> None:
    _linux(c).file(f"{value}/marker", "x")


def _version_file(c: Computer, client: Client, value: str) -> None:
    _linux(c).file(value, f"{VERSION}\n")


def _bundle(c: Computer, client: Client, value: str) -> None:
    FakeMac(c.root).app("/Applications", client.name, value, VERSION)


def _win(c: Computer) -> FakeRegistry:
    (c.root / "Users/alice").mkdir(parents=True, exist_ok=True)
    if c.registry is None:
        c.registry = FakeRegistry()
    return c.registry


def _uninstall_key(c: Computer, client: Client, value: str) -> None:
    _win(c).uninstall(HKCU, value, {"DisplayName": "Setup", "DisplayVersion": VERSION})


def _upgrade_code(c: Computer, client: Client, value: str) -> None:
    reg = _win(c)
    reg.msi_product(UPGRADE_CODES, value, OTHER_KEY)
    reg.uninstall(HKLM, OTHER_KEY, {"DisplayName": "Setup", "DisplayVersion": VERSION})


def _msix(c: Computer, client: Client, value: str) -> None:
    name, publisher = value.split("_", 1)
    _win(c).key(
        f"{HKCU}\\Classes\\Local Settings\\Software\\Microsoft\\Windows\\CurrentVersion\\"
        f"AppModel\\Repository\\Packages\\{name}_{MSIX_VERSION}_x64__{publisher}"
    )


def _host_file(c: Computer, pattern: str, name: str = "") -> Path:
    _win(c)
    host = Host.at_root(c.root, "windows")
    target = host.path(host.expand(pattern))
    if name:
        target = target / name
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _squirrel(c: Computer, client: Client, value: str) -> None:
    _host_file(c, value, "Update.exe").write_bytes(b"MZ")
    for old in ("app-3.9.2", f"app-{VERSION}", "app-3.2.0"):
        _host_file(c, value, f"{old}/x").write_bytes(b"MZ")


def _user_path(c: Computer, client: Client, value: str) -> None:
    _host_file(c, value).write_bytes(b"MZ")


BUILDERS: dict[tuple[str, str], Builder] = {
    ("linux", "desktop_files"): _desktop_file,
    ("linux", "desktop_exec"): _desktop_exec,
    ("linux", "deb"): _deb,
    ("linux", "rpm"): _rpm,
    ("linux", "flatpak"): lambda c, _, v: _linux(c).flatpak(v, VERSION),
    ("linux", "snap"): lambda c, _, v: _linux(c).snap(v, VERSION),
    ("linux", "install_dirs"): _install_dir,
    ("linux", "version_files"): _version_file,
    ("linux", "web_app_ids"): lambda c, client, v: _linux(c).web_app(client.name, v),
    ("macos", "bundle_ids"): _bundle,
    ("windows", "uninstall_keys"): _uninstall_key,
    ("windows", "upgrade_codes"): _upgrade_code,
    ("windows", "msix_families"): _msix,
    ("windows", "squirrel_dirs"): _squirrel,
    ("windows", "user_paths"): _user_path,
}
PLAIN = [
    (client.id, platform, kind, value)
    for client in CATALOG.clients
    for platform in PLATFORMS
    for kind in footprint_fields(platform)
    if kind not in REGEX_KINDS
    for value in getattr(client.footprints(platform), kind)
]
NAMED = [
    (client.id, pattern)
    for client in CATALOG.clients
    for pattern in client.footprints("windows").uninstall_names
]


def _scan(c: Computer, platform: str) -> dict[str, tuple[str, ...]]:
    reg = c.registry.write(c.root.parent / "export.reg") if c.registry else None
    host = Host.at_root(c.root, platform, registry_file=reg)  # type: ignore[arg-type]
    result = scan(host, CATALOG)
    assert result.warnings == ()
    found: dict[str, tuple[str, ...]] = {}
    for i in result.installations:
        found[i.client_id] = (*found.get(i.client_id, ()), i.version)
    return found


def test_every_kind_has_a_builder() -> None:
    kinds = {(p, k) for p in PLATFORMS for k in footprint_fields(p) if k not in REGEX_KINDS}
    assert kinds == set(BUILDERS)


def test_the_generated_cases_cover_every_kind_the_catalog_uses() -> None:
    used = {(p, k) for _, p, k, _ in PLAIN}
    # The kinds the issue found missing from the hand-written list are all exercised now.
    assert {("linux", "rpm"), ("linux", "desktop_exec"), ("linux", "version_files")} <= used
    assert {("windows", "uninstall_keys"), ("windows", "upgrade_codes")} <= used
    assert NAMED


@pytest.mark.parametrize(
    ("client_id", "platform", "kind", "value"),
    PLAIN,
    ids=[f"{c}-{p}-{k}-{v}" for c, p, k, v in PLAIN],
)
def test_each_declared_footprint_finds_its_client_and_version(
    tmp_path: Path, client_id: str, platform: str, kind: str, value: str
) -> None:
    client = CATALOG.get(client_id)
    assert client is not None
    computer = Computer(tmp_path / "pc", RpmTool(tmp_path))
    computer.root.mkdir()
    BUILDERS[(platform, kind)](computer, client, value)
    found = _scan(computer, platform)
    expected = "" if kind in NO_VERSION else VERSION
    if kind == "msix_families":
        expected = MSIX_VERSION
    elif kind == "rpm":
        expected = f"{VERSION}-1"  # rpm's version-release, as `rpm -q` prints it
    assert expected in found.get(client_id, ()), found


def _printable(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(pattern, fullmatch=True).filter(
        lambda s: s.isprintable() and s == s.strip()
    )


@pytest.mark.parametrize(("client_id", "pattern"), NAMED, ids=[f"{c}-{p}" for c, p in NAMED])
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_each_display_name_pattern_finds_its_client(
    client_id: str, pattern: str, data: st.DataObject
) -> None:
    client = CATALOG.get(client_id)
    assert client is not None
    publishers = client.footprints("windows").uninstall_publishers
    display = data.draw(_printable(pattern), label="DisplayName")
    values: dict[str, str | int | list[str]] = {"DisplayName": display, "DisplayVersion": VERSION}
    if publishers:
        values["Publisher"] = data.draw(_printable(data.draw(st.sampled_from(publishers))))
    with tempfile.TemporaryDirectory() as tmp:
        computer = Computer(Path(tmp) / "pc", RpmTool(Path(tmp)))
        computer.root.mkdir()
        _win(computer).uninstall(HKLM, OTHER_KEY, values)
        assert VERSION in _scan(computer, "windows").get(client_id, ()), values
        if publishers:
            # A generic name ("Signal", "Discord") from another publisher is someone else's app.
            values["Publisher"] = "Someone Else Ltd"
            computer.registry = None
            _win(computer).uninstall(HKLM, OTHER_KEY, values)
            assert client_id not in _scan(computer, "windows")


def test_every_client_with_an_app_declares_a_footprint() -> None:
    for client in CATALOG.clients:
        # Capture built into the OS (category "os") is part of every computer of its platform.
        if client.kind in ("desktop", "both") and client.category != "os":
            assert any(client.footprints(p) != type(client.footprints(p))() for p in PLATFORMS), (
                client.id
            )

"""MeetGuard running as a Flatpak: the computer's files through /run/host and the granted
folders, never the runtime's own /usr, and a plain word about what stays hidden."""

from __future__ import annotations

import re
from pathlib import Path

from meetguard.catalog.model import Catalog
from meetguard.host import Host
from meetguard.inventory.linux import SANDBOX_PLACES
from meetguard.inventory.scanner import scan
from meetguard.sandbox import FlatpakSandbox, flatpak_sandbox
from tests.fakehost import FakeLinux, RpmTool

MANIFEST = Path(__file__).parents[2] / "packaging/flatpak/io.github.meetguard.MeetGuard.yml"
INFO = """[Application]
name=io.github.meetguard.MeetGuard
runtime=runtime/org.kde.Platform/x86_64/6.8

[Context]
shared=ipc;
sockets=wayland;fallback-x11;
filesystems=host-os:ro;/opt:ro;xdg-data/applications:ro;/var/lib/flatpak/app:ro;!home;
"""


def test_scan_inside_the_sandbox_reads_the_computer_not_the_runtime(
    tmp_path: Path, catalog: Catalog
) -> None:
    fake = FakeLinux(tmp_path)
    fake.file("/.flatpak-info", INFO)
    # The runtime's own /usr: what the sandbox shows at /usr is not the computer's.
    fake.desktop("/usr/share/applications/slack.desktop", "Slack", "/usr/bin/slack")
    fake.desktop("/run/host/usr/share/applications/Zoom.desktop", "Zoom", "/usr/bin/zoom %U")
    RpmTool(tmp_path.parent).database(
        tmp_path / "run/host/usr/lib/sysimage/rpm", [("zoom", "6.2.11.5069")]
    )
    fake.file("/opt/zoom/version.txt", "6.2.11.5069\n")
    fake.web_app("Google Meet", "kjgfgldnnfoeklkmfkjfagphfepbbdan")
    fake.flatpak("org.signal.Signal", "7.50.0")
    sandbox = flatpak_sandbox(tmp_path, "/home/alice")
    assert sandbox is not None
    result = scan(Host.at_root(tmp_path, "linux", sandbox=sandbox), catalog)
    found = {i.client_id: i for i in result.installations}
    assert set(found) == {"zoom", "google-meet", "signal"}
    zoom = found["zoom"]
    assert (zoom.source, zoom.version) == ("rpm", "6.2.11.5069-1")
    assert "/usr/share/applications/Zoom.desktop" in zoom.evidence
    assert any(e.startswith("/usr/lib/sysimage/rpm/rpmdb.sqlite:") for e in zoom.evidence)
    hidden = {re.search(r"access to (\S+), so", w).group(1) for w in result.warnings}  # type: ignore[union-attr]
    assert hidden == {
        "/var/lib/dpkg/status",
        "/var/lib/rpm",
        "/var/lib/flatpak/exports/share/applications",
        "~/.local/share/flatpak/app",
        "/var/lib/snapd/desktop/applications",
        "/snap",
    }
    assert len(result.warnings) == len(hidden)


def test_outside_a_sandbox_nothing_is_remapped(tmp_path: Path) -> None:
    FakeLinux(tmp_path)
    assert flatpak_sandbox(tmp_path, "/home/alice") is None
    host = Host.at_root(tmp_path, "linux")
    assert host.path("/usr/share/x") == tmp_path / "usr/share/x"


def test_grants_read_as_flatpak_documents_them() -> None:
    info = "[Context]\nfilesystems=host;xdg-config/zoomus.conf:ro;~/Apps:create;!/opt;\n"
    box = FlatpakSandbox.from_info(info, "/home/a")
    assert box.sees("/usr/share/applications") and box.sees("/etc/os-release")
    assert box.local("/usr/lib/x") == "/run/host/usr/lib/x" and box.local("/opt/x") == "/opt/x"
    assert box.shown("/run/host/usr/lib/x") == "/usr/lib/x"
    narrow = FlatpakSandbox.from_info("[Context]\nfilesystems=home;\n", "/home/a")
    assert narrow.sees("/home/a/.local/share/applications")
    assert not narrow.sees("/usr/share/applications") and not narrow.sees("/home/ab")


def test_the_shipped_manifest_grants_every_place_the_inventory_reads() -> None:
    grants = re.findall(r"--filesystem=(\S+)", MANIFEST.read_text())
    box = FlatpakSandbox.from_info(f"[Context]\nfilesystems={';'.join(grants)};\n", "/home/a")
    missing = [p for p, _ in SANDBOX_PLACES if not box.sees(p.replace("~", "/home/a", 1))]
    assert missing == []

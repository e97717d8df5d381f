import os
from pathlib import Path

import pytest

from meetguard.catalog.model import Catalog
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from tests.fakehost import FakeLinux


def _scan(root: Path, catalog: Catalog):  # type: ignore[no-untyped-def]
    return scan(Host.at_root(root, "linux"), catalog)


def test_zoom_deb_is_one_row_with_all_evidence(tmp_path: Path, catalog: Catalog) -> None:
    FakeLinux(tmp_path).zoom_deb("6.2.11.5069")
    result = _scan(tmp_path, catalog)
    zoom = result.for_client("zoom")
    assert len(zoom) == 1
    row = zoom[0]
    assert row.version == "6.2.11.5069"
    assert row.source == "deb"
    assert any("dpkg/status" in e for e in row.evidence)
    assert "/usr/share/applications/Zoom.desktop" in row.evidence
    assert "/opt/zoom" in row.evidence
    assert result.warnings == ()


def test_zoom_tarball_found_from_install_folder(tmp_path: Path, catalog: Catalog) -> None:
    fake = FakeLinux(tmp_path)
    fake.file("/opt/zoom/version.txt", "5.17.1\n")
    (row,) = _scan(tmp_path, catalog).for_client("zoom")
    assert (row.version, row.source, row.location) == ("5.17.1", "install folder", "/opt/zoom")


def test_empty_computer_finds_nothing(tmp_path: Path, catalog: Catalog) -> None:
    FakeLinux(tmp_path)
    result = _scan(tmp_path, catalog)
    assert result.installations == () and result.others == () and result.warnings == ()


def test_flatpak_and_snap_are_separate_rows(tmp_path: Path, catalog: Catalog) -> None:
    fake = FakeLinux(tmp_path)
    fake.file(
        "/home/alice/.local/share/flatpak/app/us.zoom.Zoom/current/active/files/share/appdata/"
        "us.zoom.Zoom.appdata.xml",
        '<component><releases><release version="6.0.2" date="2024-05-01"/>'
        '<release version="5.0"/></releases></component>',
    )
    fake.file("/snap/zoom-client/current/meta/snap.yaml", "name: zoom-client\nversion: '6.1.0'\n")
    rows = _scan(tmp_path, catalog).for_client("zoom")
    assert sorted((r.source, r.version) for r in rows) == [("flatpak", "6.0.2"), ("snap", "6.1.0")]
    assert any("per-user" in e for r in rows for e in r.evidence)


def test_unknown_calling_app_is_listed(tmp_path: Path, catalog: Catalog) -> None:
    fake = FakeLinux(tmp_path)
    fake.desktop("/usr/share/applications/qtox.desktop", "qTox", "qtox", "Network;VideoConference;")
    fake.desktop("/usr/share/applications/gedit.desktop", "Text Editor", "gedit", "Utility;")
    result = _scan(tmp_path, catalog)
    assert [o.name for o in result.others] == ["qTox"]
    assert result.installations == ()


def test_hostile_files_warn_once_and_scan_continues(tmp_path: Path, catalog: Catalog) -> None:
    fake = FakeLinux(tmp_path)
    fake.zoom_deb()
    apps = tmp_path / "usr/share/applications"
    # Broken, and it could be a calling app's: parsed, and the failure said.
    (apps / "binary.desktop").write_bytes(b"\x00\x01\x02Categories=VideoConference;")
    (apps / "loop.desktop").symlink_to(apps / "loop.desktop")
    with (apps / "huge.desktop").open("wb") as fh:
        fh.truncate(8 * 1024 * 1024)
    (apps / "escape.desktop").symlink_to("/etc/hostname")
    result = _scan(tmp_path, catalog)
    assert len(result.for_client("zoom")) == 1
    text = "\n".join(result.warnings)
    assert "binary.desktop" in text and "huge.desktop" in text and "escape.desktop" in text
    assert len(result.warnings) == len(set(result.warnings))


def test_a_broken_entry_that_names_no_client_is_skipped_quietly(
    tmp_path: Path, catalog: Catalog
) -> None:
    fake = FakeLinux(tmp_path)
    fake.zoom_deb()
    apps = tmp_path / "usr/share/applications"
    (apps / "binary.desktop").write_bytes(b"\x00\x01\x02garbage Exec=/usr/bin/gedit")
    (apps / "nogroup.desktop").write_bytes(b"Name=Editor\nExec=gedit\n")
    result = _scan(tmp_path, catalog)
    assert len(result.for_client("zoom")) == 1
    assert result.warnings == ()


def test_unreadable_folder_is_a_warning(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeLinux(tmp_path)
    fake.zoom_deb()
    apps = tmp_path / "usr/share/applications"
    real_listdir = os.scandir

    def refuse(path):  # type: ignore[no-untyped-def]
        if Path(path) == apps:
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    # CI runs as root, which reads any folder: simulate the permission error instead.
    monkeypatch.setattr("meetguard.host.os.scandir", refuse)
    result = _scan(tmp_path, catalog)
    assert len(result.for_client("zoom")) == 1
    assert any(
        "cannot list /usr/share/applications: Permission denied" in w for w in result.warnings
    )


def test_non_utf8_names_and_contents(tmp_path: Path, catalog: Catalog) -> None:
    fake = FakeLinux(tmp_path)
    apps = tmp_path / "usr/share/applications"
    apps.mkdir(parents=True)
    (apps / os.fsdecode(b"caf\xe9-\xff.desktop")).write_bytes(
        b"[Desktop Entry]\nType=Application\nName=Caf\xe9 Call\nExec=cafe\n"
        b"Categories=VideoConference;\n"
    )
    fake.zoom_deb()
    result = _scan(tmp_path, catalog)
    assert len(result.for_client("zoom")) == 1
    assert [o.name for o in result.others] == ["Caf\\xe9 Call"], "undecodable bytes show as \\xNN"
    assert result.warnings == ()

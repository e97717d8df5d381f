"""Desktop entries and bundles' Info.plist are read in batches (Host.read_each): what a scan
finds, warns of and reads does not depend on where one batch ends and the next begins, and a
file that cannot be read is said where the scan reaches it, in listing order, as one read at
a time said it."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetguard.catalog.model import Catalog
from meetguard.host import Host, HostMissingError, HostReadError, Real
from meetguard.inventory.model import ScanResult
from meetguard.inventory.scanner import scan
from tests.fakehost import FakeLinux, FakeMac


def _computer(root: Path) -> Path:
    fake = FakeLinux(root)
    fake.busy_desktop()
    apps = root / "usr/share/applications"
    for i in range(40):
        fake.desktop(f"/usr/share/applications/app{i:02d}.desktop", f"App {i}", f"app{i}")
    # Broken and named after a client, broken and mentioning one, and files that are none.
    (apps / "app05b.desktop").write_bytes(b"\x00\x01Categories=VideoConference;")
    (apps / "app10b.desktop").mkdir()
    (apps / "app15b.desktop").symlink_to("/etc/hostname")
    (apps / "app20b.desktop").symlink_to(apps / "app20b.desktop")
    (apps / "teams-for-linux.desktop").write_bytes(b"\xff\xfe not an entry")
    (apps / "app30b.desktop").write_text("[Desktop Entry]\nType=Application\nName=J\nExec=jami\n")
    fake.file("/var/lib/flatpak/exports/share/applications/com.slack.Slack.desktop", b"\x00")
    fake.desktop("/var/lib/snapd/desktop/applications/skype_skype.desktop", "Skype", "skype")
    return root


def _seen(result: ScanResult) -> tuple[object, ...]:
    return (result.installations, result.others, result.warnings, result.reads)


def _mac(root: Path, outside: Path) -> Path:
    fake = FakeMac(root)
    for i in range(30):
        fake.app("/Applications", f"App{i:02d}", f"com.example.app{i}", "1.0")
    fake.app("/Applications/Utilities", "zoom.us", "us.zoom.xos", "6.0")
    fake.app("/Users/alice/Applications", "Teams", "com.microsoft.teams2", "2.0")
    apps = root / "Applications"
    for name in ("a", "b", "c"):
        (outside / name).mkdir(parents=True)
    (apps / "App00b.app").symlink_to(outside / "a")  # said first, before any read
    (apps / "App05b.app/Contents/Info.plist").mkdir(parents=True)
    (apps / "App10b.app/Contents").mkdir(parents=True)  # no Info.plist: nothing said
    (apps / "App15b.app/Contents").mkdir(parents=True)
    (apps / "App15b.app/Contents/Info.plist").write_bytes(b"<string>us.zoom.xos<")
    (apps / "App20b.app").symlink_to(outside / "b")
    (apps / "Zz.app").symlink_to(outside / "c")  # said after the last read of its folder
    return root


def test_where_a_batch_ends_changes_nothing(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _computer(tmp_path / "linux")
    whole = scan(Host.at_root(root, "linux"), catalog)
    mac = _mac(tmp_path / "mac", tmp_path / "elsewhere")
    mac_whole = scan(Host.at_root(mac, "macos"), catalog)
    for budget in (1, 150, 700, 2000):  # one file a batch, then a few
        monkeypatch.setattr("meetguard.inventory.context.READ_BATCH", budget)
        assert _seen(scan(Host.at_root(root, "linux"), catalog)) == _seen(whole), budget
        assert _seen(scan(Host.at_root(mac, "macos"), catalog)) == _seen(mac_whole), budget
    assert mac_whole.for_client("zoom") and mac_whole.for_client("teams")
    said = [
        next(i for i, w in enumerate(mac_whole.warnings) if name in w)
        for name in ("App00b", "App05b", "App15b", "App20b", "Zz.app")
    ]
    assert said == sorted(said) and len(mac_whole.warnings) == 5, mac_whole.warnings
    assert whole.for_client("jami") and whole.for_client("zoom")
    # Each problem said once, in the order of the listing.
    said = [
        next(i for i, w in enumerate(whole.warnings) if name in w)
        for name in ("app05b", "app10b", "app15b", "app20b", "teams-for-linux")
    ]
    assert said == sorted(said)
    assert len(whole.reads) == len(set(whole.reads)) > 45


def test_read_each_reads_from_start_up_to_the_budget(tmp_path: Path) -> None:
    host = Host.at_root(tmp_path, "linux", home="/home/a")
    for name, body in (("a", b"1"), ("b", b"22"), ("d", b"4444"), ("e", b"x" * 50)):
        (tmp_path / name).write_bytes(body)
    (tmp_path / "link").symlink_to("/etc/hostname")
    paths = [str(tmp_path / n) for n in ("a", "b", "c", "d", "link", "e")]
    datas, errors = host.read_each(paths, 1, 40, budget=6)
    assert datas == [b"22", b"", b"4444"]  # stopped after the file that reached 6 bytes
    assert list(errors) == [2] and isinstance(errors[2], HostMissingError)
    assert isinstance(errors[2].__cause__, FileNotFoundError)
    datas, errors = host.read_each(paths, 3, 40)
    assert datas == [b"4444", b"", b""]
    assert "outside" in str(errors[4]) and "too large" in str(errors[5])
    assert all(type(e) is HostReadError for e in (errors[4], errors[5]))
    # Nothing opened is left open.
    fds = len(list(Path("/proc/self/fd").iterdir()))
    host.read_each(paths * 20)
    assert len(list(Path("/proc/self/fd").iterdir())) == fds


def test_read_each_never_reads_through_a_folder_linked_outside(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "in").mkdir(parents=True)
    outside.mkdir()
    (outside / "f").write_bytes(b"secret")
    (root / "in/f").write_bytes(b"ok")
    (root / "linked").symlink_to(outside)  # a bundle's Contents linked out, say
    (root / "inner").symlink_to(root / "in")  # a link that stays inside is followed
    host = Host.at_root(root, "linux", home="/home/a")
    paths: list[Real] = [str(root / "in/f"), str(root / "linked/f"), root / "inner/f"]
    paths.append(str(root / "in/f"))
    datas, errors = host.read_each(paths)
    assert datas == [b"ok", b"", b"ok", b"ok"]
    assert list(errors) == [1] and "points outside" in str(errors[1])

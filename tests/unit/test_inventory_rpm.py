"""The rpm database: made by the real rpm tool, read as Fedora, RHEL and openSUSE keep it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.catalog.model import Catalog
from meetguard.host import Host
from meetguard.inventory.parsers import ParseError
from meetguard.inventory.rpmdb import parse_rpm_header, read_rpmdb_ndb, read_rpmdb_sqlite
from meetguard.inventory.scanner import scan
from tests.fakehost import FakeLinux, RpmTool, ndb_image
from tests.scaling import best_cpu_seconds

SYSIMAGE = "usr/lib/sysimage/rpm"


@pytest.fixture(scope="module")
def rpm_tool(tmp_path_factory: pytest.TempPathFactory) -> RpmTool:
    return RpmTool(tmp_path_factory.mktemp("rpm"))


def _fedora(root: Path, rpm_tool: RpmTool, packages: list[tuple[str, str]]) -> FakeLinux:
    """Fedora's layout: the database under /usr/lib/sysimage/rpm, /var/lib/rpm a link to it."""
    fake = FakeLinux(root)
    rpm_tool.database(root / SYSIMAGE, packages)
    (root / "var/lib").mkdir(parents=True)
    (root / "var/lib/rpm").symlink_to("../../usr/lib/sysimage/rpm")
    return fake


def test_fedora_computer_with_twenty_installs_and_broken_entries_finds_all(
    tmp_path: Path, rpm_tool: RpmTool, catalog: Catalog
) -> None:
    fake = _fedora(
        tmp_path,
        rpm_tool,
        [
            ("bash", "5.2.26"),
            ("zoom", "6.2.11.5069"),
            ("slack", "4.41.105"),
            ("teams-for-linux", "1.12.7"),
            ("skypeforlinux", "8.138.0.203"),
            ("discord", "0.0.76"),
            ("telegram-desktop", "5.12.3"),
            ("teams", "1.5.00.23861"),
        ],
    )
    # A damaged package header among the real ones.
    with sqlite3.connect(tmp_path / SYSIMAGE / "rpmdb.sqlite") as con:
        con.execute("INSERT INTO Packages (blob) VALUES (X'00000001FFFFFFFF')")
    con.close()
    fake.desktop("/usr/share/applications/Zoom.desktop", "Zoom", "/usr/bin/zoom %U")
    # Broken, and it could be a calling app's: parsed, and the failure said.
    fake.file("/usr/share/applications/broken.desktop", b"\x00\x01Categories=VideoConference;")
    for app_id, version, user in (
        ("org.signal.Signal", "7.50.0", False),
        ("im.riot.Riot", "1.11.111", True),
        ("org.jitsi.jitsi-meet", "2025.2.0", False),
        ("info.mumble.Mumble", "1.5.735", True),
        ("net.jami.Jami", "2024.9.0", False),
        ("us.zoom.Zoom", "6.3.0", True),
        ("com.slack.Slack", "4.42.0", False),
        ("com.discordapp.Discord", "0.0.80", True),
        ("org.telegram.desktop", "5.13.0", False),
        ("com.github.IsmaelMartinez.teams_for_linux", "2.0.1", False),
        ("com.skype.Client", "8.139.0", True),
    ):
        fake.flatpak(app_id, version, user=user)
    fake.file("/var/lib/flatpak/app/org.example.NoMeta/current/active/files/x", "x")
    fake.file("/opt/Webex/bin/CiscoCollabHost", b"\x7fELF")
    fake.web_app("Google Meet", "kjgfgldnnfoeklkmfkjfagphfepbbdan")
    result = scan(Host.at_root(tmp_path, "linux"), catalog)
    found = {(i.client_id, i.source, i.version) for i in result.installations}
    assert found == {
        ("zoom", "rpm", "6.2.11.5069-1"),
        ("slack", "rpm", "4.41.105-1"),
        ("teams-for-linux", "rpm", "1.12.7-1"),
        ("skype", "rpm", "8.138.0.203-1"),
        ("discord", "rpm", "0.0.76-1"),
        ("telegram", "rpm", "5.12.3-1"),
        ("teams-classic", "rpm", "1.5.00.23861-1"),
        ("signal", "flatpak", "7.50.0"),
        ("element", "flatpak", "1.11.111"),
        ("jitsi-meet", "flatpak", "2025.2.0"),
        ("mumble", "flatpak", "1.5.735"),
        ("jami", "flatpak", "2024.9.0"),
        ("zoom", "flatpak", "6.3.0"),
        ("slack", "flatpak", "4.42.0"),
        ("discord", "flatpak", "0.0.80"),
        ("telegram", "flatpak", "5.13.0"),
        ("teams-for-linux", "flatpak", "2.0.1"),
        ("skype", "flatpak", "8.139.0"),
        ("webex", "install folder", ""),
        ("google-meet", "web app", ""),
    }
    assert len(result.installations) == 20
    zoom = [i for i in result.for_client("zoom") if i.source == "rpm"]
    assert len(zoom) == 1 and len(zoom[0].evidence) == 2  # the rpm and its desktop entry
    # One database, although /var/lib/rpm leads to it as well.
    assert len(result.warnings) == 2
    assert any("broken.desktop" in w for w in result.warnings)
    assert "/usr/lib/sysimage/rpm/rpmdb.sqlite: 1 package header(s) could not be read" in (
        result.warnings
    )


def test_older_place_without_the_link(tmp_path: Path, rpm_tool: RpmTool, catalog: Catalog) -> None:
    FakeLinux(tmp_path)
    rpm_tool.database(tmp_path / "var/lib/rpm", [("zoom", "5.17.11")])
    result = scan(Host.at_root(tmp_path, "linux"), catalog)
    assert [(i.client_id, i.version) for i in result.installations] == [("zoom", "5.17.11-1")]
    assert "/var/lib/rpm/rpmdb.sqlite: package zoom 5.17.11-1" in result.installations[0].evidence


def test_berkeley_db_database_is_a_warning(tmp_path: Path, catalog: Catalog) -> None:
    fake = FakeLinux(tmp_path)
    fake.file("/var/lib/rpm/Packages", b"\x00\x06\x15\x61" + b"\x00" * 4092)
    fake.file("/opt/zoom/version.txt", "6.2.11\n")
    result = scan(Host.at_root(tmp_path, "linux"), catalog)
    assert [i.client_id for i in result.installations] == ["zoom"]
    assert len(result.warnings) == 1 and "Berkeley DB" in result.warnings[0]


def test_opensuse_computer_reads_the_ndb_database(
    tmp_path: Path, rpm_tool: RpmTool, catalog: Catalog
) -> None:
    fake = FakeLinux(tmp_path)
    rpm_tool.ndb_database(
        tmp_path / SYSIMAGE, [("zoom", "6.2.11.5069"), ("slack", "4.41.105"), ("glibc", "2.40")]
    )
    (tmp_path / "var/lib").mkdir(parents=True)
    (tmp_path / "var/lib/rpm").symlink_to("../../usr/lib/sysimage/rpm")
    fake.flatpak("org.signal.Signal", "7.50.0")
    result = scan(Host.at_root(tmp_path, "linux"), catalog)
    found = {(i.client_id, i.source, i.version) for i in result.installations}
    assert found == {
        ("zoom", "rpm", "6.2.11.5069-1"),
        ("slack", "rpm", "4.41.105-1"),
        ("signal", "flatpak", "7.50.0"),
    }
    assert result.warnings == ()
    assert "/usr/lib/sysimage/rpm/Packages.db: package zoom 6.2.11.5069-1" in (
        result.for_client("zoom")[0].evidence
    )


def test_damaged_ndb_blob_costs_only_that_package(
    tmp_path: Path, rpm_tool: RpmTool, catalog: Catalog
) -> None:
    FakeLinux(tmp_path)
    db = rpm_tool.ndb_database(tmp_path / SYSIMAGE, [("zoom", "6.2.11.5069"), ("slack", "4.41")])
    data = bytearray(db.read_bytes())
    data[4096 + 40] ^= 0xFF  # inside the first blob's header: its checksum no longer matches
    db.write_bytes(bytes(data))
    result = scan(Host.at_root(tmp_path, "linux"), catalog)
    assert len(result.installations) == 1
    assert ["1 package header(s) could not be read" in w for w in result.warnings] == [True]
    db.write_bytes(b"RpmQ" + bytes(8188))
    result = scan(Host.at_root(tmp_path, "linux"), catalog)
    assert result.installations == ()
    assert ["not an rpm ndb database" in w for w in result.warnings] == [True]


def test_damaged_database_and_header_are_warnings(
    tmp_path: Path, rpm_tool: RpmTool, catalog: Catalog
) -> None:
    _fedora(tmp_path, rpm_tool, [("zoom", "6.2.11.5069"), ("slack", "4.41.105")])
    db = tmp_path / SYSIMAGE / "rpmdb.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("UPDATE Packages SET blob = X'0000FFFF00000010' WHERE hnum = 1")
    con.close()
    result = scan(Host.at_root(tmp_path, "linux"), catalog)
    assert len(result.installations) == 1
    assert ["1 package header(s) could not be read" in w for w in result.warnings] == [True]
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    result = scan(Host.at_root(tmp_path, "linux"), catalog)
    assert result.installations == ()
    assert len(result.warnings) == 1 and "not an rpm SQLite database" in result.warnings[0]


def test_pending_write_ahead_log_is_said(
    tmp_path: Path, rpm_tool: RpmTool, catalog: Catalog
) -> None:
    _fedora(tmp_path, rpm_tool, [("zoom", "6.2.11.5069")])
    assert scan(Host.at_root(tmp_path, "linux"), catalog).warnings == ()
    (tmp_path / SYSIMAGE / "rpmdb.sqlite-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\0" * 28)
    result = scan(Host.at_root(tmp_path, "linux"), catalog)
    assert len(result.installations) == 1
    assert ["rpmdb.sqlite-wal" in w for w in result.warnings] == [True]


# --- the header parser ---------------------------------------------------------------------


def _header(entries: list[tuple[int, int, bytes]]) -> bytes:
    """A header blob as rpm stores it in rpmdb.sqlite: preamble, index, data."""
    index, data = b"", b""
    for tag, kind, value in entries:
        if kind == 4:
            data += b"\0" * (-len(data) % 4)
        index += struct.pack(">IIII", tag, kind, len(data), 1)
        data += value
    return struct.pack(">II", len(entries), len(data)) + index + data


def test_header_of_a_real_package(tmp_path: Path, rpm_tool: RpmTool) -> None:
    data = rpm_tool.database(tmp_path / "db", [("zoom", "6.2.11.5069")]).read_bytes()
    assert [p.evr for p in read_rpmdb_sqlite(data).packages] == ["6.2.11.5069-1"]
    blob = _header(
        [(1000, 6, b"zoom\0"), (1001, 6, b"6.2\0"), (1002, 6, b"3\0"), (1003, 4, b"\0\0\0\2")]
    )
    assert parse_rpm_header(blob).evr == "2:6.2-3"


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        struct.pack(">II", 0, 0),
        struct.pack(">II", 1, 4) + struct.pack(">IIII", 1000, 6, 0, 1),
        _header([(1000, 6, b"zoom")]),
        _header([(1000, 6, b"zoom\0")]),
        _header([(1000, 4, b"zoom\0")]),
        _header([(1000, 6, b"zoom\0"), (1001, 6, b"1\0"), (1003, 4, b"\0\0")])[:-2],
    ],
)
def test_malformed_headers_raise_parse_error(blob: bytes) -> None:
    with pytest.raises(ParseError):
        parse_rpm_header(blob)


GOOD = _header([(1000, 6, b"zoom\0"), (1001, 6, b"6.2.11\0"), (1002, 6, b"1\0")])
NDB = ndb_image([GOOD, _header([(1000, 6, b"slack\0"), (1001, 6, b"4.41\0")])])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.integers(0, len(GOOD)), st.binary(max_size=8))
def test_header_parser_raises_only_its_error(noise: bytes, at: int, patch: bytes) -> None:
    for blob in (noise, GOOD[:at] + patch + GOOD[at + len(patch) :], GOOD[:at]):
        with contextlib.suppress(ParseError):
            parse_rpm_header(blob)


def test_header_parsing_time_grows_linearly_with_its_size() -> None:
    def sized(n: int) -> bytes:
        filler = [(5000 + i, 6, b"x\0") for i in range(n)]
        return _header([*filler, (1000, 6, b"zoom\0"), (1001, 6, b"1\0")])

    small, large = sized(1000), sized(16000)
    ratio = best_cpu_seconds(lambda: parse_rpm_header(large)) / max(
        best_cpu_seconds(lambda: parse_rpm_header(small)), 1e-6
    )
    assert ratio < 16 * 4, ratio  # 16x the tags; quadratic work would be ~256x


def test_database_reading_time_grows_linearly_with_the_package_count(tmp_path: Path) -> None:
    def database(n: int) -> bytes:
        path = tmp_path / f"{n}.sqlite"
        with sqlite3.connect(path) as con:
            con.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB NOT NULL)")
            con.executemany(
                "INSERT INTO Packages (blob) VALUES (?)",
                (
                    (_header([(1000, 6, f"pkg{i}\0".encode()), (1001, 6, b"1\0")]),)
                    for i in range(n)
                ),
            )
        con.close()
        return path.read_bytes()

    small, large = database(500), database(8000)

    def timed(data: bytes) -> float:
        assert read_rpmdb_sqlite(data, {"zoom"}).unreadable == 0
        return best_cpu_seconds(lambda: read_rpmdb_sqlite(data, {"zoom"}), repeat=3)

    ratio = timed(large) / max(timed(small), 1e-6)
    assert ratio < 16 * 4, ratio


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 8191), st.binary(min_size=1, max_size=16))
def test_ndb_reader_raises_only_its_error(at: int, patch: bytes) -> None:
    data = NDB[:at] + patch + NDB[at + len(patch) :]
    for blob in (data, data[:at], NDB[:at]):
        with contextlib.suppress(ParseError):
            read_rpmdb_ndb(blob)

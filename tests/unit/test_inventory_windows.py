import contextlib
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.app import main as run
from meetguard.catalog.model import Catalog
from meetguard.host import Host
from meetguard.inventory.registry import RegParseError, parse_reg
from meetguard.inventory.scanner import scan
from tests.fakehost import FakeRegistry, RegData
from tests.scaling import best_cpu_seconds

SID = "S-1-5-21-1004336348-1177238915-682003330-1001"
PKGS = (
    "Local Settings\\Software\\Microsoft\\Windows\\CurrentVersion\\AppModel\\Repository\\Packages"
)
TEAMS = "MSTeams_25060.205.3499.6849_x64__8wekyb3d8bbwe"

REG5 = f"""Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\ZoomUMX]
"DisplayName"="Zoom Workplace"
"DisplayVersion"="6.2.11 (50691)"
"InstallLocation"="C:\\\\Users\\\\alice\\\\AppData\\\\Roaming\\\\Zoom\\\\bin"
"Publisher"="Zoom Video Communications, Inc."

[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{{1234}}]
"DisplayName"="Teams Machine-Wide Installer"
"DisplayVersion"="1.5.0.30767"
"EstimatedSize"=dword:0001a2b0

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Notepad++]
"DisplayName"="Notepad++ (64-bit x64)"
"DisplayVersion"="8.6"
"UninstallString"=hex(2):43,00,3a,00,5c,00,50,00,\\
  72,00,6f,00,67,00,00,00

[HKEY_USERS\\{SID}\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\slack]
"DisplayName"="Slack"
"DisplayVersion"="4.41.105"

[HKEY_USERS\\{SID}_Classes\\{PKGS}\\{TEAMS}]
"PackageRootFolder"="C:\\\\Program Files\\\\WindowsApps\\\\{TEAMS}"

[-HKEY_CURRENT_USER\\Software\\Deleted]
"""


def _host(tmp_path: Path, reg: bytes) -> Host:
    (tmp_path / "Users" / "alice").mkdir(parents=True)
    regfile = tmp_path.parent / f"{tmp_path.name}.reg"
    regfile.write_bytes(reg)
    return Host.at_root(tmp_path, "windows", registry_file=regfile)


def test_utf16_export_finds_uninstall_keys_and_msix(tmp_path: Path, catalog: Catalog) -> None:
    host = _host(tmp_path, b"\xff\xfe" + REG5.replace("\n", "\r\n").encode("utf-16-le"))
    result = scan(host, catalog)
    found = {i.client_id: i for i in result.installations}
    assert found["zoom"].version == "6.2.11 (50691)" and found["zoom"].source == "registry"
    assert "per-user" in found["zoom"].evidence[0]
    assert found["teams-classic"].version == "1.5.0.30767"
    assert found["slack"].version == "4.41.105"
    assert (found["teams"].source, found["teams"].version) == ("msix", "25060.205.3499.6849")
    assert "WindowsApps" in found["teams"].location
    assert result.warnings == ()


def test_regedit4_ansi_and_per_user_folders(tmp_path: Path, catalog: Catalog) -> None:
    reg = (
        "REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion"
        '\\Uninstall\\Skype_is1]\r\n"DisplayName"="Skype\u2122 8.110"\r\n'
        '"DisplayVersion"="8.110"\r\n'
    ).encode("cp1252")
    host = _host(tmp_path, reg)
    webex = tmp_path / "Users/alice/AppData/Local/CiscoSparkLauncher/CiscoCollabHost.exe"
    webex.parent.mkdir(parents=True)
    webex.write_bytes(b"MZ")
    found = {i.client_id: i for i in scan(host, catalog).installations}
    assert found["skype"].version == "8.110"
    assert found["webex"].location.endswith("CiscoSparkLauncher\\CiscoCollabHost.exe")
    assert found["webex"].source == "user folder"


def test_msix_and_its_data_folder_are_one_row(tmp_path: Path, catalog: Catalog) -> None:
    host = _host(tmp_path, b"\xff\xfe" + REG5.encode("utf-16-le"))
    cache = tmp_path / "Users/alice/AppData/Local/Packages/MSTeams_8wekyb3d8bbwe/LocalCache"
    (cache / "Microsoft/MSTeams").mkdir(parents=True)
    teams = scan(host, catalog).for_client("teams")
    assert len(teams) == 1 and len(teams[0].evidence) == 2


def test_malformed_reg_is_a_warning_and_folders_still_scan(
    tmp_path: Path, catalog: Catalog
) -> None:
    host = _host(tmp_path, b"Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\x\r\n")
    discord = tmp_path / "Users/alice/AppData/Local/Discord/Update.exe"
    discord.parent.mkdir(parents=True)
    discord.write_bytes(b"MZ")
    result = scan(host, catalog)
    assert [i.client_id for i in result.installations] == ["discord"]
    assert len(result.warnings) == 1 and "unterminated key" in result.warnings[0]


def test_a_file_without_the_header_is_no_export() -> None:
    with pytest.raises(RegParseError, match="no 'Windows Registry Editor' header"):
        parse_reg(b"hello")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('REGEDIT4\n[HKEY_CURRENT_USER\\x]\n"a"=dword:zz\n', "bad dword"),
        ('REGEDIT4\n[HKEY_CURRENT_USER\\x]\n"a"="open\n', "unterminated string"),
        ('REGEDIT4\n[HKEY_CURRENT_USER\\x]\n"a"=hex:zz,01\n', "bad hex data"),
        ("REGEDIT4\n[HKEY_CURRENT_USER\\x]\nnonsense\n", "not a value line"),
    ],
)
def test_parser_errors_name_the_line(text: str, message: str) -> None:
    reg = parse_reg(text.encode())
    assert reg.values("HKEY_CURRENT_USER\\x") == {}
    assert reg.warnings == (f"line 3: {message}; key [HKEY_CURRENT_USER\\x] skipped",)


def test_values_escapes_and_multi_strings() -> None:
    reg = parse_reg(
        b'REGEDIT4\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n@="default"\n"q"="say \\"hi\\" C:\\\\x"\n'
        b'"m"=hex(7):61,00,62,00,00,00\n"n"=dword:00000010\n'
    )
    values = reg.values("HKLM\\software\\x")
    assert values == {"": "default", "q": 'say "hi" C:\\x', "m": ["a", "b"], "n": 16}
    assert reg.subkeys("HKEY_LOCAL_MACHINE\\SOFTWARE") == ["X"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_reg_parser_fuzz_raises_only_its_error(body: str) -> None:
    for header in ("Windows Registry Editor Version 5.00\n", "REGEDIT4\n", ""):
        with contextlib.suppress(RegParseError):
            parse_reg((header + body).encode("utf-8", errors="replace"))


def test_cli_scan_with_registry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    host = _host(tmp_path / "pc", b"\xff\xfe" + REG5.encode("utf-16-le"))
    assert (
        run(
            [
                "scan",
                "--root",
                str(host.root),
                "--platform",
                "windows",
                "--registry",
                str(host.registry_file),
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert {i["client"] for i in data["installations"]} >= {"zoom", "teams", "slack"}


def test_export_is_parsed_once_per_host(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetguard.inventory import registry

    host = _host(tmp_path, b"REGEDIT4\r\n[HKEY_CURRENT_USER\\Software\\A]\r\n")
    calls: list[int] = []
    real = registry.parse_reg

    def counted(data: bytes) -> registry.RegFile:
        calls.append(1)
        return real(data)

    monkeypatch.setattr(registry, "parse_reg", counted)
    first = host.registry()
    assert host.registry() is first and calls == [1]
    scan(host, catalog)
    assert calls == [1], "the scan reads the view the Host already holds"
    assert host.registry_file is not None
    host.registry_file.write_bytes(b"REGEDIT4\r\n[HKEY_CURRENT_USER\\Software\\B]\r\n")
    assert host.registry() is first, "one look at a computer reads its export once"
    second = host.fresh().registry()
    assert second is not first and calls == [1, 1]
    assert second is not None and second.subkeys("HKCU\\Software") == ["B"]


def test_a_broken_export_is_one_warning_and_read_once(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetguard import host as host_module

    host = _host(tmp_path, b"not a registry export")
    reads: list[Path] = []
    real = host_module.read_regular

    def counted_read(path: Path, limit: int) -> bytes:
        reads.append(path)
        return real(path, limit)

    monkeypatch.setattr(host_module, "read_regular", counted_read)
    result = scan(host, catalog)
    assert len(reads) == 1
    assert host.registry_file is not None
    assert sum(1 for w in result.warnings if host.registry_file.name in w) == 1


# --- The 20 most common conferencing installs, in every placement Windows uses ----------------

OTHER_SID = "S-1-5-21-3623811015-3361044348-30300820-1013"
MACHINE = "HKEY_LOCAL_MACHINE\\SOFTWARE"
WOW = "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node"
USER = "HKEY_CURRENT_USER\\Software"
OTHER = f"HKEY_USERS\\{OTHER_SID}\\Software"
MACHINE_MSI = f"{MACHINE}\\Classes\\Installer\\UpgradeCodes"
USER_MSI = f"{USER}\\Microsoft\\Installer\\UpgradeCodes"
REPO = f"{PKGS}"


def _msix(reg: FakeRegistry, classes: str, full_name: str) -> None:
    reg.key(f"{classes}\\{REPO}\\{full_name}", {"PackageRootFolder": f"C:\\x\\{full_name}"})


def twenty_installs(reg: FakeRegistry) -> set[tuple[str, str]]:
    """Write the installs into `reg`, broken and decoy keys between them; return what a scan
    must find: (client, version) for each of the 20."""
    app = {"Publisher": "x"}
    profiles = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
    reg.key(f"{profiles}\\{OTHER_SID}", {"ProfileImagePath": "C:\\Users\\bob"})
    reg.uninstall(USER, "ZoomUMX", {"DisplayName": "Zoom Workplace", "DisplayVersion": "6.2.11"})
    # A component of an MSI with SystemComponent=1 and a key without a DisplayName are not
    # installations, even under a name the catalog knows.
    reg.uninstall(
        MACHINE, "Discord", {"DisplayName": "Discord", "SystemComponent": 1, "DisplayVersion": "0"}
    )
    reg.uninstall(MACHINE, "slack", {"DisplayVersion": "0.0.1"})
    _msix(reg, f"{USER}\\Classes", "MSTeams_25060.205.3499.6849_x64__8wekyb3d8bbwe")
    reg.uninstall(
        WOW,
        "{731F6BAA-A986-45A4-8936-7C3AAAAA760B}",
        {"DisplayName": "Teams Machine-Wide Installer", "DisplayVersion": "1.5.0.30767"},
    )
    reg.uninstall(OTHER, "slack", {"DisplayName": "Slack", "DisplayVersion": "4.41.105", **app})
    webex = "{0D2F2D1B-2E1C-4F5C-9B8A-1A2B3C4D5E6F}"
    reg.msi_product(MACHINE_MSI, "{B9DCA8E9-B3A9-419A-9D6F-9BC3557EE72C}", webex)
    reg.uninstall(
        MACHINE,
        webex,
        {"DisplayName": "Webex", "DisplayVersion": "46.9.0.35800", "Publisher": "Cisco"},
    )
    meetings = "{C145B704-BFF5-1B1A-998B-92C779E23F8D}"
    reg.msi_product(MACHINE_MSI, "{C599642D-7A3F-4351-ADC5-2BA171B6451E}", meetings)
    reg.uninstall(WOW, meetings, {"DisplayName": "Cisco Webex Meetings", "DisplayVersion": "44.6"})
    # Values of the wrong type, and a key deleted by the export, in the middle of real ones.
    reg.uninstall(USER, "{BROKEN}", {"DisplayName": 7, "BundleUpgradeCode": 3})
    reg.raw(f"[-{USER}\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Gone]")
    reg.raw("")
    # Lines regedit never writes: each costs its own key (a Zoom look-alike here), no other.
    uninstall = "Microsoft\\Windows\\CurrentVersion\\Uninstall"
    reg.raw(f'[{MACHINE}\\{uninstall}\\ZoomBroken]\n"DisplayName"="Zoom Workplace"\n"x"=dword:zz\n')
    reg.raw(f'[{USER}\\{uninstall}\\Half\n"DisplayName"="Discord"\n')
    reg.uninstall(USER, "Discord", {"DisplayName": "Discord", "DisplayVersion": "1.0.9175"})
    reg.uninstall(
        OTHER,
        "7d96caee-06e6-597c-9f2f-c7bb2e0948b4",
        {"DisplayName": "Signal 7.50.0", "DisplayVersion": "7.50.0"},
    )
    reg.uninstall(
        f"{USER}\\WOW6432Node",
        "element-desktop",
        {"DisplayName": "Element", "DisplayVersion": "1.11.111"},
    )
    reg.uninstall(
        USER,
        "{53F49750-6209-4FBF-9CA8-7A333C87D1ED}_is1",
        {"DisplayName": "Telegram Desktop", "DisplayVersion": "5.12.3"},
    )
    reg.uninstall(
        USER,
        "jitsi",
        {
            "DisplayName": "Jitsi Meet 2025.2.0",
            "DisplayVersion": "2025.2.0",
            "Publisher": "Jitsi Team",
        },
    )
    # The same generic name from another publisher is not Jitsi's.
    reg.uninstall(
        USER,
        "decoy",
        {"DisplayName": "Signal", "DisplayVersion": "9.9", "Publisher": "Railway Signals Ltd"},
    )
    reg.uninstall(
        WOW,
        "{5ce27473-8510-4812-a6de-0afe2698909c}",
        {
            "DisplayName": "Mumble (client)",
            "DisplayVersion": "1.5.735",
            "BundleUpgradeCode": ["{D269FC55-4F2C-4285-9AA9-4D034AF305C4}"],
        },
    )
    jami = "{FBB21E39-63C1-4137-87CD-656B9C3DF931}"
    reg.msi_product(MACHINE_MSI, "{7C45B52B-0390-4FE8-947A-3F13E82DD346}", jami)
    reg.uninstall(MACHINE, jami, {"DisplayName": "Jami", "DisplayVersion": "2024.9.0"})
    reg.uninstall(WOW, "Linphone", {"DisplayName": "Linphone", "DisplayVersion": "5.2.6"})
    g2m = "{FEF33398-AA67-4B29-8594-4F695B8FDF76}"
    reg.msi_product(USER_MSI, "{BF62CF5F-6CB1-4010-8F05-F7EBB182D3EA}", g2m)
    reg.uninstall(USER, g2m, {"DisplayName": "GoTo Meeting 10.19", "DisplayVersion": "10.19.19950"})
    reg.uninstall(
        OTHER,
        "b5746384-3503-4fbf-824a-0a42d1bd0639",
        {"DisplayName": "GoTo", "DisplayVersion": "4.6.1"},
    )
    ring = "{0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9}"
    reg.msi_product(MACHINE_MSI, "{22123CED-1206-5AA0-87BE-AEFCA67461E7}", ring)
    reg.uninstall(MACHINE, ring, {"DisplayName": "RingCentral", "DisplayVersion": "25.1.30"})
    _msix(
        reg,
        f"HKEY_USERS\\{OTHER_SID}_Classes",
        "Microsoft.SkypeApp_15.130.3208.0_x64__kzf8qxf38zg5c",
    )
    reg.uninstall(
        WOW, "Skype_is1", {"DisplayName": "Skype version 8.130", "DisplayVersion": "8.130"}
    )
    reg.key(
        "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore"
        "\\Applications\\com.tinyspeck.slackdesktop_4.41.105.0_x64__8yrtsj140pw4g"
    )
    _msix(reg, f"{USER}\\Classes", "MSTeams_NotAFullName")
    return {
        ("zoom", "6.2.11"),
        ("teams", "25060.205.3499.6849"),
        ("teams-classic", "1.5.0.30767"),
        ("slack", "4.41.105"),
        ("webex", "46.9.0.35800"),
        ("webex", "44.6"),
        ("discord", "1.0.9175"),
        ("signal", "7.50.0"),
        ("element", "1.11.111"),
        ("telegram", "5.12.3"),
        ("jitsi-meet", "2025.2.0"),
        ("mumble", "1.5.735"),
        ("jami", "2024.9.0"),
        ("linphone", "5.2.6"),
        ("gotomeeting", "10.19.19950"),
        ("gotomeeting", "4.6.1"),
        ("ringcentral", "25.1.30"),
        ("skype", "15.130.3208.0"),
        ("skype", "8.130"),
        ("slack", "4.41.105.0"),
    }


def test_twenty_common_installs_in_every_placement_are_all_found(
    tmp_path: Path, catalog: Catalog
) -> None:
    reg = FakeRegistry()
    expected = twenty_installs(reg)
    assert len(expected) == 20
    (tmp_path / "pc/Users/alice").mkdir(parents=True)
    host = Host.at_root(tmp_path / "pc", "windows", registry_file=reg.write(tmp_path / "x.reg"))
    result = scan(host, catalog)
    found = {(i.client_id, i.version) for i in result.installations}
    assert found == expected
    assert len(result.installations) == 20
    assert len(result.warnings) == 2, result.warnings
    assert all(w.startswith("x.reg: line ") and "skipped" in w for w in result.warnings)
    by_version = {i.version: i for i in result.installations}
    assert f"bob, {OTHER_SID}" in by_version["7.50.0"].evidence[0]
    assert "32-bit" in by_version["1.5.735"].evidence[0]
    assert "per-user, 32-bit" in by_version["1.11.111"].evidence[0]
    assert "by bundle upgrade code" in by_version["1.5.735"].evidence[0]
    assert "by MSI upgrade code" in by_version["10.19.19950"].evidence[0]
    assert "all users" in by_version["4.41.105.0"].evidence[0]


def test_own_hive_under_hkey_users_is_the_inspected_user(tmp_path: Path, catalog: Catalog) -> None:
    reg = FakeRegistry()
    profiles = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
    reg.key(f"{profiles}\\{SID}", {"ProfileImagePath": "%SystemDrive%\\Users\\alice"})
    _msix(reg, f"HKEY_USERS\\{SID}_Classes", TEAMS)
    cache = tmp_path / "pc/Users/alice/AppData/Local/Packages/MSTeams_8wekyb3d8bbwe/LocalCache"
    (cache / "Microsoft/MSTeams").mkdir(parents=True)
    host = Host.at_root(tmp_path / "pc", "windows", registry_file=reg.write(tmp_path / "x.reg"))
    teams = scan(host, catalog).for_client("teams")
    assert len(teams) == 1 and len(teams[0].evidence) == 2
    assert f"alice, {SID}" in teams[0].evidence[0]


def test_squirrel_version_comes_from_the_newest_app_folder_of_each_profile(
    tmp_path: Path, catalog: Catalog
) -> None:
    for user, versions in (("alice", ("1.0.9", "1.0.10")), ("bob", ("1.0.8",))):
        for version in versions:
            (tmp_path / f"Users/{user}/AppData/Local/Discord/app-{version}").mkdir(parents=True)
    (tmp_path / "Users/Public/AppData/Local/Discord/app-9.9.9").mkdir(parents=True)
    host = Host.at_root(tmp_path, "windows", home="C:\\Users\\alice")
    rows = scan(host, catalog).for_client("discord")
    assert sorted(i.version for i in rows) == ["1.0.10", "1.0.8"]
    assert any("bob" in i.evidence[0] for i in rows)


class StandInWinreg:
    """The part of `winreg` MeetGuard calls, over a dict of keys, behaving as winreg does:
    OSError for a missing key and at the end of an enumeration, handles that close."""

    HKEY_CLASSES_ROOT = 0x80000000
    HKEY_CURRENT_USER = 0x80000001
    HKEY_LOCAL_MACHINE = 0x80000002
    HKEY_USERS = 0x80000003
    KEY_READ = 0x20019
    KEY_WOW64_64KEY = 0x0100
    ROOTS: ClassVar[dict[int, str]] = {
        HKEY_CLASSES_ROOT: "HKEY_CLASSES_ROOT",
        HKEY_CURRENT_USER: "HKEY_CURRENT_USER",
        HKEY_LOCAL_MACHINE: "HKEY_LOCAL_MACHINE",
        HKEY_USERS: "HKEY_USERS",
    }

    class Handle:
        def __init__(self, path: str) -> None:
            self.path = path
            self.closed = False

        def __enter__(self) -> "StandInWinreg.Handle":
            return self

        def __exit__(self, *exc: object) -> None:
            self.closed = True

    def __init__(self, keys: dict[str, dict[str, RegData]]) -> None:
        self.keys = {k.lower(): v for k, v in keys.items()}
        self.children: dict[str, set[str]] = {}
        for key in keys:
            parts = key.split("\\")
            for depth in range(1, len(parts)):
                self.children.setdefault("\\".join(parts[:depth]).lower(), set()).add(parts[depth])
        self.opened: list[StandInWinreg.Handle] = []
        self.accesses: set[int] = set()

    def OpenKey(self, key: int, sub_key: str, reserved: int = 0, access: int = KEY_READ) -> Handle:
        self.accesses.add(access)
        path = self.ROOTS[key] + (f"\\{sub_key}" if sub_key else "")
        if path.lower() not in self.keys and path.lower() not in self.children:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        handle = self.Handle(path)
        self.opened.append(handle)
        return handle

    def EnumKey(self, key: Handle, index: int) -> str:
        assert not key.closed
        names = sorted(self.children.get(key.path.lower(), set()))
        if index >= len(names):
            raise OSError(259, "No more data is available")
        return names[index]

    def EnumValue(self, key: Handle, index: int) -> tuple[str, RegData, int]:
        assert not key.closed
        items = list(self.keys.get(key.path.lower(), {}).items())
        if index >= len(items):
            raise OSError(259, "No more data is available")
        name, value = items[index]
        kind = 4 if isinstance(value, int) else 7 if isinstance(value, list) else 1
        return name, value, kind


def test_live_registry_through_winreg_finds_what_the_export_finds(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetguard.inventory import registry

    reg = FakeRegistry()
    expected = twenty_installs(reg)
    stand_in = StandInWinreg(reg.keys)
    monkeypatch.setattr(registry, "winreg_module", lambda: stand_in)
    live = Host(root=Path("/"), home="C:\\Users\\nobody-here", platform="windows")
    assert isinstance(live.registry(), registry.WinReg)
    result = scan(live, catalog)
    assert {(i.client_id, i.version) for i in result.installations} == expected
    assert stand_in.opened and all(h.closed for h in stand_in.opened)
    # Every key is opened read-only in the 64-bit view; 32-bit keys by their WOW6432Node path.
    assert stand_in.accesses == {stand_in.KEY_READ | stand_in.KEY_WOW64_64KEY}


def test_no_live_registry_off_windows(tmp_path: Path) -> None:
    from meetguard.inventory import registry

    assert registry.winreg_module() is None
    assert Host(root=Path("/"), home="C:\\Users\\x", platform="windows").registry() is None


def test_msi_packed_guid_follows_the_windows_installer_layout() -> None:
    from meetguard.inventory.windows import pack_guid, unpack_guid

    # Worked by hand from the layout: groups 1-3 reversed, then each byte's digits swapped.
    zoom = "{C819B794-A45C-4F27-9860-0C86492A52CC}"
    assert pack_guid(zoom) == "497B918CC54A72F48906C06894A225CC"
    assert unpack_guid(pack_guid(zoom)) == zoom
    assert unpack_guid("not a packed guid") == "" and pack_guid("{123}") == ""


def test_scan_time_grows_linearly_with_the_number_of_installed_programs(
    tmp_path: Path, catalog: Catalog
) -> None:

    def timed(n: int) -> float:
        reg = FakeRegistry()
        for i in range(n):
            reg.uninstall(
                MACHINE if i % 2 else USER,
                f"{{{i:08X}-0000-0000-0000-000000000000}}",
                {"DisplayName": f"Program {i}", "DisplayVersion": "1.0", "Publisher": "Vendor"},
            )
        expected = twenty_installs(reg)
        root = tmp_path / f"pc{n}"
        (root / "Users/alice").mkdir(parents=True)
        host = Host.at_root(root, "windows", registry_file=reg.write(tmp_path / f"{n}.reg"))
        result = scan(host, catalog)
        assert {(i.client_id, i.version) for i in result.installations} == expected
        return best_cpu_seconds(lambda: scan(host, catalog), repeat=3)

    small, large = timed(500), timed(8000)
    assert large / small < 16 * 4, (small, large)  # 16x the programs; quadratic would be ~256x


def test_msi_product_without_an_uninstall_entry_is_found_from_installer_records(
    tmp_path: Path, catalog: Catalog
) -> None:
    from meetguard.inventory.windows import pack_guid

    userdata = f"{MACHINE}\\Microsoft\\Windows\\CurrentVersion\\Installer\\UserData"
    reg = FakeRegistry()
    expected = twenty_installs(reg)
    # Jami has an uninstall entry too: its Installer record must not make a second row.
    jami = "{FBB21E39-63C1-4137-87CD-656B9C3DF931}"
    reg.key(
        f"{userdata}\\S-1-5-18\\Products\\{pack_guid(jami)}\\InstallProperties",
        {"DisplayName": "Jami", "DisplayVersion": "2024.9.0"},
    )
    # A per-user GoTo Meeting MSI that has only Windows Installer's record, and a hidden one.
    g2m, hidden = "{11111111-2222-3333-4444-555555555555}", "{66666666-2222-3333-4444-555555555555}"
    for product, extra in ((g2m, {}), (hidden, {"SystemComponent": 1})):
        reg.msi_product(MACHINE_MSI, "{BF62CF5F-6CB1-4010-8F05-F7EBB182D3EA}", product)
        reg.key(
            f"{userdata}\\{OTHER_SID}\\Products\\{pack_guid(product)}\\InstallProperties",
            {"DisplayName": "GoToMeeting 10.20", "DisplayVersion": "10.20.20000", **extra},
        )
    (tmp_path / "pc/Users/alice").mkdir(parents=True)
    host = Host.at_root(tmp_path / "pc", "windows", registry_file=reg.write(tmp_path / "x.reg"))
    result = scan(host, catalog)
    found = {(i.client_id, i.version) for i in result.installations}
    assert found == expected | {("gotomeeting", "10.20.20000")}
    assert len(result.installations) == 21
    row = next(i for i in result.installations if i.version == "10.20.20000")
    assert "Windows Installer" in row.evidence[0] and OTHER_SID in row.evidence[0]

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.catalog.model import Catalog
from meetguard.cli import run
from meetguard.host import Host
from meetguard.inventory import scan
from meetguard.inventory.registry import RegParseError, parse_reg

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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello", "no 'Windows Registry Editor' header"),
        ('REGEDIT4\n[HKEY_CURRENT_USER\\x]\n"a"=dword:zz\n', "bad dword"),
        ('REGEDIT4\n[HKEY_CURRENT_USER\\x]\n"a"="open\n', "unterminated string"),
        ('REGEDIT4\n[HKEY_CURRENT_USER\\x]\n"a"=hex:zz,01\n', "bad hex"),
        ("REGEDIT4\n[HKEY_CURRENT_USER\\x]\nnonsense\n", "not a value line"),
    ],
)
def test_parser_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(RegParseError, match=message):
        parse_reg(text.encode())


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


def test_export_is_parsed_once_per_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from meetguard.inventory import registry

    host = _host(tmp_path, b"REGEDIT4\r\n[HKEY_CURRENT_USER\\Software\\A]\r\n")
    calls: list[int] = []
    real = registry.parse_reg
    monkeypatch.setattr(registry, "parse_reg", lambda data: calls.append(1) or real(data))
    first = registry.open_registry(host)
    assert registry.open_registry(host) is first and calls == [1]
    assert host.registry_file is not None
    host.registry_file.write_bytes(b"REGEDIT4\r\n[HKEY_CURRENT_USER\\Software\\B]\r\n")
    os.utime(host.registry_file, ns=(1, 10**18))
    second = registry.open_registry(host)
    assert second is not first and calls == [1, 1]
    assert second is not None and second.subkeys("HKCU\\Software") == ["B"]

""".reg exports as regedit and `reg export` write them, and broken ones that cost one key only."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetguard.host import Host
from meetguard.inventory.registry import RegParseError, parse_reg
from meetguard.inventory.scanner import scan
from meetguard.services import Services
from tests.scaling import best_cpu_seconds

UNINSTALL = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall"
BEFORE = f'[{UNINSTALL}\\Before]\n"DisplayName"="Before"\n"Size"=dword:00000010\n\n'
AFTER = f'[{UNINSTALL}\\After]\n"DisplayName"="After"\n"Data"=hex:00,01,\\\n  02,03\n'
BROKEN_KEY = f"{UNINSTALL}\\Broken"

# Every single-line fault tried, each inside the key "Broken" (line 7), its fault on line 9.
FAULTS = {
    "unterminated key name": f"[{BROKEN_KEY}",
    "bad dword": '"a"=dword:zz',
    "dword too long": '"a"=dword:123456789',
    "unterminated string": '"a"="open',
    "bad hex": '"a"=hex:zz,01',
    "odd hex digit": '"a"=hex(2):4',
    "unknown type": '"a"=qword:5',
    "bad hex kind": '"a"=hex(zz):00',
    "name without a value": '"a"',
    "lone equals sign": "=",
    "empty default value": "@=",
    "not a value line": "nonsense",
    "control characters": "\x00\x1b[31m\x07",
}


def _export(fault: str) -> str:
    broken = f'[{BROKEN_KEY}]\n"DisplayName"="Broken"\n{fault}\n"Later"="x"\n\n'
    if fault.startswith("["):
        broken = f'{fault}\n"DisplayName"="Broken"\n\n'
    return f"Windows Registry Editor Version 5.00\n\n{BEFORE}{broken}{AFTER}"


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_one_bad_line_costs_its_key_only(fault: str) -> None:
    reg = parse_reg(b"\xff\xfe" + _export(fault).replace("\n", "\r\n").encode("utf-16-le"))
    assert reg.values(f"{UNINSTALL}\\Before") == {"DisplayName": "Before", "Size": 16}
    assert reg.values(f"{UNINSTALL}\\After") == {"DisplayName": "After", "Data": b"\0\1\2\3"}
    assert reg.values(BROKEN_KEY) == {}, "a broken key is not half-read"
    assert "After" in reg.subkeys(UNINSTALL) and "Before" in reg.subkeys(UNINSTALL)
    line = 7 if fault.startswith("[") else 9
    assert len(reg.warnings) == 1 and reg.warnings[0].startswith(f"line {line}: "), reg.warnings


REG5 = f"Windows Registry Editor Version 5.00\r\n\r\n{BEFORE}{AFTER}".replace("\n", "\r\n")
ENCODINGS = {
    "regedit UTF-16 LE with BOM": b"\xff\xfe" + REG5.encode("utf-16-le"),
    "UTF-16 missing its last byte": (b"\xff\xfe" + REG5.encode("utf-16-le"))[:-1],
    "UTF-16 BE with BOM": b"\xfe\xff" + REG5.encode("utf-16-be"),
    "UTF-16 LE without BOM": REG5.encode("utf-16-le"),
    "UTF-8 with BOM": b"\xef\xbb\xbf" + REG5.encode(),
    "leading blank line": b"\xff\xfe" + ("\r\n" + REG5).encode("utf-16-le"),
    "REGEDIT4 in ANSI": ("REGEDIT4\r\n\r\n" + BEFORE + AFTER).encode("cp1252"),
    "LF line ends": REG5.replace("\r\n", "\n").encode(),
}


@pytest.mark.parametrize("data", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_the_encodings_exports_come_in(data: bytes) -> None:
    reg = parse_reg(data)
    assert reg.values(f"{UNINSTALL}\\Before")["DisplayName"] == "Before"
    assert reg.values(f"{UNINSTALL}\\After")["Data"] == b"\0\1\2\3"
    assert reg.warnings == ()


@pytest.mark.parametrize(
    "data", [b"", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", b"hello", "\ufeffnot a header".encode()]
)
def test_a_file_that_is_no_export_is_refused(data: bytes) -> None:
    with pytest.raises(RegParseError, match="not a regedit export"):
        parse_reg(data)


def test_many_broken_lines_give_few_warnings() -> None:
    body = "".join(f"[HKEY_CURRENT_USER\\K{i}]\nnonsense\n" for i in range(500))
    reg = parse_reg(f'REGEDIT4\n{body}[HKEY_CURRENT_USER\\Good]\n"a"="b"\n'.encode())
    assert reg.values("HKEY_CURRENT_USER\\Good") == {"a": "b"}
    assert reg.subkeys("HKEY_CURRENT_USER") == ["Good"], "listing reads every child"
    assert len(reg.warnings) == 21 and reg.warnings[-1] == "and 480 more broken lines"
    assert reg.warnings[0] == "line 3: not a value line; key [HKEY_CURRENT_USER\\K0] skipped"


def test_a_broken_key_the_scan_never_reads_costs_nothing(tmp_path: Path) -> None:
    (tmp_path / "Users" / "alice").mkdir(parents=True)
    export = tmp_path / "export.reg"
    other = "".join(
        f'[HKEY_CURRENT_USER\\Software\\Vendor\\K{i}]\n"a"=dword:zz\n' for i in range(50)
    )
    zoom = f'[{UNINSTALL}\\ZoomUMX]\n"DisplayName"="Zoom Workplace"\n"DisplayVersion"="6.2.5"\n'
    export.write_bytes(f"REGEDIT4\n{other}{zoom}".encode())
    result = scan(Host.at_root(tmp_path, "windows", registry_file=export), Services.open().catalog)
    assert [i.client_id for i in result.installations] == ["zoom"]
    assert result.warnings == ()


def test_the_scan_warns_with_the_line_and_finds_the_rest(tmp_path: Path) -> None:
    (tmp_path / "Users" / "alice").mkdir(parents=True)
    export = tmp_path / "export.reg"
    zoom = f'[{UNINSTALL}\\ZoomUMX]\n"DisplayName"="Zoom Workplace"\n"DisplayVersion"="6.2.5"\n\n'
    text = _export('"a"=dword:zz') + zoom
    export.write_bytes(b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"))
    host = Host.at_root(tmp_path, "windows", registry_file=export)
    result = scan(host, Services.open().catalog)
    assert [i.client_id for i in result.installations] == ["zoom"]
    assert any("export.reg: line 9: bad dword" in w for w in result.warnings), result.warnings


def _many_keys(n: int) -> bytes:
    """n uninstall entries and n keys elsewhere, some deep, as regedit writes them."""
    keys = "".join(
        f'[{UNINSTALL}\\App{i}]\r\n"DisplayName"="App {i}"\r\n"Path"="C:\\\\A\\\\{i}"\r\n\r\n'
        f"[HKEY_CURRENT_USER\\Software\\V{i % 7}\\P{i}\\a\\b\\c]\r\n@=dword:00000001\r\n\r\n"
        for i in range(n)
    )
    return b"\xff\xfe" + f"Windows Registry Editor Version 5.00\r\n\r\n{keys}".encode("utf-16-le")


def test_a_scan_parses_only_the_keys_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetguard.inventory import registry

    (tmp_path / "Users" / "alice").mkdir(parents=True)
    export = tmp_path / "export.reg"
    export.write_bytes(_many_keys(2000))
    parsed: list[str] = []
    # A key's values are read by one of the two searches of plain bodies, or line by line.
    regedit, plain, lines = registry._REGEDIT_VALUES, registry._PLAIN_VALUES, registry._read_lines

    def counted(search: registry._Finder) -> registry._Finder:
        def count(body: str) -> list[tuple[str, str, str]]:
            parsed.append(body)
            return search(body)

        return count

    def counted_lines(body: str, wide: bool, into: dict[str, registry.RegValue]) -> object:
        parsed.append(body)
        return lines(body, wide, into)

    monkeypatch.setattr(registry, "_REGEDIT_VALUES", counted(regedit))
    monkeypatch.setattr(registry, "_PLAIN_VALUES", counted(plain))
    monkeypatch.setattr(registry, "_read_lines", counted_lines)
    scan(Host.at_root(tmp_path, "windows", registry_file=export), Services.open().catalog)
    # The 2,000 uninstall entries are read; the 2,000 keys under HKCU\Software\V* are not.
    assert 2000 <= len(set(parsed)) < 2100, len(set(parsed))


def test_listing_and_reading_keys_grows_linearly() -> None:
    def read_all(data: bytes) -> None:
        reg = parse_reg(data)
        for name in reg.subkeys(UNINSTALL):
            reg.values(f"{UNINSTALL}\\{name}")
        for vendor in reg.subkeys("HKEY_CURRENT_USER\\Software"):
            reg.subkeys(f"HKEY_CURRENT_USER\\Software\\{vendor}")

    small, large = _many_keys(5000), _many_keys(20000)
    ratio = best_cpu_seconds(lambda: read_all(large), 3) / max(
        best_cpu_seconds(lambda: read_all(small), 3), 1e-4
    )
    assert ratio < 9, f"4x the keys took {ratio:.1f}x the time"

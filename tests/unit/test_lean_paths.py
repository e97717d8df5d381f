"""Fast paths stay fast, and stay right: what `--version` imports, how a Host reads a file."""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from meetguard import VERSION_TEXT
from meetguard.catalog.model import Catalog
from meetguard.host import Host, HostReadError
from meetguard.inventory.scanner import scan
from tests.child import python_lines
from tests.fakehost import FakeMac


def test_version_imports_no_command_code() -> None:
    probe = (
        "import sys\n"
        "from meetguard.app import main\n"
        "assert main(['--version']) == 0\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('meetguard'))))\n"
    )
    version, imported = python_lines(probe)
    assert version == VERSION_TEXT
    assert imported.split() == ["meetguard", "meetguard.app"]


def test_version_imports_nothing_but_meetguard_beyond_the_interpreter() -> None:
    """typing alone (re, enum, collections, functools) cost more than the rest of --version."""
    listed = "print(' '.join(sorted(sys.modules)))\n"
    probe = "import sys\nfrom meetguard.app import main\nassert main(['--version']) == 0\n"

    def modules(code: str) -> set[str]:
        return set(python_lines(code)[-1].split())

    extra = modules(probe + listed) - modules("import sys\n" + listed)
    assert extra == {"__future__", "meetguard", "meetguard.app"}


def _imported_by(argv: list[str], tmp_path: Path) -> set[str]:
    """The modules a whole `meetguard ARGV` run loads, in a fresh interpreter."""
    probe = (
        "import sys\n"
        "from meetguard import paths\n"
        f"paths.use_base_dir(__import__('pathlib').Path({str(tmp_path)!r}))\n"
        "from meetguard.app import main\n"
        f"code = main({argv!r})\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return set(result.stderr.split())


@pytest.mark.parametrize("argv", [["rights", "--json"], ["rights", "zoom"], ["account", "zoom"]])
def test_questions_about_terms_load_no_report_scanner_or_qt(
    argv: list[str], tmp_path: Path
) -> None:
    loaded = _imported_by(argv, tmp_path)
    assert "meetguard.services" in loaded, "the probe ran the command"
    heavy = ("meetguard.report", "meetguard.inventory.scanner", "meetguard.ui", "PySide6")
    assert sorted(m for m in loaded if m.startswith(heavy)) == []


def test_the_report_command_loads_the_report_package(tmp_path: Path) -> None:
    # The other half of the check above: the probe sees a package the command does load.
    loaded = _imported_by(["report", "-o", str(tmp_path / "r.md")], tmp_path)
    assert {"meetguard.report", "meetguard.inventory.scanner"} <= loaded


def test_read_is_exact_for_small_and_limit_sized_files(tmp_path: Path) -> None:
    host = Host.at_root(tmp_path, "linux", home="/home/a")
    for size in (0, 1, 4095, 4096):
        (tmp_path / "f").write_bytes(b"x" * size)
        assert host.read_bytes(tmp_path / "f", limit=4096) == b"x" * size
    (tmp_path / "f").write_bytes(b"x" * 4097)
    with pytest.raises(HostReadError, match="too large"):
        host.read_bytes(tmp_path / "f", limit=4096)


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_a_file_that_says_it_is_empty_is_still_read_whole() -> None:
    # /proc files report st_size 0: reading only the stat's size would return one byte.
    host = Host.at_root(Path("/"), "linux", home="/root")
    text = host.read_text(host.path("/proc/self/status"))
    assert text.startswith("Name:") and "\nPid:" in text


def _outside_contents(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "root"
    (root / "Users/alice").mkdir(parents=True)
    away = tmp_path / "away/Contents"
    away.mkdir(parents=True)
    (away / "Info.plist").write_bytes(plistlib.dumps({"CFBundleIdentifier": "us.zoom.xos"}))
    bundle = root / "Applications/zoom.us.app"
    bundle.mkdir(parents=True)
    return root, bundle


def test_a_symlinked_folder_inside_a_bundle_is_still_checked(
    tmp_path: Path, catalog: Catalog
) -> None:
    root, bundle = _outside_contents(tmp_path)
    (bundle / "Contents").symlink_to(tmp_path / "away/Contents")
    result = scan(Host.at_root(root, "macos"), catalog)
    assert result.installations == ()
    assert any("points outside" in w for w in result.warnings), result.warnings


def test_macos_scan_resolves_folders_not_every_bundle(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    mac = FakeMac(tmp_path)
    for i in range(200):
        mac.app("/Applications", f"App{i}", f"com.example.app{i}", "1.0")
    mac.app("/Applications", "zoom.us", "us.zoom.xos", "6.0")
    calls: list[str] = []
    realpath = os.path.realpath

    def counted(path: str | os.PathLike[str], **kwargs: bool) -> str:
        calls.append(str(path))
        return realpath(path, **kwargs)

    monkeypatch.setattr(os.path, "realpath", counted)
    result = scan(Host.at_root(tmp_path, "macos"), catalog)
    assert [i.client_id for i in result.installations] == ["zoom"]
    assert len(calls) < 20, calls[:30]


@pytest.mark.parametrize(
    ("system", "expected"), [("linux", "linux"), ("darwin", "macos"), ("win32", "windows")]
)
def test_the_running_platform_is_read_from_sys_platform(
    monkeypatch: pytest.MonkeyPatch, system: str, expected: str
) -> None:
    from meetguard.host import running_platform

    monkeypatch.setattr(sys, "platform", system)
    assert running_platform() == expected

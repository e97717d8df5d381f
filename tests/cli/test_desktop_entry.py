import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetguard import APP_ID, __version__, desktop_entry
from meetguard.app import main as run


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def exec_argv(value: str) -> list[str]:
    """Read an Exec value back: string escapes first, then the spec's double-quote rules."""
    unescaped = value.replace("\\\\", "\\")
    argv: list[str] = []
    i = 0
    while i < len(unescaped):
        if unescaped[i] == " ":
            i += 1
            continue
        if unescaped[i] == '"':
            arg, i = "", i + 1
            while unescaped[i] != '"':
                if unescaped[i] == "\\":
                    i += 1
                arg += unescaped[i]
                i += 1
            i += 1
        else:
            end = unescaped.find(" ", i)
            end = len(unescaped) if end < 0 else end
            arg, i = unescaped[i:end], end
        argv.append(arg.replace("%%", "%"))
    return argv


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1), min_size=1))
def test_exec_quoting_round_trips(argv: list[str]) -> None:
    assert exec_argv(desktop_entry.exec_value(argv)) == argv


def test_data_home_follows_the_xdg_spec() -> None:
    assert desktop_entry.data_home({"XDG_DATA_HOME": "/x/share", "HOME": "/h"}) == Path("/x/share")
    assert desktop_entry.data_home({"XDG_DATA_HOME": "rel", "HOME": "/h"}) == Path(
        "/h/.local/share"
    )
    assert desktop_entry.data_home({"HOME": "/h"}) == Path("/h/.local/share")


def test_install_then_uninstall(capsys: pytest.CaptureFixture[str]) -> None:
    home = data_home()
    keep = home / "applications" / "other.desktop"
    keep.parent.mkdir(parents=True)
    keep.write_text("[Desktop Entry]\n")

    assert run(["desktop-entry", "install"]) == 0
    entry = home / "applications" / f"{APP_ID}.desktop"
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    symbolic = home / "icons" / "hicolor" / "symbolic" / "apps" / f"{APP_ID}-symbolic.svg"
    assert capsys.readouterr().out.splitlines() == [
        f"Installed {entry}",
        f"Installed {icon}",
        f"Installed {symbolic}",
    ]
    assert icon.read_bytes().startswith(b"<?xml") and symbolic.is_file()
    command = exec_argv(read_entry(entry)["Exec"])
    assert Path(command[0]).is_absolute()
    assert command == desktop_entry.launch_command()

    assert run(["desktop-entry", "uninstall"]) == 0
    assert not entry.exists() and not icon.exists() and not symbolic.exists()
    assert keep.exists() and icon.parent.is_dir()
    assert run(["desktop-entry", "uninstall"]) == 0
    assert "Nothing to remove" in capsys.readouterr().out


def test_installed_entry_validates_and_launches() -> None:
    assert run(["desktop-entry", "install"]) == 0
    entry = data_home() / "applications" / f"{APP_ID}.desktop"
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout
    group = read_entry(entry)
    assert Path(group["TryExec"]).is_file()
    result = subprocess.run(
        [*exec_argv(group["Exec"]), "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"MeetGuard {__version__}"


def test_awkward_command_path_still_validates(tmp_path: Path) -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed")
    command = [str(tmp_path / 'my "apps" $HOME\\ 100%' / "meetguard"), "-m", "x y"]
    (written, *_) = desktop_entry.install(data_home(), command)
    result = subprocess.run(
        ["desktop-file-validate", str(written)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
    assert exec_argv(read_entry(written)["Exec"]) == command


def test_launch_command_falls_back_to_the_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sysconfig.get_path", lambda *_args: "/nonexistent/bin")
    assert desktop_entry.launch_command() == [sys.executable, "-m", "meetguard"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert desktop_entry.launch_command() == [sys.executable]


def test_install_into_unwritable_place_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert run(["desktop-entry", "install"]) == 1
    err = capsys.readouterr().err
    assert "cannot install" in err and "Traceback" not in err

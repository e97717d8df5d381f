"""One fake computer per OS holding every hostile thing of issue 12 at once.

`scan`, `report` in all four formats and `checklist` each give warnings and exit 0, print
nothing a terminal acts on, and write reports with no control characters or overrides.
"""

from __future__ import annotations

import plistlib
import re
import sys
from pathlib import Path

import pytest

from meetguard.app import main as run
from tests.fakehost import FakeMac
from tests.hostile.as_user import REPO, other_user_dir, run_as_other_user

ACTIVE = "\x1b]0;pwned\x07\x1b[31m\u0085\u009b\u202e\u2066\u200f"
ACTIVE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
COMMANDS = [
    ["scan"],
    ["scan", "--json"],
    ["checklist"],
    ["report", "-o", "r.pdf"],
    ["report", "-o", "r.html"],
    ["report", "-o", "r.md"],
    ["report", "-o", "r.json"],
]

BUILD_LINUX = f"""
import os, sys
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from tests.fakehost import FakeLinux
ACTIVE = {ACTIVE!r}
root = Path(sys.argv[1]) / "root"
fake = FakeLinux(root)
fake.zoom_deb("6.2" + ACTIVE)
fake.flatpak("com.slack.Slack", "4.41" + ACTIVE)
meta = next(root.glob("var/lib/flatpak/app/com.slack.Slack/**/*.metainfo.xml"))
meta.write_text(meta.read_text() + "<release " * 20000)
fake.snap("skype", "8.1" + ACTIVE)
user_apps = root / "home/alice/.local/share/applications"
user_apps.mkdir(parents=True)
(user_apps / os.fsdecode(b"caf\\xe9.desktop")).write_bytes(
    b"[Desktop Entry]\\nType=Application\\nName=Caf\\xe9 " + ACTIVE.encode()
    + b"\\nExec=cafe\\nCategories=VideoConference;\\n"
)
os.mkfifo(user_apps / "pipe.desktop")
(user_apps / "zero.desktop").symlink_to("/dev/zero")
(user_apps / "loop.desktop").symlink_to(user_apps / "loop.desktop")
(user_apps / "long.desktop").symlink_to("/" + "x" * 300 + "/y.desktop")
(user_apps / "binary.desktop").write_bytes(os.urandom(512) + b"\\0")
(root / "usr/share/applications").chmod(0)
"""


def _no_active(text: str, where: str) -> None:
    found = ACTIVE_CHARS.findall(text)
    assert not found, f"{where}: active characters {found[:5]}"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="file modes, FIFOs, an ordinary user")
def test_hostile_linux_computer(tmp_path: Path) -> None:
    folder = other_user_dir(tmp_path)
    built = run_as_other_user([sys.executable, "-c", BUILD_LINUX, str(folder)], folder)
    assert built.endswith("exit 0"), built
    host = ["--root", "root", "--platform", "linux"]
    for command in COMMANDS:
        out = run_as_other_user([sys.executable, "-m", "meetguard", *command, *host], folder)
        assert out.endswith("exit 0") and "Traceback" not in out, (command, out)
        _no_active(out, " ".join(command))
        if command[0] != "checklist":
            assert "Permission denied" in out and "not a regular file" in out, (command, out)
    for name in ("r.html", "r.md", "r.json"):
        text = (folder / name).read_text(encoding="utf-8")
        _no_active(text, name)
        assert "caf\\\\xe9" in text or "caf\\xe9" in text, f"{name}: the escaped name is shown"
        assert "pwned" in text, f"{name}: the version is shown, made inert"
    assert (folder / "r.pdf").read_bytes().startswith(b"%PDF")


UNINSTALL = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall"


def _hostile_reg() -> bytes:
    lines = [
        "Windows Registry Editor Version 5.00",
        "",
        f"[{UNINSTALL}\\ZoomUMX]",
        '"DisplayName"="Zoom Workplace"',
        f'"DisplayVersion"="6.2{ACTIVE}"',
        f"[{UNINSTALL}\\Broken",
        f"[{UNINSTALL}\\Other]",
        f'"DisplayName"="Caller {ACTIVE}"',
        '"Size"=dword:zz',
        f"[{UNINSTALL}\\Big]",
        '"Blob"=hex:' + "00,\\\n  " * 50_000 + "00",
        "not a value line",
    ]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xff\xfe" + text.encode("utf-16-le"))[:-1]  # cut one byte short, too


def _commands(root: Path, platform: str, extra: list[str]) -> list[list[str]]:
    host = ["--root", str(root), "--platform", platform, *extra]
    return [
        [*c[:2], str(root.parent / c[2]), *c[3:], *host] if c[0] == "report" else [*c, *host]
        for c in COMMANDS
    ]


def _run_all(commands: list[list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    for argv in commands:
        assert run(argv) == 0, argv
        out = capsys.readouterr()
        _no_active(out.out + out.err, " ".join(argv))
        if argv[0] != "checklist":
            assert "warning: " in out.err or '"warnings": [\n' in out.out, (argv, out)


def test_hostile_windows_computer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "pc"
    (root / "Users" / "alice").mkdir(parents=True)
    export = tmp_path / "export.reg"
    export.write_bytes(_hostile_reg())
    _run_all(_commands(root, "windows", ["--registry", str(export)]), capsys)
    text = (tmp_path / "r.json").read_text()
    _no_active(text, "r.json")
    assert "6.2]0;pwned[31m" in text


def test_hostile_mac(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "mac"
    fake = FakeMac(root)
    fake.app("/Applications", "zoom.us", "us.zoom.xos", f"6.2{ACTIVE}", binary=True)
    fake.app("/Applications", "Broken", "x", "1")
    (root / "Applications/Broken.app/Contents/Info.plist").write_bytes(b"<plist><dict>")
    prefs = root / "Library/Preferences"
    prefs.mkdir(parents=True)
    value = plistlib.dumps({"zDisableCMR": ACTIVE}, fmt=plistlib.FMT_BINARY)
    (prefs / "us.zoom.config.plist").write_bytes(value)
    (root / "Applications" / "Zero.app").symlink_to("/dev/zero")
    _run_all(_commands(root, "macos", []), capsys)
    for name in ("r.html", "r.md", "r.json"):
        _no_active((tmp_path / name).read_text(), name)

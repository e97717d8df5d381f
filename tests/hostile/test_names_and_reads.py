"""Names that are not UTF-8, text that would drive a terminal, and reads the OS refuses."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from meetguard.app import main as run
from meetguard.display_text import decoded, inert, one_line
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from meetguard.services import Services
from tests.fakehost import FakeLinux
from tests.hostile.as_user import other_user_dir, run_as_other_user

# Every character class item 14 names: ESC/OSC/BEL (C0), U+0085 and U+009B (C1), and the
# bidi overrides and marks U+202E, U+2066 and U+200F.
ACTIVE = "\x1b]0;pwned\x07\x1b[31m\u0085\u009b\u202e\u2066\u200f"
ACTIVE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
CAFE = os.fsdecode(b"caf\xe9")


def _hostile_linux(root: Path) -> FakeLinux:
    fake = FakeLinux(root)
    fake.zoom_deb(f"6.2{ACTIVE}")
    fake.file(
        f"/usr/share/applications/{CAFE}.desktop",
        b"[Desktop Entry]\nType=Application\nName=Caf\xe9 "
        + ACTIVE.encode()
        + b"Call\nExec=cafe\nCategories=VideoConference;\n",
    )
    fake.flatpak("com.slack.Slack", f"4.41{ACTIVE}")
    return fake


def test_the_boundary_rule() -> None:
    assert decoded(b"caf\xe9") == decoded(CAFE) == "caf\\xe9"
    assert inert(f"a{ACTIVE}b\tc\nd") == "a]0;pwned[31mb\tc\nd"
    assert one_line("a\nb\tc") == "a b c"
    assert inert("lone \ud800") == "lone \\ud800"
    assert ACTIVE_CHARS.search(inert("".join(map(chr, range(0x30000))))) is None


def _no_active(text: str) -> None:
    found = ACTIVE_CHARS.findall(text)
    assert not found, f"active characters reach the output: {found[:5]}"
    assert not re.search("[\ud800-\udfff]", text), "a lone surrogate reaches the output"


def test_scan_and_checklist_print_nothing_a_terminal_acts_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _hostile_linux(tmp_path)
    host = ["--root", str(tmp_path), "--platform", "linux"]
    for argv in (["scan", *host], ["scan", *host, "--json"], ["checklist", "zoom", *host]):
        assert run(argv) == 0, argv
        out = capsys.readouterr()
        _no_active(out.out + out.err)
    assert run(["scan", *host, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [o["location"] for o in data["other_calling_apps"]] == [
        "/usr/share/applications/caf\\xe9.desktop"
    ]
    assert data["installations"][-1]["version"] == "6.2]0;pwned[31m"


@pytest.mark.parametrize("fmt", ["html", "md", "json", "pdf"])
def test_every_report_format_takes_undecodable_names_and_notes(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "root"
    _hostile_linux(root)
    note = f"told IT {CAFE} {ACTIVE}"
    assert run(["mark", "zoom", "consent-settings", "done", "--note", note]) == 0
    target = tmp_path / f"r.{fmt}"
    assert run(["report", "-o", str(target), "--root", str(root), "--platform", "linux"]) == 0
    capsys.readouterr()
    stored = Services.open().store.marks()[("zoom", "consent-settings")].note
    assert stored == f"told IT caf\\xe9 {ACTIVE}", "kept, undecodable byte escaped"
    body = target.read_bytes()
    if fmt == "pdf":
        assert body.startswith(b"%PDF")
        return
    text = body.decode("utf-8")
    _no_active(text)
    assert "caf\\xe9" in text.replace("\\\\", "\\"), "the name is shown, escaped"


def test_unreadable_folder_is_a_warning_for_every_command(tmp_path: Path) -> None:
    folder = other_user_dir(tmp_path)
    setup = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
from pathlib import Path
from tests.fakehost import FakeLinux
root = Path(sys.argv[1]) / "root"
FakeLinux(root).zoom_deb()
(root / "usr/share/applications").chmod(0)
(root / "opt/zoom").chmod(0)
"""
    python = sys.executable
    assert run_as_other_user([python, "-c", setup, str(folder)], folder).endswith("exit 0")
    host = ["--root", "root", "--platform", "linux"]
    for argv in (
        ["scan", *host],
        ["checklist", "zoom", *host],
        ["report", "-o", "r.md", *host],
        ["report", "-o", "r.json", *host],
    ):
        out = run_as_other_user([python, "-m", "meetguard", *argv], folder)
        assert out.endswith("exit 0") and "Traceback" not in out, out
        if argv[0] != "checklist":  # the checklist reads no folder on Linux, only probes' files
            assert "cannot list /usr/share/applications: Permission denied" in out, out


def test_too_long_paths_are_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    FakeLinux(tmp_path).zoom_deb()
    long = "/" + "x" * 300
    host = Host.at_root(tmp_path, "linux", env={"XDG_DATA_DIRS": f"{long}:/usr/share"})
    result = scan(host, Services.open().catalog)
    assert [i.client_id for i in result.installations] == ["zoom"]
    assert any("File name too long" in w for w in result.warnings), result.warnings
    assert run(["scan", "--root", str(tmp_path), "--platform", "linux", "--home", long]) == 1
    assert "is not a folder under --root" in capsys.readouterr().err

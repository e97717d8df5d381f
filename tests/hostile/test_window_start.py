"""Starting the window: without a display, and with another user squatting the socket."""

from __future__ import annotations

import getpass
import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from meetguard import APP_ID, paths
from meetguard.ui.single_instance import SingleInstance, server_name
from tests.hostile.as_user import REPO, _command

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="X11/Wayland and peer credentials")


def test_without_a_display_one_sentence_and_exit_1(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(PYTHONPATH=str(REPO), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.run(
        [sys.executable, "-m", "meetguard"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("\n") == 1 and "no display" in proc.stderr, proc.stderr
    assert "meetguard report" in proc.stderr or "report" in proc.stderr
    assert "xcb" not in proc.stderr


def test_no_display_rule() -> None:
    from meetguard.app import no_display

    assert no_display({}, "linux")
    assert not no_display({"DISPLAY": ":0"}, "linux")
    assert not no_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not no_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert no_display({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not no_display({}, "darwin")


def _old_predictable_name() -> str:
    where = hashlib.sha256(str(paths.data_dir()).encode("utf-8")).hexdigest()[:12]
    return f"/tmp/{APP_ID}-{getpass.getuser()}-{where}"


SQUATTER = """
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(5)
print("listening", flush=True)
s.settimeout(20)
try:
    while True:
        s.accept()[0].close()
except OSError:
    pass
"""


def _squat(path: str) -> subprocess.Popen[str]:
    squatter = subprocess.Popen(
        _command([sys.executable, "-c", SQUATTER, path]),
        stdout=subprocess.PIPE,
        text=True,
        cwd="/",
    )
    assert squatter.stdout is not None and squatter.stdout.readline() == "listening\n"
    return squatter


def test_another_user_listening_first_cannot_stop_the_window(qtbot: QtBot) -> None:
    old = _old_predictable_name()
    squatter = _squat(old)
    try:
        instance = SingleInstance()
        assert instance.claim(), "the window opens although someone listens on the old name"
        folder = Path(server_name()).parent
        st = folder.stat()
        assert st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) == 0o700
        assert instance.listening
        instance.close()
    finally:
        squatter.kill()
        squatter.communicate()
        Path(old).unlink(missing_ok=True)


def test_a_connection_from_another_user_is_ignored(qtbot: QtBot, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to run the other end as another user")
    shared = Path("/tmp") / f"meetguard-shared-{os.getpid()}"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    try:
        instance = SingleInstance(str(shared / "instance"))
        assert instance.claim()
        (shared / "instance").chmod(0o777)
        woken: list[bool] = []
        instance.activated.connect(lambda: woken.append(True))
        knock = (
            "import socket, sys\n"
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
            "s.connect(sys.argv[1]); s.close(); print('knocked')"
        )
        proc = subprocess.Popen(
            _command([sys.executable, "-c", knock, str(shared / "instance")]),
            stdout=subprocess.PIPE,
            text=True,
            cwd="/",
        )
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20_000)
        assert "knocked" in proc.communicate()[0]
        qtbot.wait(300)
        assert woken == [], "another user's process cannot raise the window"
        assert not SingleInstance(str(shared / "instance")).claim(), "this user still can"
        assert instance.listening
        instance.close()
    finally:
        for p in shared.iterdir():
            p.unlink()
        shared.rmdir()

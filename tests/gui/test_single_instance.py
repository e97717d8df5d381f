import os
import socket
import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from meetguard.host import Host
from meetguard.services import Services
from meetguard.ui import application
from meetguard.ui.main_window import MainWindow
from meetguard.ui.single_instance import PipeInstance, SingleInstance, server_name
from tests.gui.test_no_network import _inet_sockets_held

# Windows runs PipeInstance (Qt's named pipe); on Unix Qt's QLocalServer takes a socket path,
# so both kinds are held to the same behaviour here.
KINDS = [SingleInstance, PipeInstance]


@pytest.mark.parametrize("kind", KINDS)
def test_second_start_wakes_the_first_and_steps_aside(
    qtbot: QtBot, tmp_path: Path, kind: type[SingleInstance | PipeInstance]
) -> None:
    from PySide6.QtCore import Qt

    name = str(tmp_path / "instance")
    first = kind(name)
    assert first.claim() and first.listening
    (tmp_path / "root" / "home" / "bob").mkdir(parents=True)
    window = MainWindow(Services.open(host=Host.at_root(tmp_path / "root", "linux")))
    qtbot.addWidget(window)
    window.showMinimized()
    first.activated.connect(lambda: application.bring_forward(window))
    with qtbot.waitSignal(first.activated, timeout=5000):
        second = kind(name)
        assert not second.claim()
    assert not second.listening
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    assert window.isVisible()
    # once the first has gone, the next start owns the name again
    first.close()
    third = kind(name)
    assert third.claim()
    third.close()


@pytest.mark.parametrize("kind", KINDS)
def test_socket_left_by_a_crash_is_taken_over(
    qtbot: QtBot, tmp_path: Path, kind: type[SingleInstance | PipeInstance]
) -> None:
    stale = tmp_path / "instance"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(stale))  # bound but never listening, like a killed instance's
    assert stale.exists()
    instance = kind(str(stale))
    assert instance.claim() and instance.listening
    with qtbot.waitSignal(instance.activated, timeout=5000):
        assert not kind(str(stale)).claim(), "the new socket answers the next start"
    instance.close()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
def test_the_socket_is_private_local_and_gone_after_close(qtbot: QtBot, tmp_path: Path) -> None:
    held = _inet_sockets_held()
    name = tmp_path / "instance"
    instance = SingleInstance(str(name))
    assert instance.claim()
    assert stat.S_ISSOCK(name.stat().st_mode)
    assert stat.S_IMODE(name.stat().st_mode) == 0o600
    with qtbot.waitSignal(instance.activated, timeout=5000):
        assert not SingleInstance(str(name)).claim()
    assert _inet_sockets_held() == held, "nothing listens on, or knocks through, the network"
    instance.close()
    assert not name.exists()


def test_close_leaves_the_socket_of_a_later_start(tmp_path: Path) -> None:
    name = tmp_path / "instance"
    first = SingleInstance(str(name))
    assert first.claim()
    name.unlink()  # as if removed, then taken by a later start
    later = SingleInstance(str(name))
    assert later.claim()
    first.close()
    assert name.exists() and later.listening
    later.close()
    assert not name.exists()


def test_name_is_per_user_and_per_data_folder(tmp_path: Path) -> None:
    from meetguard import paths

    one = server_name()
    paths.use_base_dir(tmp_path / "other")
    assert server_name() != one
    if os.name == "posix":  # a socket in a folder only this user can create files in
        assert Path(server_name()).parent == paths.runtime_dir()
    else:
        assert server_name().startswith("io.github.meetguard.MeetGuard-")


def test_store_recovery_is_said_once_in_a_banner(qtbot: QtBot, tmp_path: Path) -> None:
    from meetguard import paths

    (tmp_path / "root" / "home" / "alice").mkdir(parents=True)
    paths.store_path().write_bytes(b"garbage" * 500)
    texts = []
    for _ in range(2):
        window = MainWindow(Services.open(host=Host.at_root(tmp_path / "root", "linux")))
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.home.model.modelReset, timeout=10_000):
            assert application.open_user_data(window)
        texts.append(window.notice_text.text() if window.notice.isVisible() else "")
        window.services.store.close()
        window.close()
    assert "moved aside" in texts[0] and "damaged" in texts[0]
    assert texts[1] == ""

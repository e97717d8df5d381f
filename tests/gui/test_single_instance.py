import os
import socket
import uuid
from pathlib import Path

from PySide6.QtCore import QDir, Qt
from pytestqt.qtbot import QtBot

from meetguard.host import Host
from meetguard.services import Services
from meetguard.ui import application
from meetguard.ui.main_window import MainWindow
from meetguard.ui.single_instance import SingleInstance, server_name


def _name() -> str:
    return f"meetguard-test-{uuid.uuid4().hex[:12]}"


def test_second_start_wakes_the_first_and_steps_aside(qtbot: QtBot, tmp_path: Path) -> None:
    name = _name()
    first = SingleInstance(name)
    assert first.claim()
    (tmp_path / "root" / "home" / "bob").mkdir(parents=True)
    window = MainWindow(Services.open(host=Host.at_root(tmp_path / "root", "linux")))
    qtbot.addWidget(window)
    window.showMinimized()
    first.activated.connect(lambda: application.bring_forward(window))
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert not SingleInstance(name).claim()
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    assert window.isVisible()
    # once the first has gone, the next start owns the name again
    assert first.server is not None
    first.server.close()
    assert SingleInstance(name).claim()


def test_socket_left_by_a_crash_is_taken_over(tmp_path: Path) -> None:
    name = _name()
    stale = Path(QDir.tempPath()) / name
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(stale))  # bound but never listening, like a killed instance's
    assert stale.exists()
    instance = SingleInstance(name)
    assert instance.claim()
    assert instance.server is not None and instance.server.isListening()


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

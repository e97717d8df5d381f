from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from meetguard import paths
from meetguard.host import Host
from meetguard.services import Services
from meetguard.ui.main_window import MainWindow
from tests.fakehost import FakeLinux


def _window(qtbot: QtBot, root: Path) -> MainWindow:
    window = MainWindow(Services.open(), Host.at_root(root, "linux"))
    qtbot.addWidget(window)
    window.show()
    return window


def test_geometry_and_splitter_are_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path)
    first = _window(qtbot, tmp_path)
    first.resize(first.minimumSizeHint().width() + 20, 520)
    first.splitter.setSizes([320, 420])
    size, sizes = first.size(), first.splitter.sizes()
    assert size.width() != 1150  # not the default size, so restoring is what is tested
    first.close()
    assert (paths.config_dir() / "window.ini").exists()
    second = _window(qtbot, tmp_path)
    assert second.size() == size
    assert second.splitter.sizes() == sizes


def test_welcome_shows_once(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path)
    first = _window(qtbot, tmp_path)
    assert first.welcome.isVisible()
    assert "sends nothing" in first.welcome.findChildren(type(first.scan_label))[0].text()
    first.dismiss_welcome()
    assert not first.welcome.isVisible()
    first.close()
    assert not _window(qtbot, tmp_path).welcome.isVisible()


def test_tab_order_reaches_every_control(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).zoom_deb()
    window = _window(qtbot, tmp_path)
    with qtbot.waitSignal(window.clients.modelReset, timeout=10_000):
        window.start_scan()
    window.tabs.setCurrentIndex(1)
    panel = window.checklist
    wanted = {panel.table, panel.note, panel.mark_buttons["done"], window.client_list}
    seen = set()
    widget = window.client_list
    widget.setFocus()
    for _ in range(60):
        seen.add(widget)
        widget = widget.nextInFocusChain()
    assert wanted <= seen
    for button in panel.mark_buttons.values():
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert not button.shortcut().isEmpty()
        assert button.accessibleName()

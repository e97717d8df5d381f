import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from meetguard import paths
from meetguard.host import Host
from meetguard.services import Services
from meetguard.ui.main_window import MINIMUM_SIZE, MainWindow
from tests.fakehost import FakeLinux
from tests.gui.test_main_window import open_window, zoom_window


def _window(qtbot: QtBot, root: Path) -> MainWindow:
    window = MainWindow(Services.open(host=Host.at_root(root, "linux")))
    qtbot.addWidget(window)
    window.show()
    return window


def test_geometry_is_remembered_and_has_a_minimum(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path)
    first = _window(qtbot, tmp_path)
    assert first.minimumSize() == MINIMUM_SIZE
    first.resize(780, 560)
    size = first.size()
    assert size.width() != 1150  # not the default size, so restoring is what is tested
    first.close()
    assert (paths.config_dir() / "window.ini").exists()
    second = _window(qtbot, tmp_path)
    assert second.size() == size


def test_welcome_shows_once(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path)
    first = _window(qtbot, tmp_path)
    assert first.welcome.isVisible()
    assert "sends nothing" in first.welcome_text.text()
    first.dismiss_welcome()
    assert not first.welcome.isVisible()
    first.close()
    assert not _window(qtbot, tmp_path).welcome.isVisible()


def _mnemonics(window: MainWindow) -> list[str]:
    """The Alt+letter keys of every control the user can see now, menus included."""
    texts = [a.text() for a in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton | QLabel):
            texts.append(widget.text())
    tabs = window.app_view.tabs
    if tabs.isVisibleTo(window):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    found = []
    for text in texts:
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            found.append(match.group(1).lower())
    return found


def test_no_two_visible_controls_share_a_mnemonic(qtbot: QtBot, tmp_path: Path) -> None:
    fake = FakeLinux(tmp_path)
    fake.zoom_deb()
    fake.desktop("/usr/share/applications/qtox.desktop", "qTox", "qtox", "VideoConference;")
    window = open_window(qtbot, tmp_path)

    def rights() -> None:
        window.open_app("zoom")
        window.app_view.tabs.setCurrentIndex(0)

    def end() -> None:
        for _ in range(10):
            window.walk.go_next()

    pages: dict[str, Callable[[], None]] = {"home": window.show_home}
    pages["unknown"] = lambda: window.open_app("other:qtox")
    pages["unknown checklist"] = lambda: window.app_view.tabs.setCurrentIndex(1)
    pages["rights"] = rights
    pages["checklist"] = lambda: window.app_view.tabs.setCurrentIndex(1)
    pages["walk"] = window.continue_walk
    pages["end"] = end
    for name, show in pages.items():
        show()
        keys = _mnemonics(window)
        assert len(keys) > 4, name
        duplicates = {k for k in keys if keys.count(k) > 1}
        assert not duplicates, (name, duplicates)


def test_tab_order_reaches_every_control_of_a_step(qtbot: QtBot, tmp_path: Path) -> None:
    window = zoom_window(qtbot, tmp_path, focused=True)
    window.open_app("zoom")
    window.app_view.tabs.setCurrentIndex(1)
    panel = window.app_view.checklist
    editor = panel.editor
    wanted = {panel.table, editor.note, editor.copy_request, editor.mark_buttons["done"]}
    panel.table.setFocus()
    reached: list[QWidget] = []
    for _ in range(80):  # real Tab presses: only what the keyboard truly reaches counts
        focused = QApplication.focusWidget()
        assert focused is not None
        reached.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    missed = [type(w).__name__ + ":" + w.accessibleName() for w in wanted - set(reached)]
    assert not missed, missed
    for state, action in window.mark_actions.items():
        assert not action.shortcut().isEmpty(), state
        assert editor.mark_buttons[state].accessibleName()


def test_rights_card_is_one_tab_stop_with_its_links_inside(qtbot: QtBot, tmp_path: Path) -> None:
    window = zoom_window(qtbot, tmp_path, focused=True)
    window.open_app("zoom")
    browser = window.app_view.rights.browser
    browser.setFocus()
    anchors = 0
    for _ in range(200):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is not browser:
            break
        assert browser.textCursor().hasSelection()  # a link is focused, shown selected
        anchors += 1
    assert anchors > 3, "links inside the card are reachable with Tab"
    assert QApplication.focusWidget() is not browser, "Tab leaves the card after its last link"


def test_nothing_is_cut_at_800_by_600(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).busy_desktop()
    window = open_window(qtbot, tmp_path)
    window.resize(800, 600)
    pages: list[Callable[[], None]] = [window.show_home, lambda: window.open_app("zoom")]
    pages += [lambda: window.app_view.tabs.setCurrentIndex(1), window.continue_walk]
    for show in pages:
        show()
        qtbot.wait(20)
        assert window.width() == 800
        for button in window.findChildren(QAbstractButton):
            if button.isVisibleTo(window) and button.text():
                assert button.width() >= button.sizeHint().width(), button.text()
        editor = window.shown_editor()
        if editor is not None:
            assert editor.note.width() >= 200


def test_the_home_tables_use_a_wide_screen(qtbot: QtBot, tmp_path: Path) -> None:
    """At 1920 pixels the home column is as wide as it may be and centred, and every row of the
    busy computer fits on one line; at 800 the column fills the window."""
    from meetguard.ui.home_view import HOME_WIDTH
    from meetguard.ui.models import HomeModel

    FakeLinux(tmp_path).busy_desktop()
    window = _window(qtbot, tmp_path)
    window.resize(1920, 1080)  # as a first run on a wide screen: the size comes before the scan
    with qtbot.waitSignal(window.home.model.modelReset, timeout=10_000):
        window.start_scan()
    home = window.home
    _, table, proxy = home.sections["meeting"]
    qtbot.waitUntil(lambda: home.pages.width() == HOME_WIDTH, timeout=2000)
    left = home.pages.x()
    assert abs(left - (home.width() - left - home.pages.width())) <= 1, left
    qtbot.wait(50)
    for col in range(proxy.columnCount()):
        assert table.columnWidth(col) >= table.sizeHintForColumn(col), col
    heights = {table.rowHeight(r) for r in range(proxy.rowCount())}
    assert proxy.rowCount() > 4 and len(heights) == 1, heights
    assert table.columnWidth(HomeModel.NEXT) == max(
        table.columnWidth(c) for c in range(proxy.columnCount())
    )
    window.resize(800, 600)
    qtbot.waitUntil(lambda: home.pages.width() >= home.width() - 30, timeout=2000)

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from meetguard.host import Host, Platform
from meetguard.services import Services
from meetguard.ui import application
from meetguard.ui.export_dialog import ExportDialog
from meetguard.ui.home_view import APPS, EMPTY
from meetguard.ui.main_window import APP, HOME, SCANNING, WALK, MainWindow
from tests.fakehost import FakeLinux


def open_window(
    qtbot: QtBot, root: Path, platform: Platform = "linux", services: Services | None = None
) -> MainWindow:
    window = MainWindow(services or Services.open(host=Host.at_root(root, platform)))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.home.model.modelReset, timeout=10_000):
        window.start_scan()
    return window


def started_window(qtbot: QtBot, root: Path) -> MainWindow:
    """The window as `meetguard` opens it: painted, the user data opened, the first scan shown."""
    window = MainWindow(Services.open(host=Host.at_root(root, "linux")))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.home.model.modelReset, timeout=10_000):
        assert application.open_user_data(window)
    return window


def zoom_window(qtbot: QtBot, root: Path, focused: bool = False) -> MainWindow:
    """The window on a computer with Zoom's deb; `focused` when the test presses keys, which go
    to the active window only."""
    FakeLinux(root).zoom_deb()
    window = open_window(qtbot, root)
    if focused:
        window.activateWindow()
        qtbot.waitActive(window)
    return window


def home_row(window: MainWindow, key: str) -> int:
    model = window.home.model
    return next(r for r in range(model.rowCount()) if model.app(r).key == key)


def test_scan_open_mark_restart_export(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb("6.2.11.5069")
    window = open_window(qtbot, root)
    assert window.home.pages.currentIndex() == APPS
    assert window.home.model.rowCount() == 1
    row = home_row(window, "zoom")
    assert window.home.model.index(row, 0).data() == "Zoom Workplace"
    grade = window.home.model.index(row, 2).data()
    assert grade.startswith("Grade ") or grade == "Not enough evidence"
    table = window.home.table_for("meeting")
    table.setCurrentIndex(table.model().index(0, 0))
    table.activated.emit(table.currentIndex())
    assert window.pages.currentIndex() == APP
    text = window.app_view.rights.browser.toPlainText()
    assert "perpetual" in text and "2023-08-11" in text and "Grade" in text

    window.app_view.tabs.setCurrentIndex(1)
    panel = window.app_view.checklist
    assert panel.model.rowCount() >= 2
    panel.table.selectRow(1)
    panel.editor.note.setText("all three off")
    qtbot.mouseClick(panel.editor.mark_buttons["done"], Qt.MouseButton.LeftButton)
    assert panel.model.status(1).state == "done"
    assert "marked done" in window.statusBar().currentMessage()
    marked_id = panel.model.status(1).step.id
    window.close()

    again = open_window(qtbot, root)
    zoom = again.journey.apps[again.journey.find("zoom") or 0]
    assert {r.step.id: r.state for r in zoom.checklist.rows}[marked_id] == "done"
    assert "1 of" in again.home.model.index(0, 3).data()

    target = tmp_path / "report.html"
    launched: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "launch", lambda self: launched.append(self))
    again.export_action.trigger()
    (dialog,) = launched
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    dialog.ask_save_path = lambda fmt: target  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.save_button.click()
    html = target.read_text()
    assert "Zoom Workplace" in html and "all three off" in html


def test_scanning_state_shown_while_scan_runs(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).zoom_deb()
    window = MainWindow(Services.open(host=Host.at_root(tmp_path, "linux")))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.home.model.modelReset, timeout=10_000):
        window.start_scan()
        assert window.pages.currentIndex() == SCANNING
        assert not window.rescan_action.isEnabled()
    assert window.rescan_action.isEnabled()


def test_first_run_without_a_keyring_scans_with_no_dialog_and_no_banner_yet(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring is asked when a note field shows (tests/gui/test_notes_key.py says what the
    user is told then), not at start."""
    keyring.set_keyring(fail.Keyring())
    said: list[object] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a))
    FakeLinux(tmp_path).zoom_deb()
    window = started_window(qtbot, tmp_path)
    assert said == [] and QApplication.activeModalWidget() is None
    assert not window.services.notes_key_asked
    assert not window.notice.isVisible()
    assert window.home.model.rowCount() == 1


def test_user_data_opens_after_the_window_and_a_broken_store_is_said(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeLinux(tmp_path).zoom_deb()
    services = Services.open(host=Host.at_root(tmp_path, "linux"))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    assert not services.store_is_open, "the store must not open before the window shows"
    with qtbot.waitSignal(window.home.model.modelReset, timeout=10_000):
        assert application.open_user_data(window)
    assert services.store_is_open
    assert not window.notice.isVisible()

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: said.append(a[2]))
    broken = Services.open(
        store_path=tmp_path / "not-a-folder" / "x" / "s.sqlite3",
        host=Host.at_root(tmp_path, "linux"),
    )
    (tmp_path / "not-a-folder").write_text("a file where a folder should be")
    second = MainWindow(broken)
    qtbot.addWidget(second)
    second.show()
    assert not application.open_user_data(second)
    assert said and not second.isVisible()


def test_first_paint_is_announced_once(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path)
    window = MainWindow(Services.open(host=Host.at_root(tmp_path, "linux")))
    qtbot.addWidget(window)
    seen: list[int] = []
    window.first_painted.connect(lambda: seen.append(1))
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    window.repaint()
    qtbot.wait(50)
    assert seen == [1]


def test_home_is_shown_at_start(qtbot: QtBot, tmp_path: Path) -> None:
    window = zoom_window(qtbot, tmp_path)
    assert window.pages.currentIndex() == HOME
    assert window.home.pages.currentIndex() != EMPTY


def test_the_app_page_and_the_walk_are_built_when_the_user_goes_there(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from meetguard.ui.app_view import AppView
    from meetguard.ui.walk_view import WalkView

    window = zoom_window(qtbot, tmp_path)
    assert window.pages.count() == 4
    assert window.pages.currentIndex() == HOME and window.pages.currentWidget() is window.home
    assert not isinstance(window.pages.widget(APP), AppView)
    assert not isinstance(window.pages.widget(WALK), WalkView)
    window.continue_walk()  # the walk first: built in its own place, not after the others
    assert window.pages.currentIndex() == WALK and window.pages.currentWidget() is window.walk
    assert not isinstance(window.pages.widget(APP), AppView)
    window.open_app("zoom")
    assert window.pages.currentIndex() == APP and window.pages.currentWidget() is window.app_view
    assert window.app_view.app is not None and window.app_view.app.key == "zoom"
    assert [type(window.pages.widget(i)) for i in range(window.pages.count())][1:] == [
        type(window.home),
        AppView,
        WalkView,
    ]
    window.continue_walk()
    assert window.pages.currentWidget() is window.walk

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from meetguard.host import Host
from meetguard.services import Services
from meetguard.ui.export_dialog import ExportDialog
from meetguard.ui.main_window import EMPTY, LIST, SCANNING, MainWindow
from tests.fakehost import FakeLinux


def open_window(
    qtbot: QtBot, root: Path, platform: str = "linux", services: Services | None = None
) -> MainWindow:
    window = MainWindow(services or Services.open(), Host.at_root(root, platform))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.clients.modelReset, timeout=10_000):
        window.start_scan()
    return window


def test_scan_select_mark_restart_export(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb("6.2.11.5069")
    window = open_window(qtbot, root)
    assert window.left.currentIndex() == LIST
    assert window.clients.rowCount() == 1
    assert "Zoom Workplace" in window.clients.index(0, 0).data()
    assert "Grade" in window.clients.index(0, 0).data()
    text = window.rights.browser.toPlainText()
    assert "perpetual" in text and "2023-08-11" in text and "Grade" in text

    window.tabs.setCurrentIndex(1)
    panel = window.checklist
    assert panel.model.rowCount() >= 2
    panel.table.selectRow(1)
    panel.note.setText("all three off")
    qtbot.mouseClick(panel.mark_buttons["done"], Qt.MouseButton.LeftButton)
    assert panel.model.status(1).state == "done"
    marked_id = panel.model.status(1).step.id
    window.close()

    again = open_window(qtbot, root)
    states = {
        again.checklist.model.status(r).step.id: again.checklist.model.status(r).state
        for r in range(again.checklist.model.rowCount())
    }
    assert states[marked_id] == "done"

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


def test_empty_state(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "home" / "bob").mkdir(parents=True)
    window = open_window(qtbot, tmp_path)
    assert window.left.currentIndex() == EMPTY
    assert "No conferencing apps found" in window.empty_label.text()
    assert not window.tabs.isEnabled()


def test_scanning_state_shown_while_scan_runs(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).zoom_deb()
    window = MainWindow(Services.open(), Host.at_root(tmp_path, "linux"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.clients.modelReset, timeout=10_000):
        window.start_scan()
        assert window.left.currentIndex() == SCANNING
        assert not window.rescan_action.isEnabled()
    assert window.rescan_action.isEnabled()


def test_unknown_calling_app_has_no_checklist(qtbot: QtBot, tmp_path: Path) -> None:
    fake = FakeLinux(tmp_path)
    fake.desktop("/usr/share/applications/qtox.desktop", "qTox", "qtox", "VideoConference;")
    window = open_window(qtbot, tmp_path)
    assert "not reviewed" in window.clients.index(0, 0).data()
    assert "no review" in window.rights.browser.toPlainText()
    assert not window.tabs.isTabEnabled(1)


def test_client_list_model_is_consistent(qtbot: QtBot, qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    FakeLinux(tmp_path).zoom_deb()
    window = open_window(qtbot, tmp_path)
    qtmodeltester.check(window.clients)
    qtmodeltester.check(window.checklist.model)
    qtmodeltester.check(window.checklist.proxy)


def test_user_data_opens_after_the_window_and_a_broken_store_is_said(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetguard.ui import application

    FakeLinux(tmp_path).zoom_deb()
    services = Services.open()
    window = MainWindow(services, Host.at_root(tmp_path, "linux"))
    qtbot.addWidget(window)
    window.show()
    assert "store" not in vars(services), "the store must not open before the window shows"
    with qtbot.waitSignal(window.clients.modelReset, timeout=10_000):
        assert application.open_user_data(window)
    assert "store" in vars(services)

    said: list[str] = []
    monkeypatch.setattr(application.QMessageBox, "critical", lambda *a: said.append(a[2]))
    broken = Services.open(store_path=tmp_path / "not-a-folder" / "x" / "s.sqlite3")
    (tmp_path / "not-a-folder").write_text("a file where a folder should be")
    second = MainWindow(broken, Host.at_root(tmp_path, "linux"))
    qtbot.addWidget(second)
    second.show()
    assert not application.open_user_data(second)
    assert said and not second.isVisible()


def test_first_paint_is_announced_once(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path)
    window = MainWindow(Services.open(), Host.at_root(tmp_path, "linux"))
    qtbot.addWidget(window)
    seen: list[int] = []
    window.first_painted.connect(lambda: seen.append(1))
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    window.repaint()
    qtbot.wait(50)
    assert seen == [1]

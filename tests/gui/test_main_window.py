from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from meetguard.host import Host
from meetguard.services import Services
from meetguard.ui.export_dialog import ExportDialog
from meetguard.ui.main_window import MainWindow
from tests.fakehost import FakeLinux


def _window(qtbot: QtBot, root: Path) -> MainWindow:
    window = MainWindow(Services.open(), Host.at_root(root, "linux"))
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
    window = _window(qtbot, root)
    assert window.left.currentWidget() is window.client_list
    assert window.clients.rowCount() == 1
    assert "Zoom Workplace" in window.clients.index(0, 0).data()
    assert "perpetual" in window.rights.toPlainText()
    assert "2023-08-11" in window.rights.toPlainText()

    window.tabs.setCurrentIndex(1)
    assert window.steps.rowCount() >= 2
    window.step_table.selectRow(1)
    window.note.setText("all three off")
    qtbot.mouseClick(window.mark_buttons["done"], Qt.MouseButton.LeftButton)
    assert window.steps.index(1, 3).data() == "Done"
    marked_id = window.steps.status(1).step.id
    window.close()

    again = _window(qtbot, root)
    again.tabs.setCurrentIndex(1)
    states = {
        again.steps.status(r).step.id: again.steps.status(r).state
        for r in range(again.steps.rowCount())
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
    window = _window(qtbot, tmp_path)
    assert window.left.currentWidget() is window.empty_label
    assert "No conferencing apps found" in window.empty_label.text()


def test_scanning_state_shown_while_scan_runs(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).zoom_deb()
    window = MainWindow(Services.open(), Host.at_root(tmp_path, "linux"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.clients.modelReset, timeout=10_000):
        window.start_scan()
        assert window.left.currentIndex() == 0
        assert not window.rescan_action.isEnabled()
    assert window.rescan_action.isEnabled()

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from meetguard.catalog.model import Catalog
from meetguard.services import Services
from tests.fakehost import FakeLinux
from tests.gui.test_main_window import open_window


def test_guided_walk_through_a_whole_client(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb()
    window = open_window(qtbot, root)
    window.tabs.setCurrentIndex(1)
    panel = window.checklist
    qtbot.mouseClick(panel.guided_button, Qt.MouseButton.LeftButton)
    assert panel.is_guided
    total = panel.model.rowCount()
    assert panel.progress.text() == f"Step 1 of {total}"
    assert not panel.back_button.isEnabled()
    chosen = ["done", "skipped", "not-applicable"]
    for i in range(total):
        assert panel.progress.text() == f"Step {i + 1} of {total}"
        panel.note.setText(f"note {i}")
        qtbot.mouseClick(panel.mark_buttons[chosen[i % 3]], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    assert panel.progress.text() == f"Step {total - 1} of {total}"
    window.close()

    again = open_window(qtbot, root)
    marks = Services.open().store
    states = [again.checklist.model.status(r).state for r in range(total)]
    assert states == [chosen[i % 3] for i in range(total)]
    ledger = marks.ledger("zoom")
    assert [m.note for m in ledger] == [f"note {i}" for i in range(total)]


def test_list_filter_shows_only_chosen_states(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).zoom_deb()
    window = open_window(qtbot, tmp_path)
    panel = window.checklist
    total = panel.model.rowCount()
    panel.table.selectRow(0)
    panel.mark_current("done")
    panel.filter.setCurrentIndex(2)  # Done
    assert panel.proxy.rowCount() == 1
    panel.filter.setCurrentIndex(1)  # To do
    assert panel.proxy.rowCount() == total - 1
    panel.filter.setCurrentIndex(0)
    assert panel.proxy.rowCount() == total


def test_keyboard_marks_and_guided_navigation(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).zoom_deb()
    window = open_window(qtbot, tmp_path)
    window.tabs.setCurrentIndex(1)
    panel = window.checklist
    window.activateWindow()
    qtbot.waitActive(window)
    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    # A button's shortcut animates the click, which lands a moment later.
    qtbot.waitUntil(lambda: panel.model.status(0).state == "done", timeout=5000)
    panel.set_mode(1)
    qtbot.keyClick(panel.table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: panel.progress.text().startswith("Step 2 of"), timeout=5000)


def test_settings_button_only_when_a_url_exists(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).zoom_deb()
    window = open_window(qtbot, tmp_path)
    panel = window.checklist
    for row in range(panel.model.rowCount()):
        panel.table.selectRow(row)
        assert panel.open_settings.isEnabled() == bool(panel.model.status(row).step.url)
    assert "browser" in panel.open_settings.text()


def test_empty_checklist_explains_why(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).web_app("Google Meet", "kjgfgldnnfoeklkmfkjfagphfepbbdan")
    # Meet with work-account steps only: the shipped steps change as research lands.
    services = Services.open()
    services.catalog = Catalog(
        tuple(
            replace(c, checklist=tuple(s for s in c.checklist if s.applies_to == "business"))
            if c.id == "google-meet"
            else c
            for c in services.catalog.clients
        )
    )
    window = open_window(qtbot, tmp_path, services=services)
    panel = window.checklist
    account = window.rights.account
    account.setCurrentIndex(account.findData("personal"))
    account.activated.emit(account.currentIndex())
    assert panel.model.rowCount() == 0
    assert "choose your account type" in panel.detail.text()
    account.setCurrentIndex(account.findData("business"))
    account.activated.emit(account.currentIndex())
    assert panel.model.rowCount() > 0
    assert Services.open().store.account_type("google-meet") == "business"

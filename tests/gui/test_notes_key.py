"""The keyring is asked when the user comes to a note, not at start (#20: keyring, its backend
detection and the cipher cost ~100 ms and ~20 MiB); where notes cannot be encrypted, the note
field says so before the user types, and the store's banner too."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from meetguard.store.notes import UNREADABLE_NOTE, PlainReason
from meetguard.ui.app_view import CHECKLIST
from meetguard.ui.export_dialog import ExportDialog
from meetguard.ui.main_window import APP, PLAINTEXT_NOTICES, WALK, MainWindow
from meetguard.ui.step_editor import UNENCRYPTED_NOTES, StepEditor
from meetguard.ui.walk_view import STEP
from tests.conftest import LockedKeyring, MemoryKeyring
from tests.fakehost import FakeLinux
from tests.gui.test_main_window import started_window


def started(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The window as `meetguard` opens it: painted, the store opened, the first scan shown."""
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb()
    return started_window(qtbot, root)


def open_note_field(qtbot: QtBot, window: MainWindow, where: str) -> StepEditor:
    """Come to a step the way a user does: the app's checklist tab, or the guided walk."""
    if where == "walk":
        qtbot.mouseClick(window.home.continue_button, Qt.MouseButton.LeftButton)
        assert window.pages.currentIndex() == WALK and window.walk.mode == STEP
        return window.walk.editor
    table = window.home.table_for("meeting")
    index = table.model().index(0, 0)
    table.setCurrentIndex(index)
    table.activated.emit(index)
    assert window.pages.currentIndex() == APP
    bar = window.app_view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(CHECKLIST).center())
    assert window.app_view.tabs.currentIndex() == CHECKLIST
    return window.app_view.checklist.editor


@pytest.mark.parametrize("where", ["checklist", "walk"])
@pytest.mark.parametrize(
    ("backend", "reason"),
    [(fail.Keyring, "no-store"), (null.Keyring, "no-store"), (LockedKeyring, "keyring-failed")],
)
def test_without_a_keyring_the_note_field_says_so_before_the_user_types(
    qtbot: QtBot, tmp_path: Path, where: str, backend: type[KeyringBackend], reason: PlainReason
) -> None:
    keyring.set_keyring(backend())
    window = started(qtbot, tmp_path)
    assert not window.services.notes_key_asked, "start and scan ask no keyring"
    assert not window.notice.isVisible()
    editor = open_note_field(qtbot, window, where)
    assert editor.isVisible() and editor.note.text() == "", "nothing typed yet"
    assert editor.unencrypted.isVisible()
    assert editor.unencrypted.text() == UNENCRYPTED_NOTES[reason]
    assert window.notice.isVisible()
    assert window.notice_text.text() == PLAINTEXT_NOTICES[reason]
    backend_name = f"{backend.__module__}.{backend.__qualname__}"
    assert backend_name in window.notice.toolTip(), "the details name the backend"


@pytest.mark.parametrize("where", ["checklist", "walk"])
def test_with_a_working_keyring_the_note_field_says_nothing(
    qtbot: QtBot, tmp_path: Path, where: str, memory_keyring: MemoryKeyring
) -> None:
    window = started(qtbot, tmp_path)
    assert not window.services.notes_key_asked and memory_keyring.secrets == {}
    editor = open_note_field(qtbot, window, where)
    assert window.services.notes_key_asked, "coming to the note asked the keyring"
    assert len(memory_keyring.secrets) == 1, "and made the notes key there"
    assert editor.isVisible() and not editor.unencrypted.isVisible()
    assert not window.notice.isVisible()


def test_a_note_kept_before_is_opened_when_its_step_is_shown(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    first = started(qtbot, tmp_path)
    editor = open_note_field(qtbot, first, "checklist")
    step = editor.row.step if editor.row is not None else None
    assert step is not None
    editor.note.setText("asked IT on Monday")
    qtbot.mouseClick(editor.mark_buttons["done"], Qt.MouseButton.LeftButton)
    sealed = first.services.store.file.db.execute("SELECT note FROM marks").fetchone()[0]
    assert sealed != "asked IT on Monday", "sealed with the keyring's key"
    first.close()

    again = started(qtbot, tmp_path)
    assert not again.services.notes_key_asked, "the journey leaves notes out"
    app = again.journey.apps[again.journey.find("zoom") or 0]
    row = app.checklist.rows[app.checklist.row_of(step.id) or 0]
    assert row.state == "done" and row.note == ""
    shown = open_note_field(qtbot, again, "checklist")
    bar = again.app_view.checklist
    bar.table.selectRow(
        bar.proxy.mapFromSource(bar.model.index(app.checklist.rows.index(row), 0)).row()
    )
    assert shown.row is not None and shown.row.step.id == step.id
    assert shown.note.text() == "asked IT on Monday"
    assert again.services.notes_key_asked


def test_a_report_that_reads_a_note_whose_key_is_gone_says_so(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = started(qtbot, tmp_path)
    editor = open_note_field(qtbot, first, "checklist")
    editor.note.setText("asked IT on Monday")
    qtbot.mouseClick(editor.mark_buttons["done"], Qt.MouseButton.LeftButton)
    first.close()
    memory_keyring.secrets.clear()  # the notes key was deleted from the keyring

    again = started(qtbot, tmp_path)
    assert not again.services.notes_key_asked and not again.notice.isVisible()
    launched: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "launch", lambda self: launched.append(self))
    again.export_action.trigger()  # the dialog's preview reads the notes for the report
    assert launched and again.services.notes_key_asked
    assert again.notice.isVisible()
    assert "no longer in your keyring" in again.notice_text.text()
    assert UNREADABLE_NOTE in launched[0].preview.toPlainText()

"""The home view, the guided walk across apps, and every state's way forward."""

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from meetguard.catalog.model import Catalog, Client
from meetguard.checklist import build_checklist
from meetguard.host import Host
from meetguard.services import Services
from meetguard.store.marks import StoreError
from meetguard.ui.export_dialog import ExportDialog
from meetguard.ui.home_view import EMPTY
from meetguard.ui.main_window import APP, WALK
from meetguard.ui.walk_view import END, STEP, SUMMARY
from tests.fakehost import FakeLinux
from tests.gui.test_main_window import home_row, open_window, zoom_window

SLACK = ("com.slack.Slack", "4.41.105")


def _two_apps(root: Path) -> None:
    fake = FakeLinux(root)
    fake.zoom_deb("6.2.11.5069")
    fake.flatpak(*SLACK, user=True)


def test_home_counts_match_the_core(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "root"
    FakeLinux(root).busy_desktop()
    services = Services.open()
    zoom = services.catalog.get("zoom")
    assert zoom is not None
    for state, step in zip(("done", "not-applicable", "skipped"), zoom.checklist, strict=False):
        services.store.mark("zoom", step.id, step.revision, state, "", "6.2.11.5069")
    services.store.close()
    window = open_window(qtbot, root)
    model = window.home.model
    marks = window.services.store.marks()
    handled = total = 0
    for row in range(model.rowCount()):
        app = model.app(row)
        if app.client is None:
            continue
        installation = app.installations[0] if app.installations else None
        core = build_checklist(
            app.client,
            window.services.store.account_type(app.client.id),
            installation,
            marks,
            window.inspection.probes if window.inspection else {},
        )
        handled, total = handled + core.handled, total + core.total
        text = model.index(row, model.HANDLED).data()
        if core.total:
            assert text == f"{core.handled} of {core.total} handled", app.key
        else:
            assert text == "No sourced steps", app.key
    assert model.index(home_row(window, "zoom"), model.HANDLED).data().startswith("2 of ")
    assert window.journey.handled == handled >= 2
    assert f"{handled} of " in window.home.totals.text()
    assert "Retired" in model.index(home_row(window, "skype"), model.APP).data()
    assert "Not reviewed" in model.index(home_row(window, "other:qtox"), model.APP).data()
    assert window.home.continue_button.text().startswith("&Continue: ")


def test_search_and_filter_narrow_the_list(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).busy_desktop()
    services = Services.open(host=Host.at_root(tmp_path, "linux"))
    signal = services.catalog.get("signal")
    assert signal is not None
    for step in signal.checklist:  # one app with nothing left to do
        services.store.mark("signal", step.id, step.revision, "done")
    window = open_window(qtbot, tmp_path, services=services)
    proxy = window.home.sections["meeting"][2]
    everything = proxy.rowCount()
    window.home.search.setText("zoom")
    assert proxy.rowCount() == 1
    window.home.search.setText("nothing like this")
    assert proxy.rowCount() == 0 and window.home.no_match.isVisibleTo(window.home)
    window.home.search.clear()
    window.home.show_filter.setCurrentIndex(1)
    assert proxy.rowCount() == everything - 1


def test_guided_walk_through_two_apps_to_the_summary(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_apps(tmp_path)
    window = open_window(qtbot, tmp_path)
    apps = [a for a in window.journey.apps if a.checklist.total]
    assert [a.key for a in apps] == ["slack", "zoom"]
    qtbot.mouseClick(window.home.continue_button, Qt.MouseButton.LeftButton)
    walk = window.walk
    assert window.pages.currentIndex() == WALK and walk.mode == STEP
    total = window.journey.total
    assert walk.progress.text() == f"0 of {total} steps handled"
    chosen = ["done", "skipped", "not-applicable"]
    marked = 0
    for app in apps:
        for _ in range(app.checklist.total):
            assert walk.mode == STEP
            assert app.name in walk.where.text()
            state = chosen[marked % 3]
            qtbot.mouseClick(walk.editor.mark_buttons[state], Qt.MouseButton.LeftButton)
            marked += 1
        assert walk.mode == END
        assert app.name in walk.end_text.text()
        handled = sum(1 for i in range(marked) if chosen[i % 3] != "skipped")
        assert walk.progress.text() == f"{handled} of {total} steps handled"
        if app.key == "slack":
            assert walk.next_app_button.text() == "&Continue with Zoom Workplace"
        qtbot.mouseClick(walk.next_app_button, Qt.MouseButton.LeftButton)
    assert walk.mode == SUMMARY
    summary = walk.summary.text()
    skipped = marked // 3 + (1 if marked % 3 > 1 else 0)
    assert f"{skipped} skipped, 0 left to do" in summary
    launched: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "launch", lambda self: launched.append(self))
    qtbot.mouseClick(walk.export_button, Qt.MouseButton.LeftButton)
    assert len(launched) == 1


def test_walk_starts_at_the_first_step_still_to_do_and_resumes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    _two_apps(tmp_path)
    window = open_window(qtbot, tmp_path)
    slack = window.journey.apps[0]
    window.walk_from_app("zoom")
    zoom = window.journey.apps[1]
    first = zoom.checklist.rows[0].step
    window.mark_shown_step("done")
    second = zoom.checklist.rows[1].step.feature
    window.close()

    again = open_window(qtbot, tmp_path)
    label = again.home.continue_button.text()
    assert label == f"&Continue: Zoom Workplace, step 2 of {zoom.checklist.total} — " + (
        second.replace("&", "&&")
    )
    again.continue_walk()
    assert again.walk.editor.row is not None
    assert again.walk.editor.row.step.feature == second
    assert slack.checklist.open  # Slack is still to do, yet the walk resumed where it was left
    assert first.id != again.walk.editor.row.step.id


def test_a_note_survives_next_and_back_and_is_in_the_ledger(qtbot: QtBot, tmp_path: Path) -> None:
    window = zoom_window(qtbot, tmp_path)
    window.continue_walk()
    walk = window.walk
    step_id = walk._step_id
    qtbot.keyClicks(walk.editor.note, "asked Sam")
    qtbot.mouseClick(walk.next_button, Qt.MouseButton.LeftButton)
    assert walk._step_id != step_id
    qtbot.mouseClick(walk.previous_button, Qt.MouseButton.LeftButton)
    assert walk._step_id == step_id
    assert walk.editor.note.text() == "asked Sam"
    ledger = window.services.store.ledger("zoom")
    assert [(m.step_id, m.note, m.state) for m in ledger] == [(step_id, "asked Sam", "pending")]


def test_a_typed_note_is_saved_after_a_pause(qtbot: QtBot, tmp_path: Path) -> None:
    window = zoom_window(qtbot, tmp_path)
    window.continue_walk()
    qtbot.keyClicks(window.walk.editor.note, "typed")
    qtbot.waitUntil(lambda: len(window.services.store.ledger()) == 1, timeout=5000)
    assert window.services.store.ledger()[0].note == "typed"


def test_an_app_used_in_the_browser_is_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "home" / "alice").mkdir(parents=True)
    window = open_window(qtbot, tmp_path)
    assert window.home.pages.currentIndex() == EMPTY
    assert window.home.empty_add.isVisible()
    offered: list[tuple[Client, ...]] = []

    def choose(choices: tuple[Client, ...]) -> str:
        offered.append(choices)
        return "teams"

    window.ask_added_app = choose  # type: ignore[method-assign]
    qtbot.mouseClick(window.home.empty_add, Qt.MouseButton.LeftButton)
    assert "teams" in {c.id for c in offered[0]}
    assert window.pages.currentIndex() == APP
    assert "Microsoft Teams" in window.app_view.title.text()
    window.close()

    again = open_window(qtbot, tmp_path)
    (app,) = again.journey.apps
    assert app.key == "teams" and app.added and app.section == "browser"
    assert again.home.sections["browser"][1].isVisibleTo(again.home)
    assert app.checklist.total > 0


def test_retired_app_gets_steps_and_a_request_to_copy(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).snap("skype", "8.138.0.203")
    window = open_window(qtbot, tmp_path)
    window.open_app("skype")
    window.app_view.tabs.setCurrentIndex(1)
    panel = window.app_view.checklist
    ids = [panel.model.status(r).step.id for r in range(panel.model.rowCount())]
    assert ids == ["retired-export", "retired-uninstall", "retired-ask-vendor"]
    assert "general advice" in panel.model.index(0, 0).data()
    panel.table.selectRow(2)
    editor = panel.editor
    assert editor.copy_request.isVisibleTo(window)
    qtbot.mouseClick(editor.copy_request, Qt.MouseButton.LeftButton)
    assert "Skype" in QGuiApplication.clipboard().text()
    assert "privacy" in (editor.row.step.source_url if editor.row else "")


def test_unknown_app_gets_general_checks_and_a_review_request(qtbot: QtBot, tmp_path: Path) -> None:
    fake = FakeLinux(tmp_path)
    fake.desktop("/usr/share/applications/qtox.desktop", "qTox", "qtox", "VideoConference;")
    window = open_window(qtbot, tmp_path)
    window.open_app("other:qtox")
    view = window.app_view
    assert "has not reviewed" in view.rights.browser.toPlainText()
    assert view.review.isVisibleTo(window)
    qtbot.mouseClick(view.review, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().startswith("Please review qTox")
    assert view.tabs.isTabEnabled(1)
    assert view.checklist.model.rowCount() == 2
    view.tabs.setCurrentIndex(1)
    window.mark_shown_step("done")
    assert window.services.store.marks()[("other:qtox", "look-for-ai")].state == "done"


def test_an_app_with_no_sourced_steps_says_why(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "home" / "alice").mkdir(parents=True)
    # Meet with work-account steps only, and Whereby with none: shipped steps change as
    # research lands.
    services = Services.open(host=Host.at_root(tmp_path, "linux"))
    services.catalog = Catalog(
        tuple(
            replace(c, checklist=tuple(s for s in c.checklist if s.applies_to == "business"))
            if c.id == "google-meet"
            else replace(c, checklist=())
            if c.id == "whereby"
            else c
            for c in services.catalog.clients
        )
    )
    window = open_window(qtbot, tmp_path, services=services)
    window.ask_added_app = lambda choices: "whereby"  # type: ignore[method-assign]
    window.add_app()
    window.app_view.tabs.setCurrentIndex(1)
    text = window.app_view.checklist.editor.detail.text()
    assert "What to check instead" in text
    window.ask_added_app = lambda choices: "google-meet"  # type: ignore[method-assign]
    window.add_app()
    text = window.app_view.checklist.editor.detail.text()
    assert "choose your account type" in text


def test_admin_step_offers_the_request_and_an_email(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = zoom_window(qtbot, tmp_path)
    window.open_app("zoom")
    window.app_view.tabs.setCurrentIndex(1)
    editor = window.app_view.checklist.editor
    assert editor.row is not None and editor.row.step.ask_admin
    qtbot.mouseClick(editor.copy_request, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == editor.row.step.ask_admin
    assert not editor.send_email.isEnabled()
    opened: list[str] = []
    monkeypatch.setattr(editor, "open_url", opened.append)
    editor.admin_email.setText("it@example.org")
    qtbot.mouseClick(editor.send_email, Qt.MouseButton.LeftButton)
    (url,) = opened
    assert url.startswith("mailto:it%40example.org?subject=") and "body=Please" in url


def test_keyboard_only_completes_one_app(qtbot: QtBot, tmp_path: Path) -> None:
    window = zoom_window(qtbot, tmp_path, focused=True)
    window.home.continue_button.setFocus()
    qtbot.keyClick(window.home.continue_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.pages.currentIndex() == WALK, timeout=5000)
    total = window.journey.total
    for i in range(total):
        qtbot.waitUntil(lambda: window.walk.mode == STEP, timeout=5000)
        focus = QApplication.focusWidget() or window
        qtbot.keyClick(focus, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)

        def marked(n: int = i + 1) -> bool:
            return window.journey.handled == n

        qtbot.waitUntil(marked, timeout=5000)
    assert window.walk.mode == END
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.walk.mode == SUMMARY, timeout=5000)
    assert window.journey.handled == window.journey.total == total


def test_ctrl_e_exports_from_the_note_field(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = zoom_window(qtbot, tmp_path, focused=True)
    window.continue_walk()
    launched: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "launch", lambda self: launched.append(self))
    note = window.walk.editor.note
    note.setFocus()
    qtbot.keyClicks(note, "x")
    qtbot.keyClick(note, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(launched) == 1
    assert window.services.store.ledger()[0].note == "x"  # export saves the note first


def test_status_bar_names_states_in_words(qtbot: QtBot, tmp_path: Path) -> None:
    window = zoom_window(qtbot, tmp_path)
    window.continue_walk()
    window.mark_shown_step("not-applicable")
    assert window.statusBar().currentMessage().endswith("marked not applicable")


def test_a_full_disk_is_said_and_the_note_stays(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = zoom_window(qtbot, tmp_path)
    window.continue_walk()

    def full(*args: object) -> None:
        raise StoreError("The disk holding your MeetGuard data is full.")

    monkeypatch.setattr(window.services.store, "mark", full)
    monkeypatch.setattr(window.services.store, "set_note", full)
    qtbot.keyClicks(window.walk.editor.note, "asked Sam")
    window.mark_shown_step("done")
    assert window.statusBar().currentMessage() == (
        "Not saved: The disk holding your MeetGuard data is full."
    )
    assert window.walk.editor.note.text() == "asked Sam"
    window.walk.editor.note.editingFinished.emit()
    assert window.statusBar().currentMessage().startswith("Not saved")


def test_links_open_only_when_the_user_clicks_and_only_web_or_mail(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda u: opened.append(u.url()))
    window = zoom_window(qtbot, tmp_path)
    window.open_app("zoom")
    window.app_view.tabs.setCurrentIndex(1)
    checklist = window.app_view.checklist
    editor = checklist.editor
    with_url = None
    for row in range(checklist.proxy.rowCount()):
        checklist.table.selectRow(row)
        assert editor.row is not None
        if editor.row.step.url and with_url is None:
            with_url = row
    assert opened == [], "showing every step opened nothing"
    assert with_url is not None
    checklist.table.selectRow(with_url)
    assert editor.row is not None and editor.open_settings.isEnabled()
    qtbot.mouseClick(editor.open_settings, Qt.MouseButton.LeftButton)
    assert opened == [editor.row.step.url]
    for refused in ("http://example.org/", "file:///etc/passwd", "ftp://example.org/"):
        editor.open_url(refused)
    assert opened == [editor.row.step.url], "only https and mailto links reach the desktop"

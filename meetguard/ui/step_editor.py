"""One checklist step, as the user acts on it: where the setting is, the note, the marks.

The checklist tab and the guided walk both show a step through this widget, so
a note is saved the same way everywhere: as the user types (after a pause) and
whenever the step is left.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from meetguard.catalog.model import CONTROLLERS, SURFACES
from meetguard.checklist import ChecklistRow
from meetguard.checklist.generic import GENERAL
from meetguard.display_text import html_escaped
from meetguard.views import location, step_view

if TYPE_CHECKING:
    from meetguard.store.notes import PlainReason

MARKS = (
    ("done", "&Done"),
    ("skipped", "S&kip"),
    ("not-applicable", "Not a&pplicable"),
    ("pending", "Back to &to do"),
)
NOTE_PAUSE_MS = 700
# Beside the note field, before the user types, by the store's reason why notes are not
# encrypted.
UNENCRYPTED_NOTES: dict[PlainReason, str] = {
    "no-store": (
        "Notes are not encrypted on this computer: it has no password store MeetGuard can use. "
        "What you type here is kept in plain text, readable only by your user account."
    ),
    "keyring-failed": (
        "Notes cannot be encrypted right now: the password store did not answer (it may be "
        "locked). What you type here is kept in plain text, readable only by your user "
        "account, until MeetGuard can use the password store again."
    ),
}
# Lines longer than this many pixels are hard to read; wide windows centre the text instead.
READABLE_WIDTH = 820
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChecklistStep", text)


def step_html(status: ChecklistRow) -> str:
    s, probe = status.step, status.probe
    e = html_escaped

    def line(label: str, value: str) -> str:
        return f"<br><b>{e(_tr(label))}</b> {value}"

    parts = [f"<h3>{e(_tr(s.feature))}</h3><p>{e(_tr(s.what))}</p><p>"]
    where = location(e(_tr(SURFACES[s.surface])), e(" › ".join(_tr(p) for p in s.path)))
    parts.append(f"<b>{e(_tr('Where:'))}</b> {where}")
    parts.append(line("Recommended:", e(_tr(s.recommended))))
    parts.append(
        line("Who can change it:", f"{e(_tr(CONTROLLERS[s.controlled_by]))}. {e(_tr(s.why))}")
    )
    if s.participants:
        parts.append(line("What participants see:", e(_tr(s.participants))))
    if s.ask_admin:
        label = (
            "If you are not the admin, send them:"
            if s.controlled_by == "admin" or s.surface == "admin"
            else "Text to send:"
        )
        parts.append(line(label, f"<i>{e(_tr(s.ask_admin))}</i>"))
    if probe is not None:
        parts.append(line("On this computer:", f"{e(_tr(probe.label))} ({e(probe.detail)})"))
    if s.caveat == GENERAL:
        parts.append(line("General advice:", e(_tr(s.caveat))))
    elif flag := step_view(s, status).flag:
        parts.append(line(f"{flag.capitalize()}:", e(_tr(s.caveat))))
    elif s.caveat:
        parts.append(line("Note:", e(_tr(s.caveat))))
    if status.reason:
        parts.append(line("Re-check:", e(status.reason)))
    if s.source_url:
        doc = s.document
        read = _tr("{0}, {1}, read {2}").format(
            _tr(doc.kind_label), doc.date_text, doc.retrieved.isoformat()
        )
        if s.caveat == GENERAL:
            read = _tr("the vendor's own document")
        parts.append(f'<br><a href="{e(s.source_url)}">{e(_tr("Source"))}</a> ({e(read)})')
    if status.mark is not None and status.mark.state != "pending":
        when = status.mark.marked_at.strftime("%Y-%m-%d %H:%M UTC")
        parts.append(line("Your mark:", f"{e(_tr(status.label))}, {when}"))
    parts.append("</p>")
    return "".join(parts)


class NoteField(QLineEdit):
    """A line edit that leaves the window's shortcuts (Ctrl+E: export) to the window."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if pressed.matches(QKeySequence("Ctrl+E")) == QKeySequence.SequenceMatch.ExactMatch:
                event.ignore()
                return False
        return super().event(event)


def _row_note(row: ChecklistRow) -> str:
    return row.note


class FitScroll(QScrollArea):
    """A word-wrapped label shown whole where there is room, and scrolled where there is not
    (a long caveat in a short window would otherwise cut off the step's source)."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self.label = label
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # the text sits on the page, not on a box of its own
        self.viewport().setAutoFillBackground(False)
        label.setAutoFillBackground(False)

    def sizeHint(self) -> QSize:
        # the whole width: where the text fits, no scroll bar takes a part of it
        frame = 2 * self.frameWidth()
        width = min(self.width() - frame, self.label.maximumWidth())
        return QSize(self.label.sizeHint().width(), self.label.heightForWidth(width) + frame)

    def text_changed(self) -> None:
        self.updateGeometry()
        self.verticalScrollBar().setValue(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class StepEditor(QWidget):
    """Shows `row`; says `marked(state, note)` and `note_changed(note)` for the owner to save."""

    marked = Signal(str, str)
    note_changed = Signal(str)
    # A step's note field is in view: the owner asks, the first time, whether notes can be
    # encrypted, and says so with `say_unencrypted` before the user types.
    note_shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: ChecklistRow | None = None
        # Where a step's note comes from: the owner's rows may leave notes out (opening one
        # may ask the keyring), and then it gives the note when the step is shown.
        self.note_of: Callable[[ChecklistRow], str] = _row_note
        self._saved_note = ""
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.detail.linkActivated.connect(self.open_url)
        self.detail.setAccessibleName(self.tr("Selected step"))
        self.detail.setMaximumWidth(READABLE_WIDTH)

        self.copy_request = QPushButton(self.tr("Cop&y the request"))
        self.copy_request.setAccessibleDescription(
            self.tr("Copies the text to send to whoever can change this setting")
        )
        self.copy_request.clicked.connect(self._copy_request)
        self.admin_label = QLabel(self.tr("Admin &email:"))
        self.admin_email = QLineEdit()
        self.admin_email.setPlaceholderText(self.tr("optional, e.g. it@example.org"))
        self.admin_label.setBuddy(self.admin_email)
        self.admin_email.textChanged.connect(self._email_changed)
        self.send_email = QPushButton(self.tr("Send by e&mail"))
        self.send_email.setEnabled(False)
        self.send_email.clicked.connect(self._send_email)
        self.request_row = QWidget()
        rl = QHBoxLayout(self.request_row)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.copy_request)
        rl.addWidget(self.admin_label)
        rl.addWidget(self.admin_email, 1)
        rl.addWidget(self.send_email)
        rl.addStretch()

        self.open_settings = QPushButton(self.tr("Open settings page in &browser"))
        self.open_settings.setAccessibleDescription(
            self.tr("Hands the vendor's settings page to your web browser")
        )
        self.open_settings.clicked.connect(self._open_settings)

        self.note = NoteField()
        self.note.setPlaceholderText(self.tr("Optional note, kept with your mark"))
        self.note.setAccessibleName(self.tr("Note for this step"))
        self.note.setMinimumWidth(200)
        self.note.textEdited.connect(self._note_typed)
        self.note.editingFinished.connect(self.save_note)
        note_label = QLabel(self.tr("&Note:"))
        note_label.setBuddy(self.note)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_PAUSE_MS)
        self._note_timer.timeout.connect(self.save_note)
        note_row = QHBoxLayout()
        note_row.addWidget(note_label)
        note_row.addWidget(self.note, 1)
        self.unencrypted = QLabel()
        self.unencrypted.setWordWrap(True)
        self.unencrypted.setAccessibleName(self.tr("Notes are not encrypted"))
        self.unencrypted.setMaximumWidth(READABLE_WIDTH)
        self.unencrypted.hide()

        self.mark_buttons: dict[str, QPushButton] = {}
        marks = QHBoxLayout()
        marks.addWidget(self.open_settings)
        marks.addStretch()
        for state, label in MARKS:
            button = QPushButton(self.tr(label))
            button.setAccessibleName(self.tr("Mark step: {0}").format(label.replace("&", "")))
            button.clicked.connect(lambda _=False, s=state: self.mark(s))
            marks.addWidget(button)
            self.mark_buttons[state] = button

        self.detail_area = FitScroll(self.detail)
        inner = QVBoxLayout()
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.detail_area)
        inner.addWidget(self.request_row)
        inner.addLayout(note_row)
        inner.addWidget(self.unencrypted)
        inner.addLayout(marks)
        inner.addStretch(1)
        self.body = QWidget()
        self.body.setLayout(inner)
        self.body.setMaximumWidth(READABLE_WIDTH + 40)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.body, 1)
        self.show_row(None, "")

    def show_row(self, row: ChecklistRow | None, empty_text: str) -> None:
        """Show a step (saving the note of the one left), or `empty_text` when there is none."""
        self.save_note()
        self.row = row
        has = row is not None
        for button in self.mark_buttons.values():
            button.setEnabled(has)
        self.note.setEnabled(has)
        if row is None:
            self.detail.setText(empty_text)
            self.detail_area.text_changed()
            self.open_settings.setEnabled(False)
            self.request_row.hide()
            self._saved_note = ""
            self.note.clear()
            return
        self.detail.setText(step_html(row))
        self.detail_area.text_changed()
        if self.isVisible():
            self.note_shown.emit()
        self._saved_note = self.note_of(row)
        self.note.setText(self._saved_note)
        self.open_settings.setEnabled(bool(row.step.url))
        self.request_row.setVisible(bool(row.step.ask_admin))
        admin = row.step.controlled_by == "admin" or row.step.surface == "admin"
        for widget in (self.admin_label, self.admin_email, self.send_email):
            widget.setVisible(admin)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.row is not None:
            self.note_shown.emit()

    def say_unencrypted(self, reason: PlainReason | None) -> None:
        if reason is not None:
            self.unencrypted.setText(self.tr(UNENCRYPTED_NOTES[reason]))
        self.unencrypted.setVisible(reason is not None)

    def _note_typed(self, _text: str) -> None:
        self._note_timer.start()

    def save_note(self) -> None:
        self._note_timer.stop()
        if self.row is None or self.note.text() == self._saved_note:
            return
        self._saved_note = self.note.text()
        self.note_changed.emit(self._saved_note)

    def mark(self, state: str) -> None:
        if self.row is None:
            return
        self._note_timer.stop()
        self._saved_note = self.note.text()
        self.marked.emit(state, self.note.text())

    # requests and links ------------------------------------------------------------

    def request_text(self) -> str:
        return _tr(self.row.step.ask_admin) if self.row is not None else ""

    def _copy_request(self) -> None:
        QGuiApplication.clipboard().setText(self.request_text())

    def _email_changed(self, text: str) -> None:
        self.send_email.setEnabled(bool(_EMAIL.match(text.strip())))

    def mailto(self) -> str:
        if self.row is None:
            return ""
        subject = _tr("Please change a setting: {0}").format(_tr(self.row.step.feature))
        return (
            f"mailto:{quote(self.admin_email.text().strip())}"
            f"?subject={quote(subject)}&body={quote(self.request_text())}"
        )

    def _send_email(self) -> None:
        self.open_url(self.mailto())

    def _open_settings(self) -> None:
        if self.row is not None and self.row.step.url:
            self.open_url(self.row.step.url)

    def open_url(self, url: str) -> None:
        """Hand a link to the desktop (tests replace this); only web and mail links."""
        if url.startswith(("https://", "mailto:")):
            QDesktopServices.openUrl(QUrl(url))

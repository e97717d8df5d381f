"""The guided walk: one step at a time across every app, an end for each app, then a summary."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from meetguard.checklist.journey import Journey, Place
from meetguard.display_text import html_escaped
from meetguard.ui.step_editor import READABLE_WIDTH, StepEditor

STEP, END, SUMMARY = range(3)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Walk", text)


def summary_html(journey: Journey) -> str:
    e = html_escaped
    done = sum(1 for a in journey.apps for r in a.checklist.rows if r.state == "done")
    na = sum(1 for a in journey.apps for r in a.checklist.rows if r.state == "not-applicable")
    title = (
        "You reached the end of the walk" if journey.open else "Every step is handled or skipped"
    )
    parts = [
        f"<h2>{e(_tr(title))}</h2>",
        "<p>"
        + e(
            _tr("{0} done, {1} not applicable, {2} skipped, {3} left to do.").format(
                done, na, journey.skipped, journey.open
            )
        )
        + "</p>",
    ]
    for app in journey.apps:
        c = app.checklist
        if not c.total:
            continue
        line = f"<b>{e(app.name)}</b>: " + e(_tr("{0} of {1} handled.").format(c.handled, c.total))
        skipped = [_tr(r.step.feature) for r in c.rows if r.state == "skipped"]
        left = [_tr(r.step.feature) for r in c.rows if r.is_open]
        if skipped:
            line += " " + e(_tr("Skipped: {0}.").format("; ".join(skipped)))
        if left:
            line += " " + e(_tr("Still to do: {0}.").format("; ".join(left)))
        parts.append(f"<p>{line}</p>")
    without = [a.name for a in journey.apps if not a.checklist.total]
    if without:
        parts.append(
            "<p>"
            + e(
                _tr("No sourced steps for: {0}. Open each from the overview to see why.").format(
                    ", ".join(without)
                )
            )
            + "</p>"
        )
    parts.append(
        "<p>"
        + e(_tr("Export the report to keep a record of what you did and what is left."))
        + "</p>"
    )
    return "".join(parts)


class WalkView(QWidget):
    """Asks its owner to save marks and notes; shows whatever `set_journey` hands it."""

    mark_requested = Signal(str, str, str, str)
    note_requested = Signal(str, str, str)
    overview_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journey = Journey(())
        self.place: Place | None = None
        self.end_app = -1
        self._key = ""
        self._held = False
        self._step_id = ""

        self.where = QLabel()
        self.where.setAccessibleName(self.tr("Where you are in the walk"))
        self.where.setWordWrap(True)
        self.progress = QLabel()
        self.progress.setAccessibleName(self.tr("Walk progress"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_bar.setAccessibleName(self.tr("Steps handled"))
        head = QHBoxLayout()
        head.addWidget(self.where, 1)
        head.addWidget(self.progress)

        self.editor = StepEditor()
        self.editor.marked.connect(self._marked)
        self.editor.note_changed.connect(self._note)
        self.previous_button = QPushButton(self.tr("Pre&vious"))
        self.previous_button.clicked.connect(self.go_previous)
        self.next_button = QPushButton(self.tr("Ne&xt"))
        self.next_button.clicked.connect(self.go_next)
        step_page = QWidget()
        sl = QVBoxLayout(step_page)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.editor, 1)
        nav = QHBoxLayout()
        nav.addStretch()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.next_button)
        sl.addLayout(nav)

        self.end_text = QLabel()
        self.end_text.setWordWrap(True)
        self.end_text.setMaximumWidth(READABLE_WIDTH)
        self.next_app_button = QPushButton()
        self.next_app_button.setDefault(True)
        self.next_app_button.clicked.connect(self.go_next)
        self.end_back = QPushButton(self.tr("Pre&vious"))
        self.end_back.clicked.connect(self.go_previous)
        end_page = QWidget()
        el = QVBoxLayout(end_page)
        el.addWidget(self.end_text)
        eb = QHBoxLayout()
        eb.addWidget(self.end_back)
        eb.addWidget(self.next_app_button)
        eb.addStretch()
        el.addLayout(eb)
        el.addStretch()

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setMaximumWidth(READABLE_WIDTH)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setAccessibleName(self.tr("Summary of your walk"))
        self.export_button = QPushButton(self.tr("&Export report…"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export_requested)
        self.summary_back = QPushButton(self.tr("Pre&vious"))
        self.summary_back.clicked.connect(self.go_previous)
        summary_scroll = QScrollArea()
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        summary_scroll.setWidget(self.summary)
        summary_page = QWidget()
        ml = QVBoxLayout(summary_page)
        ml.addWidget(summary_scroll, 1)
        mb = QHBoxLayout()
        mb.addWidget(self.summary_back)
        mb.addWidget(self.export_button)
        mb.addStretch()
        ml.addLayout(mb)

        self.pages = QStackedWidget()
        for page in (step_page, end_page, summary_page):
            self.pages.addWidget(page)
        self.overview_button = QPushButton(self.tr("&Overview"))
        self.overview_button.setAccessibleDescription(self.tr("Back to the list of all apps"))
        self.overview_button.clicked.connect(self._overview)
        bottom = QHBoxLayout()
        bottom.addWidget(self.overview_button)
        bottom.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)

    # state --------------------------------------------------------------------------

    @property
    def mode(self) -> int:
        return self.pages.currentIndex()

    def set_journey(self, journey: Journey) -> None:
        """Take the journey rebuilt after a change; stay on the same step or page."""
        self.journey = journey
        if self.mode == STEP and self._key:
            place = journey.place_of(self._key, self._step_id)
            if place is not None:
                self._show_step(place)
                return
        self._refresh_progress()
        if self.mode == SUMMARY:
            self.summary.setText(summary_html(journey))
        elif self.mode == END:
            self._show_end(self.end_app)

    def start(self, place: Place | None) -> None:
        """Begin at `place`, or at the summary when nothing is left to walk."""
        if place is None:
            self._show_summary()
        else:
            self._show_step(place)

    def _refresh_progress(self) -> None:
        j = self.journey
        self.progress.setText(self.tr("{0} of {1} steps handled").format(j.handled, j.total))
        self.progress_bar.setRange(0, max(j.total, 1))
        self.progress_bar.setValue(j.handled)

    def _show_step(self, place: Place) -> None:
        self.editor.save_note()
        self.place = place
        app = self.journey.apps[place.app]
        row = app.checklist.rows[place.row]
        self._key, self._step_id = app.key, row.step.id
        self.pages.setCurrentIndex(STEP)
        self.where.setText(
            self.tr("<b>{0}</b> · step {1} of {2}").format(
                html_escaped(app.name), place.row + 1, app.checklist.total
            )
        )
        walk = self.journey.walk()
        self.previous_button.setEnabled(walk.index(place) > 0)
        if self.editor.row is not row:
            self.editor.show_row(row, "")
        self._refresh_progress()

    def _show_end(self, app_index: int) -> None:
        self.editor.save_note()
        self.end_app = app_index
        self.place = None
        self._key = ""
        app = self.journey.apps[app_index]
        c = app.checklist
        self.pages.setCurrentIndex(END)
        self.where.setText(self.tr("<b>{0}</b> · finished").format(html_escaped(app.name)))
        text = self.tr("<h2>You have been through every step for {0}</h2><p>{1}</p>").format(
            html_escaped(app.name),
            html_escaped(
                self.tr("{0} of {1} handled, {2} skipped, {3} still to do.").format(
                    c.handled, c.total, c.skipped, c.open
                )
            ),
        )
        following = self.journey.next_app_with_steps(app_index)
        if following is None:
            self.next_app_button.setText(self.tr("&Continue to the summary"))
        else:
            nxt = self.journey.apps[following]
            text += self.tr("<p>Next: {0}, {1} step(s) still to do.</p>").format(
                html_escaped(nxt.name), nxt.checklist.open
            )
            self.next_app_button.setText(self.tr("&Continue with {0}").format(nxt.name))
        self.end_text.setText(text)
        self._refresh_progress()
        self.next_app_button.setFocus()

    def _show_summary(self) -> None:
        self.editor.save_note()
        self.place = None
        self._key = ""
        self.pages.setCurrentIndex(SUMMARY)
        self.where.setText(self.tr("<b>Summary</b>"))
        self.summary.setText(summary_html(self.journey))
        self._refresh_progress()
        self.export_button.setFocus()

    # navigation -----------------------------------------------------------------------

    def go_next(self) -> None:
        if self.mode == STEP and self.place is not None:
            app = self.journey.apps[self.place.app]
            if self.place.row + 1 < app.checklist.total:
                self._show_step(Place(self.place.app, self.place.row + 1))
            else:
                self._show_end(self.place.app)
        elif self.mode == END:
            following = self.journey.next_app_with_steps(self.end_app)
            if following is None:
                self._show_summary()
            else:
                c = self.journey.apps[following].checklist
                self._show_step(Place(following, c.next_open() or 0))

    def go_previous(self) -> None:
        walk = self.journey.walk()
        if self.mode == STEP and self.place is not None:
            at = walk.index(self.place)
            if at > 0:
                self._show_step(walk[at - 1])
        elif self.mode == END:
            app = self.journey.apps[self.end_app]
            self._show_step(Place(self.end_app, app.checklist.total - 1))
        elif self.mode == SUMMARY and walk:
            self._show_end(walk[-1].app)

    def _marked(self, state: str, note: str) -> None:
        place = self.place
        if place is None:
            return
        key, step_id = self._key, self._step_id
        self._held = False
        self.mark_requested.emit(key, step_id, state, note)
        if state != "pending" and not self._held:
            self.go_next()

    def hold(self) -> None:
        """The mark just requested was not saved: stay on its step, with the note as typed."""
        self._held = True

    def _note(self, note: str) -> None:
        if self._key:
            self.note_requested.emit(self._key, self._step_id, note)

    def _overview(self) -> None:
        self.editor.save_note()
        self.overview_requested.emit()

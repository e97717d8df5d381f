"""The settings checklist: a filterable list, and a guided mode that walks one step at a time."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from meetguard.catalog.model import ACCOUNT_TYPES, CONTROLLERS, SURFACES, Client
from meetguard.checklist import RECHECK, ChecklistRow
from meetguard.probes import ProbeResult
from meetguard.services import Inspection, Services
from meetguard.ui.models import ChecklistFilter, ChecklistModel

FILTERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("All steps", frozenset()),
    ("To do", frozenset({"pending", RECHECK})),
    ("Done", frozenset({"done"})),
    ("Skipped", frozenset({"skipped"})),
    ("Not applicable", frozenset({"not-applicable"})),
)
MARKS = (
    ("done", "&Done", "Ctrl+D"),
    ("skipped", "S&kip", "Ctrl+K"),
    ("not-applicable", "Not a&pplicable", "Ctrl+P"),
    ("pending", "Back to &to do", "Ctrl+T"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChecklistStep", text)


def step_html(status: ChecklistRow, probe: ProbeResult | None) -> str:
    s = status.step
    e = escape

    def line(label: str, value: str) -> str:
        return f"<br><b>{e(_tr(label))}</b> {value}"

    parts = [f"<h3>{e(s.feature)}</h3><p>{e(s.what)}</p><p>"]
    where = f"{e(SURFACES[s.surface])}: {e(' › '.join(s.path))}"
    parts.append(f"<b>{e(_tr('Where:'))}</b> {where}")
    parts.append(line("Recommended:", e(s.recommended)))
    parts.append(line("Who can change it:", f"{e(CONTROLLERS[s.controlled_by])}. {e(s.why)}"))
    if s.participants:
        parts.append(line("What participants see:", e(s.participants)))
    if s.ask_admin:
        parts.append(line("If you are not the admin, send them:", f"<i>{e(s.ask_admin)}</i>"))
    if probe is not None:
        parts.append(line("On this computer:", f"{e(probe.label)} ({e(probe.detail)})"))
    if not s.verified:
        parts.append(line("Unverified:", e(s.caveat)))
    elif s.caveat:
        parts.append(line("Note:", e(s.caveat)))
    if status.reason:
        parts.append(line("Re-check:", e(status.reason)))
    read = _tr("read {0}").format(s.retrieved.isoformat())
    if s.source_date:
        read = _tr("dated {0}, read {1}").format(s.source_date.isoformat(), s.retrieved.isoformat())
    parts.append(f'<br><a href="{e(s.source_url)}">{e(_tr("Source"))}</a> ({e(read)})')
    if status.mark is not None and status.mark.state != "pending":
        when = status.mark.marked_at.strftime("%Y-%m-%d %H:%M UTC")
        parts.append(line("Your mark:", f"{e(status.label)}, {when}"))
    parts.append("</p>")
    return "".join(parts)


class ChecklistPanel(QWidget):
    """Shows one client's steps; marks go straight to the store."""

    marked = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client: Client | None = None
        self.inspection: Inspection | None = None
        self.guided_row = 0

        self.model = ChecklistModel()
        self.proxy = ChecklistFilter()
        self.proxy.setSourceModel(self.model)

        self.list_button = QPushButton(self.tr("&List"))
        self.guided_button = QPushButton(self.tr("&Guided"))
        self.mode_group = QButtonGroup(self)
        for i, button in enumerate((self.list_button, self.guided_button)):
            button.setCheckable(True)
            button.setAccessibleDescription(
                self.tr("Show the checklist as a list or one step at a time")
            )
            self.mode_group.addButton(button, i)
        self.list_button.setChecked(True)
        self.mode_group.idClicked.connect(self.set_mode)
        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Show steps"))
        for label, _ in FILTERS:
            self.filter.addItem(self.tr(label))
        self.filter.currentIndexChanged.connect(lambda i: self.proxy.set_states(FILTERS[i][1]))
        filter_label = QLabel(self.tr("&Show:"))
        filter_label.setBuddy(self.filter)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.list_button)
        top.addWidget(self.guided_button)
        top.addSpacing(12)
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        top.addStretch()
        top.addWidget(self.summary)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Settings checklist"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for col in (ChecklistModel.LOCAL, ChecklistModel.STATE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.progress = QLabel()
        self.progress.setAccessibleName(self.tr("Guided progress"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_bar.setAccessibleName(self.tr("Steps walked through"))
        self.back_button = QPushButton(self.tr("&Back"))
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.clicked.connect(lambda: self.go(self.guided_row - 1))
        self.next_button = QPushButton(self.tr("&Next"))
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.next_button.clicked.connect(lambda: self.go(self.guided_row + 1))
        self.guided = QWidget()
        gl = QVBoxLayout(self.guided)
        gl.setContentsMargins(0, 0, 0, 0)
        nav = QHBoxLayout()
        nav.addWidget(self.progress, 1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        gl.addLayout(nav)
        gl.addWidget(self.progress_bar)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.guided)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.detail.linkActivated.connect(lambda url: self._open(url))
        self.detail.setAccessibleName(self.tr("Selected step"))

        self.open_settings = QPushButton(self.tr("&Open settings page in browser"))
        self.open_settings.setAccessibleDescription(
            self.tr("Hands the vendor's settings page to your web browser")
        )
        self.open_settings.clicked.connect(self._open_settings)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Optional note, kept with your mark"))
        self.note.setAccessibleName(self.tr("Note for this step"))
        actions = QHBoxLayout()
        actions.addWidget(self.open_settings)
        actions.addWidget(self.note, 1)
        self.mark_buttons: dict[str, QPushButton] = {}
        for state, label, shortcut in MARKS:
            button = QPushButton(self.tr(label))
            button.setShortcut(QKeySequence(shortcut))
            button.setAccessibleName(self.tr("Mark step: {0}").format(label.replace("&", "")))
            button.clicked.connect(lambda _=False, s=state: self.mark_current(s))
            actions.addWidget(button)
            self.mark_buttons[state] = button

        self.body = QVBoxLayout(self)
        self.body.addLayout(top)
        self.body.addWidget(self.pages, 3)
        self.body.addWidget(self.detail, 2)
        self.body.addLayout(actions)
        self._show_detail(None)

    # data ---------------------------------------------------------------------

    def show_client(self, client: Client, inspection: Inspection | None) -> None:
        self.client = client
        self.inspection = inspection
        self.guided_row = 0
        self.refresh()
        if self.is_guided:
            self.go(0)
        else:
            self._select_source_row(0)

    def refresh(self) -> None:
        if self.client is None:
            return
        checklist = self.services.checklist(self.client, self.inspection)
        self.model.set_rows(checklist.rows)
        self.summary.setText(
            self.tr("{0} of {1} handled").format(checklist.handled, checklist.total)
        )

    @property
    def is_guided(self) -> bool:
        return self.pages.currentIndex() == 1

    def current_row(self) -> int:
        """The step shown, as a row of the unfiltered model (-1 when none)."""
        if self.is_guided:
            return self.guided_row if self.guided_row < self.model.rowCount() else -1
        index = self.table.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else -1

    # modes --------------------------------------------------------------------

    def set_mode(self, mode: int) -> None:
        row = max(self.current_row(), 0)
        self.pages.setCurrentIndex(mode)
        self.filter.setEnabled(mode == 0)
        # Guided mode gives the step itself the room the table had.
        self.pages.setMaximumHeight(self.guided.sizeHint().height() if mode else 16777215)
        self.body.setStretchFactor(self.detail, 5 if mode else 2)
        (self.guided_button if mode else self.list_button).setChecked(True)
        if mode == 1:
            self.go(row)
        else:
            self._select_source_row(row)

    def go(self, row: int) -> None:
        count = self.model.rowCount()
        self.guided_row = min(max(row, 0), max(count - 1, 0))
        self.back_button.setEnabled(self.guided_row > 0)
        self.next_button.setEnabled(self.guided_row < count - 1)
        if count == 0:
            self.progress.setText(self.tr("No steps for this app."))
            self._show_detail(None)
            return
        self.progress.setText(self.tr("Step {0} of {1}").format(self.guided_row + 1, count))
        self.progress_bar.setRange(0, count)
        self.progress_bar.setValue(self.guided_row + 1)
        self._show_detail(self.guided_row)

    def _select_source_row(self, row: int) -> None:
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            index = self.proxy.index(0, 0)
        if index.isValid():
            self.table.selectRow(index.row())
        else:
            self._show_detail(None)

    def _selection_changed(self, *_: QItemSelection) -> None:
        if not self.is_guided:
            row = self.current_row()
            self._show_detail(row if row >= 0 else None)

    def _show_detail(self, row: int | None) -> None:
        has = row is not None
        for button in self.mark_buttons.values():
            button.setEnabled(has)
        self.note.setEnabled(has)
        if row is None:
            self.detail.setText(self._empty_text())
            self.open_settings.setEnabled(False)
            return
        status, probe = self.model.status(row), self.model.probe(row)
        self.detail.setText(step_html(status, probe))
        self.note.setText(status.mark.note if status.mark else "")
        self.open_settings.setEnabled(bool(status.step.url))

    def _empty_text(self) -> str:
        if self.model.rowCount() or self.client is None:
            return self.tr("Select a step to see where the setting is.")
        others = len(self.client.checklist)
        if others:
            account = ACCOUNT_TYPES[self.services.account_type(self.client)].lower()
            return self.tr(
                "<p>No settings steps apply to a {0}.</p><p>{1} step(s) apply to other "
                "account types: choose your account type on the Data rights tab.</p>"
            ).format(account, others)
        return self.tr(
            "<p>MeetGuard knows no AI, recording or data-sharing setting for this app that it "
            "could confirm from the vendor's own pages.</p>"
        )

    # actions ------------------------------------------------------------------

    def mark_current(self, state: str) -> None:
        row = self.current_row()
        if row < 0 or self.client is None:
            return
        step = self.model.status(row).step
        self.services.mark(self.client, step.id, state, self.note.text(), self.inspection)
        self.refresh()
        if self.is_guided:
            self.go(row + 1 if state != "pending" else row)
        else:
            self._select_source_row(row)
        self.marked.emit(self.tr("Saved: “{0}” marked {1}").format(step.feature, state))

    def _open_settings(self) -> None:
        row = self.current_row()
        if row >= 0 and self.model.status(row).step.url:
            self._open(self.model.status(row).step.url)

    def _open(self, url: str) -> None:
        if url.startswith("https://"):
            QDesktopServices.openUrl(QUrl(url))

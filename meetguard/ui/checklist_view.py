"""One app's settings checklist: a filterable list of steps and the selected step below it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meetguard.catalog.model import ACCOUNT_TYPES
from meetguard.checklist import RECHECK
from meetguard.checklist.generic import no_steps_reason
from meetguard.checklist.journey import App
from meetguard.display_text import html_escaped
from meetguard.ui.models import ChecklistFilter, ChecklistModel
from meetguard.ui.step_editor import StepEditor
from meetguard.ui.tables import styled_table

FILTERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("All steps", frozenset()),
    ("To do", frozenset({"pending", RECHECK})),
    ("Done", frozenset({"done"})),
    ("Skipped", frozenset({"skipped"})),
    ("Not applicable", frozenset({"not-applicable"})),
)


class ChecklistPanel(QWidget):
    """Shows one app's steps; the owner saves what `editor` says and calls `show_app` again."""

    walk_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app: App | None = None
        self.model = ChecklistModel()
        self.proxy = ChecklistFilter()
        self.proxy.setSourceModel(self.model)

        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Show steps"))
        for label, _ in FILTERS:
            self.filter.addItem(self.tr(label))
        self.filter.currentIndexChanged.connect(self._filter_changed)
        filter_label = QLabel(self.tr("Sho&w:"))
        filter_label.setBuddy(self.filter)
        self.summary = QLabel()
        self.walk_button = QPushButton(self.tr("&Guided walk"))
        self.walk_button.setAccessibleDescription(
            self.tr("Walk through the steps still to do, one at a time, across all apps")
        )
        self.walk_button.clicked.connect(self._walk)
        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        top.addSpacing(12)
        top.addWidget(self.summary)
        top.addStretch()
        top.addWidget(self.walk_button)

        self.table = styled_table()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Settings checklist"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for col in (ChecklistModel.LOCAL, ChecklistModel.STATE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.editor = StepEditor()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.editor, 3)

    def show_app(self, app: App, keep_step: str = "") -> None:
        """Show the app's steps, on `keep_step` if given, else its first step still to do."""
        self.app = app
        self.model.set_rows(app.checklist.rows)
        c = app.checklist
        self.summary.setText(self.tr("{0} of {1} handled").format(c.handled, c.total))
        self.walk_button.setEnabled(bool(c.total))
        row = c.row_of(keep_step) if keep_step else None
        if row is None:
            row = c.next_open() or 0
        self._select_source_row(row)

    def current_row(self) -> int:
        """The step shown, as a row of the unfiltered model (-1 when none)."""
        index = self.table.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else -1

    def _filter_changed(self, i: int) -> None:
        row = self.current_row()
        self.proxy.set_states(FILTERS[i][1])
        self._select_source_row(max(row, 0))

    def _select_source_row(self, row: int) -> None:
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            index = self.proxy.index(0, 0)
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.setCurrentIndex(index)
            self._show(self.proxy.mapToSource(index).row())
        else:
            self._show(-1)

    def _selection_changed(self, *_: QItemSelection) -> None:
        self._show(self.current_row())

    def _show(self, row: int) -> None:
        if row >= 0 and self.model.rowCount():
            if self.editor.row is not self.model.status(row):
                self.editor.show_row(self.model.status(row), "")
            return
        self.editor.show_row(None, self._empty_text())

    def _empty_text(self) -> str:
        app = self.app
        if app is None or app.client is None:
            return ""
        if self.model.rowCount():
            return self.tr("No step in this list: choose “All steps” above.")
        c = app.checklist
        account = self.tr(ACCOUNT_TYPES[c.account_type])
        reason = self.tr(no_steps_reason(app.client, account, c.other_account_steps))
        return f"<p>{html_escaped(reason)}</p>"

    def _walk(self) -> None:
        if self.app is not None:
            self.walk_requested.emit(self.app.key)

"""The tables of the home view and the checklist: apart from both, so that the home view,
built at the first scan result, does not bring the checklist and its step editor (~0.4 MiB)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QTableView

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent

# 1 px: what the 2 px rule of an earlier sheet, set before the table had focus, drew (Qt takes
# a frame's width when the sheet is set, and then it had no focus); a test holds the pixels.
FOCUS_STYLE = (
    "QTableView:focus { border: 1px solid palette(highlight); }"
    "QTableView::item:focus { border: 1px dashed palette(highlight); }"
)


class FocusTable(QTableView):
    """Takes its focus style sheet when it first gets the keyboard focus: without focus the
    sheet changes no pixel, and set on the home view's four tables at the first scan result
    it cost ~0.8 MiB (Qt's style-sheet style and a rule cache per table)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        if not self.styleSheet():
            self.setStyleSheet(FOCUS_STYLE)
        super().focusInEvent(event)


def styled_table() -> QTableView:
    """A read-only row-picking table whose keyboard focus is visible."""
    table = FocusTable()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    return table

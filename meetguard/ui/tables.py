"""The tables of the home view and the checklist: apart from both, so that the home view,
built at the first scan result, does not bring the checklist and its step editor (~0.4 MiB)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView

FOCUS_STYLE = (
    "QTableView:focus { border: 2px solid palette(highlight); }"
    "QTableView::item:focus { border: 1px dashed palette(highlight); }"
)


def styled_table() -> QTableView:
    """A read-only row-picking table whose keyboard focus is visible."""
    table = QTableView()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.setStyleSheet(FOCUS_STYLE)
    return table

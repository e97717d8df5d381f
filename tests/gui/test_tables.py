"""A table shows its keyboard focus, with a style sheet it takes only once focused."""

from PySide6.QtGui import QImage, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from meetguard.ui.tables import styled_table

# The sheet every table had from its start before it came at the first focus.
EARLIER_SHEET = (
    "QTableView:focus { border: 2px solid palette(highlight); }"
    "QTableView::item:focus { border: 1px dashed palette(highlight); }"
)


def focused_grab(qtbot: QtBot, table: QTableView) -> tuple[QImage, QImage, QWidget]:
    """The table unfocused, then focused on its second row, in a window of its own (returned:
    the table lives as long as it)."""
    model = QStandardItemModel(3, 2, table)
    for row in range(3):
        for col in range(2):
            model.setItem(row, col, QStandardItem(f"cell {row}.{col}"))
    table.setModel(model)
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(table)
    window.resize(320, 200)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    before = table.grab().toImage()
    table.setFocus()
    table.setCurrentIndex(model.index(1, 0))
    qtbot.waitUntil(table.hasFocus)
    return before, table.grab().toImage(), window


def test_the_focus_sheet_comes_with_the_first_focus(qtbot: QtBot) -> None:
    table = styled_table()
    before, after, _window = focused_grab(qtbot, table)
    assert table.styleSheet(), "focused: the sheet is set"
    highlight = table.palette().highlight().color().rgb()
    middle = after.height() // 2
    assert after.pixel(0, middle) == highlight, "the focused frame is the highlight colour"
    assert before.pixel(0, middle) != highlight


def test_unfocused_and_focused_look_as_with_the_sheet_from_the_start(qtbot: QtBot) -> None:
    earlier = styled_table()
    earlier.setStyleSheet(EARLIER_SHEET)
    now = styled_table()
    assert now.styleSheet() == "", "no sheet (nor Qt's style-sheet style) before any focus"
    before, after, _window = focused_grab(qtbot, now)
    earlier_before, earlier_after, _earlier_window = focused_grab(qtbot, earlier)
    assert before == earlier_before
    assert after == earlier_after

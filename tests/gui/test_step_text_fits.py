"""A step's text is shown whole where the window has room, and scrolls where it has not: a
long caveat never cuts off the step's source."""

from pytestqt.qtbot import QtBot

from meetguard.catalog.model import Catalog
from meetguard.checklist import ChecklistRow, build_checklist
from meetguard.ui.step_editor import StepEditor


def _longest_step(catalog: Catalog) -> ChecklistRow:
    rows = [row for c in catalog.clients for row in build_checklist(c, None, None, {}, {}).rows]
    return max(rows, key=lambda row: len(row.step.what) + len(row.step.caveat))


def _editor(qtbot: QtBot, catalog: Catalog, width: int, height: int) -> StepEditor:
    editor = StepEditor()
    qtbot.addWidget(editor)
    editor.show_row(_longest_step(catalog), "")
    editor.resize(width, height)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.wait(50)
    return editor


def test_a_tall_window_shows_the_whole_step_without_a_scroll_bar(
    qtbot: QtBot, catalog: Catalog
) -> None:
    editor = _editor(qtbot, catalog, 1000, 1000)
    area = editor.detail_area
    assert area.verticalScrollBar().maximum() == 0
    assert editor.detail.height() <= area.viewport().height()
    assert editor.mark_buttons["done"].geometry().top() > area.geometry().bottom()


def test_a_short_window_scrolls_the_step_and_keeps_the_marks_in_view(
    qtbot: QtBot, catalog: Catalog
) -> None:
    editor = _editor(qtbot, catalog, 700, 300)
    area = editor.detail_area
    assert area.verticalScrollBar().maximum() > 0
    assert "Source</a>" in editor.detail.text()
    done = editor.mark_buttons["done"]
    assert done.isVisible()
    assert done.mapTo(editor, done.rect().bottomLeft()).y() <= editor.height()
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    assert editor.detail.y() < 0, "scrolled to the end, the top of the text moved out of view"

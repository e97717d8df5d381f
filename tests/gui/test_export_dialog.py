import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from meetguard.host import Host
from meetguard.report.model import ReportData
from meetguard.services import Services
from meetguard.ui.export_dialog import ExportDialog, default_folder
from meetguard.ui.main_window import MainWindow
from tests.reportdata import sample_report


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path) -> ExportDialog:
    reports = {r: sample_report(tmp_path / str(r), redact=r) for r in (False, True)}

    def make(redact: bool) -> ReportData:
        return reports[redact]

    dialog = ExportDialog(make)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choose(dialog: ExportDialog, fmt: str) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))


def test_pdf_export_runs_in_the_pool_and_opens_the_file(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Zoom Workplace" in dialog.preview.toPlainText()
    assert "/home/alice" in dialog.preview.toPlainText()
    dialog.redact.setChecked(True)
    assert "/home/alice" not in dialog.preview.toPlainText()
    assert "~/.local/share/flatpak" in dialog.preview.toPlainText()

    _choose(dialog, "pdf")
    assert dialog.paper.isEnabled()
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    target = tmp_path / "out" / "my report"
    target.parent.mkdir()
    asked: list[str] = []
    opened: list[Path] = []

    def ask_save_path(fmt: str) -> Path:
        asked.append(fmt)
        return target

    monkeypatch.setattr(dialog, "ask_save_path", ask_save_path)
    monkeypatch.setattr(dialog, "open_file", opened.append)
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as signal:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.busy.isHidden() and not dialog.buttons.isEnabled()
    written = target.with_suffix(".pdf")
    assert asked == ["pdf"] and signal.args == [written] and opened == []
    assert dialog.busy.isHidden() and dialog.isVisible()
    assert str(written) in dialog.message.text() and dialog.icon.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [written, written.parent]
    info = subprocess.run(["pdfinfo", str(written)], capture_output=True, text=True).stdout
    assert "612 x 792" in info
    text = subprocess.run(["pdftotext", str(written), "-"], capture_output=True, text=True).stdout
    assert "Example Meet" in text and "alice" not in text


def test_failed_export_keeps_the_dialog_open_with_the_reason(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path
) -> None:
    _choose(dialog, "md")
    assert not dialog.paper.isEnabled()
    dialog.ask_save_path = lambda fmt: tmp_path / "gone" / "r.md"  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as signal:
        dialog.save_button.click()
    assert "does not exist" in signal.args[0]
    assert "The report was not saved" in dialog.message.text()
    assert "then Save again" in dialog.message.text() and dialog.icon.isVisibleTo(dialog)
    assert not dialog.open_button.isVisibleTo(dialog)
    assert dialog.isVisible() and dialog.buttons.isEnabled() and dialog.busy.isHidden()


def test_cancelled_save_writes_nothing(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = default_folder()
    assert folder.is_relative_to(tmp_path), "the test's own home, never the real one"
    before = sorted(folder.rglob("*"))
    monkeypatch.setattr(dialog, "ask_save_path", lambda fmt: None)
    with qtbot.assertNotEmitted(dialog.exported), qtbot.assertNotEmitted(dialog.failed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.pool.waitForDone(10_000)
    assert sorted(folder.rglob("*")) == before, "no report written or started where Save looks"
    assert dialog.busy.isHidden() and dialog.isVisible() and dialog.buttons.isEnabled()


def test_main_window_opens_the_dialog(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.reportdata import fake_computer

    host = fake_computer(tmp_path / "root")
    window = MainWindow(Services.open(host=Host.at_root(host.root, "linux")))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.home.model.modelReset, timeout=10_000):
        window.start_scan()
    launched: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "launch", lambda self: launched.append(self))
    window.export_action.trigger()
    (dialog,) = launched
    _choose(dialog, "json")
    target = tmp_path / "r.json"
    dialog.ask_save_path = lambda fmt: target  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.save_button.click()
    assert '"schema_version": 2' in target.read_text()
    assert str(target) in window.statusBar().currentMessage()


def test_preview_shows_the_chosen_format_on_a_page(dialog: ExportDialog) -> None:
    _choose(dialog, "json")
    assert dialog.preview.toPlainText().lstrip().startswith("{")
    assert "JSON" in dialog.preview_label.text()
    _choose(dialog, "md")
    assert dialog.preview.toPlainText().startswith("# ")
    _choose(dialog, "html")
    assert not dialog.preview.toPlainText().startswith("<")
    page = dialog.preview.palette()
    assert page.color(QPalette.ColorRole.Base).lightness() == 255  # a page, also when dark
    assert page.color(QPalette.ColorRole.Text).lightness() < 40


def test_default_file_name_carries_the_date() -> None:
    import datetime as dt

    from meetguard.ui.export_dialog import default_name

    assert default_name("pdf", dt.date(2026, 12, 1)) == "meetguard-report-2026-12-01.pdf"


def _broken_words(dialog: ExportDialog) -> list[str]:
    """Lines of the preview that end inside a word: a header cut as 'Not applica' / 'ble'."""
    broken = []
    block = dialog.preview.document().begin()
    while block.isValid():
        text, layout = block.text(), block.layout()
        for n in range(layout.lineCount() - 1):
            line = layout.lineAt(n)
            end = line.textStart() + line.textLength()
            if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                broken.append(f"{text[line.textStart() : end]} / {text[end:]}")
        block = block.next()
    return broken


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_a_narrow_preview_wraps_table_headers_between_words(
    qtbot: QtBot, dialog: ExportDialog, fmt: str, tmp_path: Path
) -> None:
    _choose(dialog, fmt)
    dialog.resize(dialog.minimumSizeHint().width(), 700)  # as narrow as the dialog goes
    qtbot.waitUntil(lambda: dialog.preview.viewport().width() < 700)
    dialog.preview.document().documentLayout().documentSize()  # laid out at the new width
    assert _broken_words(dialog) == [], dialog.preview.viewport().width()
    dialog.preview.find("Apps found")
    dialog.grab().save(str(tmp_path / f"narrow-{fmt}.png"))

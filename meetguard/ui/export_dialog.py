"""The "Export report…" dialog: format, paper, redaction, preview; saves off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from meetguard.report.html import render_html
from meetguard.report.model import ReportData
from meetguard.report.render import FORMAT_LABELS, FORMATS, RenderError, render
from meetguard.report.write import ReportWriteError, write_atomic
from meetguard.ui.workers import Worker

PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}
FILTERS = {
    "pdf": "PDF document (*.pdf)",
    "html": "Web page (*.html *.htm)",
    "md": "Markdown (*.md)",
    "json": "JSON for IT tools (*.json)",
}


def export(data: ReportData, fmt: str, paper: str, target: Path) -> Path | str:
    """Render and write the report; a problem the user can fix comes back as its message."""
    try:
        write_atomic(target, render(data, fmt, paper))
    except (ReportWriteError, RenderError) as exc:
        return str(exc)
    return target


class ExportDialog(QDialog):
    """Builds the report from `make_report(redact)` on the GUI thread, writes it in the pool."""

    exported = Signal(object)
    failed = Signal(str)

    def __init__(
        self, make_report: Callable[[bool], ReportData], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.make_report = make_report
        self.pool = QThreadPool.globalInstance()
        self.setWindowTitle(self.tr("Export privacy report"))
        self.resize(760, 620)

        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(FORMAT_LABELS[fmt], fmt)
        self.format.setAccessibleName(self.tr("Report format"))
        self.paper = QComboBox()
        for paper, label in PAPER_LABELS.items():
            self.paper.addItem(label, paper)
        self.paper.setAccessibleName(self.tr("Paper size"))
        self.redact = QCheckBox(self.tr("&Leave out computer name, user name and home folder"))
        self.open_when_done = QCheckBox(self.tr("&Open the report when it is saved"))
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName(self.tr("Report preview"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Saving the report"))
        self.busy.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("&Save…"))
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Format:"), self.format)
        form.addRow(self.tr("&Paper:"), self.paper)
        form.addRow("", self.redact)
        form.addRow("", self.open_when_done)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        self.format.currentIndexChanged.connect(self._format_changed)
        self.redact.toggled.connect(self.refresh_preview)
        self._format_changed()
        self.refresh_preview()

    def launch(self) -> None:
        """Show the dialog without blocking (tests replace this)."""
        self.open()

    def ask_save_path(self, fmt: str) -> Path | None:
        """Ask where to save the report (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save privacy report"),
            str(Path.home() / f"meetguard-report.{fmt}"),
            FILTERS[fmt],
        )
        return Path(name) if name else None

    def open_file(self, path: Path) -> None:
        """Hand the saved report to the desktop's viewer (tests replace this)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    @property
    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def _format_changed(self) -> None:
        self.paper.setEnabled(self.chosen_format == "pdf")

    def refresh_preview(self) -> None:
        bar = self.preview.verticalScrollBar()
        position = bar.value()
        self.preview.setHtml(render_html(self.make_report(self.redact.isChecked()), screen=False))
        bar.setValue(position)

    def save(self) -> None:
        fmt = self.chosen_format
        target = self.ask_save_path(fmt)
        if target is None:
            return
        if not target.suffix:
            target = target.with_suffix(f".{fmt}")
        paper = str(self.paper.currentData())
        data = self.make_report(self.redact.isChecked())
        if fmt == "pdf":
            from meetguard.report.pdf import register_fonts

            register_fonts()
        self._set_busy(True)
        self.message.setText(self.tr("Saving {0}…").format(target.name))
        worker = Worker(lambda _progress: export(data, fmt, paper, target))
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self.pool.start(worker)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.buttons, self.format, self.paper, self.redact):
            widget.setEnabled(not busy)
        if not busy:
            self._format_changed()

    def _finished(self, outcome: Path | str) -> None:
        self._set_busy(False)
        if isinstance(outcome, str):
            self._failed(outcome)
            return
        if self.open_when_done.isChecked():
            self.open_file(outcome)
        self.exported.emit(outcome)
        self.accept()

    def _failed(self, error: str) -> None:
        self._set_busy(False)
        self.message.setText(self.tr("The report was not saved: {0}").format(error))
        self.failed.emit(error)

    def reject(self) -> None:
        if not self.busy.isHidden():
            return
        super().reject()

"""The "Export report…" dialog: format, paper, redaction, a preview of that format.

The preview is drawn as a page (dark text on white) whatever the desktop's theme, as
the saved report will be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QThreadPool, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFontDatabase, QPalette, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from meetguard.files import WriteError, write_atomic
from meetguard.report.errors import RenderError
from meetguard.report.html import render_html
from meetguard.report.model import ReportData
from meetguard.report.render import FORMAT_LABELS, FORMATS, render
from meetguard.ui.workers import Worker

PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}
FILTERS = {
    "pdf": "PDF document (*.pdf)",
    "html": "Web page (*.html *.htm)",
    "md": "Markdown (*.md)",
    "json": "JSON for IT tools (*.json)",
}
PAGE, INK = "#ffffff", "#1a1a1a"


def export(data: ReportData, fmt: str, paper: str, target: Path) -> Path | str:
    """Render and write the report; a problem the user can fix comes back as its message."""
    try:
        write_atomic(target, render(data, fmt, paper))
    except (WriteError, RenderError) as exc:
        return str(exc)
    return target


def default_name(fmt: str, today: dt.date) -> str:
    return f"meetguard-report-{today.isoformat()}.{fmt}"


def default_folder() -> Path:
    """The user's Documents folder when it exists, else the home folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


class ExportDialog(QDialog):
    """Builds the report from `make_report(redact)` on the GUI thread, writes it in the pool."""

    exported = Signal(object)
    failed = Signal(str)

    def __init__(
        self, make_report: Callable[[bool], ReportData], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.make_report = make_report
        self.saved: Path | None = None
        self.pool = QThreadPool.globalInstance()
        self.setWindowTitle(self.tr("Export privacy report"))
        self.resize(720, 560)

        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(FORMAT_LABELS[fmt], fmt)
        self.format.setAccessibleName(self.tr("Report format"))
        format_label = QLabel(self.tr("&Format:"))
        format_label.setBuddy(self.format)
        self.paper = QComboBox()
        for paper, label in PAPER_LABELS.items():
            self.paper.addItem(label, paper)
        self.paper.setAccessibleName(self.tr("Paper size"))
        paper_label = QLabel(self.tr("&Paper:"))
        paper_label.setBuddy(self.paper)
        self.redact = QCheckBox(self.tr("&Leave out computer name, user name and home folder"))
        controls = QHBoxLayout()
        controls.addWidget(format_label)
        controls.addWidget(self.format)
        controls.addSpacing(12)
        controls.addWidget(paper_label)
        controls.addWidget(self.paper)
        controls.addSpacing(12)
        controls.addWidget(self.redact)
        controls.addStretch()

        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName(self.tr("Report preview"))
        # Break lines between words only: a table too wide for the window scrolls instead of
        # cutting its headers ("Ope" / "n").
        self.preview.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        page = self.preview.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            page.setColor(group, QPalette.ColorRole.Base, QColor(PAGE))
            page.setColor(group, QPalette.ColorRole.Text, QColor(INK))
        self.preview.setPalette(page)
        self.preview_label = QLabel()
        self.preview_label.setBuddy(self.preview)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Saving the report"))
        self.busy.hide()
        self.icon = QLabel()
        self.icon.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        message_row = QHBoxLayout()
        message_row.addWidget(self.icon)
        message_row.addWidget(self.message, 1)

        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("&Save…"))
        self.save_button.setDefault(True)
        self.open_button = QPushButton(self.tr("&Open"))
        self.folder_button = QPushButton(self.tr("Show in fol&der"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for button in (self.open_button, self.folder_button):
            button.hide()  # until a report is saved
        self.save_button.clicked.connect(self.save)
        self.open_button.clicked.connect(self._open_saved)
        self.folder_button.clicked.connect(self._show_folder)
        self.buttons.rejected.connect(self.reject)

        bottom = QHBoxLayout()
        bottom.addWidget(self.busy, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview, 1)
        layout.addLayout(message_row)
        layout.addLayout(bottom)

        self.format.currentIndexChanged.connect(self._format_changed)
        self.redact.toggled.connect(self.refresh_preview)
        self._format_changed()

    def launch(self) -> None:
        """Show the dialog without blocking (tests replace this)."""
        self.open()

    def ask_save_path(self, fmt: str) -> Path | None:
        """Ask where to save the report (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save privacy report"),
            str(default_folder() / default_name(fmt, dt.date.today())),
            self.tr(FILTERS[fmt]),
        )
        return Path(name) if name else None

    def open_file(self, path: Path) -> None:
        """Hand a file or folder to the desktop (tests replace this)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    @property
    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def _format_changed(self) -> None:
        self.paper.setEnabled(self.chosen_format == "pdf")
        self.refresh_preview()

    def refresh_preview(self) -> None:
        fmt = self.chosen_format
        bar = self.preview.verticalScrollBar()
        position = bar.value()
        data = self.make_report(self.redact.isChecked())
        if fmt in ("html", "pdf"):
            self.preview.setHtml(render_html(data, screen=False))
            text = (
                self.tr("Preview of the PDF's text and layout (pages are set when saved):")
                if fmt == "pdf"
                else self.tr("Preview of the web page:")
            )
        else:
            self.preview.document().setDefaultFont(
                QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            )
            self.preview.setPlainText(render(data, fmt).decode("utf-8"))
            text = self.tr("Preview of the {0} file, as it will be saved:").format(
                FORMAT_LABELS[fmt]
            )
        self.preview_label.setText(text)
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
        self._say(self.tr("Saving {0}…").format(target.name), None)
        worker = Worker(lambda _progress: export(data, fmt, paper, target))
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self.pool.start(worker)

    def _say(self, text: str, icon: QStyle.StandardPixmap | None) -> None:
        self.message.setText(text)
        if icon is None:
            self.icon.hide()
            return
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        self.icon.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.buttons, self.format, self.paper, self.redact):
            widget.setEnabled(not busy)
        if not busy:
            self.paper.setEnabled(self.chosen_format == "pdf")

    def _finished(self, outcome: Path | str) -> None:
        self._set_busy(False)
        if isinstance(outcome, str):
            self._failed(outcome)
            return
        self.saved = outcome
        self._say(
            self.tr("Saved to {0}.").format(outcome),
            QStyle.StandardPixmap.SP_DialogApplyButton,
        )
        self.open_button.show()
        self.folder_button.show()
        self.open_button.setFocus()
        self.exported.emit(outcome)

    def _failed(self, error: str) -> None:
        self._set_busy(False)
        self._say(
            self.tr(
                "The report was not saved: {0}. Choose another folder or file name, then Save "
                "again."
            ).format(error.rstrip(".")),
            QStyle.StandardPixmap.SP_MessageBoxWarning,
        )
        self.failed.emit(error)

    def _open_saved(self) -> None:
        if self.saved is not None:
            self.open_file(self.saved)

    def _show_folder(self) -> None:
        if self.saved is not None:
            self.open_file(self.saved.parent)

    def reject(self) -> None:
        if not self.busy.isHidden():
            return
        super().reject()

""" "Check terms now": ask before connecting, read off the GUI thread, show progress, cancel."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from meetguard.catalog.model import TOPICS, Client
from meetguard.display_text import html_escaped
from meetguard.services import Services
from meetguard.terms.check import CheckPlan, CheckReport
from meetguard.terms.model import REASONS


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)


class TermsCheckWorker(QRunnable):
    """Runs the check in the thread pool; everything it emits is a plain value."""

    def __init__(self, services: Services, plan: CheckPlan, cancel: threading.Event) -> None:
        super().__init__()
        self.services = services
        self.plan = plan
        self.cancel = cancel
        self.signals = _Signals()

    def run(self) -> None:
        try:
            report = self.services.check_terms(self.plan, self.cancel, self.signals.progress.emit)
        except Exception as exc:  # any failure must reach the window, not vanish in a thread
            self.signals.failed.emit(f"{exc.__class__.__name__}: {exc}")
            return
        self.signals.finished.emit(report)


class TermsCheckDialog(QDialog):
    """Lists the hosts, asks, then reads every quoted document of `clients`."""

    checked = Signal(object)

    def __init__(
        self, services: Services, clients: list[Client], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.plan = services.terms_plan(clients)
        self.cancel = threading.Event()
        self.worker: TermsCheckWorker | None = None
        self.report: CheckReport | None = None
        self.setWindowTitle(self.tr("Check terms now"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, max(len(self.plan.targets), 1))
        self.progress.setFormat(self.tr("%v of %m documents"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.details = QTextBrowser()
        self.details.setAccessibleName(self.tr("What each document gave"))
        self.details.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.cancel_button = QPushButton(self.tr("&Cancel check"))
        self.cancel_button.clicked.connect(self.stop)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.clicked.connect(self.accept)
        self.close_button.setEnabled(False)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.progress, self.summary, self.details, self.buttons):
            layout.addWidget(widget)
        self.resize(520, 220)

    def confirm_text(self) -> str:
        hosts = "".join(f"<li>{html_escaped(h)}</li>" for h in self.plan.hosts)
        return self.tr(
            "<p>To check the quotes, MeetGuard will read {0} document(s) from these hosts:</p>"
            "<ul>{1}</ul><p>Each gets one plain request: no cookies, no account, no "
            "JavaScript. Nothing about you or this computer is sent. Connect now?</p>"
        ).format(len(self.plan.targets), hosts)

    def ask(self) -> bool:
        """The one modal question, patched in tests."""
        answer = QMessageBox.question(
            self.parentWidget() or self,
            self.tr("Check terms now"),
            self.confirm_text(),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def start(self) -> bool:
        """Ask, then start reading; False when there is nothing to read or the user said no."""
        if not self.plan.targets or not self.ask():
            return False
        self.status.setText(self.tr("Connecting…"))
        self.worker = TermsCheckWorker(self.services, self.plan, self.cancel)
        self.worker.signals.progress.connect(self._progress)
        self.worker.signals.finished.connect(self._finished)
        self.worker.signals.failed.connect(self._failed)
        QThreadPool.globalInstance().start(self.worker)
        self.show()
        return True

    def stop(self) -> None:
        """Cancel: the dialog can close at once; the worker stops at its next step, and what
        it read before that is still kept when it reports back."""
        self.cancel.set()
        self.cancel_button.setEnabled(False)
        self.close_button.setEnabled(True)
        self.status.setText(self.tr("Cancelled. Documents read so far are kept."))

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        if name and not self.cancel.is_set():
            self.status.setText(self.tr("Reading {0}…").format(name))

    def _finished(self, report: CheckReport) -> None:
        self.report = report
        self.services.keep_terms_check(report)
        unread = sum(1 for o in report.outcomes if o.unchecked is not None)
        text = self.tr(
            "{0} of {1} documents read ({2} could not be checked). Quotes: {3} found, "
            "{4} not found, {5} could not be checked."
        ).format(
            len(report.outcomes) - unread,
            report.total,
            unread,
            report.count("found"),
            report.count("not_found"),
            report.count("unchecked"),
        )
        if report.stopped:
            self.status.setText(self.tr("Stopped ({0}).").format(report.stopped))
            text += " " + self.tr("What was read before stopping is kept.")
        else:
            self.status.setText(self.tr("Done."))
        self.summary.setText(text)
        self.details.setHtml(self.details_html(report))
        self.details.setVisible(True)
        self.resize(self.width(), 420)
        self._done()
        self.checked.emit(report)

    def details_html(self, report: CheckReport) -> str:
        """One line per document read or not, with every quote not found."""
        lines = []
        for o in report.outcomes:
            name = html_escaped(o.target.name)
            if o.unchecked is not None:
                why = html_escaped(f"{REASONS[o.unchecked.reason]} ({o.unchecked.detail})")
                lines.append(f"<li><b>{name}</b>: {self.tr('could not check')}: {why}</li>")
                continue
            found = sum(1 for q in o.checks if q.status == "found")
            missing = "".join(
                f'<br><span style="color:#9b1c1c">{html_escaped(self.tr("Not found:"))} '
                f"{html_escaped(TOPICS[q.topic])}</span>"
                for q in o.checks
                if q.flagged
            )
            counted = self.tr("{0} of {1} quotes found").format(found, len(o.checks))
            lines.append(f"<li><b>{name}</b>: {html_escaped(counted)}{missing}</li>")
        return "<ul>" + "".join(lines) + "</ul>"

    def _failed(self, error: str) -> None:
        self.status.setText(self.tr("The check failed: {0}").format(error))
        self._done()

    def _done(self) -> None:
        self.worker = None
        self.cancel_button.setEnabled(False)
        self.close_button.setEnabled(True)
        self.close_button.setDefault(True)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.worker is not None and not self.cancel.is_set():
            self.stop()
        super().closeEvent(event)

    def reject(self) -> None:
        if self.worker is not None and not self.cancel.is_set():
            self.stop()
            return
        super().reject()

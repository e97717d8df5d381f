"""The main window: installed clients on the left, rights and checklist on the right."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QItemSelection, Qt, QThreadPool, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meetguard import APP_NAME, __version__
from meetguard.catalog.model import CONTROLLERS, SURFACES, Client
from meetguard.host import Host
from meetguard.inventory import scan
from meetguard.inventory.model import Installation, ScanResult
from meetguard.services import Services
from meetguard.store.progress import StepStatus, step_status
from meetguard.ui.export_dialog import ExportDialog
from meetguard.ui.models import ChecklistModel, ClientListModel
from meetguard.ui.rights_view import RightsView, rights_html
from meetguard.ui.workers import Worker

MARK_BUTTONS = (
    ("done", "&Done", "Ctrl+D"),
    ("skipped", "S&kip", "Ctrl+K"),
    ("not-applicable", "&Not applicable", "Ctrl+N"),
    ("pending", "&To do", "Ctrl+T"),
)


class MainWindow(QMainWindow):
    def __init__(self, services: Services, host: Host) -> None:
        super().__init__()
        self.services = services
        self.host = host
        self.scan_result: ScanResult | None = None
        self.pool = QThreadPool.globalInstance()
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 700)

        self.clients = ClientListModel()
        self.client_list = QListView()
        self.client_list.setModel(self.clients)
        self.client_list.setAccessibleName(self.tr("Conferencing clients found"))
        self.client_list.setSpacing(4)
        self.client_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.client_list.selectionModel().selectionChanged.connect(self._client_selected)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Scanning"))
        self.scan_label = QLabel(self.tr("Looking for conferencing apps on this computer…"))
        self.scan_label.setWordWrap(True)
        scanning = QWidget()
        sl = QVBoxLayout(scanning)
        sl.addStretch()
        sl.addWidget(self.scan_label)
        sl.addWidget(self.busy)
        sl.addStretch()
        self.empty_label = QLabel(
            self.tr(
                "<h3>No conferencing apps found</h3><p>MeetGuard looked in the usual places "
                "and found none of the apps it knows. If you use Zoom, Teams or Meet in a "
                "browser, their web settings still matter: install the app or choose "
                "File › Rescan after installing one.</p>"
            )
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.left = QStackedWidget()
        self.left.addWidget(scanning)
        self.left.addWidget(self.empty_label)
        self.left.addWidget(self.client_list)

        self.rights = RightsView()
        self.rights.anchorClicked.connect(self._open_link)

        self.steps = ChecklistModel()
        self.step_table = QTableView()
        self.step_table.setModel(self.steps)
        self.step_table.setAccessibleName(self.tr("Settings checklist"))
        self.step_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.step_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.step_table.setWordWrap(True)
        self.step_table.verticalHeader().hide()
        header = self.step_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ChecklistModel.STATE, QHeaderView.ResizeMode.ResizeToContents)
        self.step_table.selectionModel().selectionChanged.connect(self._step_selected)
        self.step_detail = QLabel()
        self.step_detail.setWordWrap(True)
        self.step_detail.setTextFormat(Qt.TextFormat.RichText)
        self.step_detail.setOpenExternalLinks(False)
        self.step_detail.linkActivated.connect(lambda url: self._open_link(QUrl(url)))
        self.step_detail.setAccessibleName(self.tr("Selected step"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Optional note, kept with your mark"))
        self.note.setAccessibleName(self.tr("Note for this step"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        self.mark_buttons: dict[str, QPushButton] = {}
        for state, label, shortcut in MARK_BUTTONS:
            button = QPushButton(self.tr(label))
            button.setShortcut(QKeySequence(shortcut))
            button.setAccessibleName(self.tr("Mark step as {0}").format(label.replace("&", "")))
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, s=state: self.mark_selected(s))
            buttons.addWidget(button)
            self.mark_buttons[state] = button
        checklist = QWidget()
        cl = QVBoxLayout(checklist)
        cl.addWidget(self.step_table, 3)
        cl.addWidget(self.step_detail, 2)
        cl.addLayout(buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.rights, self.tr("Data &rights"))
        self.tabs.addTab(checklist, self.tr("Settings &checklist"))
        self.tabs.setEnabled(False)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([300, 800])
        self.setCentralWidget(self.splitter)
        self._build_menus()
        self.statusBar().showMessage(self.tr("Ready"))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.export_action = QAction(self.tr("&Export report…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_report)
        self.export_action.setEnabled(False)
        self.rescan_action = QAction(self.tr("&Rescan"), self)
        self.rescan_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.rescan_action.triggered.connect(self.start_scan)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        for action in (self.export_action, self.rescan_action, quit_action):
            file_menu.addAction(action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About MeetGuard"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # scanning -----------------------------------------------------------------

    def start_scan(self) -> None:
        self.rescan_action.setEnabled(False)
        self.left.setCurrentIndex(0)
        self.statusBar().showMessage(self.tr("Scanning…"))
        host, catalog = self.host, self.services.catalog
        worker = Worker(lambda progress: scan(host, catalog, progress))
        worker.signals.progress.connect(self._scan_progress)
        worker.signals.finished.connect(self._scan_finished)
        worker.signals.failed.connect(self._scan_failed)
        self.pool.start(worker)

    def _scan_progress(self, channel: str) -> None:
        self.scan_label.setText(self.tr("Looking at {0}…").format(channel))

    def _scan_finished(self, result: ScanResult) -> None:
        self.scan_result = result
        rows: list[tuple[Installation, Client | None]] = [
            (i, self.services.catalog.get(i.client_id)) for i in result.installations
        ]
        rows += [(o, None) for o in result.others]
        self.clients.set_rows(rows)
        self.rescan_action.setEnabled(True)
        self.export_action.setEnabled(True)
        self.left.setCurrentIndex(2 if rows else 1)
        found = len(result.installations)
        message = self.tr("Found {0} conferencing client(s)").format(found)
        if result.warnings:
            message += self.tr(" · {0} file(s) could not be read").format(len(result.warnings))
            self.statusBar().setToolTip("\n".join(result.warnings))
        self.statusBar().showMessage(message)
        if rows:
            self.client_list.setCurrentIndex(self.clients.index(0, 0))
            self.client_list.setFocus()

    def _scan_failed(self, error: str) -> None:
        self.rescan_action.setEnabled(True)
        self.left.setCurrentIndex(1)
        self.statusBar().showMessage(self.tr("Scan failed: {0}").format(error))

    # selection ----------------------------------------------------------------

    def current_client(self) -> tuple[Installation, Client | None] | None:
        index = self.client_list.currentIndex()
        return self.clients.row(index.row()) if index.isValid() else None

    def _client_selected(self, *_: QItemSelection) -> None:
        current = self.current_client()
        if current is None:
            self.tabs.setEnabled(False)
            return
        inst, client = current
        self.tabs.setEnabled(True)
        if client is None:
            self.rights.setHtml(
                f"<h2>{inst.name}</h2><p>MeetGuard has no review of this app's terms yet. "
                f"It was found at {inst.location}.</p>"
            )
            self.steps.set_rows([])
            return
        account = self.services.store.account_type(client.id) or "all"
        self.rights.setHtml(rights_html(client, account, dt.date.today()))
        self._refresh_steps()

    def _refresh_steps(self) -> None:
        current = self.current_client()
        if current is None:
            return
        inst, client = current
        if client is None:
            return
        account = self.services.store.account_type(client.id) or "all"
        marks = self.services.store.marks()
        row = self.step_table.currentIndex().row()
        self.steps.set_rows(
            [step_status(s, marks.get(s.key), inst.version) for s in client.steps_for(account)]
        )
        if 0 <= row < self.steps.rowCount():
            self.step_table.selectRow(row)
        self._step_selected()

    def _step_selected(self, *_: QItemSelection) -> None:
        index = self.step_table.currentIndex()
        has = index.isValid()
        for button in self.mark_buttons.values():
            button.setEnabled(has)
        if not has:
            self.step_detail.setText(self.tr("Select a step to see where the setting is."))
            return
        status = self.steps.status(index.row())
        self.step_detail.setText(_step_html(status))
        self.note.setText(status.mark.note if status.mark else "")

    def mark_selected(self, state: str) -> None:
        index = self.step_table.currentIndex()
        current = self.current_client()
        if not index.isValid() or current is None:
            return
        step = self.steps.status(index.row()).step
        self.services.store.mark(
            step.client_id, step.id, step.revision, state, self.note.text(), current[0].version
        )
        self._refresh_steps()
        self.statusBar().showMessage(self.tr("Saved: {0} marked {1}").format(step.feature, state))

    # actions ------------------------------------------------------------------

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() == "https":
            QDesktopServices.openUrl(url)

    def export_report(self) -> None:
        if self.scan_result is None:
            return
        result = self.scan_result
        dialog = ExportDialog(lambda redact: self.services.report(result, redact=redact), self)
        dialog.exported.connect(
            lambda path: self.statusBar().showMessage(self.tr("Report saved to {0}").format(path))
        )
        dialog.launch()

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About MeetGuard"),
            self.tr(
                "<b>MeetGuard {0}</b><p>Shows what your video-meeting apps may do with "
                "your meetings and walks you through their AI and privacy settings. "
                "It sends nothing anywhere.</p>"
            ).format(__version__),
        )


def _step_html(status: StepStatus) -> str:
    s = status.step
    e = escape
    parts = [f"<b>{e(s.feature)}</b>: {e(s.what)}"]
    parts.append(f"<br><b>Where:</b> {e(SURFACES[s.surface])}: {e(' › '.join(s.path))}")
    parts.append(f"<br><b>Recommended:</b> {e(s.recommended)}")
    parts.append(f"<br><b>Who can change it:</b> {e(CONTROLLERS[s.controlled_by])}. {e(s.why)}")
    if s.ask_admin:
        parts.append(f"<br><b>If you are not the admin, send them:</b> <i>{e(s.ask_admin)}</i>")
    if not s.verified:
        parts.append(f"<br><b>Unverified:</b> {e(s.caveat)}")
    elif s.caveat:
        parts.append(f"<br><b>Note:</b> {e(s.caveat)}")
    if status.reason:
        parts.append(f"<br><b>Re-check:</b> {e(status.reason)}")
    links = [f'<a href="{e(s.source_url)}">Source</a> (read {s.retrieved.isoformat()})']
    if s.url:
        links.insert(0, f'<a href="{e(s.url)}">Open settings page in your browser</a>')
    parts.append("<br>" + " · ".join(links))
    return "".join(parts)

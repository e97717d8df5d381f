"""The main window: installed clients on the left, rights and checklist on the right."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QByteArray, QItemSelection, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meetguard import APP_NAME, __version__, paths
from meetguard.catalog.model import Client
from meetguard.host import Host
from meetguard.inventory.model import Installation
from meetguard.services import Inspection, Services, inspect
from meetguard.ui.checklist_view import ChecklistPanel
from meetguard.ui.models import ClientListModel
from meetguard.ui.rights_view import RightsPanel
from meetguard.ui.workers import Worker

SCANNING, EMPTY, LIST = range(3)


def window_settings() -> QSettings:
    """Window layout and first-run state, kept in MeetGuard's own config folder."""
    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    first_painted = Signal()

    def __init__(self, services: Services, host: Host) -> None:
        super().__init__()
        self._painted = False
        self.services = services
        self.host = host
        self.inspection: Inspection | None = None
        self.pool = QThreadPool.globalInstance()
        self.setWindowTitle(APP_NAME)
        self.resize(1150, 720)

        self.clients = ClientListModel()
        self.client_list = QListView()
        self.client_list.setModel(self.clients)
        self.client_list.setAccessibleName(self.tr("Conferencing apps found"))
        self.client_list.setSpacing(4)
        self.client_list.setWordWrap(True)
        self.client_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
                "and found none of the apps it knows.</p><p>If you use Zoom, Teams or Meet "
                "in a browser, their account settings still matter. After installing an app, "
                "choose File › Rescan.</p>"
            )
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.left = QStackedWidget()
        self.left.addWidget(scanning)
        self.left.addWidget(self.empty_label)
        self.left.addWidget(self.client_list)

        self.rights = RightsPanel(services)
        self.rights.account_changed.connect(self._account_changed)
        self.checklist = ChecklistPanel(services)
        self.checklist.marked.connect(self.statusBar().showMessage)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.rights, self.tr("Data &rights"))
        self.tabs.addTab(self.checklist, self.tr("Settings &checklist"))
        self.tabs.setEnabled(False)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([300, 850])
        self.welcome = self._welcome_banner()
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.welcome)
        cl.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.settings = window_settings()
        self._restore_layout()
        message = self.tr("Ready")
        if services.warnings:
            message = self.tr("{0} catalog problem(s): some apps may be missing").format(
                len(services.warnings)
            )
            self.statusBar().setToolTip("\n".join(services.warnings))
        self.statusBar().showMessage(message)

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
        self.terms_action = QAction(self.tr("Check &terms now (all clients)…"), self)
        self.terms_action.triggered.connect(self.check_all_terms)
        for action in (self.export_action, self.terms_action, self.rescan_action, quit_action):
            file_menu.addAction(action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        reads = QAction(self.tr("What MeetGuard &reads and stores"), self)
        reads.triggered.connect(self._privacy_info)
        help_menu.addAction(reads)
        about = QAction(self.tr("&About MeetGuard"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _welcome_banner(self) -> QFrame:
        banner = QFrame()
        banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner.setAccessibleName(self.tr("Welcome"))
        text = QLabel(
            self.tr(
                "<b>Welcome to MeetGuard.</b> It finds the video-meeting apps on this computer "
                "and shows, clause by clause, what their terms let each vendor do with your "
                "meetings. It then walks you through the AI and recording settings that "
                "protect you, and remembers what you did. Everything stays on this computer: "
                "MeetGuard sends nothing anywhere."
            )
        )
        text.setWordWrap(True)
        close = QPushButton(self.tr("&Got it"))
        close.clicked.connect(self.dismiss_welcome)
        layout = QHBoxLayout(banner)
        layout.addWidget(text, 1)
        layout.addWidget(close)
        return banner

    def dismiss_welcome(self) -> None:
        self.welcome.hide()
        self.settings.setValue("welcome_seen", True)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self.welcome.setVisible(self.settings.value("welcome_seen", False, type=bool) is False)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Queued (and dropped if the window is gone), so slots run after this paint.
            QTimer.singleShot(0, self, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)

    # scanning -----------------------------------------------------------------

    def start_scan(self) -> None:
        self.rescan_action.setEnabled(False)
        self.left.setCurrentIndex(SCANNING)
        self.statusBar().showMessage(self.tr("Scanning…"))
        host, catalog = self.host, self.services.catalog
        worker = Worker(lambda progress: inspect(host, catalog, progress))
        worker.signals.progress.connect(self._scan_progress)
        worker.signals.finished.connect(self._scan_finished)
        worker.signals.failed.connect(self._scan_failed)
        self.pool.start(worker)

    def _scan_progress(self, channel: str) -> None:
        self.scan_label.setText(self.tr("Looking at {0}…").format(channel))

    def _scan_finished(self, inspection: Inspection) -> None:
        self.inspection = inspection
        result = inspection.scan
        rows = []
        for inst in result.installations:
            client = self.services.catalog.get(inst.client_id)
            rows.append((inst, client, self.services.grade(client) if client else None))
        rows += [(o, None, None) for o in result.others]
        self.clients.set_rows(rows)
        self.rescan_action.setEnabled(True)
        self.export_action.setEnabled(True)
        self.left.setCurrentIndex(LIST if rows else EMPTY)
        message = self.tr("Found {0} conferencing app(s)").format(len(result.installations))
        if result.warnings:
            message += self.tr(" · {0} file(s) could not be read").format(len(result.warnings))
            self.statusBar().setToolTip("\n".join(result.warnings))
        self.statusBar().showMessage(message)
        if rows:
            self.client_list.setCurrentIndex(self.clients.index(0, 0))
            self.client_list.setFocus()

    def _scan_failed(self, error: str) -> None:
        self.rescan_action.setEnabled(True)
        self.left.setCurrentIndex(EMPTY)
        self.statusBar().showMessage(self.tr("Scan failed: {0}").format(error))

    # selection ----------------------------------------------------------------

    def current_client(self) -> tuple[Installation, Client | None] | None:
        index = self.client_list.currentIndex()
        return self.clients.row(index.row()) if index.isValid() else None

    def _client_selected(self, *_: QItemSelection) -> None:
        current = self.current_client()
        self.tabs.setEnabled(current is not None)
        if current is None:
            return
        inst, client = current
        if client is None:
            self.rights.show_text(
                f"<h2>{escape(inst.name)}</h2><p>MeetGuard has no review of this app's terms "
                f"yet. It was found at {escape(inst.location)}.</p>"
            )
            self.tabs.setTabEnabled(1, False)
            return
        self.tabs.setTabEnabled(1, True)
        self.rights.show_client(client)
        self.checklist.show_client(client, self.inspection)

    def _account_changed(self) -> None:
        current = self.current_client()
        if current is None or current[1] is None:
            return
        row = self.client_list.currentIndex().row()
        self.clients.update_grade(row, self.services.grade(current[1]))
        self.checklist.refresh()

    # actions ------------------------------------------------------------------

    def export_report(self) -> None:
        if self.inspection is None:
            return
        inspection = self.inspection
        # The report renderers are only needed here: not loading them speeds up start-up.
        from meetguard.ui.export_dialog import ExportDialog

        dialog = ExportDialog(lambda redact: self.services.report(inspection, redact=redact), self)
        dialog.exported.connect(
            lambda path: self.statusBar().showMessage(self.tr("Report saved to {0}").format(path))
        )
        dialog.launch()

    def check_all_terms(self) -> None:
        from meetguard.ui.terms_dialog import TermsCheckDialog

        dialog = TermsCheckDialog(self.services, list(self.services.catalog.clients), self)
        dialog.checked.connect(lambda _report: self.rights.refresh())
        dialog.start()

    def _privacy_info(self) -> None:
        QMessageBox.information(
            self,
            self.tr("What MeetGuard reads and stores"),
            self.tr(
                "<p><b>Reads</b> (never writes): the lists of installed applications — desktop "
                "entries, package databases, Flatpak and Snap metadata, application bundles, "
                "the Windows uninstall registry — and the few settings files named in its "
                "checklist.</p><p><b>Stores</b> your marks, notes and their history in {0}, "
                "readable only by you.</p><p><b>Sends</b> nothing. It connects only when you "
                "choose Check terms now, to the hosts it lists first. Links you click open in "
                "your browser.</p>"
            ).format(escape(str(paths.data_dir()))),
        )

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

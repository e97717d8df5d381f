"""The main window: the home overview, one app, or the guided walk, with menus and banners."""

from __future__ import annotations

import linecache
from collections.abc import Callable
from functools import cached_property, partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from meetguard import APP_NAME, __version__, paths
from meetguard.display_text import html_escaped
from meetguard.ui.workers import Worker

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent

    # What the window shows once the first scan is in: imported after the first paint
    # (tests/gui/test_first_paint.py holds the window to that).
    from meetguard.catalog.model import Client
    from meetguard.checklist import ChecklistRow
    from meetguard.checklist.journey import Journey, Place
    from meetguard.report.model import ReportData
    from meetguard.services import Inspection, Services
    from meetguard.store.marks import StoreError
    from meetguard.store.notes import PlainReason
    from meetguard.ui.app_view import AppView
    from meetguard.ui.home_view import HomeView
    from meetguard.ui.step_editor import StepEditor
    from meetguard.ui.walk_view import WalkView

SCANNING, HOME, APP, WALK = range(4)
MINIMUM_SIZE = QSize(760, 540)
STEP_ACTIONS = (
    ("done", "Mark &done", "Ctrl+D"),
    ("skipped", "&Skip", "Ctrl+K"),
    ("not-applicable", "Mark not a&pplicable", "Ctrl+P"),
    ("pending", "Back to &to do", "Ctrl+T"),
)
# The banner's plain words, by the store's reason why notes are not encrypted.
PLAINTEXT_NOTICES: dict[PlainReason, str] = {
    "no-store": (
        "Your notes are stored unencrypted because this computer has no password store. Only "
        "your user account can read them."
    ),
    "keyring-failed": (
        "Your notes are stored unencrypted for now: the password store did not answer (it may "
        "be locked). Only your user account can read them, and MeetGuard encrypts them the "
        "next time it can use the password store."
    ),
}


def window_settings() -> QSettings:
    """Window layout and where the user left off, kept in MeetGuard's own config folder."""
    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def _set_shortcut(action: QAction, key: str | QKeySequence.StandardKey) -> None:
    # A list for setShortcuts: setShortcut's overload check builds PySide6's Qt namespace of
    # enums (~20 ms), more than the rest of this window costs before its first paint.
    action.setShortcuts([QKeySequence(key)])


def _banner(name: str, text: QLabel, button: QPushButton) -> QFrame:
    banner = QFrame()
    banner.setFrameShape(QFrame.Shape.StyledPanel)
    banner.setAccessibleName(name)
    text.setWordWrap(True)
    # The button at the top of its column: a stretch, not Qt.AlignmentFlag, whose namespace of
    # enums takes ~20 ms to build in PySide6, more than the rest of this window before it paints.
    column = QVBoxLayout()
    column.addWidget(button)
    column.addStretch()
    layout = QHBoxLayout(banner)
    layout.addWidget(text, 1)
    layout.addLayout(column)
    return banner


def _stored_note(services: Services, row: ChecklistRow) -> str:
    """A step's note, opened as its step is shown (the journey's rows leave notes out); what
    the keyring said is shown once the note field is in view (`note_field_shown`)."""
    return services.note(row.step)


class ScanningPage(QWidget):
    """What the window shows while it looks at the computer, the first thing painted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Scanning"))
        self.label = QLabel(self.tr("Looking for meeting apps on this computer…"))
        self.label.setWordWrap(True)
        middle = QWidget()
        middle.setMaximumWidth(560)
        column = QVBoxLayout(middle)
        column.addStretch(2)
        column.addWidget(self.label)
        column.addWidget(self.busy)
        column.addStretch(3)
        # Centred by stretches (see _banner on Qt.AlignmentFlag).
        layout = QHBoxLayout(self)
        layout.addStretch()
        layout.addWidget(middle, 1)
        layout.addStretch()


class MainWindow(QMainWindow):
    first_painted = Signal()

    def __init__(self, services: Services) -> None:
        super().__init__()
        self._painted = False
        self.services = services
        self.inspection: Inspection | None = None
        self._journey: Journey | None = None
        self._notes_checked = False  # the keyring is not asked until a note field shows
        self._plain_reason: PlainReason | None = None
        self._notice_lines: list[str] = []
        self.pool = QThreadPool.globalInstance()
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(1150, 760)

        self.scanning = ScanningPage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.scanning)
        for _page in (HOME, APP, WALK):
            self.pages.addWidget(QWidget())  # stands in until its view is built (`_install`)
        self.pages.currentChanged.connect(self._page_changed)

        self.welcome_text = QLabel(
            self.tr(
                "<b>Welcome to MeetGuard.</b> It finds the video-meeting apps on this computer "
                "and shows, clause by clause, what their terms let each vendor do with your "
                "meetings. It then walks you through the AI and recording settings that "
                "protect you, and remembers what you did. Everything stays on this computer: "
                "MeetGuard sends nothing anywhere."
            )
        )
        # No mnemonic: every letter here belongs to a control the user needs more often.
        close = QPushButton(self.tr("Got it"))
        close.clicked.connect(self.dismiss_welcome)
        self.welcome = _banner(self.tr("Welcome"), self.welcome_text, close)
        self.notice_text = QLabel()
        dismiss = QPushButton(self.tr("Dismiss"))
        dismiss.clicked.connect(self._dismiss_notice)
        self.notice = _banner(self.tr("Notice about your saved data"), self.notice_text, dismiss)
        self.notice.hide()

        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(6, 6, 6, 0)
        cl.addWidget(self.welcome)
        cl.addWidget(self.notice)
        cl.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.settings = window_settings()
        self._restore_layout()
        self._page_changed(SCANNING)
        # The first scan starts once the window has painted: say so from the first frame.
        self.statusBar().showMessage(self.tr("Scanning…"))

    # The pages that show what the scan found are built on first use, after the first paint:
    # the home view at the first result, one app's page and the guided walk when the user
    # goes there (each costs memory and time the first result need not wait for).

    @cached_property
    def home(self) -> HomeView:
        from meetguard.ui.home_view import HomeView

        home = HomeView()
        home.open_app.connect(self.open_app)
        home.continue_requested.connect(self.continue_walk)
        home.add_requested.connect(self.add_app)
        self._install(HOME, home)
        return home

    @cached_property
    def app_view(self) -> AppView:
        from meetguard.ui.app_view import AppView

        app_view = AppView(self.services)
        app_view.overview_requested.connect(self.show_home)
        app_view.rights.account_changed.connect(self.refresh_journey)
        app_view.checklist.walk_requested.connect(self.walk_from_app)
        editor = app_view.checklist.editor
        editor.marked.connect(self._checklist_marked)
        editor.note_changed.connect(self._checklist_note)
        self._join_note_field(editor)
        self._install(APP, app_view)
        return app_view

    @cached_property
    def walk(self) -> WalkView:
        from meetguard.ui.walk_view import WalkView

        walk = WalkView()
        self._join_note_field(walk.editor)
        walk.mark_requested.connect(self.record_mark)
        walk.note_requested.connect(self.record_note)
        walk.overview_requested.connect(self.show_home)
        walk.export_requested.connect(self.export_report)
        self._install(WALK, walk)
        return walk

    def _built(self, view: str) -> bool:
        return view in vars(self)

    def _join_note_field(self, editor: StepEditor) -> None:
        # Not a method of the window: a Python reference from a child widget back to it
        # makes a cycle that only the garbage collector frees, maybe in the scan's thread.
        editor.note_of = partial(_stored_note, self.services)
        editor.note_shown.connect(partial(self.note_field_shown, editor))

    def _install(self, index: int, view: QWidget) -> None:
        """Put a view built on first use in the place its page number names."""
        stand_in = self.pages.widget(index)
        assert stand_in is not None
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()
        self.pages.insertWidget(index, view)

    @property
    def journey(self) -> Journey:
        """Every app found or added; none before the first scan."""
        if self._journey is None:
            from meetguard.checklist.journey import Journey

            self._journey = Journey(())
        return self._journey

    # menus ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.export_action = QAction(self.tr("&Export report…"), self)
        _set_shortcut(self.export_action, "Ctrl+E")
        self.export_action.triggered.connect(self.export_report)
        self.export_action.setEnabled(False)
        self.add_action = QAction(self.tr("&Add an app you use in your browser…"), self)
        self.add_action.triggered.connect(self.add_app)
        self.add_action.setEnabled(False)
        self.rescan_action = QAction(self.tr("&Rescan"), self)
        _set_shortcut(self.rescan_action, QKeySequence.StandardKey.Refresh)
        self.rescan_action.triggered.connect(self.start_scan)
        self.home_action = QAction(self.tr("&Overview"), self)
        _set_shortcut(self.home_action, "Alt+Home")
        self.home_action.triggered.connect(self.show_home)
        quit_action = QAction(self.tr("&Quit"), self)
        _set_shortcut(quit_action, QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.terms_action = QAction(self.tr("Check &terms now (all clients)…"), self)
        self.terms_action.triggered.connect(self.check_all_terms)
        for action in (
            self.export_action,
            self.terms_action,
            self.add_action,
            self.rescan_action,
            self.home_action,
            quit_action,
        ):
            file_menu.addAction(action)

        self.step_menu = self.menuBar().addMenu(self.tr("&Step"))
        self.mark_actions: dict[str, QAction] = {}
        for state, label, shortcut in STEP_ACTIONS:
            action = QAction(self.tr(label), self)
            _set_shortcut(action, shortcut)
            action.triggered.connect(lambda _=False, s=state: self.mark_shown_step(s))
            self.step_menu.addAction(action)
            self.mark_actions[state] = action
        self.step_menu.addSeparator()
        self.next_action = QAction(self.tr("&Next step"), self)
        _set_shortcut(self.next_action, "Alt+Right")
        self.next_action.triggered.connect(lambda: self.move_step(1))
        self.previous_action = QAction(self.tr("P&revious step"), self)
        _set_shortcut(self.previous_action, "Alt+Left")
        self.previous_action.triggered.connect(lambda: self.move_step(-1))
        self.walk_action = QAction(self.tr("&Guided walk"), self)
        _set_shortcut(self.walk_action, "Ctrl+G")
        self.walk_action.triggered.connect(self.continue_walk)
        for action in (self.next_action, self.previous_action, self.walk_action):
            self.step_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        reads = QAction(self.tr("What MeetGuard &reads and stores"), self)
        reads.triggered.connect(self._privacy_info)
        help_menu.addAction(reads)
        about = QAction(self.tr("&About MeetGuard"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # banners and layout -----------------------------------------------------------------

    def dismiss_welcome(self) -> None:
        self.welcome.hide()
        self.settings.setValue("welcome_seen", True)

    def _dismiss_notice(self) -> None:
        self.notice.hide()

    def show_store_notices(self) -> None:
        """Say, in a banner that blocks nothing, what happened to the user's saved data so far.

        The keyring is not asked here: only once a note field is shown (`note_field_shown`)
        or a report reads the notes; each of those says what it found through this."""
        notices = self.services.notices()
        lines = []
        plain = self.services.notes_plain_reason if self.services.notes_key_asked else None
        if plain and notices:
            # The store's own sentence names the keyring backend; the user needs plain words.
            lines.append(self.tr(PLAINTEXT_NOTICES[plain]))
            self.notice.setToolTip("\n\n".join(notices))
            notices = [n for n in notices if "unencrypted" not in n]
        lines += notices
        if lines and lines != self._notice_lines:
            from PySide6.QtCore import Qt

            self._notice_lines = lines
            self.notice_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.notice_text.setText("\n\n".join(lines))
            self.notice.show()

    def note_field_shown(self, editor: StepEditor) -> None:
        """The user comes to a note: ask the keyring now, the first time (not at start: it
        costs ~100 ms and ~20 MiB), and say beside the field, before the user types, when
        notes cannot be encrypted."""
        if not self._notes_checked:
            self._notes_checked = True
            self._plain_reason = self.services.notes_plain_reason
            self.show_store_notices()
        editor.say_unencrypted(self._plain_reason)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.welcome.setVisible(self.settings.value("welcome_seen", False, type=bool) is False)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Queued (and dropped if the window is gone), so slots run after this paint.
            QTimer.singleShot(0, self, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shown_editor_save()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)

    # scanning ---------------------------------------------------------------------------

    def start_scan(self) -> None:
        self.rescan_action.setEnabled(False)
        self.scanning.label.setText(self.tr("Looking for meeting apps on this computer…"))
        self.pages.setCurrentIndex(SCANNING)
        self.statusBar().showMessage(self.tr("Scanning…"))
        services = self.services

        def job(progress: Callable[[str], None]) -> Inspection:
            # The catalog and the core load here, off the GUI thread, at the first scan.
            # PySide6 reads the source of every module imported after it (inspect.getsource,
            # for its __feature__ switches) and linecache keeps it all: ~4 MiB by now, freed
            # before the scan needs memory. A traceback reads the lines it shows again.
            linecache.clearcache()
            return services.inspect(progress)

        worker = Worker(job)
        worker.signals.progress.connect(self._scan_progress)
        worker.signals.finished.connect(self._scan_finished)
        worker.signals.failed.connect(self._scan_failed)
        self.pool.start(worker)

    def _scan_progress(self, channel: str) -> None:
        self.scanning.label.setText(self.tr("Looking at {0}…").format(channel))

    def _scan_finished(self, inspection: Inspection) -> None:
        self.inspection = inspection
        result = inspection.scan
        self.rescan_action.setEnabled(True)
        self.export_action.setEnabled(True)
        self.add_action.setEnabled(True)
        self.refresh_journey()
        self._leave_scanning()
        found = sum(1 for app in self.journey.apps if not app.added)
        message = self.tr("Found {0} app(s) that can touch a meeting").format(found)
        if result.warnings:
            message += self.tr(" · {0} file(s) could not be read").format(len(result.warnings))
        problems = self.services.warnings
        if problems:
            message += self.tr(" · {0} catalog problem(s): some apps may be missing").format(
                len(problems)
            )
        self.statusBar().setToolTip("\n".join((*problems, *result.warnings)))
        self.statusBar().showMessage(message)
        self.home.continue_button.setFocus()

    def _scan_failed(self, error: str) -> None:
        self.rescan_action.setEnabled(True)
        self.add_action.setEnabled(True)
        self.refresh_journey()
        self._leave_scanning()
        self.statusBar().showMessage(self.tr("Scan failed: {0}").format(error))

    def _leave_scanning(self) -> None:
        if self.pages.currentIndex() == SCANNING:
            self.pages.setCurrentIndex(HOME)

    # the journey ------------------------------------------------------------------------

    def refresh_journey(self) -> None:
        """Rebuild every app's state from the store; each page keeps what it shows."""
        self._journey = self.services.journey(self.inspection)
        self.home.set_journey(self.journey, self.continue_place())
        if self.pages.currentIndex() == WALK:
            self.walk.set_journey(self.journey)
        app = self.app_view.app if self._built("app_view") else None
        if app is not None:
            found = self.journey.find(app.key)
            if found is None:
                self.app_view.app = None
                if self.pages.currentIndex() == APP:
                    self.show_home()
            else:
                row = self.app_view.checklist.editor.row
                self.app_view.show_app(self.journey.apps[found], row.step.id if row else "")

    def continue_place(self) -> Place | None:
        """Where the walk resumes: the last step shown if still to do, else the next one."""
        key = str(self.settings.value("resume/app", ""))
        step = str(self.settings.value("resume/step", ""))
        return self.journey.next_open(self.journey.place_of(key, step))

    def _remember(self, key: str, step_id: str) -> None:
        self.settings.setValue("resume/app", key)
        self.settings.setValue("resume/step", step_id)

    def show_home(self) -> None:
        self.shown_editor_save()
        home = self.home
        self.pages.setCurrentIndex(HOME)
        home.set_journey(self.journey, self.continue_place())
        home.continue_button.setFocus()

    def open_app(self, key: str) -> None:
        found = self.journey.find(key)
        if found is None:
            return
        app = self.journey.apps[found]
        self.app_view.app = None
        self.app_view.show_app(app)
        self.app_view.tabs.setCurrentIndex(0)
        self.pages.setCurrentIndex(APP)
        self.app_view.tabs.setFocus()

    def continue_walk(self) -> None:
        if self.inspection is None and not self.journey.apps:
            return
        self.shown_editor_save()
        walk = self.walk
        self.pages.setCurrentIndex(WALK)
        walk.set_journey(self.journey)
        walk.start(self.continue_place())

    def walk_from_app(self, key: str) -> None:
        from meetguard.checklist.journey import Place

        found = self.journey.find(key)
        if found is None:
            return
        c = self.journey.apps[found].checklist
        self.shown_editor_save()
        walk = self.walk
        self.pages.setCurrentIndex(WALK)
        walk.set_journey(self.journey)
        walk.start(Place(found, c.next_open() or 0))

    def add_app(self) -> None:
        shown = {a.key for a in self.journey.apps}
        choices = tuple(c for c in self.services.catalog.clients if c.id not in shown)
        chosen = self.ask_added_app(choices)
        client = self.services.catalog.get(chosen) if chosen is not None else None
        if client is None:
            return
        self.services.add_app(client)
        self.refresh_journey()
        self.statusBar().showMessage(self.tr("Added {0}: used in a browser").format(client.name))
        self.open_app(client.id)

    def ask_added_app(self, choices: tuple[Client, ...]) -> str | None:
        """Ask which catalog client to add (tests replace this)."""
        from meetguard.ui.home_view import AddAppDialog

        dialog = AddAppDialog(choices, self)
        return dialog.chosen() if dialog.exec() == AddAppDialog.DialogCode.Accepted else None

    # marks and notes --------------------------------------------------------------------

    def record_mark(self, key: str, step_id: str, state: str, note: str) -> None:
        from meetguard.store.marks import STATE_LABELS, StoreError

        found = self.journey.find(key)
        if found is None:
            return
        checklist = self.journey.apps[found].checklist
        row = checklist.row_of(step_id)
        if row is None:
            return
        try:
            self.services.mark(checklist, step_id, state, note)
        except StoreError as exc:
            self._not_saved(exc)
            return
        self._remember(key, step_id)
        feature = checklist.rows[row].step.feature
        self.refresh_journey()
        self.statusBar().showMessage(
            self.tr("Saved: “{0}” marked {1}").format(feature, self.tr(STATE_LABELS[state]).lower())
        )

    def record_note(self, key: str, step_id: str, note: str) -> None:
        from meetguard.store.marks import StoreError

        found = self.journey.find(key)
        if found is None:
            return
        try:
            changed = self.services.save_note(self.journey.apps[found].checklist, step_id, note)
        except StoreError as exc:
            self._not_saved(exc)
            return
        if changed:
            self._remember(key, step_id)
            self.refresh_journey()
            self.statusBar().showMessage(self.tr("Note saved"))

    def _not_saved(self, exc: StoreError) -> None:
        """The store refused a write (a full disk, a read-only file): say so; what the user typed
        stays in the field, so trying again after fixing the cause loses nothing."""
        if self._built("walk"):
            self.walk.hold()
        self.statusBar().showMessage(self.tr("Not saved: {0}").format(str(exc)))

    def _checklist_marked(self, state: str, note: str) -> None:
        app, row = self.app_view.app, self.app_view.checklist.editor.row
        if app is not None and row is not None:
            self.record_mark(app.key, row.step.id, state, note)

    def _checklist_note(self, note: str) -> None:
        app, row = self.app_view.app, self.app_view.checklist.editor.row
        if app is not None and row is not None:
            self.record_note(app.key, row.step.id, note)

    def shown_editor(self) -> StepEditor | None:
        """The step editor the user sees, if any: the walk's or the checklist tab's."""
        from meetguard.ui.app_view import CHECKLIST
        from meetguard.ui.walk_view import STEP

        if self.pages.currentIndex() == WALK and self.walk.mode == STEP:
            return self.walk.editor
        if self.pages.currentIndex() == APP and self.app_view.tabs.currentIndex() == CHECKLIST:
            return self.app_view.checklist.editor
        return None

    def shown_editor_save(self) -> None:
        if self._built("walk"):
            self.walk.editor.save_note()
        if self._built("app_view"):
            self.app_view.checklist.editor.save_note()

    def mark_shown_step(self, state: str) -> None:
        editor = self.shown_editor()
        if editor is not None:
            editor.mark(state)

    def move_step(self, delta: int) -> None:
        if self.pages.currentIndex() == WALK:
            if delta > 0:
                self.walk.go_next()
            else:
                self.walk.go_previous()
        elif self.pages.currentIndex() == APP:
            table = self.app_view.checklist.table
            target = table.currentIndex().row() + delta
            if 0 <= target < table.model().rowCount():
                table.selectRow(target)

    def _page_changed(self, page: int) -> None:
        on_steps = page in (APP, WALK)
        for action in (*self.mark_actions.values(), self.next_action, self.previous_action):
            action.setEnabled(on_steps)

    # actions ----------------------------------------------------------------------------

    def export_report(self) -> None:
        if self.inspection is None:
            return
        self.shown_editor_save()
        inspection = self.inspection
        # The report renderers are only needed here: not loading them speeds up start-up.
        from meetguard.ui.export_dialog import ExportDialog

        def report(redact: bool) -> ReportData:
            data = self.services.report(inspection, redact=redact)
            self.show_store_notices()  # reading the notes for it may have asked the keyring
            return data

        dialog = ExportDialog(report, self)
        dialog.exported.connect(
            lambda path: self.statusBar().showMessage(self.tr("Report saved to {0}").format(path))
        )
        dialog.launch()

    def check_all_terms(self) -> None:
        from meetguard.ui.terms_dialog import TermsCheckDialog

        dialog = TermsCheckDialog(self.services, list(self.services.catalog.clients), self)
        dialog.checked.connect(self._terms_checked)
        dialog.start()

    def _terms_checked(self, _report: object) -> None:
        if self._built("app_view"):  # else it reads the new results when it is built
            self.app_view.rights.refresh()

    def _privacy_info(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            self,
            self.tr("What MeetGuard reads and stores"),
            self.tr(
                "<p><b>Reads</b> (never writes): the lists of installed applications — desktop "
                "entries, package databases, Flatpak and Snap metadata, application bundles, "
                "the Windows uninstall registry — and the few settings files named in its "
                "checklist.</p><p><b>Stores</b> your marks, notes, their history and the apps "
                "you added in {0}, readable only by you.</p><p><b>Sends</b> nothing. It connects "
                "only when you choose Check terms now, to the hosts it lists first. Links you "
                "click open in your browser.</p>"
            ).format(html_escaped(str(paths.data_dir()))),
        )

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About MeetGuard"),
            self.tr(
                "<b>MeetGuard {0}</b><p>Shows what your video-meeting apps may do with "
                "your meetings and walks you through their AI and privacy settings. "
                "It sends nothing anywhere.</p>"
            ).format(__version__),
        )

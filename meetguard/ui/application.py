"""Start the GUI: one QApplication, the services, the main window, the first scan."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from meetguard import APP_ID, APP_NAME, __version__, resources
from meetguard.ui.main_window import MainWindow
from meetguard.ui.single_instance import single_instance

if TYPE_CHECKING:
    from meetguard.services import Services


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = resources.icon_path(f"{APP_ID}.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def bring_forward(window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def exit_after(app: QApplication, ms: int) -> None:
    """For packaging smoke tests: quit after `ms`, with status 2 unless the main window is up.

    A modal dialog still open is closed so that the check can run again in the main
    event loop.
    """

    def finish() -> None:
        dialog = app.activeModalWidget()
        if dialog is not None:
            dialog.close()
            QTimer.singleShot(ms, finish)
            return
        shown = any(isinstance(w, MainWindow) and w.isVisible() for w in app.topLevelWidgets())
        app.exit(0 if shown else 2)

    QTimer.singleShot(ms, finish)


def run_gui(services: Services) -> int:
    """Open the window on the core `meetguard.app` built (its host may be a fake computer);
    the core reads its catalog and the computer only after the first paint."""
    # MeetGuard's own options (--platform, --root) are not for Qt to read.
    app = make_application(sys.argv[:1])
    smoke_ms = os.environ.get("MEETGUARD_SMOKE_EXIT_MS", "")
    if smoke_ms.isdigit():
        exit_after(app, int(smoke_ms))
    instance = single_instance()
    if not instance.claim():
        return 0
    window = MainWindow(services)
    instance.activated.connect(lambda: bring_forward(window))
    window.first_painted.connect(lambda: open_user_data(window))
    window.show()
    code = app.exec()
    instance.close()
    # A scan still running must finish before its signals' objects are torn down.
    window.pool.waitForDone()
    services.close()
    return code


def open_user_data(window: MainWindow) -> bool:
    """Once the window is up: open the user's store, say what it must, then scan."""
    from meetguard.store.marks import StoreError

    try:
        window.services.open_store()
    except StoreError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(window, APP_NAME, str(exc))
        window.close()
        return False
    window.start_scan()
    window.show_store_notices()
    return True

"""Start the GUI: one QApplication, the services, the main window, the first scan."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from meetguard import APP_ID, APP_NAME, __version__, resources
from meetguard.ui.main_window import MainWindow
from meetguard.ui.single_instance import single_instance

if TYPE_CHECKING:
    from pathlib import Path

    from meetguard.services import Services

# The window icon as PNGs rendered from the SVG (scripts/window_icons.py): an SVG would load
# Qt's SVG module before the first paint (~2 MiB).
WINDOW_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def window_icon_path(size: int) -> Path:
    return resources.icon_path(f"{APP_ID}-{size}.png")


def window_icon() -> QIcon:
    icon = QIcon()
    for size in WINDOW_ICON_SIZES:
        path = window_icon_path(size)
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    return icon


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = window_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
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

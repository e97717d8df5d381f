"""Start the GUI: one QApplication, the services, the main window, the first scan."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from meetguard import APP_ID, APP_NAME, __version__, resources
from meetguard.host import Host
from meetguard.services import Services
from meetguard.store.store import StoreError
from meetguard.ui.main_window import MainWindow


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


def run_gui() -> int:
    app = make_application(sys.argv)
    try:
        services = Services.open()
    except StoreError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window = MainWindow(services, Host.local())
    window.show()
    window.start_scan()
    return app.exec()

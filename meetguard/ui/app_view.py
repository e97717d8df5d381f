"""One app: its data-rights card and its checklist, with a way back to the overview."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from meetguard.checklist.generic import review_request
from meetguard.checklist.journey import App
from meetguard.display_text import html_escaped
from meetguard.services import Services
from meetguard.ui.checklist_view import ChecklistPanel
from meetguard.ui.models import badge_text
from meetguard.ui.rights_view import RightsPanel

RIGHTS, CHECKLIST = range(2)


class AppView(QWidget):
    overview_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app: App | None = None
        self.back = QPushButton(self.tr("Back to o&verview"))
        self.back.clicked.connect(self.overview_requested)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.review = QPushButton(self.tr("Copy a rev&iew request"))
        self.review.setAccessibleDescription(
            self.tr("Copies a request that MeetGuard's catalog review this app")
        )
        self.review.clicked.connect(self._copy_review_request)
        head = QHBoxLayout()
        head.addWidget(self.back)
        head.addWidget(self.title, 1)
        head.addWidget(self.review)

        self.rights = RightsPanel(services)
        self.checklist = ChecklistPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.rights, self.tr("Data &rights"))
        self.tabs.addTab(self.checklist, self.tr("Settings &checklist"))
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)

    def show_app(self, app: App, keep_step: str = "") -> None:
        same = self.app is not None and self.app.key == app.key
        self.app = app
        badge = badge_text(app)
        found = self.tr(app.found_as) + (f" · {app.version}" if app.version else "")
        self.title.setText(
            f"<b>{html_escaped(app.name)}</b>"
            + (f" <i>({html_escaped(badge)})</i>" if badge else "")
            + f"<br><small>{html_escaped(found)}</small>"
        )
        self.review.setVisible(app.client is None)
        if app.client is None:
            where = "; ".join(p for i in app.installations for p in i.seen_at)
            self.rights.show_text(
                self.tr(
                    "<h2>{0}</h2><p>MeetGuard has not reviewed this app's terms, so it cannot "
                    "say what the vendor may do with your meetings. It was found at {1}.</p>"
                    "<p>The Settings checklist tab has general checks: where to look for AI "
                    "and recording settings, and what to ask the vendor. “Copy a review "
                    "request” copies a request for the catalog to cover this app.</p>"
                ).format(html_escaped(app.name), html_escaped(where))
            )
        elif not same:
            self.rights.show_client(app.client)
        else:
            self.rights.refresh()
        self.checklist.show_app(app, keep_step)

    def review_request_text(self) -> str:
        app = self.app
        if app is None:
            return ""
        return review_request(app.name, app.version, app.found_as)

    def _copy_review_request(self) -> None:
        QGuiApplication.clipboard().setText(self.review_request_text())

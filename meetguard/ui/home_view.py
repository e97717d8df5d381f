"""The home view: every app found or added, how far the user got, and one way to continue."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from meetguard.catalog.model import Client
from meetguard.checklist.journey import SECTIONS, Journey, Place
from meetguard.display_text import html_escaped
from meetguard.ui.models import CatalogListModel, HomeFilter, HomeModel, KeyRole
from meetguard.ui.tables import styled_table

EMPTY, APPS = range(2)
HOME_WIDTH = 1360
NAME_SHARE = 4  # a column that names a thing takes at most a quarter of its table
SHOW = ("All apps", "Apps with steps to do")


def continue_text(journey: Journey, place: Place | None) -> str:
    """The primary action's label: where the walk goes next, in words."""
    from PySide6.QtCore import QCoreApplication

    def tr(text: str) -> str:
        return QCoreApplication.translate("Home", text)

    if place is None:
        return tr("See the summary") if journey.total else ""
    app = journey.apps[place.app]
    feature = QCoreApplication.translate("ChecklistStep", journey.row(place).step.feature)
    return tr("Continue: {0}, step {1} of {2} — {3}").format(
        app.name, place.row + 1, app.checklist.total, feature
    )


class AddAppDialog(QDialog):
    """Pick a catalog client the user uses without an installed app (in a browser)."""

    def __init__(self, clients: tuple[Client, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add an app you use in your browser"))
        self.model = CatalogListModel(clients)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Apps MeetGuard has reviewed"))
        if clients:
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.list.activated.connect(lambda _i: self.accept())
        text = QLabel(
            self.tr(
                "Zoom, Teams, Meet and others also run in a web browser, with no app to find. "
                "Their account settings and terms still apply: choose the one you use."
            )
        )
        text.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Add"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(420, 420)

    def chosen(self) -> str | None:
        index = self.list.currentIndex()
        return str(index.data(KeyRole)) if index.isValid() else None


class HomeView(QWidget):
    open_app = Signal(str)
    continue_requested = Signal()
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HomeModel()
        self.journey = Journey(())

        self.title = QLabel(self.tr("<h2>Your meeting apps</h2>"))
        self.totals = QLabel()
        self.totals.setAccessibleName(self.tr("Totals across all apps"))
        self.totals.setWordWrap(True)
        self.continue_button = QPushButton()
        self.continue_button.setDefault(True)
        self.continue_button.setAutoDefault(True)
        font = self.continue_button.font()
        font.setBold(True)
        self.continue_button.setFont(font)
        self.continue_button.setAccessibleName(self.tr("Continue the guided walk"))
        self.continue_button.clicked.connect(self.continue_requested)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name, vendor or step"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search apps"))
        search_label = QLabel(self.tr("Se&arch:"))
        search_label.setBuddy(self.search)
        self.show_filter = QComboBox()
        for label in SHOW:
            self.show_filter.addItem(self.tr(label))
        self.show_filter.setAccessibleName(self.tr("Which apps to show"))
        show_label = QLabel(self.tr("Sho&w:"))
        show_label.setBuddy(self.show_filter)
        self.add_button = QPushButton(self.tr("&I use an app in my browser…"))
        self.add_button.setAccessibleDescription(
            self.tr(
                "Add Zoom, Teams, Meet or another reviewed app that you use without installing it"
            )
        )
        self.add_button.clicked.connect(self.add_requested)
        self.search.textChanged.connect(self._filter)
        self.show_filter.currentIndexChanged.connect(self._filter)
        tools = QHBoxLayout()
        tools.addWidget(search_label)
        tools.addWidget(self.search, 1)
        tools.addWidget(show_label)
        tools.addWidget(self.show_filter)
        tools.addWidget(self.add_button)

        self.sections: dict[str, tuple[QLabel, QTableView, HomeFilter]] = {}
        self._refit_pending = False
        content = QWidget()
        cl = QVBoxLayout(content)
        cl.setContentsMargins(0, 0, 0, 0)
        for section, heading in SECTIONS.items():
            proxy = HomeFilter(section)
            proxy.setSourceModel(self.model)
            heading_label = QLabel(f"<h3>{html_escaped(self.tr(heading))}</h3>")
            table = styled_table()
            table.setModel(proxy)
            table.setAccessibleName(self.tr(heading))
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            for col in (HomeModel.APP, HomeModel.FOUND):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)  # see _fit
            header.setSectionResizeMode(HomeModel.NEXT, QHeaderView.ResizeMode.Stretch)
            table.viewport().installEventFilter(self)
            table.activated.connect(lambda index, p=proxy: self._activated(p, index))
            cl.addWidget(heading_label)
            cl.addWidget(table)
            self.sections[section] = (heading_label, table, proxy)
        self.no_match = QLabel(self.tr("No app matches the search."))
        cl.addWidget(self.no_match)
        cl.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        apps_page = QWidget()
        al = QVBoxLayout(apps_page)
        al.setContentsMargins(0, 0, 0, 0)
        al.addWidget(self.title)
        al.addWidget(self.totals)
        al.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        al.addLayout(tools)
        al.addWidget(scroll, 1)

        self.empty_label = QLabel(
            self.tr(
                "<h2>No meeting apps found on this computer</h2><p>MeetGuard looked in the "
                "usual places and found none of the apps it knows.</p><p>If you use Zoom, "
                "Teams, Meet or another app in a web browser, add it: its account settings and "
                "terms still apply. After installing an app, choose File › Rescan.</p>"
            )
        )
        self.empty_label.setWordWrap(True)
        self.empty_add = QPushButton(self.tr("&I use an app in my browser…"))
        self.empty_add.setDefault(True)
        self.empty_add.clicked.connect(self.add_requested)
        empty = QWidget()
        el = QVBoxLayout(empty)
        el.addStretch()
        el.addWidget(self.empty_label)
        el.addWidget(self.empty_add, 0, Qt.AlignmentFlag.AlignLeft)
        el.addStretch(2)

        self.pages = QStackedWidget()
        for page in (empty, apps_page):
            self.pages.addWidget(page)
        # On a wide screen a row spread over 1900 pixels is hard to follow: keep it together,
        # centred by the side margins `resizeEvent` sets.
        self.pages.setMaximumWidth(HOME_WIDTH)
        self._layout = QHBoxLayout(self)
        self._layout.addWidget(self.pages)
        self._margins = self._layout.contentsMargins()

    def set_journey(self, journey: Journey, next_place: Place | None) -> None:
        self.journey = journey
        self.model.set_apps(journey.apps)
        self.pages.setCurrentIndex(APPS if journey.apps else EMPTY)
        self.totals.setText(
            self.tr("{0} app(s) · {1} of {2} steps handled · {3} skipped · {4} still to do").format(
                len(journey.apps), journey.handled, journey.total, journey.skipped, journey.open
            )
        )
        text = continue_text(journey, next_place)
        self.continue_button.setText("&" + text.replace("&", "&&"))
        self.continue_button.setVisible(bool(text))
        self._filter()

    def _filter(self) -> None:
        only_open = self.show_filter.currentIndex() == 1
        shown = 0
        for label, table, proxy in self.sections.values():
            proxy.set_search(self.search.text(), only_open)
            rows = proxy.rowCount()
            shown += rows
            label.setVisible(rows > 0)
            table.setVisible(rows > 0)
            if rows:
                self._fit(table)
        self.no_match.setVisible(bool(self.journey.apps) and shown == 0)

    def _fit(self, table: QTableView) -> None:
        """The app and how it was found take what their text needs, up to a share of the
        width; the next step, the longest text, takes the rest; the table is as tall as its
        rows, so the page scrolls, not each table."""
        header = table.horizontalHeader()
        most = table.viewport().width() // NAME_SHARE
        for col in (HomeModel.APP, HomeModel.FOUND):
            needed = max(table.sizeHintForColumn(col), header.sectionSizeHint(col))
            table.setColumnWidth(col, min(needed, most))
        table.resizeRowsToContents()
        height = header.height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(table.model().rowCount()))
        table.setFixedHeight(height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._refit_later()
        return super().eventFilter(watched, event)

    def _refit_later(self) -> None:
        """Fit the tables once the window's sizes have settled: a table learns its final
        width (and its last column its stretch) only after the resize that asked for it."""
        if not self._refit_pending:
            self._refit_pending = True
            QTimer.singleShot(0, self._refit)

    def _refit(self) -> None:
        self._refit_pending = False
        for _, table, proxy in self.sections.values():
            if proxy.rowCount():
                self._fit(table)

    def resizeEvent(self, event: QResizeEvent) -> None:
        m = self._margins
        side = max(0, (event.size().width() - HOME_WIDTH) // 2)
        self._layout.setContentsMargins(
            max(side, m.left()), m.top(), max(side, m.right()), m.bottom()
        )
        super().resizeEvent(event)

    def _activated(self, proxy: HomeFilter, index: QModelIndex) -> None:
        key = proxy.data(index, KeyRole)
        if key:
            self.open_app.emit(str(key))

    def table_for(self, section: str) -> QTableView:
        return self.sections[section][1]

"""Item models: the home view's apps, the catalog to add from, and a checklist."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from meetguard.catalog.grading import Grade
from meetguard.catalog.model import CONTROLLERS, SURFACES, Client
from meetguard.checklist import ChecklistRow
from meetguard.checklist.generic import GENERAL
from meetguard.checklist.journey import App
from meetguard.probes import ProbeResult
from meetguard.views import step_view

Index = QModelIndex | QPersistentModelIndex
StateRole = Qt.ItemDataRole.UserRole + 2
KeyRole = Qt.ItemDataRole.UserRole + 3
SectionRole = Qt.ItemDataRole.UserRole + 4
SearchRole = Qt.ItemDataRole.UserRole + 5
OpenRole = Qt.ItemDataRole.UserRole + 6

Row = TypeVar("Row")


def _step_tr(text: str) -> str:
    return QCoreApplication.translate("ChecklistStep", text)


def grade_text(grade: Grade | None) -> str:
    if grade is None or grade.letter is None:
        return QCoreApplication.translate("Home", "Not enough evidence")
    return QCoreApplication.translate("Home", "Grade {0}").format(grade.letter)


def badge_text(app: App) -> str:
    """The word a user sees next to an app whose terms MeetGuard cannot grade as current."""
    labels = {
        "retired": "Retired",
        "discontinued": "Discontinued",
        "unknown": "Not reviewed",
    }
    label = labels.get(app.status, "")
    return QCoreApplication.translate("Home", label) if label else ""


def handled_text(app: App) -> str:
    c = app.checklist
    if not c.total:
        return QCoreApplication.translate("Home", "No sourced steps")
    return QCoreApplication.translate("Home", "{0} of {1} handled").format(c.handled, c.total)


def next_step_text(app: App) -> str:
    row = app.next_open()
    if row is not None:
        return _step_tr(app.checklist.rows[row].step.feature)
    if not app.checklist.total:
        return QCoreApplication.translate("Home", "Open it to see why, and what to check")
    return QCoreApplication.translate("Home", "Nothing left to do")


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A table of immutable rows, one per line, under the subclass's named columns."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[Row, ...] = ()

    def _reset(self, rows: tuple[Row, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _row(self, index: Index) -> Row | None:
        """The row an index points at, or None for an index from another model or state."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None


class HomeModel(RowTableModel[App]):
    """One row per app in the journey: found, added by hand, or not reviewed."""

    APP, FOUND, GRADE, HANDLED, NEXT = range(5)
    HEADERS = ("App", "How it was found", "Grade", "Progress", "Next step")

    def set_apps(self, apps: tuple[App, ...]) -> None:
        self._reset(apps)

    def app(self, row: int) -> App:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        app = self._row(index)
        if app is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.APP:
                badge = badge_text(app)
                return f"{app.name} ({badge})" if badge else app.name
            if col == self.FOUND:
                found = self.tr(app.found_as)
                return f"{found} · {app.version}" if app.version else found
            if col == self.GRADE:
                return grade_text(app.grade) if app.client is not None else self.tr("Not reviewed")
            if col == self.HANDLED:
                return handled_text(app)
            if col == self.NEXT:
                return next_step_text(app)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.GRADE and app.grade is not None and app.grade.missing:
                return app.grade.missing_text
            if col == self.FOUND:
                return "\n".join(p for i in app.installations for p in i.seen_at) or None
            if col == self.APP and app.client is not None and app.client.status_note:
                return app.client.status_note
            return None
        if role == KeyRole:
            return app.key
        if role == SectionRole:
            return app.section
        if role == SearchRole:
            vendor = app.client.vendor if app.client is not None else ""
            return f"{app.name} {vendor} {next_step_text(app)}".casefold()
        if role == OpenRole:
            return app.checklist.open
        return None


class HomeFilter(QSortFilterProxyModel):
    """One home section, narrowed by the search text and the "show" choice."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section = section
        self._text = ""
        self._only_open = False

    def set_search(self, text: str, only_open: bool) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self._only_open = only_open
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if index.data(SectionRole) != self.section:
            return False
        if self._only_open and not index.data(OpenRole):
            return False
        return not self._text or self._text in str(index.data(SearchRole))


class CatalogListModel(QAbstractListModel):
    """Catalog clients the user may add by hand, by name."""

    def __init__(self, clients: tuple[Client, ...] = ()) -> None:
        super().__init__()
        self._clients = clients

    def set_clients(self, clients: tuple[Client, ...]) -> None:
        self.beginResetModel()
        self._clients = clients
        self.endResetModel()

    def client(self, row: int) -> Client:
        return self._clients[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._clients)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._clients):
            return None
        client = self._clients[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{client.name} ({client.vendor})"
        if role == KeyRole:
            return client.id
        return None


class ChecklistModel(RowTableModel[ChecklistRow]):
    FEATURE, WHERE, RECOMMENDED, LOCAL, STATE = range(5)
    HEADERS = ("Setting", "Where", "Recommended", "On this computer", "Your mark")

    def set_rows(self, rows: tuple[ChecklistRow, ...]) -> None:
        self._reset(rows)

    def status(self, row: int) -> ChecklistRow:
        return self._rows[row]

    def probe(self, row: int) -> ProbeResult | None:
        return self._rows[row].probe

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        status = self._row(index)
        if status is None:
            return None
        step, probe = status.step, status.probe
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.FEATURE:
                feature = _step_tr(step.feature)
                if step.caveat == GENERAL:
                    return feature + " " + self.tr("(general advice)")
                flag = step_view(step, status).flag
                return feature + (" " + self.tr(f"({flag})") if flag else "")
            if col == self.WHERE:
                return f"{SURFACES[step.surface]} · {CONTROLLERS[step.controlled_by]}"
            if col == self.RECOMMENDED:
                return step.recommended
            if col == self.LOCAL:
                return probe.label if probe is not None else self.tr("Not readable here")
            if col == self.STATE:
                return status.label
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.LOCAL:
                return (
                    probe.detail
                    if probe is not None
                    else self.tr(
                        "This setting lives in the vendor's account or admin settings, not in a "
                        "file on this computer."
                    )
                )
            return status.reason or " > ".join(step.path)
        if role == StateRole:
            return status.state
        return None


class ChecklistFilter(QSortFilterProxyModel):
    """Show only steps in some states (the list mode's filter)."""

    def __init__(self) -> None:
        super().__init__()
        self._states: frozenset[str] = frozenset()

    def set_states(self, states: frozenset[str]) -> None:
        self.beginFilterChange()
        self._states = states
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._states:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return index.data(StateRole) in self._states

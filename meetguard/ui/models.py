"""Item models for the client list and the checklist."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from meetguard.catalog.grading import Grade
from meetguard.catalog.model import CONTROLLERS, SURFACES, Client
from meetguard.checklist import ChecklistRow
from meetguard.inventory.model import Installation
from meetguard.probes import ProbeResult

Index = QModelIndex | QPersistentModelIndex
StateRole = Qt.ItemDataRole.UserRole + 2


class ClientListModel(QAbstractListModel):
    """One row per installation found; the catalog client and its grade ride along."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[Installation, Client | None, Grade | None]] = []

    def set_rows(self, rows: list[tuple[Installation, Client | None, Grade | None]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_grade(self, row: int, grade: Grade | None) -> None:
        inst, client, _ = self._rows[row]
        self._rows[row] = (inst, client, grade)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def row(self, index: int) -> tuple[Installation, Client | None]:
        inst, client, _ = self._rows[index]
        return inst, client

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        inst, client, grade = self._rows[index.row()]
        if inst.version:
            version = inst.version
        elif inst.source == "web app":
            version = self.tr("runs in the browser")
        else:
            version = self.tr("version unknown")
        if client is None:
            status = self.tr("not reviewed")
        elif client.status != "active":
            status = client.status.upper()
        elif grade is not None and grade.letter is None:
            status = self.tr("Not enough evidence")
        elif grade is not None:
            status = self.tr("Grade {0}").format(grade.letter)
        else:
            status = ""
        if role == Qt.ItemDataRole.DisplayRole:
            tail = f" · {status}" if status else ""
            return f"{inst.name}\n{version} · {inst.source}{tail}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return self.tr("{0}, {1}, installed as {2}. {3}").format(
                inst.name, version, inst.source, status
            )
        return None


class ChecklistModel(QAbstractTableModel):
    FEATURE, WHERE, RECOMMENDED, LOCAL, STATE = range(5)
    HEADERS = ("Setting", "Where", "Recommended", "On this computer", "Your mark")

    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[ChecklistRow, ...] = ()

    def set_rows(self, rows: tuple[ChecklistRow, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def status(self, row: int) -> ChecklistRow:
        return self._rows[row]

    def probe(self, row: int) -> ProbeResult | None:
        return self._rows[row].probe

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        status = self._rows[index.row()]
        step, probe = status.step, status.probe
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.FEATURE:
                return step.feature + ("" if step.verified else " " + self.tr("(unverified)"))
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

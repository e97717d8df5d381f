"""Item models for the client list and the checklist."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from meetguard.catalog.model import CONTROLLERS, SURFACES, Client
from meetguard.inventory.model import Installation
from meetguard.store.progress import StepStatus

Index = QModelIndex | QPersistentModelIndex
ClientRole = Qt.ItemDataRole.UserRole + 1


class ClientListModel(QAbstractListModel):
    """One row per installation found; the catalog client (if any) rides along."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[Installation, Client | None]] = []

    def set_rows(self, rows: list[tuple[Installation, Client | None]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def row(self, index: int) -> tuple[Installation, Client | None]:
        return self._rows[index]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        inst, client = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            version = inst.version or self.tr("version unknown")
            status = ""
            if client is not None and client.status != "active":
                status = " · " + client.status.upper()
            elif client is None:
                status = " · " + self.tr("not reviewed")
            return f"{inst.name}\n{version} · {inst.source}{status}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return f"{inst.name}, {inst.version or 'version unknown'}, installed as {inst.source}"
        if role == ClientRole:
            return client
        return None


class ChecklistModel(QAbstractTableModel):
    FEATURE, WHERE, RECOMMENDED, STATE = range(4)
    HEADERS = ("Setting", "Where", "Recommended", "Your mark")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[StepStatus] = []

    def set_rows(self, rows: list[StepStatus]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def status(self, row: int) -> StepStatus:
        return self._rows[row]

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
        step = status.step
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.FEATURE:
                return step.feature + ("" if step.verified else " " + self.tr("(unverified)"))
            if col == self.WHERE:
                return f"{SURFACES[step.surface]} · {CONTROLLERS[step.controlled_by]}"
            if col == self.RECOMMENDED:
                return step.recommended
            if col == self.STATE:
                return status.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return status.reason or " > ".join(step.path)
        return None

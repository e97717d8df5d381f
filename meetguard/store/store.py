"""The user's own record: checklist marks, the ledger of every change, account-type choices.

One SQLite file under platformdirs' data folder. Every change is one
transaction, so a mark reported saved survives a crash, and two processes
(GUI and CLI) writing at once lose nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STATES = ("pending", "done", "skipped", "not-applicable")
STATE_LABELS = {
    "pending": "To do",
    "done": "Done",
    "skipped": "Skipped",
    "not-applicable": "Not applicable",
}


class StoreError(Exception):
    """The store cannot be opened or written; the message says what to do."""


@dataclass(frozen=True)
class Mark:
    client_id: str
    step_id: str
    revision: int
    state: str
    marked_at: dt.datetime
    note: str = ""
    client_version: str = ""


def _migrate_1(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE marks (client_id TEXT NOT NULL, step_id TEXT NOT NULL, "
        "revision INTEGER NOT NULL, state TEXT NOT NULL, marked_at TEXT NOT NULL, "
        "note TEXT NOT NULL DEFAULT '', client_version TEXT NOT NULL DEFAULT '', "
        "PRIMARY KEY (client_id, step_id))"
    )
    db.execute(
        "CREATE TABLE ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, "
        "step_id TEXT NOT NULL, revision INTEGER NOT NULL, state TEXT NOT NULL, "
        "marked_at TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', "
        "client_version TEXT NOT NULL DEFAULT '')"
    )
    db.execute(
        "CREATE TABLE account_types (client_id TEXT PRIMARY KEY, account_type TEXT NOT NULL, "
        "chosen_at TEXT NOT NULL)"
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1]
SCHEMA_VERSION = len(MIGRATIONS)
_COLUMNS = "client_id, step_id, revision, state, marked_at, note, client_version"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _make_private(path: Path) -> None:
    if os.name != "posix":
        return
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if p.exists():
            p.chmod(0o600)


class Store:
    def __init__(self, path: Path, clock: Callable[[], dt.datetime] = _now) -> None:
        self.path = path
        self._clock = clock
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} cannot be opened as MeetGuard's store: {exc}") from exc
        _make_private(path)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        with self._write() as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer MeetGuard (schema {version}); "
                    "update MeetGuard to open it"
                )
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def mark(
        self,
        client_id: str,
        step_id: str,
        revision: int,
        state: str,
        note: str = "",
        client_version: str = "",
    ) -> Mark:
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}; use one of {', '.join(STATES)}")
        mark = Mark(client_id, step_id, revision, state, self._clock(), note, client_version)
        row = (
            client_id,
            step_id,
            revision,
            state,
            mark.marked_at.isoformat(),
            note,
            client_version,
        )
        with self._write() as db:
            db.execute(
                f"INSERT INTO marks ({_COLUMNS}) VALUES (?,?,?,?,?,?,?) "
                "ON CONFLICT(client_id, step_id) DO UPDATE SET revision=excluded.revision, "
                "state=excluded.state, marked_at=excluded.marked_at, note=excluded.note, "
                "client_version=excluded.client_version",
                row,
            )
            db.execute(f"INSERT INTO ledger ({_COLUMNS}) VALUES (?,?,?,?,?,?,?)", row)
        _make_private(self.path)
        return mark

    def marks(self) -> dict[tuple[str, str], Mark]:
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM marks").fetchall()
        return {(r[0], r[1]): _mark(r) for r in rows}

    def ledger(self, client_id: str | None = None) -> list[Mark]:
        if client_id is None:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM ledger ORDER BY id").fetchall()
        else:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM ledger WHERE client_id = ? ORDER BY id", (client_id,)
            ).fetchall()
        return [_mark(r) for r in rows]

    def account_type(self, client_id: str) -> str | None:
        row = self._db.execute(
            "SELECT account_type FROM account_types WHERE client_id = ?", (client_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def set_account_type(self, client_id: str, account_type: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO account_types VALUES (?,?,?) ON CONFLICT(client_id) DO UPDATE "
                "SET account_type=excluded.account_type, chosen_at=excluded.chosen_at",
                (client_id, account_type, self._clock().isoformat()),
            )


def _mark(row: tuple[str, str, int, str, str, str, str]) -> Mark:
    return Mark(
        row[0], row[1], int(row[2]), row[3], dt.datetime.fromisoformat(row[4]), row[5], row[6]
    )

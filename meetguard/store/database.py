"""The store's file: its connection, schema migrations, damage recovery and backups.

One SQLite file under platformdirs' data folder. Every change is one
transaction in WAL mode with synchronous=FULL, so a mark reported saved
survives a crash, and two processes (GUI and CLI) writing at once lose nothing.
A damaged file is moved aside, never deleted, and the last good automatic
backup takes its place; `StoreFile.recovery` tells the user what happened.
New migrations are appended to `MIGRATIONS`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from meetguard.files import private_dir
from meetguard.store.marks import StoreError

KEEP_BACKUPS = 5
_SIDE_FILES = ("-wal", "-shm")
_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class RecoveryNote:
    """What happened to a damaged store at start, in words for the user."""

    problem: str
    moved_to: Path
    restored_from: Path | None
    backup_time: dt.datetime | None

    @property
    def message(self) -> str:
        head = (
            f"MeetGuard's saved data was damaged ({self.problem}). The damaged file was "
            f"moved aside to {self.moved_to}; nothing was deleted."
        )
        if self.restored_from is None or self.backup_time is None:
            return head + (
                " No earlier backup exists, so your checklist marks and notes start empty."
            )
        when = self.backup_time.astimezone().strftime("%Y-%m-%d %H:%M")
        return head + (
            f" Your data was restored from the automatic backup of {when}; marks and notes "
            "changed after that time are lost."
        )


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


def _migrate_2(db: sqlite3.Connection) -> None:
    """Settings of the store itself: the id of the notes key, notices already given."""
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _migrate_3(db: sqlite3.Connection) -> None:
    """Terms-check results, every one kept: a history like the ledger."""
    db.execute(
        "CREATE TABLE terms_checks (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "client_id TEXT NOT NULL, topic TEXT NOT NULL, applies_to TEXT NOT NULL, "
        "document_id TEXT NOT NULL, quote TEXT NOT NULL, status TEXT NOT NULL, "
        "checked_at TEXT NOT NULL, source TEXT NOT NULL, url TEXT NOT NULL, "
        "reason TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '', "
        "passage TEXT NOT NULL DEFAULT '')"
    )


def _migrate_4(db: sqlite3.Connection) -> None:
    """Catalog clients the user said they use (in a browser) though no app was found."""
    db.execute("CREATE TABLE added_apps (client_id TEXT PRIMARY KEY, added_at TEXT NOT NULL)")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_1,
    _migrate_2,
    _migrate_3,
    _migrate_4,
]
SCHEMA_VERSION = len(MIGRATIONS)


def _make_private(path: Path) -> None:
    if os.name != "posix":
        return
    for p in (path, *(Path(f"{path}{s}") for s in _SIDE_FILES)):
        try:
            p.chmod(0o600)
        except FileNotFoundError:
            continue


def _create_private(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _schema_of(db: sqlite3.Connection) -> dict[str, dict[str, str]]:
    tables = [
        str(r[0])
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        t: {str(c[1]): str(c[2]).upper() for c in db.execute(f'PRAGMA table_info("{t}")')}
        for t in tables
    }


def _expected_schema(version: int) -> dict[str, dict[str, str]]:
    """The tables and columns the migrations up to `version` create, built in memory."""
    with closing(sqlite3.connect(":memory:")) as db:
        for migrate in MIGRATIONS[:version]:
            migrate(db)
        return _schema_of(db)


def _schema_problem(db: sqlite3.Connection) -> str | None:
    """Why a store that SQLite itself finds sound is still not one MeetGuard wrote."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        return None  # a newer MeetGuard's store: refused at open, never treated as damage
    found = _schema_of(db)
    if version == 0:
        return "it holds tables but no schema version" if found else None
    for table, columns in _expected_schema(version).items():
        if table not in found:
            return f"the table '{table}' is missing"
        for column, kind in columns.items():
            if found[table].get(column) != kind:
                return f"the column '{table}.{column}' is missing or of the wrong type"
    for table in ("marks", "ledger"):
        bad = db.execute(
            f"SELECT COUNT(*) FROM {table} WHERE typeof(revision) != 'integer' "
            "OR typeof(marked_at) != 'text'"
        ).fetchone()[0]
        if bad:
            return f"{bad} row(s) of '{table}' hold values of the wrong type"
        for (when,) in db.execute(f"SELECT DISTINCT marked_at FROM {table}"):
            try:
                dt.datetime.fromisoformat(when)
            except ValueError:
                return f"'{table}' holds a time that is not a date and time: {when[:40]!r}"
    return None


def damage(path: Path) -> str | None:
    """Why `path` is not a sound MeetGuard store, or None when it is sound or absent.

    A file that exists but is empty is damage too: a store is never created empty (see
    `_create_store`), so an empty one was cut short or truncated, and reading it as new
    would lose every mark and, start by start, every backup.
    """
    try:
        with path.open("rb") as f:
            header = f.read(len(_MAGIC))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror}") from exc
    if not header:
        return "the file is empty"
    if header != _MAGIC:
        return "the file does not start like an SQLite database"
    try:
        with closing(sqlite3.connect(path, timeout=30)) as db:
            rows = db.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                return "; ".join(str(r[0]) for r in rows[:3])
            return _schema_problem(db)
    except sqlite3.OperationalError as exc:
        if "malformed" in str(exc) or "not a database" in str(exc):
            return str(exc)
        raise StoreError(f"{path} cannot be opened: {_cause(path, exc)}") from exc
    except sqlite3.DatabaseError as exc:
        return str(exc)


def _cause(path: Path, exc: sqlite3.Error) -> str:
    """What really stops SQLite: often a side file left read-only, not the database."""
    for p in (path, *(Path(f"{path}{s}") for s in _SIDE_FILES), path.parent):
        if p.exists() and not os.access(p, os.R_OK | os.W_OK):
            return f"{p} is not writable by you; make it so with: chmod u+rw {p}"
    reason = str(exc)
    if "disk is full" in reason or "disk I/O" in reason:
        return f"{reason} (is the disk full?)"
    return reason


def _create_store(path: Path) -> None:
    """Create a new, empty store in one step: built aside, then linked into place, so a
    start cut short leaves no file or a whole one, never an empty one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".new", dir=path.parent)
    os.close(fd)
    try:
        with closing(sqlite3.connect(tmp, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("BEGIN IMMEDIATE")
            for migrate in MIGRATIONS:
                migrate(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        _fsync(Path(tmp))
        with contextlib.suppress(FileExistsError):  # another MeetGuard made it first: use it
            os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class StoreFile:
    """The open store file. Opening it recovers a damaged file and migrates an old one."""

    def __init__(self, path: Path, clock: Callable[[], dt.datetime]) -> None:
        self.path = path
        self.backup_dir = path.parent / "backups"
        self.clock = clock
        self.recovery: RecoveryNote | None = None
        self._backed_up = False
        try:
            private_dir(path.parent)
            problem = damage(path)
            if problem is not None:
                self.recovery = self._recover(problem)
            if not path.exists():
                _create_store(path)
            _make_private(path)
        except OSError as exc:
            raise StoreError(
                f"MeetGuard cannot create its store at {path}: {exc.strerror or exc}. "
                "Check that the folder exists and is yours."
            ) from exc
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA secure_delete=ON")
            if self.schema_version != SCHEMA_VERSION:
                self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(
                f"{path} cannot be opened as MeetGuard's store: {_cause(path, exc)}"
            ) from exc
        _make_private(path)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def write(self, user_data: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction. The first change of the user's data in a day takes a backup
        first; any SQLite failure (a full disk, a read-only file) becomes a StoreError."""
        try:
            if user_data and not self._backed_up:
                self._backed_up = True
                self._daily_backup()
            self.db.execute("BEGIN IMMEDIATE")
        except (sqlite3.Error, OSError) as exc:
            raise self._write_error(exc) from exc
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error | OSError):
                raise self._write_error(exc) from exc
            raise
        _make_private(self.path)

    def _write_error(self, exc: sqlite3.Error | OSError) -> StoreError:
        reason = _cause(self.path, exc) if isinstance(exc, sqlite3.Error) else exc.strerror
        return StoreError(f"MeetGuard could not save to {self.path}: {reason}. Nothing was saved.")

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer MeetGuard (schema {version}); "
                "update MeetGuard to open it"
            )
        if version > 0:
            self._backup()  # before migrating, whatever the day
        with self.write(user_data=False) as db:
            # Read again inside the transaction: another MeetGuard may have migrated meanwhile.
            for migrate in MIGRATIONS[int(db.execute("PRAGMA user_version").fetchone()[0]) :]:
                migrate(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.write(user_data=False) as db:
            db.execute(
                "INSERT INTO meta VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    def backups(self) -> list[Path]:
        """The automatic backups, newest first."""
        try:
            found = [p for p in self.backup_dir.iterdir() if p.suffix == ".sqlite3"]
        except FileNotFoundError:
            return []
        return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)

    def _holds_user_data(self) -> bool:
        row = self.db.execute(
            "SELECT EXISTS(SELECT 1 FROM ledger) OR EXISTS(SELECT 1 FROM account_types) "
            "OR EXISTS(SELECT 1 FROM added_apps)"
        ).fetchone()
        return bool(row[0])

    def _daily_backup(self) -> None:
        """At most one backup a day, and none of a store with nothing in it: an empty store
        must never rotate a good backup out."""
        if not self._holds_user_data():
            return
        today = self.clock().strftime("%Y%m%d")
        if any(p.name.startswith(f"meetguard-{today}T") for p in self.backups()):
            return
        self._backup()

    def _backup(self) -> None:
        private_dir(self.backup_dir)
        stamp = self.clock().strftime("%Y%m%dT%H%M%SZ")
        target = self.backup_dir / f"meetguard-{stamp}-{os.urandom(4).hex()}.sqlite3"
        partial = target.with_suffix(".partial")
        try:
            _create_private(partial)
            with closing(sqlite3.connect(partial)) as copy:
                self.db.backup(copy)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        for old in self.backups()[KEEP_BACKUPS:]:
            old.unlink(missing_ok=True)
        for stale in self.backup_dir.glob("*.partial"):
            stale.unlink(missing_ok=True)  # left by a MeetGuard killed while copying

    def _recover(self, problem: str) -> RecoveryNote:
        stamp = self.clock().strftime("%Y%m%dT%H%M%SZ")
        moved = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        number = 1
        while moved.exists():
            number += 1
            moved = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{number}")
        self.path.replace(moved)
        for suffix in _SIDE_FILES:
            side = Path(f"{self.path}{suffix}")
            if side.exists():
                side.replace(Path(f"{moved}{suffix}"))
        for backup in self.backups():
            if damage(backup) is not None:
                continue
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}-", dir=self.path.parent)
            os.close(fd)
            try:
                with (
                    closing(sqlite3.connect(backup)) as source,
                    closing(sqlite3.connect(tmp)) as target,
                ):
                    source.backup(target)
                _fsync(Path(tmp))
                Path(tmp).replace(self.path)
            finally:
                Path(tmp).unlink(missing_ok=True)
            when = dt.datetime.fromtimestamp(backup.stat().st_mtime, dt.UTC)
            return RecoveryNote(problem, moved, backup, when)
        return RecoveryNote(problem, moved, None, None)

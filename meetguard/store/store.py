"""The user's own record: checklist marks, the ledger of every change, account-type choices.

One SQLite file under platformdirs' data folder. Every change is one
transaction in WAL mode with synchronous=FULL, so a mark reported saved
survives a crash, and two processes (GUI and CLI) writing at once lose nothing.
A damaged file is moved aside, never deleted, and the last good automatic
backup takes its place; `Store.recovery` tells the user what happened.
Notes are encrypted with a key from the system keyring (see `secrets`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from meetguard.display_text import decoded
from meetguard.store.marks import STATES, Mark, StoreError
from meetguard.store.secrets import (
    UNAVAILABLE_NOTE,
    UNREADABLE_NOTE,
    KeyUnavailableError,
    NoteCipher,
    NoteKeys,
    is_encrypted,
    key_id_of,
)
from meetguard.terms.model import QuoteCheck

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
_COLUMNS = "client_id, step_id, revision, state, marked_at, note, client_version"
_NOTE_TABLES = ("marks", "ledger")
_CHECK_COLUMNS = (
    "client_id, topic, applies_to, document_id, quote, status, checked_at, source, url, "
    "reason, detail, passage"
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _private_dir(path: Path) -> None:
    """Create `path` readable by the user only; a folder that already exists is not ours to
    re-mode (a store placed in /tmp must not make /tmp private)."""
    if path.is_dir():
        return
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)


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


def _encrypt_notes(db: sqlite3.Connection, seal: Callable[[str], str]) -> bool:
    """Seal every plaintext note in `db` in one transaction; True when there were any."""
    found = False
    db.execute("BEGIN IMMEDIATE")
    try:
        for table in _NOTE_TABLES:
            plain = db.execute(f"SELECT DISTINCT note FROM {table} WHERE note != ''")
            for (note,) in plain.fetchall():
                if not is_encrypted(note):
                    found = True
                    db.execute(f"UPDATE {table} SET note = ? WHERE note = ?", (seal(note), note))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return found


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


class Store:
    def __init__(
        self,
        path: Path,
        clock: Callable[[], dt.datetime] = _now,
        keys: NoteKeys | None = None,
    ) -> None:
        self.path = path
        self.backup_dir = path.parent / "backups"
        self._clock = clock
        self.recovery: RecoveryNote | None = None
        self.notices: list[str] = []
        self._ciphers: dict[str, NoteCipher] = {}
        self._cipher: NoteCipher | None = None
        self._keyring_failed = False
        self._backed_up = False
        try:
            _private_dir(path.parent)
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
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA secure_delete=ON")
            if 0 < self.schema_version < SCHEMA_VERSION:
                self._backup()  # before migrating, whatever the day
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(
                f"{path} cannot be opened as MeetGuard's store: {_cause(path, exc)}"
            ) from exc
        _make_private(path)
        self._setup_notes_key(keys or NoteKeys())

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self, user_data: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction. The first change of the user's data in a day takes a backup
        first; any SQLite failure (a full disk, a read-only file) becomes a StoreError."""
        try:
            if user_data and not self._backed_up:
                self._backed_up = True
                self._daily_backup()
            self._db.execute("BEGIN IMMEDIATE")
        except (sqlite3.Error, OSError) as exc:
            raise self._write_error(exc) from exc
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error | OSError):
                raise self._write_error(exc) from exc
            raise

    def _write_error(self, exc: sqlite3.Error | OSError) -> StoreError:
        reason = _cause(self.path, exc) if isinstance(exc, sqlite3.Error) else exc.strerror
        return StoreError(f"MeetGuard could not save to {self.path}: {reason}. Nothing was saved.")

    def _migrate(self) -> None:
        with self._write(user_data=False) as db:
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

    # damage and backups ---------------------------------------------------------

    def backups(self) -> list[Path]:
        """The automatic backups, newest first."""
        try:
            found = [p for p in self.backup_dir.iterdir() if p.suffix == ".sqlite3"]
        except FileNotFoundError:
            return []
        return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)

    def _holds_user_data(self) -> bool:
        row = self._db.execute(
            "SELECT EXISTS(SELECT 1 FROM ledger) OR EXISTS(SELECT 1 FROM account_types) "
            "OR EXISTS(SELECT 1 FROM added_apps)"
        ).fetchone()
        return bool(row[0])

    def _daily_backup(self) -> None:
        """At most one backup a day, and none of a store with nothing in it: an empty store
        must never rotate a good backup out."""
        if not self._holds_user_data():
            return
        today = self._clock().strftime("%Y%m%d")
        if any(p.name.startswith(f"meetguard-{today}T") for p in self.backups()):
            return
        self._backup()

    def _backup(self) -> None:
        _private_dir(self.backup_dir)
        stamp = self._clock().strftime("%Y%m%dT%H%M%SZ")
        target = self.backup_dir / f"meetguard-{stamp}-{os.urandom(4).hex()}.sqlite3"
        partial = target.with_suffix(".partial")
        try:
            _create_private(partial)
            with closing(sqlite3.connect(partial)) as copy:
                self._db.backup(copy)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        for old in self.backups()[KEEP_BACKUPS:]:
            old.unlink(missing_ok=True)
        for stale in self.backup_dir.glob("*.partial"):
            stale.unlink(missing_ok=True)  # left by a MeetGuard killed while copying

    def _recover(self, problem: str) -> RecoveryNote:
        stamp = self._clock().strftime("%Y%m%dT%H%M%SZ")
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

    # notes key ------------------------------------------------------------------

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def _set_meta(self, key: str, value: str) -> None:
        with self._write(user_data=False) as db:
            db.execute(
                "INSERT INTO meta VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    def _say_once(self, topic: str, text: str) -> None:
        if self._meta(f"said:{topic}") is None:
            self.notices.append(text)
            self._set_meta(f"said:{topic}", self._clock().isoformat())

    def _stored_notes(self) -> list[str]:
        return [
            str(r[0])
            for table in _NOTE_TABLES
            for r in self._db.execute(f"SELECT DISTINCT note FROM {table} WHERE note != ''")
        ]

    def _setup_notes_key(self, keys: NoteKeys) -> None:
        if not keys.secure:
            self._say_once(
                "plaintext",
                f"No secure password store is available (keyring backend: {keys.describe()}), "
                f"so your notes are kept unencrypted in {self.path}, readable only by your "
                "user account.",
            )
            return
        key_ids = {key_id_of(n) for n in self._stored_notes() if is_encrypted(n)}
        current = self._meta("key_id")
        try:
            for key_id in key_ids | ({current} if current else set()):
                if (cipher := keys.get(key_id)) is not None:
                    self._ciphers[key_id] = cipher
            cipher = self._ciphers.get(current or "")
            if cipher is None:
                cipher = keys.create()
                self._ciphers[cipher.key_id] = cipher
                self._set_meta("key_id", cipher.key_id)
        except KeyUnavailableError as exc:
            self._keyring_failed = True
            self.notices.append(
                f"Notes cannot be encrypted now: {exc}. Notes you write now are kept "
                "unencrypted until the keyring works again, readable only by your user account."
            )
            return
        self._cipher = cipher
        self._encrypt_plain_notes()
        missing = sorted(key_ids - self._ciphers.keys())
        if missing:
            self._say_once(
                "missing-key:" + ",".join(missing),
                "Some notes were encrypted with a key that is no longer in your keyring "
                f"({keys.describe()}); it was deleted or the keyring was reset. Your marks are "
                f'kept; those notes show as "{UNREADABLE_NOTE}" and stay stored in case the '
                "key is restored.",
            )

    def _encrypt_plain_notes(self) -> None:
        """Seal notes written before encryption or while the keyring was away, backups too."""
        if not _encrypt_notes(self._db, self._seal):
            return
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for backup in self.backups():
            with closing(sqlite3.connect(backup, isolation_level=None)) as db:
                db.execute("PRAGMA journal_mode=DELETE")
                db.execute("PRAGMA secure_delete=ON")
                if _encrypt_notes(db, self._seal):
                    db.execute("VACUUM")

    def _seal(self, note: str) -> str:
        return self._cipher.encrypt(note) if self._cipher and note else note

    def _open(self, stored: str) -> str:
        if not is_encrypted(stored):
            return stored
        cipher = self._ciphers.get(key_id_of(stored))
        text = cipher.decrypt(stored) if cipher else None
        if text is None:
            return UNAVAILABLE_NOTE if self._keyring_failed and not cipher else UNREADABLE_NOTE
        return text

    # marks ------------------------------------------------------------------------

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
        return self._record(
            Mark(client_id, step_id, revision, state, self._clock(), note, client_version)
        )

    def set_note(self, client_id: str, step_id: str, revision: int, note: str) -> Mark:
        """Change a step's note alone: the state, and what it was marked against, stay.

        The change goes to the ledger like a mark, so the history shows what the user wrote.
        """
        old = self.marks().get((client_id, step_id))
        if old is None:
            return self._record(Mark(client_id, step_id, revision, "pending", self._clock(), note))
        return self._record(
            Mark(
                client_id,
                step_id,
                old.revision,
                old.state,
                self._clock(),
                note,
                old.client_version,
            )
        )

    def _record(self, mark: Mark) -> Mark:
        mark = replace(
            mark,
            client_id=decoded(mark.client_id),
            step_id=decoded(mark.step_id),
            note=decoded(mark.note),
            client_version=decoded(mark.client_version),
        )
        client_id, step_id, note = mark.client_id, mark.step_id, mark.note
        revision, state, client_version = mark.revision, mark.state, mark.client_version
        with self._write() as db:
            stored = self._seal(note)
            if note in (UNREADABLE_NOTE, UNAVAILABLE_NOTE):
                # The placeholder came back from a form: keep the sealed note it stands for.
                old = db.execute(
                    "SELECT note FROM marks WHERE client_id = ? AND step_id = ?",
                    (client_id, step_id),
                ).fetchone()
                if old and is_encrypted(old[0]):
                    stored = old[0]
            when = mark.marked_at.isoformat()
            row = (client_id, step_id, revision, state, when, stored, client_version)
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
        return {(r[0], r[1]): self._mark(r) for r in rows}

    def ledger(self, client_id: str | None = None) -> list[Mark]:
        if client_id is None:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM ledger ORDER BY id").fetchall()
        else:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM ledger WHERE client_id = ? ORDER BY id", (client_id,)
            ).fetchall()
        return [self._mark(r) for r in rows]

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
        _make_private(self.path)

    def added_apps(self) -> list[str]:
        """Client ids the user added by hand, in the order they were added."""
        rows = self._db.execute("SELECT client_id FROM added_apps ORDER BY added_at, rowid")
        return [str(r[0]) for r in rows]

    def add_app(self, client_id: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO added_apps VALUES (?, ?) ON CONFLICT(client_id) DO NOTHING",
                (client_id, self._clock().isoformat()),
            )
        _make_private(self.path)

    def remove_app(self, client_id: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM added_apps WHERE client_id = ?", (client_id,))

    @property
    def notes_encrypted(self) -> bool:
        """False when notes are written in plain text (no usable password store)."""
        return self._cipher is not None

    def _mark(self, row: tuple[str, str, int, str, str, str, str]) -> Mark:
        return Mark(
            row[0],
            row[1],
            int(row[2]),
            row[3],
            dt.datetime.fromisoformat(row[4]),
            self._open(row[5]),
            row[6],
        )

    # terms checks -----------------------------------------------------------------

    def add_terms_checks(self, checks: Iterable[QuoteCheck]) -> None:
        """Keep one check's results, all in one transaction."""
        rows = [
            (
                c.client_id,
                c.topic,
                c.applies_to,
                c.document_id,
                c.quote,
                c.status,
                c.checked_at.isoformat(),
                c.source,
                c.url,
                c.reason,
                c.detail,
                c.passage,
            )
            for c in checks
        ]
        with self._write() as db:
            db.executemany(
                f"INSERT INTO terms_checks ({_CHECK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
        _make_private(self.path)

    def terms_checks(self, client_id: str | None = None) -> list[QuoteCheck]:
        """Every result kept, oldest first."""
        query = f"SELECT {_CHECK_COLUMNS} FROM terms_checks"
        args: tuple[str, ...] = ()
        if client_id is not None:
            query += " WHERE client_id = ?"
            args = (client_id,)
        return [_quote_check(r) for r in self._db.execute(query + " ORDER BY id", args)]

    def latest_terms_checks(self) -> dict[tuple[str, str, str], QuoteCheck]:
        """The newest result per right, keyed by (client id, topic, applies_to)."""
        rows = self._db.execute(
            f"SELECT {_CHECK_COLUMNS} FROM terms_checks WHERE id IN (SELECT MAX(id) FROM "
            "terms_checks GROUP BY client_id, topic, applies_to)"
        )
        return {c.key: c for c in map(_quote_check, rows)}


def _quote_check(row: tuple[str, ...]) -> QuoteCheck:
    return QuoteCheck(
        client_id=row[0],
        topic=row[1],
        applies_to=row[2],
        document_id=row[3],
        quote=row[4],
        status=row[5],
        checked_at=dt.datetime.fromisoformat(row[6]),
        source=row[7],
        url=row[8],
        reason=row[9],
        detail=row[10],
        passage=row[11],
    )

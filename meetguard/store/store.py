"""The user's own record: checklist marks, the ledger of every change, account-type
choices, apps added by hand and terms-check results.

The file and its safety (migrations, damage, backups) are `database.StoreFile`'s; notes
are sealed and opened by `notes.NotesKey`, which asks the keyring only when a note is
read or written. A command that reads no note loads no keyring and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from meetguard.display_text import decoded
from meetguard.store.database import RecoveryNote, StoreFile
from meetguard.store.marks import STATES, Mark
from meetguard.store.notes import UNAVAILABLE_NOTE, UNREADABLE_NOTE, NotesKey, PlainReason
from meetguard.store.sealed import is_encrypted
from meetguard.terms.model import QuoteCheck

if TYPE_CHECKING:
    from meetguard.store.secrets import NoteKeys

_COLUMNS = "client_id, step_id, revision, state, marked_at, note, client_version"
_CHECK_COLUMNS = (
    "client_id, topic, applies_to, document_id, quote, status, checked_at, source, url, "
    "reason, detail, passage"
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Store:
    def __init__(
        self,
        path: Path,
        clock: Callable[[], dt.datetime] = _now,
        keys: NoteKeys | None = None,
    ) -> None:
        self.file = StoreFile(path, clock)
        self.path = path
        self.backup_dir = self.file.backup_dir
        self.recovery: RecoveryNote | None = self.file.recovery
        self.notices: list[str] = []
        self._clock = clock
        self._notes = NotesKey(self.file, keys, self.notices)

    def close(self) -> None:
        self.file.close()

    @property
    def schema_version(self) -> int:
        return self.file.schema_version

    def backups(self) -> list[Path]:
        """The automatic backups, newest first."""
        return self.file.backups()

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
        stored = self._notes.seal(note)  # before the transaction: see NotesKey.seal
        with self.file.write() as db:
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
        return mark

    def marks(self, notes: bool = True) -> dict[tuple[str, str], Mark]:
        """Every step's mark. With `notes=False` their notes are left out (""): opening a
        sealed note asks the keyring, which an overview of the marks has no need of."""
        rows = self.file.db.execute(f"SELECT {_COLUMNS} FROM marks").fetchall()
        return {(r[0], r[1]): self._mark(r, notes) for r in rows}

    def note(self, client_id: str, step_id: str) -> str:
        """The note kept with a step's mark ("" when none); opening it may ask the keyring."""
        row = self.file.db.execute(
            "SELECT note FROM marks WHERE client_id = ? AND step_id = ?", (client_id, step_id)
        ).fetchone()
        return self._notes.open(str(row[0])) if row else ""

    def ledger(self, client_id: str | None = None) -> list[Mark]:
        if client_id is None:
            rows = self.file.db.execute(f"SELECT {_COLUMNS} FROM ledger ORDER BY id").fetchall()
        else:
            rows = self.file.db.execute(
                f"SELECT {_COLUMNS} FROM ledger WHERE client_id = ? ORDER BY id", (client_id,)
            ).fetchall()
        return [self._mark(r) for r in rows]

    def account_type(self, client_id: str) -> str | None:
        row = self.file.db.execute(
            "SELECT account_type FROM account_types WHERE client_id = ?", (client_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def set_account_type(self, client_id: str, account_type: str) -> None:
        with self.file.write() as db:
            db.execute(
                "INSERT INTO account_types VALUES (?,?,?) ON CONFLICT(client_id) DO UPDATE "
                "SET account_type=excluded.account_type, chosen_at=excluded.chosen_at",
                (client_id, account_type, self._clock().isoformat()),
            )

    def added_apps(self) -> list[str]:
        """Client ids the user added by hand, in the order they were added."""
        rows = self.file.db.execute("SELECT client_id FROM added_apps ORDER BY added_at, rowid")
        return [str(r[0]) for r in rows]

    def add_app(self, client_id: str) -> None:
        with self.file.write() as db:
            db.execute(
                "INSERT INTO added_apps VALUES (?, ?) ON CONFLICT(client_id) DO NOTHING",
                (client_id, self._clock().isoformat()),
            )

    def remove_app(self, client_id: str) -> None:
        with self.file.write() as db:
            db.execute("DELETE FROM added_apps WHERE client_id = ?", (client_id,))

    @property
    def notes_plain_reason(self) -> PlainReason | None:
        """Why notes are written in plain text (None: they are encrypted); asks the keyring."""
        return self._notes.plain_reason

    @property
    def notes_key_asked(self) -> bool:
        """Whether the keyring was asked yet; `notes_plain_reason` asks it."""
        return self._notes.asked

    def _mark(self, row: tuple[str, str, int, str, str, str, str], note: bool = True) -> Mark:
        return Mark(
            row[0],
            row[1],
            int(row[2]),
            row[3],
            dt.datetime.fromisoformat(row[4]),
            self._notes.open(row[5]) if note else "",
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
        with self.file.write() as db:
            db.executemany(
                f"INSERT INTO terms_checks ({_CHECK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )

    def terms_checks(self, client_id: str | None = None) -> list[QuoteCheck]:
        """Every result kept, oldest first."""
        query = f"SELECT {_CHECK_COLUMNS} FROM terms_checks"
        args: tuple[str, ...] = ()
        if client_id is not None:
            query += " WHERE client_id = ?"
            args = (client_id,)
        return [_quote_check(r) for r in self.file.db.execute(query + " ORDER BY id", args)]

    def latest_terms_checks(self) -> dict[tuple[str, str, str], QuoteCheck]:
        """The newest result per right, keyed by (client id, topic, applies_to)."""
        rows = self.file.db.execute(
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

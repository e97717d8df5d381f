"""The notes key: fetched from the keyring on the first note read or written, not before.

Importing `keyring` and detecting its backend costs a start-up ~100 ms and ~19 MiB, and
most commands never touch a note, so nothing here imports `secrets` (keyring and the
cipher) until a note is sealed or opened. Without a secure keyring, notes are kept in
plain text and the user is told so in plain words, once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from typing import TYPE_CHECKING, Literal

from meetguard.store.database import StoreFile
from meetguard.store.sealed import is_encrypted, key_id_of

if TYPE_CHECKING:
    from meetguard.store.secrets import NoteCipher, NoteKeys

UNREADABLE_NOTE = "[note unreadable: encryption key missing from keyring]"
UNAVAILABLE_NOTE = "[note unreadable now: the keyring could not be reached]"
NOTE_TABLES = ("marks", "ledger")
PlainReason = Literal["no-store", "keyring-failed"]


def _encrypt_notes(db: sqlite3.Connection, seal: Callable[[str], str]) -> bool:
    """Seal every plaintext note in `db` in one transaction; True when there were any."""
    found = False
    db.execute("BEGIN IMMEDIATE")
    try:
        for table in NOTE_TABLES:
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


class NotesKey:
    """Seals and opens notes; asks the keyring once, on the first non-empty note."""

    def __init__(self, file: StoreFile, keys: NoteKeys | None, notices: list[str]) -> None:
        self._file = file
        self._keys = keys
        self._notices = notices
        self._asked = False
        self._ciphers: dict[str, NoteCipher] = {}
        self._cipher: NoteCipher | None = None
        self._keyring_failed = False

    @property
    def asked(self) -> bool:
        """Whether the keyring was asked yet (a note sealed or opened, or `encrypted` read)."""
        return self._asked

    @property
    def plain_reason(self) -> PlainReason | None:
        """Why notes are written in plain text, None when they are encrypted: "no-store" (no
        usable password store on this computer) or "keyring-failed" (there is one, but it
        failed when asked, e.g. locked; notes are sealed the next run it works)."""
        self._ask()
        if self._cipher is not None:
            return None
        return "keyring-failed" if self._keyring_failed else "no-store"

    def seal(self, note: str) -> str:
        """Call outside a transaction: the first call may encrypt older notes."""
        if not note:
            return note
        self._ask()
        return self._cipher.encrypt(note) if self._cipher else note

    def open(self, stored: str) -> str:
        if not stored:
            return stored
        self._ask()
        if not is_encrypted(stored):
            return stored
        cipher = self._ciphers.get(key_id_of(stored))
        text = cipher.decrypt(stored) if cipher else None
        if text is None:
            return UNAVAILABLE_NOTE if self._keyring_failed and not cipher else UNREADABLE_NOTE
        return text

    def _say_once(self, topic: str, text: str) -> None:
        if self._file.meta(f"said:{topic}") is None:
            self._notices.append(text)
            self._file.set_meta(f"said:{topic}", self._file.clock().isoformat())

    def _stored_notes(self) -> list[str]:
        return [
            str(r[0])
            for table in NOTE_TABLES
            for r in self._file.db.execute(f"SELECT DISTINCT note FROM {table} WHERE note != ''")
        ]

    def _ask(self) -> None:
        if self._asked:
            return
        self._asked = True
        from meetguard.store.secrets import KeyUnavailableError, NoteKeys

        keys = self._keys or NoteKeys()
        if not keys.secure:
            self._say_once(
                "plaintext",
                f"No secure password store is available (keyring backend: {keys.describe()}), "
                f"so your notes are kept unencrypted in {self._file.path}, readable only by "
                "your user account.",
            )
            return
        key_ids = {key_id_of(n) for n in self._stored_notes() if is_encrypted(n)}
        current = self._file.meta("key_id")
        try:
            for key_id in key_ids | ({current} if current else set()):
                if (cipher := keys.get(key_id)) is not None:
                    self._ciphers[key_id] = cipher
            cipher = self._ciphers.get(current or "")
            if cipher is None:
                cipher = keys.create()
                self._ciphers[cipher.key_id] = cipher
                self._file.set_meta("key_id", cipher.key_id)
        except KeyUnavailableError as exc:
            self._keyring_failed = True
            self._notices.append(
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
        if not _encrypt_notes(self._file.db, self.seal):
            return
        self._file.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for backup in self._file.backups():
            with closing(sqlite3.connect(backup, isolation_level=None)) as db:
                db.execute("PRAGMA journal_mode=DELETE")
                db.execute("PRAGMA secure_delete=ON")
                if _encrypt_notes(db, self.seal):
                    db.execute("VACUUM")

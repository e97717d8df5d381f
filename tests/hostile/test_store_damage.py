"""A store that is empty, wrong, read-only or on a full disk loses nothing the user entered."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import keyring
import pytest

from meetguard.store.database import KEEP_BACKUPS
from meetguard.store.marks import StoreError
from meetguard.store.notes import UNAVAILABLE_NOTE, UNREADABLE_NOTE
from meetguard.store.store import Store
from tests.conftest import LockedKeyring, MemoryKeyring
from tests.hostile.as_user import as_other_user

DAY = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _clock(when: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: when


def _store_with_backup(path: Path) -> None:
    """A store holding marks "a" (with a note) and "b", and a backup of day 1 holding "a"."""
    first = Store(path, clock=_clock(DAY))
    first.mark("zoom", "a", 1, "done", note="asked IT to switch it off")
    first.close()
    second = Store(path, clock=_clock(DAY))
    second.mark("zoom", "b", 1, "skipped")
    second.close()
    assert len(Store(path).backups()) == 1


def _drop_side_files(path: Path) -> None:
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)


# 1: an empty store file ------------------------------------------------------------------


def test_empty_store_file_is_damage_and_the_backup_comes_back(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    _store_with_backup(path)
    path.write_bytes(b"")
    _drop_side_files(path)
    store = Store(path)
    assert store.recovery is not None, "a 0-byte store is not a new store"
    assert "empty" in store.recovery.message
    assert store.recovery.moved_to.exists() and store.recovery.restored_from is not None
    assert store.marks()[("zoom", "a")].note == "asked IT to switch it off"


def test_empty_store_never_rotates_a_good_backup_out(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    _store_with_backup(path)
    good = Store(path).backups()
    path.write_bytes(b"")
    _drop_side_files(path)
    for day in range(KEEP_BACKUPS + 2):
        Store(path, clock=_clock(DAY + dt.timedelta(days=day))).close()
    after = Store(path).backups()
    assert set(good) <= set(after), "the good backup is still there"
    assert Store(path).marks()[("zoom", "a")].state == "done"


def test_a_new_store_is_never_left_empty(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    assert path.stat().st_size > 0
    assert Store(path).recovery is None
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".new")]


# 2: a store SQLite finds sound that is still wrong ------------------------------------------


DAMAGE = {
    "dropped marks table": "DROP TABLE marks",
    "dropped ledger column": "ALTER TABLE ledger DROP COLUMN note",
    "time that is not ISO": "UPDATE marks SET marked_at = 'last Tuesday'",
    "revision that is text": "UPDATE ledger SET revision = 'two'",
    "dropped meta table": "DROP TABLE meta",
}


@pytest.mark.parametrize("sql", DAMAGE.values(), ids=DAMAGE.keys())
def test_wrong_schema_or_values_are_damage(tmp_path: Path, sql: str) -> None:
    path = tmp_path / "s.sqlite3"
    _store_with_backup(path)
    with closing(sqlite3.connect(path)) as db:
        db.execute(sql)
        db.commit()
    store = Store(path)
    assert store.recovery is not None, "a wrong store is damage, not a traceback"
    assert store.recovery.restored_from is not None
    assert store.marks()[("zoom", "a")].note == "asked IT to switch it off"
    assert [m.step_id for m in store.ledger()] == ["a"]
    store.mark("zoom", "c", 1, "done")
    with closing(sqlite3.connect(store.recovery.moved_to)) as moved:
        assert moved.execute("PRAGMA quick_check").fetchone() == ("ok",), "kept as it was"


# 15: one read-only open, a full disk --------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_read_only_open_does_not_leave_the_store_unwritable(tmp_path: Path) -> None:
    script = """
import os, sys
from pathlib import Path
from keyring.backends import fail
from meetguard.store.secrets import NoteKeys
from meetguard.store.marks import StoreError
from meetguard.store.store import Store
path = Path(sys.argv[1]) / "s.sqlite3"
keys = NoteKeys(fail.Keyring())
first = Store(path, keys=keys)
first.mark("zoom", "a", 1, "done", note="first")
first.close()  # the last close removes -wal and -shm
path.chmod(0o400)
try:
    Store(path, keys=keys).marks()
except StoreError as exc:
    print("read-only:", exc)
path.chmod(0o600)
store = Store(path, keys=keys)
store.mark("zoom", "b", 1, "done")
print("modes", sorted(oct(p.stat().st_mode & 0o777) for p in path.parent.glob("s.sqlite3*")))
print("marks", sorted(s for _, s in store.marks()))
"""
    out = as_other_user(tmp_path, script)
    assert "marks ['a', 'b']" in out, out
    assert "0o400" not in out.split("modes", 1)[1], out


class _FullDisk:
    """A connection whose writes fail the way SQLite's do on a full disk."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self._real.execute(sql, *args)

    def backup(self, target: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")


def test_full_disk_is_the_stores_own_error_and_leaves_no_partial(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    _store_with_backup(path)
    store = Store(path, clock=_clock(DAY + dt.timedelta(days=1)))
    store.file.db = _FullDisk(store.file.db)  # type: ignore[assignment]
    for _ in range(3):
        with pytest.raises(StoreError, match="could not save") as caught:
            store.mark("zoom", "c", 1, "done")
        assert "disk is full" in str(caught.value)
    store.file.db = store.file.db._real  # type: ignore[attr-defined]
    assert not list(store.backup_dir.glob("*.partial"))
    assert ("zoom", "c") not in store.marks() and ("zoom", "a") in store.marks()


# 16: the keyring, and when backups are taken -------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_unreadable_keyring_config_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    script = """
import os, sys
from pathlib import Path
from meetguard.app import main as run
config = Path(sys.argv[1]) / "config" / "python_keyring"
config.mkdir(parents=True)
config.chmod(0)  # keyring's stat of keyringrc.cfg in here raises PermissionError
del os.environ["PYTHON_KEYRING_BACKEND"]
code = run(["mark", "zoom", "consent-settings", "done", "--note", "kept"])
print("mark exit", code)
print("rights exit", run(["rights", "zoom"]))
"""
    out = as_other_user(tmp_path, script)
    assert "mark exit 0" in out and "rights exit 0" in out, out
    assert "keyring could not start" in out and "Traceback" not in out, out


def test_keyring_unavailable_is_not_called_key_missing(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).mark("zoom", "a", 1, "done", note="secret")
    locked = LockedKeyring()
    locked.secrets = memory_keyring.secrets
    keyring.set_keyring(locked)
    store = Store(path)
    assert store.marks()[("zoom", "a")].note == UNAVAILABLE_NOTE != UNREADABLE_NOTE
    store.mark("zoom", "a", 1, "skipped", note=UNAVAILABLE_NOTE)
    keyring.set_keyring(memory_keyring)
    assert Store(path).marks()[("zoom", "a")].note == "secret", "the sealed note is kept"


def test_read_only_starts_take_no_backup_and_writes_one_a_day(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    _store_with_backup(path)
    for _ in range(3):
        Store(path, clock=_clock(DAY + dt.timedelta(days=1))).marks()
    assert len(Store(path).backups()) == 1, "reading takes no backup"
    for hour in range(3):
        later = Store(path, clock=_clock(DAY + dt.timedelta(days=1, hours=hour)))
        later.mark("zoom", "c", 1, "done")
        later.close()
    backups = Store(path).backups()
    assert len(backups) == 2, "one more for the new day, not one per write"
    assert all(stat.S_IMODE(b.stat().st_mode) == 0o600 for b in backups)

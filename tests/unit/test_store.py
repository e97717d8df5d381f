import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from meetguard.store.database import KEEP_BACKUPS, SCHEMA_VERSION
from meetguard.store.marks import StoreError
from meetguard.store.store import Store


def _fixed(when: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: when


def test_mark_survives_reopen_and_is_in_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = Store(path)
    store.mark("zoom", "consent-settings", 1, "skipped")
    store.mark("zoom", "consent-settings", 1, "done", note="turned all three off")
    store.close()
    again = Store(path)
    mark = again.marks()[("zoom", "consent-settings")]
    assert (mark.state, mark.note) == ("done", "turned all three off")
    assert [m.state for m in again.ledger()] == ["skipped", "done"]
    assert again.schema_version == SCHEMA_VERSION


def test_unknown_state_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    with pytest.raises(ValueError, match="unknown state"):
        store.mark("zoom", "x", 1, "maybe")
    assert store.ledger() == []


def test_account_type_is_remembered(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    assert store.account_type("teams") is None
    store.set_account_type("teams", "business")
    store.set_account_type("teams", "personal")
    assert Store(tmp_path / "s.sqlite3").account_type("teams") == "personal"


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_store_file_is_private(tmp_path: Path) -> None:
    store = Store(tmp_path / "data" / "s.sqlite3")
    store.mark("zoom", "x", 1, "done")
    for p in (tmp_path / "data").iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    store = Store(shared / "s.sqlite3")
    store.mark("zoom", "x", 1, "done")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "s.sqlite3").stat().st_mode) == 0o600


def test_clock_is_recorded(tmp_path: Path) -> None:
    when = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)
    store = Store(tmp_path / "s.sqlite3", clock=lambda: when)
    assert store.mark("zoom", "x", 1, "done").marked_at == when
    assert store.marks()[("zoom", "x")].marked_at == when


V1_SCHEMA = (
    "CREATE TABLE marks (client_id TEXT NOT NULL, step_id TEXT NOT NULL, "
    "revision INTEGER NOT NULL, state TEXT NOT NULL, marked_at TEXT NOT NULL, "
    "note TEXT NOT NULL DEFAULT '', client_version TEXT NOT NULL DEFAULT '', "
    "PRIMARY KEY (client_id, step_id));"
    "CREATE TABLE ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, "
    "step_id TEXT NOT NULL, revision INTEGER NOT NULL, state TEXT NOT NULL, "
    "marked_at TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', "
    "client_version TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE account_types (client_id TEXT PRIMARY KEY, account_type TEXT NOT NULL, "
    "chosen_at TEXT NOT NULL);"
    "PRAGMA user_version = 1;"
)


def _v1_store(path: Path) -> None:
    """A store exactly as MeetGuard's first schema wrote it, built by hand."""
    with closing(sqlite3.connect(path)) as db:
        db.executescript(V1_SCHEMA)
        row = ("zoom", "ai-companion", 2, "done", "2026-01-05T10:00:00+00:00", "told IT", "6.1")
        db.execute("INSERT INTO marks VALUES (?,?,?,?,?,?,?)", row)
        db.execute("INSERT INTO ledger VALUES (NULL,?,?,?,?,?,?,?)", row)
        db.execute("INSERT INTO account_types VALUES ('teams', 'business', '2026-01-05')")
        db.commit()


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_migrates_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / "s.sqlite3"
    if version == 1:
        _v1_store(path)
    store = Store(path)
    assert store.recovery is None
    assert store.schema_version == SCHEMA_VERSION == 4
    if version == 1:
        mark = store.marks()[("zoom", "ai-companion")]
        assert (mark.revision, mark.state, mark.note, mark.client_version) == (
            2,
            "done",
            "told IT",
            "6.1",
        )
        assert [m.note for m in store.ledger()] == ["told IT"]
        assert store.account_type("teams") == "business"
        assert len(store.backups()) == 1, "a backup is taken before migrating"
        assert b"told IT" not in _raw(path), "old plaintext notes are encrypted on upgrade"
        with closing(sqlite3.connect(store.backups()[0])) as old:
            assert old.execute("PRAGMA user_version").fetchone()[0] == 1
            assert old.execute("SELECT note FROM marks").fetchone()[0].startswith("mgenc1:")
        assert b"told IT" not in store.backups()[0].read_bytes()
    store.mark("zoom", "x", 1, "done")
    assert ("zoom", "x") in Store(path).marks()


def test_newer_schema_is_refused_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer MeetGuard"):
        Store(path)


def _raw(path: Path) -> bytes:
    """Every byte on disk for the store, WAL included."""
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _filled(path: Path, clock: dt.datetime) -> Store:
    store = Store(path, clock=lambda: clock)
    store.mark("zoom", "a", 1, "done", note="kept")
    store.close()
    return Store(path, clock=lambda: clock)  # its first write takes a backup holding "a"


def test_garbage_store_is_moved_aside_and_restored_from_backup(tmp_path: Path) -> None:
    path = tmp_path / "data" / "s.sqlite3"
    when = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    store = _filled(path, when)
    store.mark("zoom", "b", 1, "skipped", note="after the backup")
    store.close()
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    path.write_bytes(b"\x00garbage" * 5000)

    again = Store(path, clock=lambda: when)
    note = again.recovery
    assert note is not None and note.restored_from is not None
    assert note.moved_to.read_bytes() == b"\x00garbage" * 5000, "the damaged file is kept"
    assert note.moved_to.name == "s.sqlite3.damaged-20260301T120000Z"
    assert str(note.moved_to) in note.message and "changed after that time are lost" in note.message
    marks = again.marks()
    assert marks[("zoom", "a")].note == "kept"
    assert ("zoom", "b") not in marks
    again.mark("zoom", "c", 1, "done")
    assert Store(path).recovery is None


def test_truncated_store_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = _filled(path, dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    for i in range(400):
        store.mark("zoom", f"step-{i}", 1, "done", note="x" * 200)
    store.close()
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.truncate(size // 2)
    again = Store(path)
    assert again.recovery is not None
    assert again.recovery.moved_to.stat().st_size == size // 2
    assert again.marks()[("zoom", "a")].note == "kept"


def test_damaged_store_without_backup_starts_empty_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    store = Store(path)
    assert store.recovery is not None and store.recovery.restored_from is None
    assert "No earlier backup exists" in store.recovery.message
    assert store.recovery.moved_to.exists()
    assert store.marks() == {}


def test_damaged_backups_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    day = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    store = _filled(path, day)
    store.mark("zoom", "b", 1, "done")  # the backup of day 1 holds "a"
    store.close()
    store = Store(path, clock=lambda: day + dt.timedelta(days=1))
    store.mark("zoom", "c", 1, "done")  # the backup of day 2 holds "a" and "b"
    store.close()
    newest, older = Store(path).backups()
    newest.write_bytes(b"not a database either" * 100)
    path.write_bytes(b"broken" * 1000)
    store = Store(path)
    assert store.recovery is not None
    assert store.recovery.restored_from == older
    assert store.marks()[("zoom", "a")].note == "kept"
    assert ("zoom", "b") not in store.marks()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_backups_are_private_and_few(tmp_path: Path) -> None:
    path = tmp_path / "data" / "s.sqlite3"
    first = Store(path)
    first.mark("zoom", "a", 1, "done")
    first.close()
    for day in range(KEEP_BACKUPS + 3):
        when = dt.datetime(2026, 3, 1, tzinfo=dt.UTC) + dt.timedelta(days=day)
        daily = Store(path, clock=_fixed(when))
        daily.mark("zoom", "a", 1, "done")
        daily.close()
    store = Store(path)
    backups = store.backups()
    assert len(backups) == KEEP_BACKUPS
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    files = [*store.backup_dir.iterdir(), path, Path(f"{path}-wal")]
    for p in files:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    store.close()
    path.write_bytes(b"junk" * 1000)
    moved = Store(path).recovery
    assert moved is not None and stat.S_IMODE(moved.moved_to.stat().st_mode) == 0o600

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from meetguard.store.store import SCHEMA_VERSION, Store


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


def test_clock_is_recorded(tmp_path: Path) -> None:
    when = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)
    store = Store(tmp_path / "s.sqlite3", clock=lambda: when)
    assert store.mark("zoom", "x", 1, "done").marked_at == when
    assert store.marks()[("zoom", "x")].marked_at == when

"""Terms-check results in the user's store: kept as a history, newest per right shown."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from meetguard.catalog.model import Catalog
from meetguard.store.database import SCHEMA_VERSION
from meetguard.store.store import Store
from meetguard.terms.model import QuoteCheck, current_check

DAY1 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
DAY2 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _check(status: str, at: dt.datetime, quote: str = "q", **extra: str) -> QuoteCheck:
    return QuoteCheck(
        "zoom", "ai_training", "all", "tos", quote, status, at, "archive", "u", **extra
    )


def test_history_is_kept_and_the_newest_wins(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    store.add_terms_checks([_check("found", DAY1)])
    store.add_terms_checks([_check("not_found", DAY2, passage="We may now train.")])
    assert [c.status for c in store.terms_checks()] == ["found", "not_found"]
    assert store.terms_checks("teams") == []
    (latest,) = store.latest_terms_checks().values()
    assert (latest.status, latest.checked_at, latest.passage) == (
        "not_found",
        DAY2,
        "We may now train.",
    )
    store.close()
    reopened = Store(tmp_path / "s.sqlite3")
    assert [c.status for c in reopened.terms_checks()] == ["found", "not_found"]


def test_a_result_stops_applying_when_the_catalog_quote_changes(catalog: Catalog) -> None:
    zoom = catalog.get("zoom")
    assert zoom is not None
    right = next(r for r in zoom.rights if r.topic == "ai_training")
    fresh = _check("not_found", DAY2, quote=right.quote)
    assert current_check({fresh.key: fresh}, zoom, right) == fresh
    stale = _check("not_found", DAY2, quote="an older wording")
    assert current_check({stale.key: stale}, zoom, right) is None
    assert "NOT FOUND" in fresh.label and fresh.label.startswith("quote re-checked 2026-12-01")


def test_a_version_2_store_gains_the_table_and_keeps_its_marks(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    store = Store(path)
    store.mark("zoom", "ai", 1, "done", "kept")
    store.close()
    with closing(sqlite3.connect(path)) as db:
        db.execute("DROP TABLE terms_checks")
        db.execute("DROP TABLE added_apps")  # migration 4 came after 2 too
        db.execute("PRAGMA user_version = 2")
        db.commit()
    upgraded = Store(path)
    assert upgraded.schema_version == SCHEMA_VERSION
    assert upgraded.marks()[("zoom", "ai")].note == "kept"
    upgraded.add_terms_checks([_check("found", DAY1)])
    assert len(upgraded.terms_checks()) == 1

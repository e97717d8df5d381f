"""Planning a check (no network) and running it with a fake reader: order, progress, cancel."""

from __future__ import annotations

import datetime as dt
import threading

from meetguard.catalog.model import Catalog
from meetguard.terms.check import plan_check, run_check
from meetguard.terms.model import Cancelled, Unchecked

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def test_the_plan_covers_every_shipped_document_once_per_address(catalog: Catalog) -> None:
    plan = plan_check(catalog.clients)
    planned = {(c, d.id) for t in plan.targets for c, d in t.documents}
    uncited = {(c, d.id) for c, d in plan.uncited}
    every = {(c.terms_from or c.id, d.id) for c in catalog.clients for d in c.documents}
    assert planned | uncited == every and not planned & uncited
    urls = [t.url for t in plan.targets]
    assert len(urls) == len(set(urls))
    for target in plan.targets:
        assert target.citations and all(c.right.quote for c in target.citations)
        assert target.host in plan.hosts
    # Teams for Linux takes Teams' terms: checked once, under teams
    assert not any(c == "teams-for-linux" for c, _ in planned | uncited)


def test_run_reports_each_quote_and_progress(catalog: Catalog) -> None:
    plan = plan_check([c for c in catalog.clients if c.id == "zoom"])
    seen: list[tuple[int, int]] = []
    texts = {t.url: t.citations[0].right.quote for t in plan.targets}
    report = run_check(
        plan,
        lambda url: texts[url],
        lambda: NOW,
        threading.Event(),
        lambda done, total, _name: seen.append((done, total)),
    )
    total = len(plan.targets)
    assert seen == [(i, total) for i in range(total + 1)]
    first = [t.citations[0] for t in plan.targets]
    for check in report.checks:
        expected = "found" if any(check.quote == c.right.quote for c in first) else "not_found"
        assert check.status == expected
        assert check.checked_at == NOW


def test_cancel_stops_before_the_next_document(catalog: Catalog) -> None:
    plan = plan_check(catalog.clients)
    cancel = threading.Event()
    read: list[str] = []

    def reader(url: str) -> str | Unchecked:
        read.append(url)
        if len(read) == 2:
            cancel.set()
        return Unchecked("unreachable", "fake")

    report = run_check(plan, reader, lambda: NOW, cancel)
    assert len(read) == 2 and len(report.outcomes) == 2
    assert report.stopped == "cancelled by you"


def test_a_reader_that_runs_out_of_time_stops_the_check(catalog: Catalog) -> None:
    plan = plan_check(catalog.clients)

    def reader(url: str) -> str:
        raise Cancelled("the whole check's time limit passed")

    report = run_check(plan, reader, lambda: NOW, threading.Event())
    assert report.outcomes == () and "time limit" in report.stopped

"""`meetguard terms check` against the loopback document server, through the real CLI."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from meetguard.app import main as run
from meetguard.services import Services
from tests.terms.conftest import FIXTURES, NetworkLog
from tests.terms.server import CHANGED_SELL, DocumentServer


def _check(catalog: Path, *extra: str) -> dict[str, Any]:
    args = ["--catalog", str(catalog), "terms", "check", "--yes", "--json", "--timeout", "1"]
    assert run([*args, *extra]) == 0
    return {}


def _by_client(out: str) -> dict[str, dict[str, Any]]:
    data = json.loads(out)
    return {d["documents"][0]["client"]: d for d in data["documents"]}


EXPECTED: dict[str, tuple[str, str]] = {
    # client: (document status or reason, detail fragment)
    "unchanged": ("read", ""),
    "changed": ("read", ""),
    "moved": ("read", ""),
    "gone": ("missing", "HTTP 404"),
    "slow": ("unreachable", "no answer within 1 s"),
    "huge": ("too_large", "the limit is 8 MiB"),
    "elsewhere": ("redirected", "terms.example.net"),
    "loop": ("redirected", "more than 5 redirects"),
    "pdf": ("not_text", "application/pdf"),
    "archive": ("read", ""),
    "bomb": ("too_large", "more than 8 MiB"),
    "endless": ("too_large", "more than 8 MiB"),
    "drip": ("unreachable", "no answer within 1 s"),
    "binary": ("not_text", "binary"),
    "nul": ("not_text", "binary"),
    "login": ("needs_browser", "sign-in"),
    "error200": ("missing", "Page not found"),
    "jsonly": ("needs_browser", "without JavaScript"),
    "app": ("needs_browser", "mostly JavaScript"),
    "oneline": ("read", ""),
    "malformed": ("read", ""),
    "latin1": ("read", ""),
    "wrong-charset": ("read", ""),
}


def test_every_fixture_document_gets_its_verdict(
    fixture_catalog: Path, server: DocumentServer, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    _check(fixture_catalog)
    elapsed = time.monotonic() - started
    docs = _by_client(capsys.readouterr().out)
    assert set(docs) == {f"fx-{short}" for short in FIXTURES}
    for short, (status, detail) in EXPECTED.items():
        doc = docs[f"fx-{short}"]
        got = doc["status"] if doc["status"] == "read" else doc["reason"]
        assert (got, short) == (status, short)
        assert detail in (doc["detail"] or ""), (short, doc["detail"])
    for short in ("unchanged", "moved", "oneline", "malformed", "latin1", "wrong-charset"):
        assert {q["status"] for q in docs[f"fx-{short}"]["quotes"]} == {"found"}, short
    changed = {q["topic"]: q for q in docs["fx-changed"]["quotes"]}
    assert changed["ai_training"]["status"] == "found"
    assert changed["advertising_sale"]["status"] == "not_found"
    assert CHANGED_SELL in changed["advertising_sale"]["closest_passage"]
    archive = docs["fx-archive"]
    assert archive["source"] == "archive"
    assert {q["status"] for q in archive["quotes"]} == {"found"}
    assert "/moved" in server.requests and "/moved/here" in server.requests
    # nothing waits past its own time limit: the slow and dripping servers cost ~1 s each
    assert elapsed < 15


def test_results_are_kept_with_their_date_and_flag_the_right(
    fixture_catalog: Path, server: DocumentServer, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = fixture_catalog
    for extra in (["fx-changed"], ["fx-changed"]):
        _check(folder, *extra)
    capsys.readouterr()
    services = Services.open(folder)
    history = services.store.terms_checks("fx-changed")
    assert len(history) == 4
    client = services.catalog.get("fx-changed")
    assert client is not None
    sale = next(r for r in client.rights if r.topic == "advertising_sale")
    check = services.quote_check(client, sale)
    assert check is not None and check.flagged
    assert check.label.startswith(f"quote re-checked {check.checked_at.date().isoformat()}: NOT")
    assert run(["rights", "fx-changed"]) == 1  # the shipped catalog has no such client
    capsys.readouterr()


def test_without_a_terminal_it_asks_for_yes_and_connects_nowhere(
    fixture_catalog: Path,
    server: DocumentServer,
    loopback: NetworkLog,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = list(loopback.addresses)
    assert run(["--catalog", str(fixture_catalog), "terms", "check"]) == 1
    err = capsys.readouterr().err
    assert "--yes" in err
    assert f"127.0.0.1:{server.port}" in err  # the host it would contact is named
    assert loopback.addresses == before
    assert server.requests == []


def test_only_loopback_is_contacted(
    fixture_catalog: Path,
    server: DocumentServer,
    loopback: NetworkLog,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _check(fixture_catalog)
    capsys.readouterr()
    assert loopback.addresses, "the check made no connection at all"
    assert loopback.outside == []
    assert loopback.refused == []
    # the redirect to terms.example.net was reported, never looked up
    assert "terms.example.net" not in loopback.lookups


def test_the_whole_shipped_catalog_runs_in_one_command(
    loopback: NetworkLog, capsys: pytest.CaptureFixture[str]
) -> None:
    """Here no host but loopback resolves: every document is tried, none is reachable,
    and the names looked up are exactly the hosts the confirmation listed."""
    services = Services.open()
    plan = services.terms_plan()
    assert run(["terms", "check", "--yes", "--json", "--timeout", "1"]) == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert data["documents_total"] == len(plan.targets) == len(data["documents"])
    assert {d["reason"] for d in data["documents"]} == {"unreachable"}
    assert all("resolve only loopback" in d["detail"] for d in data["documents"])
    tried = {(d["client"], d["id"]) for doc in data["documents"] for d in doc["documents"]}
    skipped = {(d["client"], d["id"]) for d in data["not_quoted"]}
    every = {(c.terms_from or c.id, d.id) for c in services.catalog.clients for d in c.documents}
    assert tried | skipped == every
    for host in plan.hosts:
        assert f"  {host}\n" in out.err
    assert set(loopback.lookups) == set(plan.hosts)
    assert loopback.outside == []

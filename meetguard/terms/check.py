"""The terms check: which documents to read, from which hosts, and what each quote's fate is.

Nothing here connects by itself: `plan_check` lists what would be read, the caller shows
the hosts and asks, and only then `run_check` reads, one document at a time.
"""

from __future__ import annotations

import datetime as dt
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from meetguard.catalog.model import Client, Document, Right
from meetguard.terms.model import (
    REQUEST_SECONDS,
    Cancelled,
    DocumentBody,
    Fetched,
    QuoteCheck,
    Unchecked,
)
from meetguard.terms.urls import host_of

CHECK_SECONDS = 300.0

ReadText = Callable[[str], "str | DocumentBody | Unchecked"]
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Citation:
    client_id: str
    right: Right


@dataclass(frozen=True)
class CheckTarget:
    """One address to read, and every quoted right that cites a document found there."""

    url: str
    source: str
    documents: tuple[tuple[str, Document], ...]
    citations: tuple[Citation, ...]

    @property
    def host(self) -> str:
        return host_of(self.url)

    @property
    def name(self) -> str:
        return ", ".join(f"{client}/{doc.id}" for client, doc in self.documents)


@dataclass(frozen=True)
class CheckPlan:
    targets: tuple[CheckTarget, ...]
    uncited: tuple[tuple[str, Document], ...]

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(sorted({t.host for t in self.targets}))


@dataclass(frozen=True)
class DocumentOutcome:
    target: CheckTarget
    checks: tuple[QuoteCheck, ...]
    unchecked: Unchecked | None = None


@dataclass(frozen=True)
class CheckReport:
    started_at: dt.datetime
    total: int
    outcomes: tuple[DocumentOutcome, ...]
    uncited: tuple[tuple[str, Document], ...]
    stopped: str = ""

    @property
    def checks(self) -> tuple[QuoteCheck, ...]:
        return tuple(c for o in self.outcomes for c in o.checks)

    def count(self, status: str) -> int:
        return sum(1 for c in self.checks if c.status == status)


def plan_check(clients: Iterable[Client]) -> CheckPlan:
    """Every document the clients' rights quote, read once per address.

    A client that takes its terms from another is checked under that client's id.
    """
    by_url: dict[str, tuple[str, list[tuple[str, Document]], list[Citation]]] = {}
    uncited: list[tuple[str, Document]] = []
    seen: set[tuple[str, str]] = set()
    for client in clients:
        owner = client.terms_from or client.id
        for doc in client.documents:
            if (owner, doc.id) in seen:
                continue
            seen.add((owner, doc.id))
            quoted = [Citation(owner, r) for r in client.rights if r.document == doc and r.quote]
            if not quoted:
                uncited.append((owner, doc))
                continue
            entry = by_url.setdefault(doc.fetch_url, (doc.check_source, [], []))
            entry[1].append((owner, doc))
            entry[2].extend(quoted)
    targets = tuple(
        CheckTarget(url, source, tuple(docs), tuple(cites))
        for url, (source, docs, cites) in by_url.items()
    )
    return CheckPlan(targets, tuple(uncited))


def _judge(
    target: CheckTarget, read: str | DocumentBody | Unchecked, at: dt.datetime
) -> DocumentOutcome:
    from meetguard.terms.match import DocumentText

    text = DocumentBody(read) if isinstance(read, str) else read
    found_in = DocumentText(text.text) if isinstance(text, DocumentBody) else None
    scripted = isinstance(text, DocumentBody) and text.scripted
    if (
        found_in is not None
        and scripted
        and not any(found_in.find(c.right.quote).found for c in target.citations)
    ):
        # Not evidence of changed terms: the clauses are drawn by JavaScript.
        text = Unchecked("needs_browser", "the page is mostly JavaScript; no quote is in it")
        found_in = None
    checks: list[QuoteCheck] = []
    for c in target.citations:
        r = c.right
        base = QuoteCheck(
            c.client_id,
            r.topic,
            r.applies_to,
            r.document.id,
            r.quote,
            "unchecked",
            at,
            target.source,
            target.url,
        )
        if found_in is None:
            assert isinstance(text, Unchecked)
            checks.append(replace(base, reason=text.reason, detail=text.detail))
            continue
        match = found_in.find(r.quote)
        status = "found" if match.found else "not_found"
        checks.append(replace(base, status=status, passage=match.passage))
    return DocumentOutcome(target, tuple(checks), text if isinstance(text, Unchecked) else None)


def run_check(
    plan: CheckPlan,
    read_text: ReadText,
    now: Callable[[], dt.datetime],
    cancel: threading.Event,
    progress: Progress | None = None,
) -> CheckReport:
    """Read each target and judge every quote that cites it, until done or stopped.

    `read_text` returns the document's text or why it has none, and raises `Cancelled`
    when the user cancels or the whole check runs out of time.
    """
    started = now()
    outcomes: list[DocumentOutcome] = []
    total = len(plan.targets)
    stopped = ""
    for done, target in enumerate(plan.targets):
        if progress is not None:
            progress(done, total, target.name)
        try:
            if cancel.is_set():
                raise Cancelled("cancelled by you")
            text = read_text(target.url)
        except Cancelled as exc:
            stopped = str(exc)
            break
        outcomes.append(_judge(target, text, now()))
    if progress is not None and not stopped:
        progress(total, total, "")
    return CheckReport(started, total, tuple(outcomes), plan.uncited, stopped)


def check_online(
    plan: CheckPlan,
    now: Callable[[], dt.datetime],
    cancel: threading.Event,
    progress: Progress | None = None,
    request_seconds: float = REQUEST_SECONDS,
    seconds: float = CHECK_SECONDS,
    ssl_context: ssl.SSLContext | None = None,
) -> CheckReport:
    """`run_check` over the network: `request_seconds` per document, `seconds` in all."""
    from meetguard.terms.fetch import Fetcher
    from meetguard.terms.text import document_body

    fetcher = Fetcher(cancel, time.monotonic() + seconds, request_seconds, ssl_context=ssl_context)

    def read_text(url: str) -> DocumentBody | Unchecked:
        fetched = fetcher.fetch(url)
        if not isinstance(fetched, Fetched):
            return fetched
        return document_body(fetched)

    try:
        return run_check(plan, read_text, now, cancel, progress)
    finally:
        fetcher.close()

"""What a terms check found, as plain values the store, the CLI, the window and the report share.

Kept apart from the fetching code so that showing a stored result loads no HTTP library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from meetguard.catalog.model import Client, Right

STATUSES = ("found", "not_found", "unchecked")
# How long one document may take to arrive; the command line's default needs no HTTP code.
REQUEST_SECONDS = 20.0
SOURCES: dict[str, str] = {
    "vendor": "the vendor's page",
    "archive": "an archived copy",
}
# Why a document could not be checked; the detail says more (the host, the status, the size).
REASONS: dict[str, str] = {
    "unreachable": "not reachable",
    "refused": "the server refused",
    "missing": "not at this address any more",
    "needs_browser": "needs a browser",
    "too_large": "too large",
    "redirected": "redirected, not followed",
    "not_text": "not a text document",
    "cancelled": "the check was cancelled",
}


@dataclass(frozen=True)
class Fetched:
    """A document's bytes as the server sent them, with its declared type and charset."""

    url: str
    content_type: str
    charset: str
    body: bytes


@dataclass(frozen=True)
class DocumentBody:
    """A document's readable text; `scripted` when most of the page was JavaScript."""

    text: str
    title: str = ""
    scripted: bool = False


@dataclass(frozen=True)
class Unchecked:
    """Why a document could not be read: a key of REASONS and a detail for the user."""

    reason: str
    detail: str


class Cancelled(Exception):
    """The user cancelled, or the whole check ran out of time; the message says which."""


@dataclass(frozen=True)
class QuoteCheck:
    """One right's quote looked for in its document on one date."""

    client_id: str
    topic: str
    applies_to: str
    document_id: str
    quote: str
    status: str
    checked_at: dt.datetime
    source: str
    url: str
    reason: str = ""
    detail: str = ""
    passage: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.client_id, self.topic, self.applies_to)

    def is_for(self, right: Right) -> bool:
        """True while the catalog still cites the quote this result was about."""
        return (right.topic, right.applies_to, right.quote) == (
            self.topic,
            self.applies_to,
            self.quote,
        ) and right.document.id == self.document_id

    @property
    def flagged(self) -> bool:
        return self.status == "not_found"

    @property
    def label(self) -> str:
        day = self.checked_at.date().isoformat()
        if self.status == "found":
            return f"quote re-checked {day}: found ({SOURCES[self.source]})"
        if self.status == "not_found":
            return f"quote re-checked {day}: NOT FOUND, the terms may have changed"
        return f"quote re-checked {day}: could not check, {self.why}"

    @property
    def why(self) -> str:
        head = REASONS.get(self.reason, self.reason)
        return f"{head} ({self.detail})" if self.detail else head


def current_check(
    latest: dict[tuple[str, str, str], QuoteCheck], client: Client, right: Right
) -> QuoteCheck | None:
    """The newest stored check of `right`'s quote as `client` shows it, if still about it."""
    found = latest.get((client.terms_from or client.id, right.topic, right.applies_to))
    return found if found is not None and found.is_for(right) else None

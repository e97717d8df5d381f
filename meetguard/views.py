"""What a right, a source, a review, a grade and a checklist step look like to a reader.

Worked out once here and read by every face: the rights card, the command line
(text and JSON) and every report format. None of them decides again whether a
right is unverified, a document undated, a review stale or a source secondary,
and none of them shows a verdict, kind or state by its id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from meetguard.catalog.grading import NOT_ENOUGH_EVIDENCE, Grade
from meetguard.catalog.model import (
    ACCOUNT_TYPES,
    CONTROLLERS,
    SURFACES,
    VERDICT_LABELS,
    ChecklistStep,
    Client,
    Document,
    HistoryEvent,
    Right,
)
from meetguard.checklist import ChecklistRow
from meetguard.terms.model import QuoteCheck

UNVERIFIED = "unverified"
QUOTE_NOT_FOUND = "Quote not found"
PRIMARY = "primary"
SECONDARY = "secondary"


def sentence(text: str) -> str:
    """End with a full stop unless the text already ends a sentence."""
    return text if text.rstrip().endswith((".", "?", "!", "…")) else f"{text}."


def is_unverified(verified: bool, verdict: str = "") -> bool:
    """A statement nobody read verbatim in the vendor's own text; "unknown" claims nothing."""
    return not verified and verdict != "unknown"


def flag_text(unverified: bool) -> str:
    """The word every face shows beside an unverified statement, or nothing."""
    return UNVERIFIED if unverified else ""


class Flagged:
    """A statement that shows the unverified word beside it when nobody read it verbatim."""

    unverified: bool

    @property
    def flag(self) -> str:
        return flag_text(self.unverified)


class SourcedStep(Flagged):
    """A checklist step as a face lists it: the flag, and the host its advice was read on."""

    source_url: str

    @property
    def source_host(self) -> str:
        """Where the step's advice comes from, short enough for a table cell."""
        return urlsplit(self.source_url).hostname or self.source_url


@dataclass(frozen=True)
class SourceView:
    """A cited document: its kind in words, primary or secondary, its own dates or why none."""

    title: str
    url: str
    kind: str
    kind_label: str
    source_kind: str
    date: str
    undated: bool
    retrieved: str
    short: str


def source_view(doc: Document) -> SourceView:
    return SourceView(
        title=doc.title,
        url=doc.url,
        kind=doc.kind,
        kind_label=doc.kind_label,
        source_kind=SECONDARY if doc.kind == "secondary" else PRIMARY,
        date=doc.date_text,
        undated=doc.effective is None and doc.last_updated is None,
        retrieved=doc.retrieved.isoformat(),
        short=doc.short_text,
    )


@dataclass(frozen=True)
class RightView(Flagged):
    """One right as every face shows it."""

    topic_id: str
    topic: str
    verdict: str
    verdict_label: str
    summary: str
    quote: str
    section: str
    applies_to: str
    applies_to_label: str
    source: SourceView
    verified: bool
    unverified: bool
    terms_check: str = ""
    terms_flagged: bool = False

    @property
    def check_flag(self) -> str:
        return QUOTE_NOT_FOUND if self.terms_flagged else ""

    def to_json(self) -> dict[str, Any]:
        """Flat, the document's fields beside the right's: ids and their labels side by side."""
        return {
            "topic_id": self.topic_id,
            "topic": self.topic,
            "verdict": self.verdict,
            "verdict_label": self.verdict_label,
            "summary": self.summary,
            "quote": self.quote,
            "section": self.section,
            "verified": self.verified,
            "unverified": self.unverified,
            "document": self.source.title,
            "url": self.source.url,
            "document_kind": self.source.kind,
            "document_kind_label": self.source.kind_label,
            "source_kind": self.source.source_kind,
            "document_date": self.source.date,
            "undated": self.source.undated,
            "retrieved": self.source.retrieved,
            "terms_check": self.terms_check,
            "terms_flagged": self.terms_flagged,
        }


def right_view(right: Right, check: QuoteCheck | None = None) -> RightView:
    return RightView(
        topic_id=right.topic,
        topic=right.topic_label,
        verdict=right.verdict,
        verdict_label=VERDICT_LABELS[right.verdict],
        summary=right.summary,
        quote=right.quote,
        section=right.section,
        applies_to=right.applies_to,
        applies_to_label=ACCOUNT_TYPES[right.applies_to] if right.applies_to != "all" else "",
        source=source_view(right.document),
        verified=right.verified,
        unverified=is_unverified(right.verified, right.verdict),
        terms_check=check.label if check else "",
        terms_flagged=check.flagged if check else False,
    )


@dataclass(frozen=True)
class EventView(Flagged):
    """One change to a client's terms, from the history."""

    date: str
    event: str
    url: str
    unverified: bool
    source: SourceView


def event_view(event: HistoryEvent) -> EventView:
    return EventView(
        event.date.isoformat(),
        event.event,
        event.url,
        is_unverified(event.verified),
        source_view(event.document),
    )


@dataclass(frozen=True)
class ReviewView:
    """How old MeetGuard's review of a client is, and whether it is too old to trust."""

    reviewed: str
    days: int
    stale_after: int

    @property
    def stale(self) -> bool:
        """A review older than this may no longer match the vendor's current terms."""
        return self.days > self.stale_after

    @property
    def text(self) -> str:
        if self.days < 0:
            return f"Terms reviewed on {self.reviewed}, a date after this computer's clock"
        ago = {0: "today", 1: "1 day ago"}.get(self.days, f"{self.days} days ago")
        text = f"Terms reviewed {ago} ({self.reviewed})"
        if self.stale:
            text += (
                f"; older than {self.stale_after} days, the vendor may have changed its terms since"
            )
        return text


def review_view(client: Client, today: dt.date, stale_after: int) -> ReviewView:
    return ReviewView(client.reviewed.isoformat(), (today - client.reviewed).days, stale_after)


@dataclass(frozen=True)
class GradeView:
    """A grade's letter or "Not enough evidence", and the line that says it."""

    label: str
    letter: str
    score: int
    rubric_version: str
    missing_text: str
    reasons: tuple[str, ...]

    @property
    def heading(self) -> str:
        return grade_heading(self.label)

    @property
    def text(self) -> str:
        if not self.letter:
            return f"{self.label} (rubric {self.rubric_version}). {self.missing_text}"
        return f"Grade {self.letter} ({self.score} of 100 points, rubric {self.rubric_version})"


def grade_heading(label: str) -> str:
    """ "Grade B", or "Not enough evidence" alone: never "Grade Not enough evidence"."""
    return label if label == NOT_ENOUGH_EVIDENCE else f"Grade {label}"


def grade_view(grade: Grade | None) -> GradeView | None:
    if grade is None:
        return None
    return GradeView(
        label=grade.letter or NOT_ENOUGH_EVIDENCE,
        letter=grade.letter or "",
        score=grade.score,
        rubric_version=grade.rubric_version,
        missing_text=grade.missing_text if grade.letter is None else "",
        reasons=tuple(r.text for r in grade.reasons),
    )


def location(where: str, path: str) -> str:
    """Where a step's setting is: "Desktop app: Settings > Privacy", or the surface alone when
    the vendor's page names no menu path."""
    return f"{where}: {path}" if path else where


@dataclass(frozen=True)
class StepView(SourcedStep):
    """One checklist step as every face shows it: labels, never ids."""

    feature: str
    where: str
    path: str
    recommended: str
    controlled_by: str
    state_label: str
    unverified: bool
    source_url: str
    source: SourceView


def step_view(step: ChecklistStep, row: ChecklistRow | None = None) -> StepView:
    return StepView(
        feature=step.feature,
        where=SURFACES[step.surface],
        path=" > ".join(step.path),
        recommended=step.recommended,
        controlled_by=CONTROLLERS[step.controlled_by],
        state_label=row.label if row is not None else "",
        unverified=is_unverified(step.verified),
        source_url=step.source_url,
        source=source_view(step.document),
    )

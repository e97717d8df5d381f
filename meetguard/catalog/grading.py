"""Grades from a rubric kept as data (resources/catalog/rubric.toml, rules in its header)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli

from meetguard.catalog.errors import MAX_FILE_BYTES, CatalogError
from meetguard.catalog.model import TOPICS, VERDICT_LABELS, VERDICTS, Client, Right
from meetguard.host import HostReadError, read_regular

DEFAULT_FRESHNESS_DAYS = 180
NOT_ENOUGH_EVIDENCE = "Not enough evidence"


@dataclass(frozen=True)
class Rubric:
    version: str
    freshness_days: int
    max_points: float
    points: dict[str, float]
    max_unknown_share: float
    weights: dict[str, float]
    grades: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Reason:
    """One topic that cost points, in words a user can act on."""

    topic: str
    verdict: str
    lost: float
    verified: bool

    @property
    def text(self) -> str:
        if self.verdict == "missing":
            return f"{TOPICS[self.topic]}: not reviewed"
        flag = "" if self.verified or self.verdict == "unknown" else ", unverified"
        return f"{TOPICS[self.topic]}: {VERDICT_LABELS[self.verdict]}{flag}"


@dataclass(frozen=True)
class Grade:
    """A letter, or None when too much of the weight has no verified evidence."""

    letter: str | None
    score: int
    reasons: tuple[Reason, ...]
    rubric_version: str
    missing: tuple[str, ...] = ()  # topics without a verified statement, in rubric order

    @property
    def label(self) -> str:
        """'B', or 'Not enough evidence'."""
        return self.letter or NOT_ENOUGH_EVIDENCE

    @property
    def missing_text(self) -> str:
        return "No verified statement on: " + ", ".join(TOPICS[t] for t in self.missing)


def load_rubric(path: Path) -> Rubric:
    """The rubric, checked whole: only CatalogError leaves, and a rubric that loads can grade
    every client (finite points, weights that do not all vanish, grades down to 0)."""
    name = path.name
    try:
        data: dict[str, Any] = tomli.loads(read_regular(path, MAX_FILE_BYTES).decode("utf-8"))
    except (HostReadError, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError) as exc:
        raise CatalogError(name, "", "", f"cannot read the rubric: {exc}") from exc
    try:
        rubric = Rubric(
            version=str(data["version"]),
            freshness_days=_whole(data["freshness_days"]),
            max_points=_number(data["max_points"]),
            points={k: _number(v) for k, v in _table(data["points"]).items()},
            max_unknown_share=_number(_table(data["evidence"])["max_share"]),
            weights={k: _number(v) for k, v in _table(data["weights"]).items()},
            grades=tuple(
                sorted(
                    ((k, _number(v)) for k, v in _table(data["grades"]).items()),
                    key=lambda g: -g[1],
                )
            ),
        )
    except KeyError as exc:
        raise CatalogError(name, "", str(exc).strip("'"), "is missing") from exc
    except (TypeError, ValueError) as exc:
        raise CatalogError(name, "", "", f"is malformed: {exc}") from exc
    if set(rubric.points) != set(VERDICTS):
        raise CatalogError(name, "points", "", f"must give points for: {', '.join(VERDICTS)}")
    if max(rubric.points.values()) > rubric.max_points:
        raise CatalogError(name, "points", "", "no verdict may earn more than max_points")
    if set(rubric.weights) != set(TOPICS):
        raise CatalogError(name, "weights", "", f"must weigh every topic: {', '.join(TOPICS)}")
    if not 0 <= rubric.max_unknown_share < 1:
        raise CatalogError(name, "evidence", "max_share", "must be at least 0 and below 1")
    if rubric.max_points <= 0:
        raise CatalogError(name, "", "max_points", "must be more than 0")
    if any(w < 0 for w in rubric.weights.values()) or not sum(rubric.weights.values()):
        raise CatalogError(name, "weights", "", "must be 0 or more, and not all 0")
    if any(p < 0 for p in rubric.points.values()):
        raise CatalogError(name, "points", "", "must be 0 or more")
    if rubric.freshness_days < 1:
        raise CatalogError(name, "", "freshness_days", "must be 1 or more")
    if not rubric.grades or rubric.grades[-1][1] != 0:
        raise CatalogError(name, "grades", "", "the lowest grade must start at 0")
    return rubric


def _points(right: Right | None, rubric: Rubric) -> float:
    unknown = rubric.points["unknown"]
    if right is None:
        return unknown
    if not right.verified:
        return min(rubric.points[right.verdict], unknown)
    return rubric.points[right.verdict]


def _table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"{value!r} is not a table")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    return float(value)


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    return value


def grade(client: Client, account_type: str, rubric: Rubric) -> Grade | None:
    """The client's grade for an account type; None when it has no rights to grade."""
    by_topic: dict[str, Right] = {}
    for right in client.rights_for(account_type):
        # An account-specific right overrides the "all" one for the same topic.
        if right.topic not in by_topic or right.applies_to != "all":
            by_topic[right.topic] = right
    if not by_topic:
        return None
    total = earned = without_evidence = 0.0
    reasons: list[Reason] = []
    missing: list[str] = []
    for topic, weight in rubric.weights.items():
        best = rubric.max_points * weight
        total += best
        found = by_topic.get(topic)
        points = _points(found, rubric) * weight
        earned += points
        if found is None or found.verdict == "unknown" or not found.verified:
            without_evidence += weight
            missing.append(topic)
        if points < best:
            verdict = found.verdict if found else "missing"
            reasons.append(Reason(topic, verdict, best - points, bool(found and found.verified)))
    score = round(100 * earned / total)
    enough = without_evidence <= rubric.max_unknown_share * sum(rubric.weights.values())
    letter = next(g for g, floor in rubric.grades if score >= floor) if enough else None
    reasons.sort(key=lambda r: (-r.lost, r.topic))
    return Grade(letter, score, tuple(reasons), rubric.version, tuple(missing))


def review_age(client: Client, today: dt.date) -> int:
    return (today - client.reviewed).days

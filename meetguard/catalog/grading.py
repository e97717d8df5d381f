"""Grades from a rubric kept as data (resources/catalog/rubric.toml)."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetguard.catalog.loader import CatalogError
from meetguard.catalog.model import TOPICS, VERDICT_LABELS, VERDICTS, Client, Right

DEFAULT_FRESHNESS_DAYS = 180


@dataclass(frozen=True)
class Rubric:
    version: str
    freshness_days: int
    max_points: float
    points: dict[str, float]
    unverified_factor: float
    weights: dict[str, float]
    grades: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Reason:
    """One right that cost points, in words a user can act on."""

    topic: str
    verdict: str
    lost: float
    verified: bool

    @property
    def text(self) -> str:
        flag = "" if self.verified or self.verdict == "unknown" else ", unverified"
        return f"{TOPICS[self.topic]}: {VERDICT_LABELS[self.verdict]}{flag}"


@dataclass(frozen=True)
class Grade:
    letter: str
    score: int
    reasons: tuple[Reason, ...]
    rubric_version: str


def load_rubric(path: Path) -> Rubric:
    name = path.name
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(name, "", "", f"cannot read the rubric: {exc}") from exc
    try:
        rubric = Rubric(
            version=str(data["version"]),
            freshness_days=int(data["freshness_days"]),
            max_points=float(data["max_points"]),
            points={k: float(v) for k, v in data["points"].items()},
            unverified_factor=float(data["unverified"]["factor"]),
            weights={k: float(v) for k, v in data["weights"].items()},
            grades=tuple(
                sorted(((k, float(v)) for k, v in data["grades"].items()), key=lambda g: -g[1])
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CatalogError(name, "", str(exc).strip("'"), "is missing or malformed") from exc
    if set(rubric.points) != set(VERDICTS):
        raise CatalogError(name, "points", "", f"must give points for: {', '.join(VERDICTS)}")
    if set(rubric.weights) != set(TOPICS):
        raise CatalogError(name, "weights", "", f"must weigh every topic: {', '.join(TOPICS)}")
    if not rubric.grades or rubric.grades[-1][1] != 0:
        raise CatalogError(name, "grades", "", "the lowest grade must start at 0")
    return rubric


def grade(client: Client, account_type: str, rubric: Rubric) -> Grade | None:
    """The client's grade for an account type; None when it has no rights to grade."""
    rights = client.rights_for(account_type)
    by_topic: dict[str, Right] = {}
    for right in rights:
        # An account-specific right overrides the "all" one for the same topic.
        if right.topic not in by_topic or right.applies_to != "all":
            by_topic[right.topic] = right
    if not by_topic:
        return None
    total = earned = 0.0
    reasons: list[Reason] = []
    for topic, weight in rubric.weights.items():
        best = rubric.max_points * weight
        total += best
        found = by_topic.get(topic)
        if found is None:
            points = rubric.points["unknown"] * weight
            reasons.append(Reason(topic, "unknown", best - points, False))
        else:
            factor = 1.0 if found.verified else rubric.unverified_factor
            points = rubric.points[found.verdict] * weight * factor
            if points < best:
                reasons.append(Reason(topic, found.verdict, best - points, found.verified))
        earned += points
    score = round(100 * earned / total)
    letter = next(letter for letter, floor in rubric.grades if score >= floor)
    reasons.sort(key=lambda r: (-r.lost, r.topic))
    return Grade(letter, score, tuple(reasons), rubric.version)


def review_age(client: Client, today: dt.date) -> int:
    return (today - client.reviewed).days

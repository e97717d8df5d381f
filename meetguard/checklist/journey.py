"""Every app the user has to look at, in one order, with one walk across their steps.

The home view, the guided walk and its summary read this; nothing in it knows a screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from meetguard.catalog.grading import Grade
from meetguard.catalog.model import CATEGORIES, Catalog, Client
from meetguard.checklist import (
    Checklist,
    ChecklistRow,
    applicable_installation,
    build_checklist,
    build_other_checklist,
)
from meetguard.inventory.model import Installation, ScanResult
from meetguard.probes import ProbeResult
from meetguard.store.marks import Mark

BROWSER = "browser"
# Home sections, in the order shown: found apps by catalog category, then those added by hand.
SECTIONS: dict[str, str] = {**CATEGORIES, BROWSER: "Apps you use in the browser"}


@dataclass(frozen=True)
class App:
    key: str
    name: str
    client: Client | None
    installations: tuple[Installation, ...]
    checklist: Checklist
    grade: Grade | None
    added: bool = False

    @property
    def section(self) -> str:
        if self.added:
            return BROWSER
        if self.client is None:  # an unknown extension that can capture is still a note-taker
            extension = any(i.source == "browser extension" for i in self.installations)
            return "notetaker" if extension else "meeting"
        return self.client.category

    @property
    def status(self) -> str:
        """active, retired or discontinued; "unknown" for an app the catalog does not know."""
        return self.client.status if self.client is not None else "unknown"

    @property
    def version(self) -> str:
        return self.checklist.version

    @property
    def found_as(self) -> str:
        if self.added:
            return "Added by you: used in a browser"
        return ", ".join(
            dict.fromkeys(
                f"{i.source} (turned off)" if i.state == "disabled" else i.source
                for i in self.installations
            )
        )

    def next_open(self) -> int | None:
        return self.checklist.next_open()


@dataclass(frozen=True)
class Place:
    """One step of the walk: the app's index in `Journey.apps` and the row in its checklist."""

    app: int
    row: int


@dataclass(frozen=True)
class Journey:
    apps: tuple[App, ...]

    @property
    def total(self) -> int:
        return sum(a.checklist.total for a in self.apps)

    @property
    def handled(self) -> int:
        return sum(a.checklist.handled for a in self.apps)

    @property
    def skipped(self) -> int:
        return sum(a.checklist.skipped for a in self.apps)

    @property
    def open(self) -> int:
        return sum(a.checklist.open for a in self.apps)

    def walk(self) -> tuple[Place, ...]:
        """Every step of every app, in home order."""
        return tuple(
            Place(i, r) for i, app in enumerate(self.apps) for r in range(app.checklist.total)
        )

    def row(self, place: Place) -> ChecklistRow:
        return self.apps[place.app].checklist.rows[place.row]

    def find(self, key: str) -> int | None:
        return next((i for i, a in enumerate(self.apps) if a.key == key), None)

    def place_of(self, key: str, step_id: str) -> Place | None:
        app = self.find(key)
        if app is None:
            return None
        row = self.apps[app].checklist.row_of(step_id)
        return Place(app, row) if row is not None else None

    def next_open(self, start: Place | None = None) -> Place | None:
        """The first step still to do at or after `start`, going round to the beginning."""
        walk = self.walk()
        first = walk.index(start) if start is not None and start in walk else 0
        for place in walk[first:] + walk[:first]:
            if self.row(place).is_open:
                return place
        return None

    def next_app_with_steps(self, after: int) -> int | None:
        """The next app, after `after`, with a step still to do; else the next with any step."""
        later = range(after + 1, len(self.apps))
        return next((i for i in later if self.apps[i].checklist.open), None) or next(
            (i for i in later if self.apps[i].checklist.total), None
        )


def unreviewed_installations(scan: ScanResult) -> tuple[Installation, ...]:
    """Calling apps and capturing browser extensions the catalog does not know, each named as
    the journey lists it and its general steps are keyed (`other_app_key` of the name)."""
    capturing = tuple(
        Installation(
            "",
            f"{e.name} ({e.browser})",
            e.version,
            "browser extension",
            e.location,
            (*e.evidence, f"asks for {', '.join(e.capture)}; {e.state}"),
            e.state,
        )
        for e in scan.capturing_extensions
    )
    return scan.others + capturing


def build_journey(
    catalog: Catalog,
    scan: ScanResult | None,
    added: Sequence[str],
    marks: Mapping[tuple[str, str], Mark],
    account_types: Mapping[str, str | None],
    probes: Mapping[tuple[str, str], ProbeResult],
    grade_of: Callable[[Client], Grade | None],
) -> Journey:
    """Found apps (grouped by section, catalog order), then apps added by hand, then unknown."""
    found: list[App] = []
    installations = scan.installations + scan.os_capture if scan is not None else ()
    for client in catalog.clients:
        installs = tuple(i for i in installations if i.client_id == client.id)
        if not installs:
            continue
        checklist = build_checklist(
            client,
            account_types.get(client.id),
            applicable_installation(installs),
            marks,
            probes,
        )
        found.append(App(client.id, client.name, client, installs, checklist, grade_of(client)))
    for other in unreviewed_installations(scan) if scan is not None else ():
        checklist = build_other_checklist(other.name, other, marks)
        found.append(App(checklist.client_id, other.name, None, (other,), checklist, None))
    order = list(SECTIONS)
    found.sort(key=lambda a: order.index(a.section))
    seen = {a.key for a in found}
    by_hand = []
    for client_id in added:
        chosen = catalog.get(client_id)
        if chosen is None or client_id in seen:
            continue
        seen.add(client_id)
        checklist = build_checklist(chosen, account_types.get(chosen.id), None, marks, probes)
        by_hand.append(App(chosen.id, chosen.name, chosen, (), checklist, grade_of(chosen), True))
    return Journey(tuple(found + by_hand))

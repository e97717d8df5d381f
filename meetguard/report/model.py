"""One ReportData value; every renderer is a pure function of it.

Every statement in the report is one of three kinds, and says which: what
MeetGuard observed on this computer, what the user declared (a mark), or what
the vendor's documents say (a right, with its source's kind and date).
Renderers show labels, never catalog ids; the JSON carries both.
"""

from __future__ import annotations

import datetime as dt
import platform
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from meetguard import __version__
from meetguard.catalog.grading import DEFAULT_FRESHNESS_DAYS, Rubric, grade
from meetguard.catalog.model import ACCOUNT_TYPES, CATEGORIES, Catalog
from meetguard.checklist import (
    OPEN,
    STATE_LABELS_ALL,
    applicable_installation,
    build_checklist,
    valid_account_type,
)
from meetguard.checklist.generic import other_app_key, unknown_steps
from meetguard.checklist.journey import unreviewed_installations
from meetguard.display_text import inert as inert  # the renderers' one rule for shown text
from meetguard.inventory.model import BrowserExtension, Installation, ScanResult
from meetguard.probes import ProbeResult
from meetguard.store.marks import Mark
from meetguard.terms.model import QuoteCheck, current_check
from meetguard.views import (
    EventView,
    ReviewView,
    RightView,
    SourcedStep,
    event_view,
    grade_heading,
    location,
    right_view,
    source_view,
    step_view,
)
from meetguard.views import (
    sentence as sentence,  # the renderers read it from here
)

REDACTED = "(redacted)"
HOME = "~"
TOP_ACTIONS = 3

# The three kinds of statement, as every format labels them.
OBSERVED = "Observed on this computer"
DECLARED = "Declared by you"
VENDOR = "From the vendor's documents"
EVIDENCE_KINDS = {"observed": OBSERVED, "declared": DECLARED, "vendor": VENDOR}

PLATFORM_LABELS = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}

_AI = re.compile(r"\bAI\b|\bartificial intelligence\b|\bassistant\b|\bcopilot\b", re.I)


def local_time(value: dt.datetime) -> str:
    """The time on this computer's clock, with its offset from UTC: what the reader's watch said."""
    local = value.astimezone()
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:]}"


RightRow = RightView  # what the vendor's documents say on one topic, as every face shows it


@dataclass(frozen=True)
class StepRow(SourcedStep):
    """One checklist step: the catalog's advice, the user's mark, what a settings file says."""

    id: str
    feature: str
    where: str
    path: str
    recommended: str
    controlled_by: str
    state: str
    state_label: str
    marked_at: str
    note: str
    reason: str
    source_url: str
    verified: bool
    unverified: bool
    controller: str = "user"
    source_kind: str = ""
    source_date: str = ""
    source_short: str = ""
    ask_admin: str = ""
    on_this_computer: str = ""

    @property
    def location(self) -> str:
        return location(self.where, self.path)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    @property
    def is_ai(self) -> bool:
        return bool(_AI.search(self.feature))


ADDED = "You said you use it in a browser, where no scan can see it."

NO_STEPS = (
    "MeetGuard knows no setting for this app and account type that it could confirm from "
    "the vendor's own pages."
)


@dataclass(frozen=True)
class Counts:
    done: int = 0
    not_applicable: int = 0
    skipped: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        return self.done + self.not_applicable + self.skipped + self.open

    @property
    def handled(self) -> int:
        """Done or not applicable: nothing left for the user to do (as the checklist counts)."""
        return self.done + self.not_applicable

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.done + other.done,
            self.not_applicable + other.not_applicable,
            self.skipped + other.skipped,
            self.open + other.open,
        )


def count_steps(steps: tuple[StepRow, ...]) -> Counts:
    states = [s.state for s in steps]
    return Counts(
        states.count("done"),
        states.count("not-applicable"),
        states.count("skipped"),
        sum(1 for s in steps if s.is_open),
    )


@dataclass(frozen=True)
class ClientReport:
    id: str
    name: str
    vendor: str
    status: str
    status_note: str
    account_type: str
    reviewed: str
    reviewed_days: int
    installations: tuple[Installation, ...]
    rights: tuple[RightRow, ...]
    history: tuple[EventView, ...]
    steps: tuple[StepRow, ...]
    grade: str = ""
    grade_reasons: tuple[str, ...] = ()
    stale_after: int = DEFAULT_FRESHNESS_DAYS
    category: str = "meeting"
    category_label: str = CATEGORIES["meeting"]
    rubric_version: str = ""

    @property
    def added(self) -> bool:
        """In the report because the user said they use it in a browser; the scan found none."""
        return not self.installations

    @property
    def found_as(self) -> str:
        """How the app came to be in the report, short enough for the summary table."""
        if self.added:
            return "used in a browser (added by you)"
        first = self.installations[0]
        return f"{first.source}, {first.version or 'version unknown'}"

    @property
    def open_steps(self) -> tuple[StepRow, ...]:
        return tuple(s for s in self.steps if s.is_open)

    @property
    def counts(self) -> Counts:
        return count_steps(self.steps)

    @property
    def grade_heading(self) -> str:
        return grade_heading(self.grade) if self.grade else ""

    @property
    def review(self) -> ReviewView:
        return ReviewView(self.reviewed, self.reviewed_days, self.stale_after)

    @property
    def stale(self) -> bool:
        return self.review.stale

    @property
    def freshness(self) -> str:
        return self.review.text


@dataclass(frozen=True)
class Action:
    """One open checklist step, named with its client, for the summary page."""

    client: str
    step: StepRow


def action_priority(step: StepRow) -> tuple[int, int]:
    """Sort key: verified before unverified; then admin-held and AI steps before the rest.

    An unverified step may be wrong, so it never outranks a checked one. Among
    the checked ones, a setting only an admin can change takes longest to get
    done (the user must ask someone), and AI features are what this report is about.
    """
    weight = 0 if step.controller == "admin" else 1
    weight += 0 if step.is_ai else 1
    return (1 if step.unverified else 0, weight)


def top_actions(clients: tuple[ClientReport, ...], limit: int = TOP_ACTIONS) -> tuple[Action, ...]:
    """The most important open steps across all clients; ties keep catalog order."""
    actions = [Action(c.name, s) for c in clients for s in c.open_steps]
    return tuple(sorted(actions, key=lambda a: action_priority(a.step))[:limit])


@dataclass(frozen=True)
class LedgerRow:
    """One mark the user recorded, in words; the ids ride along for the JSON."""

    when: str
    client: str
    step: str
    state: str
    note: str
    client_id: str = ""
    step_id: str = ""
    state_id: str = ""


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    kind: str = ""
    date: str = ""
    retrieved: str = ""


@dataclass(frozen=True)
class Scanned:
    """What the scan looked at, so that "nothing found" can be told from "could not look"."""

    platform: str
    root: str
    places: tuple[str, ...]
    files_read: int
    problems: tuple[str, ...]
    known_apps: int


@dataclass(frozen=True)
class ReportData:
    generated_at: str
    meetguard_version: str
    catalog_version: str
    os: str
    hostname: str
    username: str
    clients: tuple[ClientReport, ...]
    others: tuple[Installation, ...]
    ledger: tuple[LedgerRow, ...]
    sources: tuple[Source, ...]
    files_read: tuple[str, ...]
    warnings: tuple[str, ...]
    scanned: Scanned
    generated_iso: str = ""
    extensions: tuple[BrowserExtension, ...] = ()

    @property
    def counts(self) -> Counts:
        return sum((c.counts for c in self.clients), Counts())

    @property
    def steps_done(self) -> int:
        return self.counts.done

    @property
    def steps_open(self) -> int:
        return self.counts.open

    @property
    def top_actions(self) -> tuple[Action, ...]:
        return top_actions(self.clients)

    @property
    def found_text(self) -> tuple[str, str]:
        """The summary's sentences on what the report covers, plain text: a few words to stress
        ("" when the scan found something) and what follows them."""
        known = self.scanned.known_apps
        found = sum(1 for c in self.clients if not c.added)
        added = [c.name for c in self.clients if c.added]
        if found:
            lead, text = "", f"Found {found} of the {known} apps MeetGuard knows."
        else:
            lead = "Nothing found:"
            text = f" none of the {known} apps MeetGuard knows is installed in these places."
        if added:
            text += f" You said you use {len(added)} more in a browser: {', '.join(added)}."
        return lead, text + self.unreviewed_text

    @property
    def unreviewed_text(self) -> str:
        """The summary's sentences on calling apps and capturing extensions not reviewed, plain
        text with a leading space, or "" when there are none."""
        text = ""
        if self.others:
            named = "; ".join(f"{o.name} ({o.source}, {o.location})" for o in self.others)
            text = f" Other calling apps, whose terms MeetGuard has not reviewed: {named}."
        if self.extensions:
            named = "; ".join(
                f"{e.name} {e.version}".strip()
                + f" ({e.browser}, {e.profile}, {e.state}; asks for {', '.join(e.capture)})"
                for e in self.extensions
            )
            text += (
                " Other browser extensions that can capture meetings (MeetGuard has not "
                f"reviewed them): {named}."
            )
        return text

    @property
    def usual_retrieved(self) -> str:
        """The date most sources were read on, said once instead of after each of them."""
        dates = Counter(s.retrieved for s in self.sources if s.retrieved)
        return max(dates, key=lambda d: (dates[d], d)) if dates else ""


def installed_text(inst: Installation) -> str:
    """How and where an app is installed, plain text: "deb, version 6.2, at /opt/zoom"."""
    version = f"version {inst.version}" if inst.version else "version unknown"
    return f"{inst.source}, {version}" + (f", at {inst.location}" if inst.location else "")


def shown_evidence(inst: Installation) -> tuple[str, ...]:
    """The evidence worth printing: what only repeats the location adds nothing on paper."""
    if not inst.location:
        return inst.evidence
    return tuple(e for e in inst.evidence if not e.startswith(inst.location))


def path_redactor(home: str, username: str) -> Callable[[str], str]:
    """Replace the user's home folder and user name wherever they appear inside a path."""
    rules: list[tuple[re.Pattern[str], str]] = []
    home = home.rstrip("/\\")
    if home:
        flags = re.I if "\\" in home else 0
        rules.append((re.compile(re.escape(home) + r"(?=$|[\\/\s:;,)'\"])", flags), HOME))
    if username:
        rules.append((re.compile(r"(?<=[\\/])" + re.escape(username) + r"(?=$|[\\/])"), REDACTED))

    def redact(text: str) -> str:
        for pattern, replacement in rules:
            text = pattern.sub(replacement, text)
        return text

    return redact


def _redact_installation(inst: Installation, redact: Callable[[str], str]) -> Installation:
    return replace(
        inst,
        location=redact(inst.location),
        evidence=tuple(redact(e) for e in inst.evidence),
    )


def scanned_places(platform_id: str) -> tuple[str, ...]:
    """The places the scan asks on a platform, as the scanner names them."""
    from meetguard.inventory.scanner import places

    return places(platform_id)


def build_report(
    catalog: Catalog,
    scan: ScanResult,
    marks: dict[tuple[str, str], Mark],
    ledger: list[Mark],
    account_types: dict[str, str],
    now: dt.datetime,
    redact: bool = False,
    rubric: Rubric | None = None,
    probes: dict[tuple[str, str], ProbeResult] | None = None,
    terms_checks: dict[tuple[str, str, str], QuoteCheck] | None = None,
    added: Collection[str] = (),
) -> ReportData:
    """The report on what the scan found and on the apps the user `added` (client ids) as used
    in a browser, which no scan finds."""
    host = scan.host
    hide: Callable[[str], str] = path_redactor(host.home, host.username) if redact else str

    clients: list[ClientReport] = []
    sources: dict[str, Source] = {}
    names: dict[str, str] = {}
    features: dict[tuple[str, str], str] = {}
    for other in unreviewed_installations(scan):
        key = other_app_key(other.name)
        names[key] = other.name
        features.update({s.key: s.feature for s in unknown_steps(key, other.name)})
    for client in catalog.clients:
        names[client.id] = client.name
        features.update({s.key: s.feature for s in client.checklist})
        installs = tuple(_redact_installation(i, hide) for i in scan.for_client(client.id))
        if not installs and client.id not in added:
            continue
        account = valid_account_type(client, account_types.get(client.id))
        graded = grade(client, account, rubric) if rubric is not None else None
        checklist = build_checklist(
            client,
            account,
            applicable_installation(scan.for_client(client.id)),
            marks,
            probes or {},
        )
        rights = tuple(
            right_view(r, current_check(terms_checks or {}, client, r))
            for r in client.rights_for(account)
        )
        # A document only a step or history event cites is shown, with its kind and date, where
        # it is cited; the appendix lists the documents the rights rest on.
        inline_only = {s.document.id for s in client.checklist} | {
            h.document.id for h in client.history
        }
        inline_only -= {r.document.id for r in client.rights}
        for d in client.documents:
            if d.id in inline_only:
                continue
            v = source_view(d)
            sources.setdefault(d.url, Source(v.url, v.title, v.kind_label, v.date, v.retrieved))
        steps: list[StepRow] = []
        for status in checklist.rows:
            step = status.step
            view = step_view(step, status)
            steps.append(
                StepRow(
                    id=step.id,
                    feature=view.feature,
                    where=view.where,
                    path=view.path,
                    recommended=view.recommended,
                    controlled_by=view.controlled_by,
                    state=status.state,
                    state_label=view.state_label,
                    marked_at=local_time(status.mark.marked_at) if status.mark else "",
                    note=status.note,
                    reason=status.reason,
                    source_url=view.source_url,
                    verified=step.verified,
                    unverified=view.unverified,
                    controller=step.controlled_by,
                    source_kind=view.source.kind_label,
                    source_date=view.source.date,
                    source_short=view.source.short,
                    ask_admin=step.ask_admin,
                    on_this_computer=(
                        f"{status.probe.label}: {hide(status.probe.detail)}"
                        if status.probe is not None
                        else ""
                    ),
                )
            )
        clients.append(
            ClientReport(
                id=client.id,
                name=client.name,
                vendor=client.vendor,
                status=client.status,
                status_note=client.status_note,
                account_type=ACCOUNT_TYPES[account],
                reviewed=client.reviewed.isoformat(),
                reviewed_days=(now.date() - client.reviewed).days,
                installations=installs,
                rights=rights,
                history=tuple(event_view(h) for h in client.history),
                steps=tuple(steps),
                grade=graded.label if graded else "",
                grade_reasons=(
                    ((graded.missing_text,) if graded.letter is None else ())
                    + tuple(r.text for r in graded.reasons)
                    if graded
                    else ()
                ),
                stale_after=rubric.freshness_days if rubric else DEFAULT_FRESHNESS_DAYS,
                category=client.category,
                category_label=CATEGORIES[client.category],
                rubric_version=graded.rubric_version if graded else "",
            )
        )
    # The summary groups its table by category: found apps, then those the user added, as
    # the home view lists them; catalog order within each.
    order = list(CATEGORIES)
    clients.sort(key=lambda c: (order.index(c.category), c.added))
    warnings = tuple(hide(w) for w in scan.warnings)
    return ReportData(
        generated_at=local_time(now),
        generated_iso=now.astimezone().isoformat(timespec="seconds"),
        meetguard_version=__version__,
        catalog_version=catalog.version,
        os=f"{host.platform} ({platform.platform()})" if host.is_local_root else host.platform,
        hostname=REDACTED if redact else host.hostname,
        username=REDACTED if redact else host.username,
        clients=tuple(clients),
        others=tuple(_redact_installation(o, hide) for o in scan.others),
        extensions=tuple(
            replace(e, location=hide(e.location), evidence=tuple(hide(x) for x in e.evidence))
            for e in scan.capturing_extensions
        ),
        ledger=tuple(
            LedgerRow(
                when=local_time(m.marked_at),
                client=names.get(m.client_id, m.client_id),
                step=features.get((m.client_id, m.step_id), m.step_id),
                state=STATE_LABELS_ALL.get(m.state, m.state),
                note=m.note,
                client_id=m.client_id,
                step_id=m.step_id,
                state_id=m.state,
            )
            for m in ledger
        ),
        sources=tuple(sorted(sources.values(), key=lambda s: (s.title, s.url))),
        files_read=tuple(sorted({hide(p) for p in scan.files_read_shown()})),
        warnings=warnings,
        scanned=Scanned(
            platform=PLATFORM_LABELS.get(host.platform, host.platform),
            root="this computer's own file system"
            if host.is_local_root
            else f"the folder {hide(str(host.root))}, read as the computer's file system",
            places=scanned_places(host.platform),
            files_read=scan.files_read,
            problems=warnings,
            known_apps=len(catalog.clients),
        ),
    )

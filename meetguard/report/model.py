"""One ReportData value; every renderer is a pure function of it."""

from __future__ import annotations

import datetime as dt
import platform
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from meetguard import __version__
from meetguard.catalog.grading import DEFAULT_FRESHNESS_DAYS, Rubric, grade
from meetguard.catalog.model import ACCOUNT_TYPES, CONTROLLERS, SURFACES, VERDICT_LABELS, Catalog
from meetguard.checklist import applicable_installation, build_checklist, valid_account_type
from meetguard.display_text import inert as inert  # the renderers' one rule for shown text
from meetguard.inventory.model import Installation, ScanResult
from meetguard.probes import ProbeResult
from meetguard.store.marks import Mark

REDACTED = "(redacted)"
HOME = "~"
TOP_ACTIONS = 3

_AI = re.compile(r"\bAI\b|\bartificial intelligence\b|\bassistant\b|\bcopilot\b", re.I)


def sentence(text: str) -> str:
    """End with a full stop unless the text already ends a sentence."""
    return text if text.rstrip().endswith((".", "?", "!", "…")) else f"{text}."


@dataclass(frozen=True)
class RightRow:
    topic: str
    verdict: str
    verdict_label: str
    summary: str
    quote: str
    document: str
    url: str
    document_date: str
    section: str
    verified: bool


@dataclass(frozen=True)
class StepRow:
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
    controller: str = "user"
    ask_admin: str = ""
    on_this_computer: str = ""

    @property
    def is_open(self) -> bool:
        return self.state in ("pending", "re-check")

    @property
    def is_ai(self) -> bool:
        return bool(_AI.search(self.feature))


NO_STEPS = (
    "MeetGuard knows no setting for this app and account type that it could confirm from "
    "the vendor's own pages."
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
    history: tuple[tuple[str, str, str], ...]
    steps: tuple[StepRow, ...]
    grade: str = ""
    grade_reasons: tuple[str, ...] = ()
    stale_after: int = DEFAULT_FRESHNESS_DAYS

    @property
    def open_steps(self) -> tuple[StepRow, ...]:
        return tuple(s for s in self.steps if s.is_open)

    @property
    def stale(self) -> bool:
        """A review older than this may no longer match the vendor's current terms."""
        return self.reviewed_days > self.stale_after

    @property
    def freshness(self) -> str:
        days = "today" if self.reviewed_days == 0 else f"{self.reviewed_days} days ago"
        if self.reviewed_days == 1:
            days = "1 day ago"
        text = f"Terms reviewed {days} ({self.reviewed})"
        if self.stale:
            text += (
                f"; older than {self.stale_after} days, the vendor may have changed its terms since"
            )
        return text


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
    return (0 if step.verified else 1, weight)


def top_actions(clients: tuple[ClientReport, ...], limit: int = TOP_ACTIONS) -> tuple[Action, ...]:
    """The most important open steps across all clients; ties keep catalog order."""
    actions = [Action(c.name, s) for c in clients for s in c.open_steps]
    return tuple(sorted(actions, key=lambda a: action_priority(a.step))[:limit])


@dataclass(frozen=True)
class LedgerRow:
    when: str
    client: str
    step: str
    state: str
    note: str


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
    sources: tuple[tuple[str, str], ...]
    files_read: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def steps_done(self) -> int:
        return sum(1 for c in self.clients for s in c.steps if s.state == "done")

    @property
    def steps_open(self) -> int:
        return sum(len(c.open_steps) for c in self.clients)

    @property
    def top_actions(self) -> tuple[Action, ...]:
        return top_actions(self.clients)


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


def _when(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


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
) -> ReportData:
    host = scan.host
    hide: Callable[[str], str] = path_redactor(host.home, host.username) if redact else str

    clients: list[ClientReport] = []
    sources: dict[str, str] = {}
    names: dict[str, str] = {}
    for client in catalog.clients:
        names[client.id] = client.name
        installs = tuple(_redact_installation(i, hide) for i in scan.for_client(client.id))
        if not installs:
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
            RightRow(
                topic=r.topic_label,
                verdict=r.verdict,
                verdict_label=VERDICT_LABELS[r.verdict],
                summary=r.summary,
                quote=r.quote,
                document=r.document.title,
                url=r.document.url,
                document_date=r.document.last_updated.isoformat()
                if r.document.last_updated
                else "undated",
                section=r.section,
                verified=r.verified,
            )
            for r in client.rights_for(account)
        )
        for d in client.documents:
            sources.setdefault(d.url, d.title)
        steps: list[StepRow] = []
        for status in checklist.rows:
            step = status.step
            sources.setdefault(step.source_url, f"{client.name}: {step.feature}")
            steps.append(
                StepRow(
                    id=step.id,
                    feature=step.feature,
                    where=SURFACES[step.surface],
                    path=" > ".join(step.path),
                    recommended=step.recommended,
                    controlled_by=CONTROLLERS[step.controlled_by],
                    state=status.state,
                    state_label=status.label,
                    marked_at=_when(status.mark.marked_at) if status.mark else "",
                    note=status.mark.note if status.mark else "",
                    reason=status.reason,
                    source_url=step.source_url,
                    verified=step.verified,
                    controller=step.controlled_by,
                    ask_admin=step.ask_admin,
                    on_this_computer=(
                        f"{status.probe.label}: {hide(status.probe.detail)}"
                        if status.probe is not None
                        else ""
                    ),
                )
            )
        for h in client.history:
            sources.setdefault(h.url, f"{client.name}: {h.date.isoformat()}")
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
                history=tuple((h.date.isoformat(), h.event, h.url) for h in client.history),
                steps=tuple(steps),
                grade=graded.label if graded else "",
                grade_reasons=(
                    ((graded.missing_text,) if graded.letter is None else ())
                    + tuple(r.text for r in graded.reasons)
                    if graded
                    else ()
                ),
                stale_after=rubric.freshness_days if rubric else DEFAULT_FRESHNESS_DAYS,
            )
        )
    return ReportData(
        generated_at=_when(now),
        meetguard_version=__version__,
        catalog_version=catalog.version,
        os=f"{host.platform} ({platform.platform()})" if host.is_local_root else host.platform,
        hostname=REDACTED if redact else host.hostname,
        username=REDACTED if redact else host.username,
        clients=tuple(clients),
        others=tuple(_redact_installation(o, hide) for o in scan.others),
        ledger=tuple(
            LedgerRow(
                _when(m.marked_at), names.get(m.client_id, m.client_id), m.step_id, m.state, m.note
            )
            for m in ledger
        ),
        sources=tuple(sorted(sources.items(), key=lambda kv: kv[1])),
        files_read=tuple(sorted({hide(p) for p in scan.files_read_shown()})),
        warnings=tuple(hide(w) for w in scan.warnings),
    )

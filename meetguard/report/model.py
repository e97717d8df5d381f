"""One ReportData value; every renderer is a pure function of it."""

from __future__ import annotations

import datetime as dt
import platform
from dataclasses import dataclass

from meetguard import __version__
from meetguard.catalog.model import ACCOUNT_TYPES, CONTROLLERS, SURFACES, VERDICT_LABELS, Catalog
from meetguard.inventory.model import Installation, ScanResult
from meetguard.store.progress import StepStatus, step_status
from meetguard.store.store import Mark

REDACTED = "(redacted)"


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

    @property
    def open_steps(self) -> tuple[StepRow, ...]:
        return tuple(s for s in self.steps if s.state in ("pending", "re-check"))


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
) -> ReportData:
    clients: list[ClientReport] = []
    sources: dict[str, str] = {}
    names: dict[str, str] = {}
    for client in catalog.clients:
        names[client.id] = client.name
        installs = scan.for_client(client.id)
        if not installs:
            continue
        account = account_types.get(client.id, "all")
        version = installs[0].version
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
        for step in client.steps_for(account):
            status: StepStatus = step_status(step, marks.get(step.key), version)
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
            )
        )
    host = scan.host
    return ReportData(
        generated_at=_when(now),
        meetguard_version=__version__,
        catalog_version=catalog.version,
        os=f"{host.platform} ({platform.platform()})" if host.is_local_root else host.platform,
        hostname=REDACTED if redact else host.hostname,
        username=REDACTED if redact else host.username,
        clients=tuple(clients),
        others=scan.others,
        ledger=tuple(
            LedgerRow(
                _when(m.marked_at), names.get(m.client_id, m.client_id), m.step_id, m.state, m.note
            )
            for m in ledger
        ),
        sources=tuple(sorted(sources.items(), key=lambda kv: kv[1])),
        files_read=tuple(scan.files_read_shown()),
        warnings=scan.warnings,
    )

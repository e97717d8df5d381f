"""The core services the GUI and the CLI share, built once by the composition root."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from meetguard import paths, resources
from meetguard.catalog.grading import Grade, Rubric, grade, load_rubric
from meetguard.catalog.loader import CatalogError, load_catalog
from meetguard.catalog.model import Catalog, Client, Right
from meetguard.checklist import (
    Checklist,
    applicable_installation,
    build_checklist,
    valid_account_type,
)
from meetguard.host import Host
from meetguard.inventory import scan
from meetguard.inventory.model import Installation, ScanResult
from meetguard.probes import ProbeResult, probe_step

if TYPE_CHECKING:
    import threading
    from collections.abc import Iterable

    from meetguard.checklist.journey import Journey
    from meetguard.report.model import ReportData
    from meetguard.store.store import Store
    from meetguard.terms.check import CheckPlan, CheckReport, Progress
    from meetguard.terms.model import QuoteCheck


@dataclass(frozen=True)
class Inspection:
    """One look at a computer: what is installed and what its local settings files say."""

    scan: ScanResult
    probes: dict[tuple[str, str], ProbeResult]


def inspect(
    host: Host, catalog: Catalog, progress: Callable[[str], None] | None = None
) -> Inspection:
    result = scan(host, catalog, progress)
    probes: dict[tuple[str, str], ProbeResult] = {}
    # Every client, installed or not: a settings file left on disk, or an app the user
    # uses in a browser, is still this computer's real state.
    for client in catalog.clients:
        for step in client.checklist:
            found = probe_step(step, host)
            if found is not None:
                probes[step.key] = found
    return Inspection(result, probes)


@dataclass
class Services:
    catalog: Catalog
    rubric: Rubric | None
    warnings: tuple[str, ...] = ()
    store_path: Path | None = None
    _latest_checks: dict[tuple[str, str, str], QuoteCheck] | None = field(
        default=None, init=False, repr=False
    )

    @cached_property
    def store(self) -> Store:
        """The user's store, opened on first use: the window paints before the keyring and
        cipher libraries load, and listing apps never touches the user's data."""
        from meetguard.store.store import Store

        return Store(self.store_path or paths.store_path())

    @classmethod
    def open(cls, catalog_dir: Path | None = None, store_path: Path | None = None) -> Services:
        folder = catalog_dir or resources.catalog_dir()
        catalog = load_catalog(folder).catalog
        warnings = list(catalog.warnings)
        rubric: Rubric | None = None
        try:
            rubric = load_rubric(folder / "rubric.toml")
        except CatalogError as exc:
            warnings.append(f"grades are not shown: {exc}")
        return cls(catalog, rubric, tuple(warnings), store_path)

    def account_type(self, client: Client) -> str:
        return valid_account_type(client, self.store.account_type(client.id))

    def grade(self, client: Client) -> Grade | None:
        if self.rubric is None:
            return None
        return grade(client, self.account_type(client), self.rubric)

    def account_types(self) -> dict[str, str]:
        """Every client's account type as validated against its terms."""
        return {c.id: self.account_type(c) for c in self.catalog.clients}

    def checklist(self, client: Client, inspection: Inspection | None) -> Checklist:
        """The client's checklist read against the installation the scan found, if any."""
        installation = self.installation(client, inspection)
        probes = inspection.probes if inspection is not None else {}
        return build_checklist(
            client, self.store.account_type(client.id), installation, self.store.marks(), probes
        )

    def journey(self, inspection: Inspection | None) -> Journey:
        """Every app found or added, with its checklist and grade, in the home view's order."""
        from meetguard.checklist.journey import build_journey

        return build_journey(
            self.catalog,
            inspection.scan if inspection is not None else None,
            self.store.added_apps(),
            self.store.marks(),
            {c.id: self.store.account_type(c.id) for c in self.catalog.clients},
            inspection.probes if inspection is not None else {},
            self.grade,
        )

    def installation(self, client: Client, inspection: Inspection | None) -> Installation | None:
        if inspection is None:
            return None
        return applicable_installation(inspection.scan.for_client(client.id))

    def mark(self, checklist: Checklist, step_id: str, state: str, note: str) -> None:
        """Record a mark with the version it was made against, the same way from every face."""
        row = checklist.rows[self._row(checklist, step_id)]
        step = row.step
        self.store.mark(step.client_id, step.id, step.revision, state, note, checklist.version)

    def save_note(self, checklist: Checklist, step_id: str, note: str) -> bool:
        """Keep an edited note (a ledger entry); False when it did not change."""
        row = checklist.rows[self._row(checklist, step_id)]
        if row.note == note:
            return False
        self.store.set_note(row.step.client_id, row.step.id, row.step.revision, note)
        return True

    @staticmethod
    def _row(checklist: Checklist, step_id: str) -> int:
        found = checklist.row_of(step_id)
        if found is None:
            raise KeyError(step_id)
        return found

    def terms_plan(self, clients: Iterable[Client] | None = None) -> CheckPlan:
        """What a terms check of `clients` (default: all) would read; connects to nothing."""
        from meetguard.terms.check import plan_check

        return plan_check(self.catalog.clients if clients is None else clients)

    def check_terms(
        self,
        plan: CheckPlan,
        cancel: threading.Event,
        progress: Progress | None = None,
        request_seconds: float | None = None,
    ) -> CheckReport:
        """Read the plan's documents: call only after the user agreed to the plan's hosts.

        Touches no store, so a worker thread may run it; `keep_terms_check` saves the result.
        """
        from meetguard.terms.check import REQUEST_SECONDS, check_online

        def now() -> dt.datetime:
            return dt.datetime.now(dt.UTC).replace(microsecond=0)

        return check_online(plan, now, cancel, progress, request_seconds or REQUEST_SECONDS)

    def keep_terms_check(self, report: CheckReport) -> None:
        self.store.add_terms_checks(report.checks)
        self._latest_checks = None

    def quote_check(self, client: Client, right: Right) -> QuoteCheck | None:
        """The newest stored check of this right's quote, while the catalog still cites it."""
        from meetguard.terms.model import current_check

        if self._latest_checks is None:
            self._latest_checks = self.store.latest_terms_checks()
        return current_check(self._latest_checks, client, right)

    def report(
        self,
        inspection: Inspection,
        redact: bool = False,
        now: dt.datetime | None = None,
    ) -> ReportData:
        from meetguard.report.model import build_report

        return build_report(
            self.catalog,
            inspection.scan,
            self.store.marks(),
            self.store.ledger(),
            self.account_types(),
            now or dt.datetime.now(dt.UTC),
            redact=redact,
            rubric=self.rubric,
            probes=inspection.probes,
            terms_checks=self.store.latest_terms_checks(),
        )

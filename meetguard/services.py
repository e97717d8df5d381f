"""The one way into the core: every question the window and the command line ask.

`Services` is built once per run by the composition root (`meetguard.app`) from a catalog
folder, the user's store and the computer to inspect. The faces (`meetguard.ui`,
`meetguard.cli`) ask it, and nothing else of the core, what is installed, what a vendor's
terms allow, what is left to do and what the report says; tests/unit/test_faces.py checks
that they do.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from meetguard import paths, resources
from meetguard.display_text import decoded, one_line
from meetguard.host import Host

if TYPE_CHECKING:
    import datetime as dt

    from meetguard.catalog.grading import Grade, Rubric
    from meetguard.catalog.model import Catalog, ChecklistStep, Client, Right
    from meetguard.checklist import Checklist
    from meetguard.checklist.journey import Journey
    from meetguard.inventory.model import Installation, ScanResult
    from meetguard.probes import ProbeResult
    from meetguard.report.model import ReportData
    from meetguard.store.notes import PlainReason
    from meetguard.store.store import Store
    from meetguard.terms.check import CheckPlan, CheckReport, Progress
    from meetguard.terms.model import QuoteCheck


class CoreError(Exception):
    """A question asked in a way the core cannot answer; the message says why, in one
    sentence a face can show as it is."""


class UnknownClient(CoreError):
    def __init__(self, asked: str, close: tuple[str, ...]) -> None:
        self.asked = asked
        self.close = close  # ids that look like what was asked, best first
        super().__init__(f"unknown client {one_line(asked)!r}")


@dataclass(frozen=True)
class Inspection:
    """One look at a computer: what is installed and what its local settings files say."""

    scan: ScanResult
    probes: dict[tuple[str, str], ProbeResult]


class Services:
    """The core as the faces see it: one catalog, one store, one computer.

    Nothing is read when it is made: the catalog loads on first use (possibly in a worker
    thread, after the window has painted) and the store opens on first use.
    """

    def __init__(
        self,
        catalog_dir: Path | None = None,
        store_path: Path | None = None,
        host: Host | None = None,
    ) -> None:
        self.catalog_dir = catalog_dir or resources.catalog_dir()
        self.host = host or Host.local()
        self._store_path = store_path
        self._store: Store | None = None
        self._latest_checks: dict[tuple[str, str, str], QuoteCheck] | None = None
        self._looked = False
        self._loading = threading.Lock()
        self._catalog: Catalog | None = None
        self._rubric: Rubric | None = None
        self._warnings: tuple[str, ...] = ()

    @classmethod
    def open(
        cls,
        catalog_dir: Path | None = None,
        store_path: Path | None = None,
        host: Host | None = None,
    ) -> Services:
        """The core on `catalog_dir` (default: the shipped catalog) and `host` (default: this
        computer)."""
        return cls(catalog_dir, store_path, host)

    # the catalog ---------------------------------------------------------------------------

    def _load(self) -> Catalog:
        with self._loading:
            if self._catalog is None:
                from meetguard.catalog.errors import CatalogError
                from meetguard.catalog.grading import load_rubric
                from meetguard.catalog.loader import load_catalog

                catalog = load_catalog(self.catalog_dir, cache_dir=paths.cache_dir()).catalog
                warnings = list(catalog.warnings)
                try:
                    self._rubric = load_rubric(self.catalog_dir / "rubric.toml")
                except CatalogError as exc:
                    warnings.append(f"grades are not shown: {exc}")
                self._warnings = tuple(warnings)
                self._catalog = catalog
            return self._catalog

    @property
    def catalog(self) -> Catalog:
        return self._catalog or self._load()

    @catalog.setter
    def catalog(self, catalog: Catalog) -> None:
        """Ask about another catalog (tests narrow the shipped one); the rubric stays."""
        self._load()
        self._catalog = catalog

    @property
    def rubric(self) -> Rubric | None:
        self._load()
        return self._rubric

    @property
    def warnings(self) -> tuple[str, ...]:
        """Catalog problems: files skipped, grades not shown."""
        self._load()
        return self._warnings

    # the user's store ---------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The user's store, opened on first use: the window paints before the keyring and
        cipher libraries load, and listing apps never touches the user's data."""
        if self._store is None:
            from meetguard.store.store import Store

            self._store = Store(self._store_path or paths.store_path())
        return self._store

    def open_store(self) -> None:
        """Open the user's store now (raises StoreError): the window does once it has painted."""
        self.store  # noqa: B018 - opening it is the point

    @property
    def store_is_open(self) -> bool:
        return self._store is not None

    def notices(self) -> list[str]:
        """What the store must tell the user so far (a recovery, then what it found about the
        notes key, known once a note was read or written or `notes_plain_reason` asked); opens
        the store."""
        store = self.store
        return ([store.recovery.message] if store.recovery else []) + list(store.notices)

    @property
    def notes_plain_reason(self) -> PlainReason | None:
        """Why notes are written in plain text (None: they are encrypted); asks the keyring,
        which may add a notice."""
        return self.store.notes_plain_reason

    @property
    def notes_key_asked(self) -> bool:
        """Whether this run asked the keyring yet (it costs ~100 ms and ~20 MiB: a face asks
        when the user comes to a note, not at start)."""
        return self._store is not None and self._store.notes_key_asked

    def close(self) -> None:
        """Close the store if this run opened it."""
        if self._store is not None:
            self._store.close()
            self._store = None

    # which client --------------------------------------------------------------------------

    def clients(self, asked: str | None = None) -> list[Client]:
        """Every client, or the one whose id or name is `asked` (any case)."""
        import difflib

        if asked is None:
            return list(self.catalog.clients)
        wanted = decoded(asked).strip().casefold()
        for attr in ("id", "name"):
            found = [c for c in self.catalog.clients if str(getattr(c, attr)).casefold() == wanted]
            if len(found) == 1:
                return found
        ids = [c.id for c in self.catalog.clients]
        raise UnknownClient(asked, tuple(difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)))

    # what is on the computer ----------------------------------------------------------------

    def scan(self, progress: Callable[[str], None] | None = None) -> ScanResult:
        """What is installed; reads the catalog and the computer, never the user's store."""
        from meetguard.inventory.scanner import scan

        return scan(self._look(), self.catalog, progress)

    def _look(self) -> Host:
        """The Host for a new look at the computer: the first look uses the one given (what
        checking the options read stays read), every later one (a rescan) starts afresh."""
        if self._looked:
            self.host = self.host.fresh()
        self._looked = True
        return self.host

    def inspect(self, progress: Callable[[str], None] | None = None) -> Inspection:
        """The scan, and the local settings of every client the catalog can read them for.

        Every client, installed or not: a settings file left on disk, or a policy set for an
        app the user uses in a browser, is still this computer's real state. Every face
        shows what this returns, so they cannot disagree about it.
        """
        from meetguard.probes import probe_step

        result = self.scan(progress)
        probes: dict[tuple[str, str], ProbeResult] = {}
        for client in self.catalog.clients:
            for step in client.checklist:
                found = probe_step(step, result.host)
                if found is not None:
                    probes[step.key] = found
        return Inspection(result, probes)

    def installation(self, client: Client, inspection: Inspection | None) -> Installation | None:
        """The installation a client's checklist is read against (the first with a version)."""
        from meetguard.checklist import applicable_installation

        if inspection is None:
            return None
        return applicable_installation(inspection.scan.for_client(client.id))

    # what the terms say ----------------------------------------------------------------------

    def account_type(self, client: Client) -> str:
        """The user's account type as validated against the client's terms."""
        from meetguard.checklist import valid_account_type

        return valid_account_type(client, self.store.account_type(client.id))

    def account_types(self) -> dict[str, str]:
        """Every client's account type as validated against its terms."""
        return {c.id: self.account_type(c) for c in self.catalog.clients}

    def set_account_type(self, client: Client, account_type: str) -> None:
        if account_type not in client.account_types:
            raise CoreError(
                f"{client.name}'s terms do not differ for '{one_line(account_type)}'; "
                f"choose one of: {', '.join(client.account_types)}"
            )
        self.store.set_account_type(client.id, account_type)

    def rights(self, client: Client) -> tuple[Right, ...]:
        """The client's rights that apply to the user's account type."""
        return client.rights_for(self.account_type(client))

    def grade(self, client: Client) -> Grade | None:
        """The grade for the user's account type; None when the rubric could not be read."""
        from meetguard.catalog.grading import grade

        if self.rubric is None:
            return None
        return grade(client, self.account_type(client), self.rubric)

    def grades(self, client: Client) -> dict[str, Grade]:
        """The grade for each account type the client's terms distinguish and grade."""
        from meetguard.catalog.grading import grade

        if self.rubric is None:
            return {}
        found = {a: grade(client, a, self.rubric) for a in client.account_types}
        return {a: g for a, g in found.items() if g is not None}

    def quote_check(self, client: Client, right: Right) -> QuoteCheck | None:
        """The newest stored check of this right's quote, while the catalog still cites it."""
        from meetguard.terms.model import current_check

        if self._latest_checks is None:
            self._latest_checks = self.store.latest_terms_checks()
        return current_check(self._latest_checks, client, right)

    # what is left to do -----------------------------------------------------------------------

    def checklist(self, client: Client, inspection: Inspection | None) -> Checklist:
        """The client's checklist read against the installation the scan found, if any."""
        from meetguard.checklist import build_checklist

        installation = self.installation(client, inspection)
        probes = inspection.probes if inspection is not None else {}
        return build_checklist(
            client, self.store.account_type(client.id), installation, self.store.marks(), probes
        )

    def journey(self, inspection: Inspection | None) -> Journey:
        """Every app found or added, with its checklist and grade, in the home view's order.

        Its rows carry no notes (a row's `note` is ""): opening a sealed note asks the keyring
        (~100 ms, ~20 MiB), so a face asks `note(step)` when the user comes to that note."""
        from meetguard.checklist.journey import build_journey

        return build_journey(
            self.catalog,
            inspection.scan if inspection is not None else None,
            self.store.added_apps(),
            self.store.marks(notes=False),
            {c.id: self.store.account_type(c.id) for c in self.catalog.clients},
            inspection.probes if inspection is not None else {},
            self.grade,
        )

    def add_app(self, client: Client) -> None:
        """Remember that the user uses `client` (in a browser) though no scan finds it."""
        self.store.add_app(client.id)

    def mark(self, checklist: Checklist, step_id: str, state: str, note: str) -> None:
        """Record a mark with the version it was made against, the same way from every face."""
        row = checklist.rows[self._row(checklist, step_id)]
        step = row.step
        self.store.mark(step.client_id, step.id, step.revision, state, note, checklist.version)

    def note(self, step: ChecklistStep) -> str:
        """The note the user kept with `step` ("" when none); opening it may ask the keyring."""
        return self.store.note(step.client_id, step.id)

    def save_note(self, checklist: Checklist, step_id: str, note: str) -> bool:
        """Keep an edited note (a ledger entry); False when it did not change."""
        row = checklist.rows[self._row(checklist, step_id)]
        if self.note(row.step) == note:
            return False
        self.store.set_note(row.step.client_id, row.step.id, row.step.revision, note)
        return True

    @staticmethod
    def _row(checklist: Checklist, step_id: str) -> int:
        found = checklist.row_of(step_id)
        if found is None:
            raise KeyError(step_id)
        return found

    # the terms check ---------------------------------------------------------------------------

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
        import datetime as dt

        from meetguard.terms.check import check_online
        from meetguard.terms.model import REQUEST_SECONDS

        def now() -> dt.datetime:
            return dt.datetime.now(dt.UTC).replace(microsecond=0)

        return check_online(plan, now, cancel, progress, request_seconds or REQUEST_SECONDS)

    def keep_terms_check(self, report: CheckReport) -> None:
        self.store.add_terms_checks(report.checks)
        self._latest_checks = None

    # the report ----------------------------------------------------------------------------------

    def report(
        self,
        inspection: Inspection,
        redact: bool = False,
        now: dt.datetime | None = None,
    ) -> ReportData:
        import datetime as dt

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
            added=self.store.added_apps(),
        )

"""A client's checklist for this user: the one place a step's state is decided.

The GUI, the command line and the report all call `build_checklist`, so they
cannot disagree on which steps apply, which version a mark is read against,
or what counts as handled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from meetguard.catalog.model import ChecklistStep, Client
from meetguard.checklist.generic import other_app_key, retired_steps, unknown_steps
from meetguard.inventory.model import Installation
from meetguard.probes import ProbeResult
from meetguard.store.marks import STATE_LABELS, Mark

RECHECK = "re-check"
STATE_LABELS_ALL = {**STATE_LABELS, RECHECK: "Re-check"}
# Done, and "does not apply to me", both leave nothing for the user to do.
HANDLED = frozenset({"done", "not-applicable"})
OPEN = frozenset({"pending", RECHECK})


def valid_account_type(client: Client, stored: str | None) -> str:
    """The stored account type when the client's terms know it, else the client's default."""
    return stored if stored in client.account_types else client.account_types[0]


def applicable_installation(installations: Sequence[Installation]) -> Installation | None:
    """The installation marks are read against: the first found that knows its version.

    Marks are kept per client, so one version must be chosen when a client is
    installed twice (a deb and a Flatpak, say); the scan's order makes it stable.
    """
    return next((i for i in installations if i.version), next(iter(installations), None))


@dataclass(frozen=True)
class ChecklistRow:
    step: ChecklistStep
    mark: Mark | None
    state: str
    reason: str = ""
    probe: ProbeResult | None = None

    @property
    def label(self) -> str:
        return STATE_LABELS_ALL[self.state]

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    @property
    def is_handled(self) -> bool:
        return self.state in HANDLED

    @property
    def note(self) -> str:
        return self.mark.note if self.mark is not None else ""


def step_state(step: ChecklistStep, mark: Mark | None, installed_version: str) -> tuple[str, str]:
    """The step's state and, for re-check, why: the advice or the app changed since the mark."""
    if mark is None or mark.state == "pending":
        return "pending", ""
    if mark.revision != step.revision:
        return RECHECK, (
            f"The advice for this step changed (revision {mark.revision} → {step.revision}) "
            "since you marked it."
        )
    if mark.client_version and installed_version and mark.client_version != installed_version:
        return RECHECK, (
            f"The app was updated ({mark.client_version} → {installed_version}) since you "
            "marked this; settings can move or reset in an update."
        )
    return mark.state, ""


@dataclass(frozen=True)
class Checklist:
    """One app's steps for the user's account type, read against one installation."""

    client_id: str
    account_type: str
    installation: Installation | None
    rows: tuple[ChecklistRow, ...]
    other_account_steps: int = 0
    # The steps are MeetGuard's general checks (retired or unreviewed app), not the vendor's.
    general: bool = False

    @property
    def version(self) -> str:
        return self.installation.version if self.installation is not None else ""

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def handled(self) -> int:
        return sum(1 for r in self.rows if r.is_handled)

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.rows if r.state == "skipped")

    @property
    def open(self) -> int:
        return sum(1 for r in self.rows if r.is_open)

    def next_open(self) -> int | None:
        """The row of the first step still to do (pending or re-check), if any."""
        return next((i for i, r in enumerate(self.rows) if r.is_open), None)

    def row_of(self, step_id: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.step.id == step_id), None)


def build_checklist(
    client: Client,
    stored_account_type: str | None,
    installation: Installation | None,
    marks: Mapping[tuple[str, str], Mark],
    probes: Mapping[tuple[str, str], ProbeResult],
) -> Checklist:
    """The client's checklist rows: a pure function of the catalog, the scan and the user's record.

    `installation` is None for an app the user said they use in a browser: no
    version to compare against, so only a changed advice sends a step to re-check.
    A retired app with no steps of its own gets MeetGuard's general checks.
    """
    account = valid_account_type(client, stored_account_type)
    steps = client.steps_for(account)
    general = not client.checklist and client.status != "active"
    if general:
        steps = retired_steps(client)
    rows = _rows(steps, installation, marks, probes)
    other = len(client.checklist) - len(steps) if not general else 0
    return Checklist(client.id, account, installation, rows, other, general)


def build_other_checklist(
    name: str, installation: Installation | None, marks: Mapping[tuple[str, str], Mark]
) -> Checklist:
    """The general checks for a calling app the catalog does not know."""
    key = other_app_key(name)
    rows = _rows(unknown_steps(key, name), installation, marks, {})
    return Checklist(key, "all", installation, rows, 0, True)


def _rows(
    steps: Sequence[ChecklistStep],
    installation: Installation | None,
    marks: Mapping[tuple[str, str], Mark],
    probes: Mapping[tuple[str, str], ProbeResult],
) -> tuple[ChecklistRow, ...]:
    version = installation.version if installation is not None else ""
    rows = []
    for step in steps:
        mark = marks.get(step.key)
        state, reason = step_state(step, mark, version)
        rows.append(ChecklistRow(step, mark, state, reason, probes.get(step.key)))
    return tuple(rows)

"""A checklist step's state for the user: their mark, read against the catalog and the scan."""

from __future__ import annotations

from dataclasses import dataclass

from meetguard.catalog.model import ChecklistStep
from meetguard.store.marks import STATE_LABELS, Mark

RECHECK = "re-check"
STATE_LABELS_ALL = {**STATE_LABELS, RECHECK: "Re-check"}


@dataclass(frozen=True)
class StepStatus:
    step: ChecklistStep
    mark: Mark | None
    state: str
    reason: str = ""

    @property
    def label(self) -> str:
        return STATE_LABELS_ALL[self.state]

    @property
    def is_open(self) -> bool:
        return self.state in ("pending", RECHECK)


def step_status(step: ChecklistStep, mark: Mark | None, installed_version: str = "") -> StepStatus:
    """The step's state: a mark goes back to re-check when the advice or the app changed."""
    if mark is None or mark.state == "pending":
        return StepStatus(step, mark, "pending")
    if mark.revision != step.revision:
        return StepStatus(
            step,
            mark,
            RECHECK,
            f"The advice for this step changed (revision {mark.revision} → {step.revision}) "
            "since you marked it.",
        )
    if mark.client_version and installed_version and mark.client_version != installed_version:
        return StepStatus(
            step,
            mark,
            RECHECK,
            f"The app was updated ({mark.client_version} → {installed_version}) since you "
            "marked this; settings can move or reset in an update.",
        )
    return StepStatus(step, mark, mark.state)

"""What the user records for a checklist step, without the machinery that stores it.

Kept apart from `store.py` so the window can show marks' vocabulary without loading
the keyring and cipher libraries before it first paints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

STATES = ("pending", "done", "skipped", "not-applicable")
STATE_LABELS = {
    "pending": "To do",
    "done": "Done",
    "skipped": "Skipped",
    "not-applicable": "Not applicable",
}


class StoreError(Exception):
    """The store cannot be opened or written; the message says what to do."""


@dataclass(frozen=True)
class Mark:
    client_id: str
    step_id: str
    revision: int
    state: str
    marked_at: dt.datetime
    note: str = ""
    client_version: str = ""

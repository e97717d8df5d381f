"""The user's progress and notes."""

from meetguard.store.marks import STATE_LABELS, STATES, Mark, StoreError

__all__ = ["STATES", "STATE_LABELS", "Mark", "StoreError"]

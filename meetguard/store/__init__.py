"""The user's progress and notes."""

from meetguard.store.store import STATE_LABELS, STATES, Mark, Store, StoreError

__all__ = ["STATES", "STATE_LABELS", "Mark", "Store", "StoreError"]

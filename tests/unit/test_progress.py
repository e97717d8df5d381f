import datetime as dt

from meetguard.catalog.model import Catalog
from meetguard.store.progress import RECHECK, step_status
from meetguard.store.store import Mark

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_states_and_recheck(catalog: Catalog) -> None:
    zoom = catalog.get("zoom")
    assert zoom is not None
    step = zoom.checklist[0]
    assert step_status(step, None).state == "pending"
    done = Mark("zoom", step.id, step.revision, "done", WHEN, "", "6.0")
    assert step_status(step, done, "6.0").state == "done"
    updated = step_status(step, done, "6.1")
    assert updated.state == RECHECK and "6.0 → 6.1" in updated.reason
    old = Mark("zoom", step.id, step.revision - 1, "done", WHEN)
    changed = step_status(step, old, "6.0")
    assert changed.state == RECHECK and "advice" in changed.reason

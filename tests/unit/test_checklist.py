import datetime as dt

from meetguard.catalog.model import Catalog, Client
from meetguard.checklist import (
    RECHECK,
    applicable_installation,
    build_checklist,
    step_state,
    valid_account_type,
)
from meetguard.inventory.model import Installation
from meetguard.probes import ProbeResult
from meetguard.store.marks import Mark

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _client(catalog: Catalog, client_id: str) -> Client:
    client = catalog.get(client_id)
    assert client is not None
    return client


def _install(version: str, source: str = "deb") -> Installation:
    return Installation("zoom", "Zoom Workplace", version, source, "/opt/zoom", ())


def test_states_and_recheck(catalog: Catalog) -> None:
    step = _client(catalog, "zoom").checklist[0]
    assert step_state(step, None, "") == ("pending", "")
    done = Mark("zoom", step.id, step.revision, "done", WHEN, "", "6.0")
    assert step_state(step, done, "6.0") == ("done", "")
    state, reason = step_state(step, done, "6.1")
    assert state == RECHECK and "6.0 → 6.1" in reason
    old = Mark("zoom", step.id, step.revision - 1, "done", WHEN)
    state, reason = step_state(step, old, "6.0")
    assert state == RECHECK and "advice" in reason
    # A browser-only app has no version: a mark made against one is not re-checked for it.
    assert step_state(step, done, "") == ("done", "")


def test_account_type_is_validated_against_the_client(catalog: Catalog) -> None:
    zoom, meet = _client(catalog, "zoom"), _client(catalog, "google-meet")
    assert valid_account_type(zoom, "business") == "all"
    assert valid_account_type(meet, "business") == "business"
    assert valid_account_type(meet, None) == meet.account_types[0]
    personal = build_checklist(meet, "personal", None, {}, {})
    business = build_checklist(meet, "business", None, {}, {})
    assert {r.step.applies_to for r in personal.rows} <= {"all", "personal"}
    assert {r.step.applies_to for r in business.rows} <= {"all", "business"}
    assert personal.other_account_steps == len(meet.checklist) - personal.total > 0
    assert build_checklist(zoom, "business", None, {}, {}).account_type == "all"


def test_handled_skipped_and_open_are_counted_apart(catalog: Catalog) -> None:
    zoom = _client(catalog, "zoom")
    steps = zoom.checklist
    marks = {
        steps[0].key: Mark("zoom", steps[0].id, steps[0].revision, "done", WHEN, "", "6.0"),
        steps[1].key: Mark("zoom", steps[1].id, steps[1].revision, "not-applicable", WHEN),
        steps[2].key: Mark("zoom", steps[2].id, steps[2].revision, "skipped", WHEN),
        steps[3].key: Mark("zoom", steps[3].id, steps[3].revision, "done", WHEN, "", "5.9"),
    }
    probe = ProbeResult("configured", "zDisableCMR = true")
    checklist = build_checklist(zoom, None, _install("6.0"), marks, {steps[4].key: probe})
    assert checklist.total == len(steps)
    assert [r.state for r in checklist.rows[:4]] == ["done", "not-applicable", "skipped", RECHECK]
    assert (checklist.handled, checklist.skipped, checklist.open) == (2, 1, len(steps) - 3)
    assert checklist.handled + checklist.skipped + checklist.open == checklist.total
    assert checklist.next_open() == 3
    assert checklist.rows[4].probe == probe and checklist.rows[0].probe is None
    assert checklist.version == "6.0"
    assert checklist.row_of(steps[2].id) == 2


def test_the_installation_with_a_version_is_the_one_marks_are_read_against() -> None:
    web, deb = _install("", "web app"), _install("6.2", "deb")
    assert applicable_installation([web, deb]) is deb
    assert applicable_installation([web]) is web
    assert applicable_installation([]) is None

import datetime as dt
from pathlib import Path

from meetguard.catalog.model import Catalog
from meetguard.checklist import RECHECK
from meetguard.checklist.generic import GENERAL, other_app_key
from meetguard.checklist.journey import Place, build_journey
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from meetguard.store.database import SCHEMA_VERSION
from meetguard.store.marks import Mark
from meetguard.store.store import Store
from tests.fakehost import FakeLinux

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _journey(catalog: Catalog, root: Path, added: list[str], marks: dict[tuple[str, str], Mark]):  # type: ignore[no-untyped-def]
    result = scan(Host.at_root(root, "linux"), catalog)
    return build_journey(catalog, result, added, marks, {}, {}, lambda c: None)


def test_found_apps_then_added_ones_each_once(catalog: Catalog, tmp_path: Path) -> None:
    FakeLinux(tmp_path).busy_desktop()
    journey = _journey(catalog, tmp_path, ["teams", "zoom", "nosuch", "teams"], {})
    keys = [a.key for a in journey.apps]
    assert keys[-1] == "teams" and keys.count("zoom") == 1 and "nosuch" not in keys
    assert journey.apps[-1].added and not journey.apps[0].added
    assert other_app_key("qTox") in keys
    skype = journey.apps[journey.find("skype") or 0]
    assert skype.status == "retired" and skype.checklist.general
    assert all(r.step.caveat == GENERAL and not r.step.verified for r in skype.checklist.rows)
    assert journey.total == sum(a.checklist.total for a in journey.apps)


def test_next_open_goes_round_and_skips_handled(catalog: Catalog, tmp_path: Path) -> None:
    FakeLinux(tmp_path).zoom_deb("6.0")
    zoom = catalog.get("zoom")
    assert zoom is not None
    first, second = zoom.checklist[0], zoom.checklist[1]
    marks = {first.key: Mark("zoom", first.id, first.revision, "done", WHEN, "", "6.0")}
    journey = _journey(catalog, tmp_path, [], marks)
    assert journey.next_open() == Place(0, 1)
    last = Place(0, len(zoom.checklist) - 1)
    assert journey.next_open(last) == last
    assert journey.place_of("zoom", second.id) == Place(0, 1)
    marks[first.key] = Mark("zoom", first.id, first.revision, "done", WHEN, "", "5.0")
    again = _journey(catalog, tmp_path, [], marks)
    assert again.row(Place(0, 0)).state == RECHECK
    assert again.next_open() == Place(0, 0)


def test_added_apps_and_note_edits_are_stored(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = Store(path)
    assert store.schema_version == SCHEMA_VERSION
    store.add_app("teams")
    store.add_app("zoom")
    store.add_app("teams")
    store.mark("zoom", "a", 2, "done", "first", "6.0")
    store.set_note("zoom", "a", 3, "second")
    store.set_note("zoom", "b", 1, "new")
    store.close()
    again = Store(path)
    assert again.added_apps() == ["teams", "zoom"]
    mark = again.marks()[("zoom", "a")]
    assert (mark.state, mark.revision, mark.client_version, mark.note) == (
        "done",
        2,
        "6.0",
        "second",
    )
    assert again.marks()[("zoom", "b")].state == "pending"
    assert [m.note for m in again.ledger("zoom")] == ["first", "second", "new"]
    again.remove_app("teams")
    assert again.added_apps() == ["zoom"]

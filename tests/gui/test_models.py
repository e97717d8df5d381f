"""Each item model on its own under qtmodeltester: as built, after a reset, after a filter."""

from pathlib import Path
from typing import Any

from meetguard.catalog.model import Catalog
from meetguard.checklist import build_checklist
from meetguard.checklist.journey import Journey
from meetguard.host import Host
from meetguard.services import Services
from meetguard.ui.models import (
    CatalogListModel,
    ChecklistFilter,
    ChecklistModel,
    HomeFilter,
    HomeModel,
)
from tests.fakehost import FakeLinux


def _journey(tmp_path: Path) -> Journey:
    FakeLinux(tmp_path).busy_desktop()
    services = Services.open(host=Host.at_root(tmp_path, "linux"))
    services.store.add_app("teams")
    signal = services.catalog.get("signal")
    assert signal is not None
    for step in signal.checklist:  # one app with nothing left to do
        services.store.mark("signal", step.id, step.revision, "done")
    return services.journey(services.inspect())


def test_home_model(qtmodeltester: Any, tmp_path: Path) -> None:
    journey = _journey(tmp_path)
    model = HomeModel()
    qtmodeltester.check(model)
    model.set_apps(journey.apps)
    qtmodeltester.check(model)
    assert model.rowCount() == len(journey.apps) > 5
    model.set_apps(journey.apps[:2])
    qtmodeltester.check(model)
    assert model.rowCount() == 2


def test_home_filter(qtmodeltester: Any, tmp_path: Path) -> None:
    journey = _journey(tmp_path)
    model = HomeModel()
    model.set_apps(journey.apps)
    proxy = HomeFilter("meeting")
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    meeting = proxy.rowCount()
    assert 0 < meeting < model.rowCount()
    proxy.set_search("zoom", only_open=False)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    proxy.set_search("", only_open=True)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() < meeting
    model.set_apps(journey.apps)
    qtmodeltester.check(proxy)
    browser = HomeFilter("browser")
    browser.setSourceModel(model)
    assert browser.rowCount() == 1


def test_checklist_model_and_filter(qtmodeltester: Any, catalog: Catalog) -> None:
    zoom = catalog.get("zoom")
    assert zoom is not None
    rows = build_checklist(zoom, None, None, {}, {}).rows
    model = ChecklistModel()
    qtmodeltester.check(model)
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = ChecklistFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_states(frozenset({"done"}))
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 0
    proxy.set_states(frozenset({"pending"}))
    assert proxy.rowCount() == len(rows)
    model.set_rows(rows[:1])
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1


def test_catalog_list_model(qtmodeltester: Any, catalog: Catalog) -> None:
    model = CatalogListModel()
    qtmodeltester.check(model)
    model.set_clients(catalog.clients)
    qtmodeltester.check(model)
    assert model.rowCount() == len(catalog.clients)
    model.set_clients(catalog.clients[:3])
    qtmodeltester.check(model)

"""The window, `checklist --json` and `report --json` read one computer and one record alike."""

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from meetguard.app import main as run
from meetguard.services import Services
from tests.fakehost import FakeLinux, FakeMac
from tests.gui.test_main_window import open_window

ZOOM_VERSION = "6.2.11.5069"
Rows = dict[str, list[tuple[str, str]]]
Counts = dict[str, tuple[int, int, int]]


@pytest.fixture
def computer(tmp_path: Path) -> Path:
    """Zoom (deb) and Google Meet (web app), with marks of every kind and stored account types."""
    root = tmp_path / "root"
    fake = FakeLinux(root)
    fake.zoom_deb(ZOOM_VERSION)
    fake.web_app("Google Meet", "kjgfgldnnfoeklkmfkjfagphfepbbdan")
    services = Services.open()
    store = services.store
    # Zoom's terms do not differ by account: a stored "business" must read as "all" everywhere.
    store.set_account_type("zoom", "business")
    store.set_account_type("google-meet", "business")
    zoom = services.catalog.get("zoom")
    meet = services.catalog.get("google-meet")
    assert zoom is not None and meet is not None
    z = zoom.checklist
    store.mark("zoom", z[0].id, z[0].revision, "done", "", "6.1.0")  # app updated since
    store.mark("zoom", z[1].id, z[1].revision, "not-applicable", "", ZOOM_VERSION)
    store.mark("zoom", z[2].id, z[2].revision, "skipped", "", ZOOM_VERSION)
    store.mark("zoom", z[3].id, z[3].revision, "done", "", ZOOM_VERSION)
    business = meet.steps_for("business")
    store.mark("google-meet", business[0].id, business[0].revision, "done")
    store.close()
    return root


def _counts(rows: Rows) -> Counts:
    out = {}
    for client, steps in rows.items():
        states = [s for _, s in steps]
        handled = sum(1 for s in states if s in ("done", "not-applicable"))
        out[client] = (len(states), handled, states.count("skipped"))
    return out


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert run(argv) == 0
    return capsys.readouterr().out


def test_window_cli_and_report_agree(
    computer: Path, qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    host = ["--root", str(computer), "--platform", "linux"]

    data = json.loads(_cli(["checklist", "--json", *host], capsys))
    cli_rows: Rows = {"zoom": [], "google-meet": []}
    for s in data["steps"]:
        if s["client"] in cli_rows:
            cli_rows[s["client"]].append((s["id"], s["state"]))
    cli_counts = {
        c["id"]: (c["total"], c["handled"], c["skipped"])
        for c in data["clients"]
        if c["id"] in cli_rows
    }

    out = tmp_path / "report.json"
    _cli(["report", "-o", str(out), *host], capsys)
    report = json.loads(out.read_text(encoding="utf-8"))
    report_rows: Rows = {
        c["id"]: [(s["id"], s["state"]) for s in c["steps"]] for c in report["clients"]
    }
    accounts = {c["id"]: c["account_type"] for c in report["clients"]}

    window = open_window(qtbot, computer)
    gui_rows: Rows = {}
    gui_counts: Counts = {}
    home = window.home.model
    for row in range(home.rowCount()):
        key = home.app(row).key
        window.open_app(key)
        window.app_view.tabs.setCurrentIndex(1)
        panel = window.app_view.checklist
        states = [panel.model.status(r) for r in range(panel.model.rowCount())]
        gui_rows[key] = [(r.step.id, r.state) for r in states]
        handled = sum(1 for r in states if r.is_handled)
        assert panel.summary.text() == f"{handled} of {len(states)} handled"
        assert home.index(row, home.HANDLED).data() == f"{handled} of {len(states)} handled"
        skipped = sum(1 for r in states if r.label == "Skipped")
        gui_counts[key] = (len(states), handled, skipped)
    window.close()

    assert gui_rows == cli_rows == report_rows
    assert gui_counts == cli_counts == _counts(report_rows)
    zoom_states = [s for _, s in gui_rows["zoom"]]
    assert zoom_states[:4] == ["re-check", "not-applicable", "skipped", "done"]
    assert gui_counts["google-meet"][1] == 1
    assert accounts == {
        "zoom": "All accounts",
        "google-meet": "Work, school or paid business account",
    }


def test_cli_mark_records_the_installed_version(
    computer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    host = ["--root", str(computer), "--platform", "linux"]
    _cli(["mark", "zoom", "cloud-recording", "done", *host], capsys)
    mark = Services.open().store.marks()[("zoom", "cloud-recording")]
    assert mark.client_version == ZOOM_VERSION
    data = json.loads(_cli(["checklist", "zoom", "--json", *host], capsys))
    steps = {s["id"]: s for s in data["steps"]}
    assert steps["cloud-recording"]["state"] == "done"
    assert steps[data["steps"][0]["id"]]["state"] == "re-check"
    assert "6.1.0 → " + ZOOM_VERSION in steps[data["steps"][0]["id"]]["reason"]


def test_window_cli_and_report_read_the_same_settings_file(
    tmp_path: Path, qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Mac with Zoom and its managed preference: every face shows what the one inspection
    read (tests/cli/test_cli.py reads it with Zoom not installed)."""
    import plistlib

    root = tmp_path / "mac"
    FakeMac(root).app("/Applications", "zoom.us", "us.zoom.xos", ZOOM_VERSION)
    prefs = root / "Library" / "Preferences"
    prefs.mkdir(parents=True)
    (prefs / "us.zoom.config.plist").write_bytes(plistlib.dumps({"zDisableCMR": True}))
    host = ["--root", str(root), "--platform", "macos"]

    data = json.loads(_cli(["checklist", "zoom", "--json", *host], capsys))
    cli = {s["id"]: (s["on_this_computer"] or {}).get("state") for s in data["steps"]}
    out = tmp_path / "report.json"
    _cli(["report", "-o", str(out), *host], capsys)
    report = json.loads(out.read_text(encoding="utf-8"))
    (zoom,) = [c for c in report["clients"] if c["id"] == "zoom"]
    in_report = {s["id"]: s["on_this_computer"] for s in zoom["steps"]}

    window = open_window(qtbot, root, "macos")
    window.open_app("zoom")
    model = window.app_view.checklist.model
    gui = {model.status(r).step.id: model.probe(r) for r in range(model.rowCount())}
    window.close()

    assert cli["cloud-recording"] == "configured"
    probe = gui["cloud-recording"]
    assert probe is not None and probe.state == "configured"
    assert in_report["cloud-recording"].startswith(probe.label)
    assert {k for k, v in cli.items() if v} == {k for k, v in gui.items() if v}
    assert {k for k, v in in_report.items() if v} == {k for k, v in gui.items() if v}

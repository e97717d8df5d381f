import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from meetguard.catalog.model import Catalog
from meetguard.files import WriteError, write_atomic
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from meetguard.report.html import render_html
from meetguard.report.json_report import render_json
from meetguard.report.model import build_report
from meetguard.store.store import Store
from tests.fakehost import FakeLinux

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
EVIL = "<script>alert(1)</script> ](javascript:x) \x1b[31m"


def _report(tmp_path: Path, catalog: Catalog, redact: bool = False):  # type: ignore[no-untyped-def]
    fake = FakeLinux(tmp_path / "root")
    fake.zoom_deb()
    fake.desktop("/usr/share/applications/evil.desktop", EVIL, "evil", "VideoConference;")
    store = Store(tmp_path / "s.sqlite3", clock=lambda: NOW)
    store.mark("zoom", "consent-settings", 1, "done", note=EVIL)
    result = scan(Host.at_root(tmp_path / "root", "linux"), catalog)
    return build_report(catalog, result, store.marks(), store.ledger(), {}, NOW, redact)


def test_html_has_the_facts_and_escapes_everything(tmp_path: Path, catalog: Catalog) -> None:
    html = render_html(_report(tmp_path, catalog))
    assert "Zoom Workplace" in html and "6.2.11.5069" in html
    assert "perpetual, worldwide" in html and "https://zoom.us/terms" in html
    assert "Data &amp; Privacy consent settings" in html and "Done" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\x1b" not in html, "the terminal escape in a name and a note is dropped"
    assert "[31m" in html, "the rest of the text is kept"


def test_html_makes_no_external_requests(tmp_path: Path, catalog: Catalog) -> None:
    html = render_html(_report(tmp_path, catalog))
    assert not re.search(r"<(img|script|link|iframe)\b", html)
    assert not re.search(r"\bsrc\s*=", html)
    assert "url(" not in html


def test_same_inputs_give_identical_output(tmp_path: Path, catalog: Catalog) -> None:
    a = _report(tmp_path / "a", catalog)
    b = _report(tmp_path / "b", catalog)
    assert render_json(a).replace(str(tmp_path / "a"), "X") == render_json(b).replace(
        str(tmp_path / "b"), "X"
    )
    assert render_html(a).replace(str(tmp_path / "a"), "X") == render_html(b).replace(
        str(tmp_path / "b"), "X"
    )


def test_json_report_and_redaction(tmp_path: Path, catalog: Catalog) -> None:
    data = json.loads(render_json(_report(tmp_path, catalog, redact=True)))
    assert data["schema_version"] == 2
    assert data["hostname"] == "(redacted)" and data["username"] == "(redacted)"
    assert data["clients"][0]["id"] == "zoom"
    assert data["ledger"][0]["note"] == EVIL.replace("\x1b", "")


def test_atomic_write_keeps_old_report_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("old report")
    with pytest.raises(WriteError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "r.html", b"x")
    write_atomic(target, b"new report")
    assert target.read_text() == "new report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_grades_account_types_and_probe_results_reach_the_report(
    tmp_path: Path, catalog: Catalog
) -> None:
    from meetguard.catalog.grading import grade, load_rubric
    from meetguard.checklist import valid_account_type
    from meetguard.probes import ProbeResult
    from meetguard.resources import rubric_path

    fake = FakeLinux(tmp_path / "root")
    fake.zoom_deb()
    fake.desktop("/usr/share/applications/teams-for-linux.desktop", "Teams", "teams-for-linux")
    result = scan(Host.at_root(tmp_path / "root", "linux"), catalog)
    probes = {("zoom", "consent-settings"): ProbeResult("configured", "policy.plist › k = 1")}
    data = build_report(
        catalog, result, {}, [], {}, NOW, rubric=load_rubric(rubric_path()), probes=probes
    )
    by_id = {c.id: c for c in data.clients}
    zoom = catalog.get("zoom")
    assert zoom is not None
    expected = grade(zoom, valid_account_type(zoom, None), load_rubric(rubric_path()))
    assert expected is not None and expected.letter in ("A", "B", "C", "D", "E")
    assert by_id["zoom"].grade == expected.letter and by_id["zoom"].grade_reasons
    teams = by_id["teams-for-linux"]
    assert teams.account_type.startswith("Personal") and len(teams.rights) == 6
    step = next(s for s in by_id["zoom"].steps if s.id == "consent-settings")
    assert step.on_this_computer == "Configured: policy.plist › k = 1"
    html = render_html(data)
    assert f"Grade {by_id['zoom'].grade}" in html or f">{by_id['zoom'].grade}<" in html
    assert "Observed on this computer</span> Configured: policy.plist" in html


def test_client_without_steps_says_why_and_unknown_is_not_unverified(
    tmp_path: Path, catalog: Catalog
) -> None:
    from meetguard.report.md import render_markdown
    from meetguard.report.model import NO_STEPS

    # Meet with its steps taken away: the shipped catalog's steps change as research lands.
    catalog = Catalog(
        tuple(replace(c, checklist=()) if c.id == "google-meet" else c for c in catalog.clients)
    )
    fake = FakeLinux(tmp_path / "root")
    fake.web_app("Google Meet", "kjgfgldnnfoeklkmfkjfagphfepbbdan")
    result = scan(Host.at_root(tmp_path / "root", "linux"), catalog)
    data = build_report(catalog, result, {}, [], {"google-meet": "personal"}, NOW)
    (meet,) = data.clients
    assert meet.steps == ()
    html, text = render_html(data), render_markdown(data)
    assert NO_STEPS.replace("'", "&#x27;") in html and "Every step" not in html
    assert "MeetGuard knows no setting" in text
    unknown_rows = [r for r in meet.rights if r.verdict == "unknown"]
    assert unknown_rows and 'Unknown <span class="unverified">' not in html
    assert "Unknown *(unverified)*" not in text

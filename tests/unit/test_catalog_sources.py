"""Checklist steps and history events cite a `[[documents]]` entry, like rights do."""

import datetime as dt
import json
from pathlib import Path

import pytest

from meetguard.catalog.loader import load_catalog, validate_catalog
from meetguard.catalog.model import DOCUMENT_KINDS
from meetguard.resources import catalog_dir

TODAY = dt.date(2026, 12, 1)
SHIPPED = load_catalog(catalog_dir()).catalog


def _zoom(tmp_path: Path, edit: tuple[str, str]) -> list[str]:
    folder = tmp_path / "catalog"
    folder.mkdir()
    text = (catalog_dir() / "zoom.toml").read_text(encoding="utf-8")
    assert edit[0] in text
    (folder / "zoom.toml").write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    return [str(e) for e in validate_catalog(folder, today=TODAY)]


def test_every_shipped_step_and_event_has_a_dated_kinded_source() -> None:
    cited = [(c, s.document, s.verified) for c in SHIPPED.clients for s in c.checklist] + [
        (c, h.document, h.verified) for c in SHIPPED.clients for h in c.history
    ]
    assert len(cited) > 100
    for client, doc, verified in cited:
        assert doc in client.documents, (client.id, doc.id)
        assert doc.kind in DOCUMENT_KINDS and doc.url.startswith("https://")
        assert doc.effective or doc.last_updated or doc.undated_reason.strip(), doc.id
        assert doc.retrieved <= TODAY
        assert not (verified and doc.kind == "secondary"), (client.id, doc.id)


def test_a_step_keeps_where_the_user_goes_apart_from_its_source() -> None:
    zoom = SHIPPED.get("zoom")
    assert zoom is not None
    step = zoom.step("block-notetaker-domains")
    assert step is not None
    assert step.url == "https://zoom.us/account/setting"
    assert step.source_url == step.document.url != step.url
    assert step.document.kind == "help" and step.retrieved == dt.date(2026, 12, 1)


def test_a_step_source_date_becomes_the_documents_last_updated() -> None:
    teams = SHIPPED.get("teams")
    assert teams is not None
    dated = [s.document for s in teams.checklist if s.document.last_updated]
    assert dt.date(2025, 4, 30) in {d.last_updated for d in dated}


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ('document = "step-consent-settings"', ""),
            ("checklist[1]", "'document'", "is missing"),
        ),
        (
            ('document = "step-consent-settings"', 'document = "nope"'),
            ("checklist[1]", "unknown document id 'nope'"),
        ),
        (
            ('document = "history-2023-03-31"', 'document = "nope"'),
            ("history[0]", "unknown document id 'nope'"),
        ),
        (
            ('document = "history-2023-03-31"', ""),
            ("history[0]", "'document'", "is missing"),
        ),
        (
            ('document = "step-consent-settings"', 'document = "step-waiting-room-remove-bots"'),
            ("checklist[1]", "'verified'", "secondary source"),
        ),
        (
            ('document = "history-2023-08-11"', 'document = "step-waiting-room-remove-bots"'),
            ("history[3]", "'verified'", "secondary source"),
        ),
        (
            ('document = "step-consent-settings"', 'source_url = "https://zoom.us/x"'),
            ("checklist[1]", "'source_url'", "not a known field"),
        ),
        (
            ('document = "history-2023-03-31"', 'url = "https://zoom.us/x"'),
            ("history[0]", "'url'", "not a known field"),
        ),
    ],
)
def test_a_step_or_event_without_a_proper_source_is_refused(
    tmp_path: Path, edit: tuple[str, str], expected: tuple[str, ...]
) -> None:
    messages = _zoom(tmp_path, edit)
    assert any(all(part in m for part in ("zoom.toml", *expected)) for m in messages), messages


def test_an_unverified_event_may_rest_on_a_secondary_source(tmp_path: Path) -> None:
    edit = (
        'document = "history-2023-08-07-2"\nverified = false',
        'document = "step-waiting-room-remove-bots"\nverified = false',
    )
    assert _zoom(tmp_path, edit) == []


def test_an_app_with_borrowed_terms_cites_its_own_documents() -> None:
    classic = SHIPPED.get("teams-classic")
    teams = SHIPPED.get("teams")
    assert classic is not None and teams is not None
    own = [h.document for h in classic.history if h.document not in teams.documents]
    assert own and all(d in classic.documents for d in own)


def test_checklist_and_rights_json_carry_the_source_kind_and_dates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from meetguard.app import main as run

    assert run(["rights", "zoom", "--json"]) == 0
    (zoom,) = json.loads(capsys.readouterr().out)["clients"]
    first = zoom["history"][0]
    assert first["document_id"] == "history-2023-03-31"
    assert first["document_kind"] == "terms"
    assert first["document_effective"] == "2023-03-31" and first["document_undated_reason"] is None
    assert first["document_retrieved"] == "2026-11-28"
    assert run(["checklist", "zoom", "--json"]) == 0
    steps = {s["id"]: s for s in json.loads(capsys.readouterr().out)["steps"]}
    bots = steps["waiting-room-remove-bots"]
    assert bots["document_kind"] == "secondary" and bots["verified"] is False
    assert bots["document_retrieved"] == "2026-12-01"
    assert steps["consent-settings"]["document_kind"] == "help"


def test_the_report_shows_each_step_and_event_source_with_kind_and_date(tmp_path: Path) -> None:
    from meetguard.report.html import render_html
    from meetguard.report.json_report import render_json
    from meetguard.report.md import render_markdown
    from tests.reportdata import sample_report

    data = sample_report(tmp_path)
    html, markdown = render_html(data), render_markdown(data)
    for text in (html, markdown):
        assert "vendor help page, 2026-02-10" in text
        assert "vendor help page, undated" in text
        assert "(vendor help page, 2026-07-02)" in text.replace("&#x27;", "'")
    (meet,) = (c for c in json.loads(render_json(data))["clients"] if c["id"] == "examplemeet")
    privacy = next(s for s in meet["steps"] if s["id"] == "telemetry")
    assert privacy["source_kind"] == "Vendor's help or marketing page"
    assert privacy["source_date"] == "undated: the help page shows no date"

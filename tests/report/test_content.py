"""What a data-protection officer reads: short, every statement's kind said, no internal ids."""

import html as htmllib
import itertools
import json
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetguard.catalog.loader import load_catalog
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from meetguard.report.model import (
    DECLARED,
    OBSERVED,
    VENDOR,
    ReportData,
    build_report,
    scanned_places,
)
from meetguard.report.render import render
from meetguard.resources import catalog_dir
from tests.fakehost import FakeLinux
from tests.reportdata import NOW, SEVEN_APPS, seven_app_report

PAGE_BUDGET = 8


@pytest.fixture(scope="module")
def seven(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return seven_app_report(tmp_path_factory.mktemp("seven"))


def _pdf_pages(pdf: bytes, folder: Path) -> list[str]:
    path = folder / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def _visible(html: str) -> str:
    """The text a reader sees: no tags, no attributes, entities decoded."""
    body = html[html.index("<body>") :]
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", body))


def _rendered(data: ReportData, folder: Path) -> Iterator[tuple[str, str]]:
    yield "html", _visible(render(data, "html").decode("utf-8"))
    yield "md", re.sub(r"[*\\]", "", render(data, "md").decode("utf-8"))
    yield "pdf", "\n".join(_pdf_pages(render(data, "pdf"), folder))


def test_the_seven_app_computer_fits_the_page_budget(seven: ReportData, tmp_path: Path) -> None:
    pages = _pdf_pages(render(seven, "pdf"), tmp_path)
    assert len(pages) <= PAGE_BUDGET, len(pages)
    summary = pages[0]
    assert "Summary" in summary and "What MeetGuard looked at" in summary
    assert all(c.name in summary for c in seven.clients)
    # The summary is one page: the first app starts the second.
    assert seven.clients[0].name in pages[1].split("\n", 3)[0] + pages[1][:400]
    for n, page in enumerate(pages, 1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert len(lines) > 5, f"page {n} holds only {len(lines)} lines"


def test_no_section_repeats_another(seven: ReportData) -> None:
    html = render(seven, "html").decode("utf-8")
    assert "Open actions" not in html and "Points lost" not in html
    for reason in {r for c in seven.clients for r in c.grade_reasons}:
        assert reason not in html
    headings = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html)
    per_app = [h for h in headings if not h.startswith(("Appendix", "Summary"))]
    assert len(headings) == len(set(headings)) + len(per_app) - len(set(per_app))


def test_every_statement_kind_is_labelled_in_every_format(
    seven: ReportData, tmp_path: Path
) -> None:
    for fmt, text in _rendered(seven, tmp_path):
        words = " ".join(text.split())
        for label in (OBSERVED, DECLARED, VENDOR):
            assert label in words, (fmt, label)
        for right in (r for c in seven.clients for r in c.rights):
            assert right.source.kind_label in words, (fmt, right.source.kind_label)
        assert "primary source" in words, fmt
    data = json.loads(render(seven, "json"))
    kinds = data["statement_kinds"]
    assert {k: v["label"] for k, v in kinds.items()} == {
        "observed": OBSERVED,
        "declared": DECLARED,
        "vendor": VENDOR,
    }
    assert "ledger" in kinds["declared"]["fields"] and "rights" in kinds["vendor"]["fields"]
    right = data["clients"][0]["rights"][0]
    assert right["document_kind"] and right["source_kind"] in ("primary", "secondary")
    assert right["document_date"] and right["retrieved"]


def test_counts_per_app_include_skipped_and_not_applicable(
    seven: ReportData, tmp_path: Path
) -> None:
    total = seven.counts
    assert total.skipped and total.not_applicable and total.done and total.open
    summary = _pdf_pages(render(seven, "pdf"), tmp_path)[0]
    for c in seven.clients:
        k = c.counts
        row = next(line for line in summary.splitlines() if line.strip().startswith(c.name))
        assert row.split()[-4:] == [str(k.done), str(k.not_applicable), str(k.skipped), str(k.open)]
    md = render(seven, "md").decode("utf-8")
    assert "| Done | Not applicable | Skipped | Open |" in md
    data = json.loads(render(seven, "json"))
    assert data["summary"]["counts"]["skipped"] == total.skipped
    assert sum(c["counts"]["skipped"] for c in data["clients"]) == total.skipped


def test_times_are_local_with_their_utc_offset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/St_Johns")
    time.tzset()
    try:
        data = seven_app_report(tmp_path)
    finally:
        monkeypatch.undo()
        time.tzset()
    # 12:00 UTC on 2 December is 08:30 in Newfoundland, three and a half hours behind.
    assert data.generated_at == "2026-12-02 08:30 UTC-03:30"
    assert data.generated_iso == "2026-12-02T08:30:00-03:30"
    marked = [s.marked_at for c in data.clients for s in c.steps if s.marked_at]
    assert marked and set(marked) == {"2026-12-02 08:30 UTC-03:30"}
    assert {r.when for r in data.ledger} == {"2026-12-02 08:30 UTC-03:30"}
    text = render(data, "md").decode("utf-8")
    assert "Made 2026-12-02 08:30 UTC-03:30" in text and " UTC\n" not in text


def _ids(data: ReportData) -> set[str]:
    catalog = load_catalog(catalog_dir()).catalog
    ids = {"not-applicable", "re-check", "not_applicable", "content_licence", "ai_training"}
    ids |= {"third_party_ai", "service_data", "advertising_sale", "notetaker"}
    for client_id in SEVEN_APPS:
        client = catalog.get(client_id)
        assert client is not None
        ids |= {s.id for s in client.checklist if "-" in s.id}
        ids |= {d.id for d in client.documents if "-" in d.id}
        ids |= {client.id} if "-" in client.id else set()
    # An id that is also part of a cited address (a page called privacy-policy) is no leak.
    return {i for i in ids if not any(i in s.url for s in data.sources)}


def test_no_internal_id_in_any_rendered_format(seven: ReportData, tmp_path: Path) -> None:
    ids = _ids(seven)
    assert "ai-companion-meeting-summary" in ids
    for fmt, text in _rendered(seven, tmp_path):
        for found in ids:
            assert not re.search(rf"(?<![\w/.-]){re.escape(found)}(?![\w-])", text), (fmt, found)
    data = json.loads(render(seven, "json"))
    step = data["clients"][0]["steps"][0]
    assert step["id"] and step["state"] and step["state_label"] and step["feature"]
    entry = data["ledger"][0]
    assert entry["step_id"] in ids | {entry["step_id"]} and entry["step"] != entry["step_id"]
    assert entry["state"] in ("Done", "Not applicable", "Skipped")


def test_a_computer_with_no_apps_says_what_was_looked_at(tmp_path: Path) -> None:
    catalog = load_catalog(catalog_dir()).catalog
    FakeLinux(tmp_path / "root").desktop("/usr/share/applications/x.desktop", "Editor", "ed")
    result = scan(Host.at_root(tmp_path / "root", "linux"), catalog)
    data = build_report(catalog, result, {}, [], {}, NOW)
    assert "desktop entries" in scanned_places("linux")
    for fmt, text in _rendered(data, tmp_path):
        words = " ".join(text.split())
        assert "Nothing found: none of the" in words, fmt
        assert ", ".join(scanned_places("linux")) in words, fmt
        assert "1 file read" in words and "Every place could be read" in words, fmt
        assert "every checklist step is marked" not in words and "every step" not in words, fmt
    assert len(_pdf_pages(render(data, "pdf"), tmp_path)) <= 2


def test_a_place_that_could_not_be_read_is_named_in_the_summary(tmp_path: Path) -> None:
    catalog = load_catalog(catalog_dir()).catalog
    fake = FakeLinux(tmp_path / "root")
    fake.zoom_deb()
    status = tmp_path / "root/var/lib/dpkg/status"
    status.unlink()
    status.mkdir()
    result = scan(Host.at_root(tmp_path / "root", "linux"), catalog)
    assert result.warnings
    data = build_report(catalog, result, {}, [], {}, NOW)
    summary = _pdf_pages(render(data, "pdf"), tmp_path)[0]
    assert "could not be read" in summary and "/var/lib/dpkg/status" in summary


def test_a_stored_terms_check_shows_on_its_right_and_a_missing_quote_is_flagged(
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    from meetguard.report.html import render_html
    from meetguard.report.md import render_markdown
    from meetguard.terms.model import QuoteCheck

    catalog = load_catalog(catalog_dir()).catalog
    FakeLinux(tmp_path / "root").zoom_deb()
    result = scan(Host.at_root(tmp_path / "root", "linux"), catalog)
    zoom = catalog.get("zoom")
    assert zoom is not None
    first, second = zoom.rights[:2]
    found = QuoteCheck(
        "zoom",
        first.topic,
        first.applies_to,
        first.document.id,
        first.quote,
        "found",
        NOW,
        "vendor",
        first.document.url,
    )
    missing = replace(
        found,
        topic=second.topic,
        applies_to=second.applies_to,
        document_id=second.document.id,
        quote=second.quote,
        status="not_found",
    )
    stale = replace(found, topic=second.topic, quote="a quote the catalog no longer cites")
    checks = {c.key: c for c in (found, missing)}
    data = build_report(catalog, result, {}, [], {}, NOW, terms_checks=checks)
    rows = data.clients[0].rights
    assert rows[0].terms_check == found.label and not rows[0].terms_flagged
    assert rows[1].terms_check == missing.label and rows[1].terms_flagged
    assert all(not r.terms_check for r in rows[2:])
    html, text = render_html(data), render_markdown(data)
    assert f'<span class="warn">Terms check: {missing.label}</span>' in html
    assert f"Terms check: {htmllib.escape(found.label)}" in html and "**Terms check: " in text
    data = build_report(catalog, result, {}, [], {}, NOW, terms_checks={stale.key: stale})
    assert not data.clients[0].rights[1].terms_check


def test_other_capturing_extensions_are_named_in_the_summary(tmp_path: Path) -> None:
    from tests.browserfake import RECORDER, Ext, chromium_profile

    catalog = load_catalog(catalog_dir()).catalog
    fake = FakeLinux(tmp_path / "root")
    fake.zoom_deb()
    chromium_profile(
        fake.home / ".config" / "google-chrome",
        "Profile 1",
        [Ext(RECORDER, "0.9", "Screen Recorder", permissions=["tabCapture", "storage"])],
        "Work",
    )
    result = scan(Host.at_root(tmp_path / "root", "linux"), catalog)
    data = build_report(catalog, result, {}, [], {}, NOW, redact=True)
    assert [e.name for e in data.extensions] == ["Screen Recorder"]
    assert "alice" not in data.extensions[0].location
    for fmt, text in _rendered(data, tmp_path):
        words = " ".join(text.split())
        assert "Other browser extensions that can capture meetings" in words, fmt
        assert "Screen Recorder 0.9" in words and "tabCapture" in words, fmt
        assert "browser extensions" in words.split("Places:")[1][:200], fmt
    extensions = json.loads(render(data, "json"))["extensions"]
    assert extensions[0]["extension_id"] == RECORDER and extensions[0]["capture"] == ["tabCapture"]


def test_html_is_accessible_and_printable(seven: ReportData) -> None:
    html = render(seven, "html").decode("utf-8")
    assert '<html lang="en">' in html
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    headers = re.findall(r"<th\b[^>]*>", html)
    assert headers and all("scope=" in th for th in headers)
    for rule in (
        "@page{size:A4",
        "print-color-adjust:exact",
        "break-after:avoid",
        'a[href^="https://"]::after{content:" <" attr(href) ">"',
    ):
        assert rule in html, rule


def test_a_steps_source_link_is_named_by_its_host(tmp_path: Path) -> None:
    """The HTML step cell names where the advice was read by host, not by the whole address."""
    from tests.reportdata import sample_report

    body = render(sample_report(tmp_path), "html").decode("utf-8")
    links = re.findall(r'<a href="https://meet\.example\.com/help/ai">([^<]+)</a>', body)
    assert links and all(text.endswith(": meet.example.com") for text in links), links


def test_an_app_the_user_added_is_in_every_format_with_its_marks(tmp_path: Path) -> None:
    """An app added as "used in a browser" is on the home view and in the walk; the report
    shows it too, with its marks, and says the user declared it (the scan found nothing)."""
    import jsonschema

    from meetguard.resources import resource_dir
    from meetguard.services import Services

    FakeLinux(tmp_path / "root").zoom_deb()
    host = Host.at_root(tmp_path / "root", "linux")
    services = Services.open(catalog_dir(), tmp_path / "store.sqlite3", host)
    meet = services.clients("google-meet")[0]
    services.add_app(meet)
    inspection = services.inspect()
    checklist = services.checklist(meet, inspection)
    services.mark(checklist, checklist.rows[0].step.id, "done", "")
    data = services.report(inspection, now=NOW)
    by_id = {c.id: c for c in data.clients}
    assert "google-meet" in by_id and "zoom" in by_id, sorted(by_id)
    added = by_id["google-meet"]
    assert added.added and not added.installations and added.counts.done == 1
    for fmt, text in _rendered(data, tmp_path):
        words = " ".join(text.split())
        assert "Found 1 of the" in words, fmt  # the scan found Zoom; Google Meet is declared
        assert "Google Meet" in words and "You said you use it in a browser" in words, fmt
        assert re.search(re.escape(DECLARED) + r"\]? You said you use it in a browser", words), fmt
    body = json.loads(render(data, "json"))
    schema = json.loads((resource_dir() / "report-schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(body, schema)
    client = next(c for c in body["clients"] if c["id"] == "google-meet")
    assert client["added"] is True and client["installations"] == []
    assert client["counts"]["done"] == 1


def test_a_mark_on_an_unreviewed_app_is_named_in_words_in_the_ledger(tmp_path: Path) -> None:
    """The home view and the walk give an app the catalog does not know (qTox) general steps
    the user can mark; the ledger names that app and step as the window did, not by id."""
    from meetguard.services import Services

    FakeLinux(tmp_path / "root").busy_desktop()
    host = Host.at_root(tmp_path / "root", "linux")
    services = Services.open(catalog_dir(), tmp_path / "store.sqlite3", host)
    inspection = services.inspect()
    qtox = next(a for a in services.journey(inspection).apps if a.name == "qTox")
    step = qtox.checklist.rows[0].step
    services.mark(qtox.checklist, step.id, "done", "")
    data = services.report(inspection, now=NOW)
    (row,) = data.ledger
    assert (row.client, row.step) == ("qTox", step.feature)
    assert (row.client_id, row.step_id) == (qtox.key, step.id)  # the JSON keeps the ids
    for fmt, text in _rendered(data, tmp_path):
        words = re.sub(r"[\s|]+", " ", text)  # a Markdown table row reads as words too
        assert f"qTox {step.feature}" in words, fmt
        assert qtox.key not in words and step.id not in words, fmt


def test_the_summary_lists_each_category_once_found_apps_first(tmp_path: Path) -> None:
    """Catalog order is file-name order: Google Meet (added), Granola (added), Zoom (found)
    would give the summary table "Conferencing clients" twice."""
    from meetguard.services import Services

    FakeLinux(tmp_path / "root").zoom_deb()
    host = Host.at_root(tmp_path / "root", "linux")
    services = Services.open(catalog_dir(), tmp_path / "store.sqlite3", host)
    for client_id in ("granola", "google-meet"):
        services.add_app(services.clients(client_id)[0])
    data = services.report(services.inspect(), now=NOW)
    assert [c.id for c in data.clients] == ["zoom", "google-meet", "granola"]
    html = render(data, "html").decode("utf-8")
    groups = re.findall(r'<th scope="colgroup" colspan="7">([^<]+)</th>', html)
    assert groups == ["Conferencing clients", "AI note-takers and extensions"], groups

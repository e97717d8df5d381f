import datetime as dt
from dataclasses import replace

from meetguard.catalog.grading import grade, load_rubric
from meetguard.catalog.model import VERDICT_LABELS, Catalog
from meetguard.resources import rubric_path
from meetguard.ui.rights_view import rights_html

TODAY = dt.date(2026, 11, 28)


def test_every_verdict_is_written_not_only_coloured(catalog: Catalog) -> None:
    rubric = load_rubric(rubric_path())
    for client in catalog.clients:
        for account in client.account_types:
            html = rights_html(client, account, TODAY, grade(client, account, rubric), 180)
            for right in client.rights_for(account):
                assert VERDICT_LABELS[right.verdict] in html, (client.id, right.topic)
                assert right.document.url.replace("&", "&amp;") in html


def test_unverified_claims_are_marked(catalog: Catalog) -> None:
    zoom = catalog.get("zoom")
    assert zoom is not None
    html = rights_html(zoom, "all", TODAY, None, 180)
    assert "Unverified" not in html.split("<h3>Timeline")[0]
    doubtful = replace(zoom, rights=(replace(zoom.rights[0], verified=False), *zoom.rights[1:]))
    assert "Unverified" in rights_html(doubtful, "all", TODAY, None, 180)
    assert "(unverified)" in html.split("<h3>Timeline")[1]  # the blog post is only reproduced


def test_stale_review_and_retired_client_are_prominent(catalog: Catalog) -> None:
    zoom, skype = catalog.get("zoom"), catalog.get("skype")
    assert zoom is not None and skype is not None
    old = TODAY + dt.timedelta(days=200)
    assert "older than 180 days" in rights_html(zoom, "all", old, None, 180)
    assert "older than 180 days" not in rights_html(zoom, "all", TODAY, None, 180)
    html = rights_html(skype, skype.account_types[0], TODAY, None, 180)
    assert "Retired since 2025-05-05" in html and "Uninstall" in html


def test_grade_and_reasons_shown(catalog: Catalog) -> None:
    zoom = catalog.get("zoom")
    assert zoom is not None
    g = grade(zoom, "all", load_rubric(rubric_path()))
    assert g is not None
    html = rights_html(zoom, "all", TODAY, g, 180)
    assert f"Grade {g.letter}" in html and g.rubric_version in html
    assert all(r.text in html for r in g.reasons)


def test_dark_palette_gets_readable_grade_colours(qtbot, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    from meetguard.services import Services
    from meetguard.ui.rights_view import GRADE_COLOURS_DARK, RightsPanel

    panel = RightsPanel(Services.open())
    qtbot.addWidget(panel)
    palette = panel.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    panel.setPalette(palette)
    zoom = catalog.get("zoom")
    assert zoom is not None
    panel.show_client(zoom)
    letter = panel.services.grade(zoom)
    assert letter is not None and letter.letter is not None
    assert GRADE_COLOURS_DARK[letter.letter] in panel.browser.toHtml().lower()


def test_stale_exactly_after_the_threshold(catalog: Catalog) -> None:
    zoom = catalog.get("zoom")
    assert zoom is not None
    limit = zoom.reviewed + dt.timedelta(days=180)
    assert "older than 180 days" not in rights_html(zoom, "all", limit, None, 180)
    later = limit + dt.timedelta(days=1)
    assert "older than 180 days" in rights_html(zoom, "all", later, None, 180)


def test_source_kind_and_undated_are_written(catalog: Catalog) -> None:
    zoom, mumble = catalog.get("zoom"), catalog.get("mumble")
    assert zoom is not None and mumble is not None
    html = rights_html(zoom, "all", TODAY, None, 180)
    assert "(Vendor's binding terms), effective 2023-08-11, read 2026-11-28" in html.replace(
        "&#x27;", "'"
    )
    rights_table, timeline = html.replace("&#x27;", "'").split("Timeline")
    # Only the third-party-AI right rests on an undated page (Zoom's help article); the
    # terms and the privacy statement carry their dates.
    assert rights_table.count("undated") == 1
    assert "(Vendor's help or marketing page), undated: the help page shows no date" in rights_table
    assert "(Vendor's binding terms, effective 2023-03-31, read 2026-11-28)" in timeline
    assert "(Vendor's help or marketing page, undated: not read on blog.zoom.us" in timeline
    html = rights_html(mumble, "all", TODAY, None, 180)
    assert "Vendor's help or marketing page" in html.replace("&#x27;", "'")
    assert "undated: A repository README has no date of its own" in html


def test_not_enough_evidence_replaces_the_letter(catalog: Catalog) -> None:
    ringcentral = catalog.get("ringcentral")
    assert ringcentral is not None
    g = grade(ringcentral, "all", load_rubric(rubric_path()))
    assert g is not None and g.letter is None
    html = rights_html(ringcentral, "all", TODAY, g, 180)
    assert "Not enough evidence" in html and "Grade " not in html
    assert "No verified statement on: Licence over your content" in html

import datetime as dt
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.catalog.loader import CatalogError, load_catalog, validate_catalog
from meetguard.catalog.model import TOPICS
from meetguard.resources import catalog_dir

# The day the catalog was last checked against; never the wall clock, which may be behind.
TODAY = dt.date(2026, 12, 1)


def _copy_zoom(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(catalog_dir() / "zoom.toml", folder / "zoom.toml")
    return folder


def test_shipped_catalog_is_valid() -> None:
    problems = validate_catalog(catalog_dir(), today=TODAY)
    assert problems == [], "\n".join(map(str, problems))


def test_zoom_has_every_topic_with_sources() -> None:
    zoom = load_catalog(catalog_dir()).catalog.get("zoom")
    assert zoom is not None
    assert {r.topic for r in zoom.rights} == set(TOPICS)
    for right in zoom.rights:
        assert right.document.url.startswith("https://")
        assert right.verified is False or right.quote
    licence = next(r for r in zoom.rights if r.topic == "content_licence")
    assert "perpetual" in licence.quote and "Permitted Uses" in licence.quote
    assert zoom.history[0].date == dt.date(2023, 3, 31)
    assert dt.date(2023, 8, 11) in {h.date for h in zoom.history}
    assert len(zoom.checklist) >= 2


def test_errors_name_file_entry_and_field(tmp_path: Path) -> None:
    folder = _copy_zoom(tmp_path)
    text = (folder / "zoom.toml").read_text()
    text = text.replace('verdict = "broad"', 'verdict = "terrible"', 1)
    text = text.replace('url = "https://zoom.us/terms"', 'url = "http://zoom.us/terms"', 1)
    (folder / "zoom.toml").write_text(text)
    errors = validate_catalog(folder, today=TODAY)
    messages = [str(e) for e in errors]
    assert any("zoom.toml" in m and "rights[3]" in m and "verdict" in m for m in messages)
    assert any("documents[0]" in m and "'url'" in m and "https" in m for m in messages)


def test_future_date_unknown_document_and_missing_quote(tmp_path: Path) -> None:
    folder = _copy_zoom(tmp_path)
    text = (folder / "zoom.toml").read_text()
    text = text.replace("reviewed = 2026-12-01", f"reviewed = {TODAY + dt.timedelta(3)}")
    text = text.replace('document = "privacy"', 'document = "nope"', 1)
    text = text.replace(
        'quote = "Zoom owns all rights, title, and interest in and to Service Generated Data."',
        'quote = ""',
    )
    (folder / "zoom.toml").write_text(text)
    messages = [str(e) for e in validate_catalog(folder, today=TODAY)]
    assert any("'reviewed'" in m and "future" in m for m in messages)
    assert any("unknown document id 'nope'" in m for m in messages)
    assert any("needs the exact quote" in m for m in messages)


def test_a_document_read_after_the_review_date_is_an_author_error(tmp_path: Path) -> None:
    folder = _copy_zoom(tmp_path)
    text = (folder / "zoom.toml").read_text()
    zoom = load_catalog(folder).catalog.get("zoom")
    assert zoom is not None
    earlier = zoom.reviewed - dt.timedelta(1)
    text = text.replace(f"reviewed = {zoom.reviewed}", f"reviewed = {earlier}", 1)
    (folder / "zoom.toml").write_text(text)
    messages = [str(e) for e in validate_catalog(folder, today=TODAY)]
    late = [m for m in messages if "is after the client's 'reviewed'" in m]
    assert late and all("documents[" in m and "'retrieved'" in m for m in late)
    assert load_catalog(folder).catalog.get("zoom") is not None  # a rule for authors only


def test_broken_file_is_skipped_and_the_rest_loads(tmp_path: Path) -> None:
    folder = _copy_zoom(tmp_path)
    (folder / "broken.toml").write_text("schema = 1\n[client\n")
    result = load_catalog(folder)
    assert [c.id for c in result.catalog.clients] == ["zoom"]
    assert any("broken.toml" in w and "not valid TOML" in w for w in result.catalog.warnings)


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    folder = _copy_zoom(tmp_path)
    text = (folder / "zoom.toml").read_text()
    text = text.replace('id = "consent-settings"', 'id = "ai-companion-meeting-summary"')
    (folder / "zoom.toml").write_text(text)
    assert any("duplicate step id" in str(e) for e in validate_catalog(folder, today=TODAY))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_loader_fuzz_only_reports_catalog_errors(tmp_path_factory, blob: bytes) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "fuzz.toml").write_bytes(blob)
    result = load_catalog(folder)
    assert result.catalog.clients == ()
    assert all(isinstance(e, CatalogError) for e in result.errors)


def test_document_kind_and_dates_are_checked(tmp_path: Path) -> None:
    folder = _copy_zoom(tmp_path)
    text = (folder / "zoom.toml").read_text()
    text = text.replace('kind = "terms"\n', 'kind = "blog"\n', 1)
    text = text.replace("last_updated = 2024-08-02\n", "", 1)
    (folder / "zoom.toml").write_text(text)
    messages = [str(e) for e in validate_catalog(folder, today=TODAY)]
    assert any("documents[0]" in m and "'kind'" in m and "'blog'" in m for m in messages)
    assert any("documents[1]" in m and "'undated_reason'" in m for m in messages)


def test_undated_document_needs_a_reason_and_dated_one_none(tmp_path: Path) -> None:
    folder = _copy_zoom(tmp_path)
    text = (folder / "zoom.toml").read_text()
    reasoned = text.replace(
        "last_updated = 2024-08-02\n", 'undated_reason = "The copy read shows no date."\n', 1
    )
    (folder / "zoom.toml").write_text(reasoned)
    assert validate_catalog(folder, today=TODAY) == []
    privacy = load_catalog(folder).catalog.clients[0].documents[1]
    assert privacy.date_text == "undated: The copy read shows no date"
    both = text.replace(
        "effective = 2023-08-11\n", 'effective = 2023-08-11\nundated_reason = "x"\n'
    )
    (folder / "zoom.toml").write_text(both)
    messages = [str(e) for e in validate_catalog(folder, today=TODAY)]
    assert any("documents[0]" in m and "has a date" in m for m in messages)


def test_verified_right_cannot_rest_on_a_secondary_source(tmp_path: Path) -> None:
    folder = _copy_zoom(tmp_path)
    text = (folder / "zoom.toml").read_text()
    (folder / "zoom.toml").write_text(text.replace('kind = "privacy"', 'kind = "secondary"', 1))
    errors = validate_catalog(folder, today=TODAY)
    # Zoom cites the privacy statement in two verified rights: rights[4] and [5].
    assert {e.entry for e in errors if e.field == "verified"} == {"rights[4]", "rights[5]"}
    assert all("secondary source" in e.message for e in errors)


def test_every_shipped_document_has_a_kind_and_a_date_or_reason() -> None:
    for client in load_catalog(catalog_dir()).catalog.clients:
        for doc in client.documents:
            assert doc.effective or doc.last_updated or doc.undated_reason, (client.id, doc.id)
        for right in client.rights:
            assert not (right.verified and right.document.kind == "secondary"), client.id


def test_a_licence_verdict_needs_the_binding_terms(tmp_path: Path) -> None:
    folder = _copy_zoom(tmp_path)
    text = (folder / "zoom.toml").read_text()
    (folder / "zoom.toml").write_text(text.replace('kind = "terms"', 'kind = "help"', 1))
    errors = validate_catalog(folder)
    assert [(e.entry, e.field) for e in errors] == [("rights[0]", "verdict")]
    assert "needs the binding terms" in errors[0].message

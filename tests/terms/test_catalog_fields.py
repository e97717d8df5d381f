"""`[[documents]] check_url` and `check_source`: where "Check terms now" reads a document."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from meetguard.catalog.loader import load_catalog, validate_catalog
from meetguard.resources import catalog_dir

ZOOM_TOS = 'url = "https://zoom.us/terms"\n'


def _zoom_with(tmp_path: Path, lines: str) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(catalog_dir() / "zoom.toml", folder / "zoom.toml")
    shipped = (folder / "zoom.toml").read_text().splitlines(keepends=True)
    text = "".join(line for line in shipped if not line.startswith(("check_url", "check_source")))
    assert ZOOM_TOS in text
    (folder / "zoom.toml").write_text(text.replace(ZOOM_TOS, ZOOM_TOS + lines, 1))
    return folder


def test_a_check_url_and_its_source_are_loaded(tmp_path: Path) -> None:
    folder = _zoom_with(
        tmp_path, 'check_url = "http://127.0.0.1:8080/zoom.md"\ncheck_source = "archive"\n'
    )
    assert validate_catalog(folder) == []
    zoom = load_catalog(folder).catalog.get("zoom")
    assert zoom is not None
    tos = zoom.documents[0]
    assert (tos.fetch_url, tos.check_source) == ("http://127.0.0.1:8080/zoom.md", "archive")
    assert zoom.documents[1].fetch_url == zoom.documents[1].url


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ('check_url = "http://example.org/t"\ncheck_source = "archive"\n', "not an https://"),
        ('check_url = "https://example.org/t"\n', "field 'check_source': is missing"),
        ('check_url = "https://example.org/t"\ncheck_source = "mirror"\n', "not one of"),
    ],
)
def test_bad_check_fields_are_named(tmp_path: Path, lines: str, message: str) -> None:
    problems = [str(p) for p in validate_catalog(_zoom_with(tmp_path, lines))]
    assert any("documents[0]" in p and message in p for p in problems), problems


def test_shipped_archive_copies_are_open_terms_archive_markdown() -> None:
    catalog = load_catalog(catalog_dir()).catalog
    archived = [d for c in catalog.clients for d in c.documents if d.check_source == "archive"]
    assert len(archived) >= 15
    for doc in archived:
        assert doc.check_url.startswith("https://raw.githubusercontent.com/OpenTermsArchive/")
        assert "-versions/main/" in doc.check_url and doc.check_url.endswith(".md"), doc

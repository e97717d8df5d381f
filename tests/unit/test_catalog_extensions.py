"""The catalog's `category` and `[detect.extensions]` fields, as the loader validates them."""

from pathlib import Path

import pytest

from meetguard.catalog.loader import load_catalog
from meetguard.catalog.model import CATEGORIES
from meetguard.resources import catalog_dir

CHROME_ID = "bnmojkbbkkonlmlfgejehefjldooiedp"


def _catalog_with(tmp_path: Path, client_table: str = "", detect: str = "") -> Path:
    """A one-client catalog: Otter's shipped file with extra `[client]` lines and detect tables."""
    folder = tmp_path / "catalog"
    folder.mkdir(parents=True, exist_ok=True)
    text = (catalog_dir() / "otter.toml").read_text(encoding="utf-8")
    # Drop the shipped category too, so the test decides it.
    text = "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith("category =")
    )
    text = text.replace('[client]\nid = "otter"\n', f'[client]\nid = "otter"\n{client_table}', 1)
    # Drop any detect tables the shipped file has, so the test decides them.
    kept = [block for block in text.split("\n[") if not block.startswith("detect")]
    (folder / "otter.toml").write_text("\n[".join(kept) + "\n" + detect, encoding="utf-8")
    return folder


def _messages(folder: Path) -> list[str]:
    return [str(e) for e in load_catalog(folder).errors]


def test_category_defaults_to_meeting_and_takes_each_allowed_value(tmp_path: Path) -> None:
    catalog = load_catalog(_catalog_with(tmp_path)).catalog
    assert [c.category for c in catalog.clients] == ["meeting"]
    for category in CATEGORIES:
        folder = _catalog_with(tmp_path / category, f'category = "{category}"\n')
        loaded = load_catalog(folder)
        assert loaded.errors == ()
        assert loaded.catalog.clients[0].category == category


def test_unknown_category_is_named(tmp_path: Path) -> None:
    messages = _messages(_catalog_with(tmp_path, 'category = "recorder"\n'))
    assert any(
        "otter.toml" in m and "client" in m and "'category'" in m and "'recorder'" in m
        for m in messages
    ), messages


def test_extension_ids_load_per_store(tmp_path: Path) -> None:
    detect = (
        "[detect.extensions]\n"
        f'chromium = ["{CHROME_ID}"]\n'
        'edge = ["ldihbakgcndcoojkibjniljbadkanaic"]\n'
        'firefox = ["notes@example.com", "{12345678-90ab-cdef-1234-567890abcdef}", "@bare"]\n'
    )
    loaded = load_catalog(_catalog_with(tmp_path, detect=detect))
    assert loaded.errors == ()
    ext = loaded.catalog.clients[0].extensions
    assert ext.chromium == (CHROME_ID,)
    assert ext.edge == ("ldihbakgcndcoojkibjniljbadkanaic",)
    assert ext.firefox == ("notes@example.com", "{12345678-90ab-cdef-1234-567890abcdef}", "@bare")
    assert bool(ext)


@pytest.mark.parametrize(
    ("store", "bad"),
    [
        ("chromium", "bnmojkbbkkonlmlfgejehefjldooied"),  # 31 letters
        ("chromium", "bnmojkbbkkonlmlfgejehefjldooiedq"),  # q is outside a-p
        ("chromium", "BNMOJKBBKKONLMLFGEJEHEFJLDOOIEDP"),  # the id is lower case
        ("edge", "Otter.ai"),
        ("firefox", "otter"),
        ("firefox", "{1234-5678}"),
        ("firefox", "a@b c"),
    ],
)
def test_malformed_extension_ids_are_named(tmp_path: Path, store: str, bad: str) -> None:
    detect = f'[detect.extensions]\n{store} = ["{bad}"]\n'
    messages = _messages(_catalog_with(tmp_path, detect=detect))
    assert any(
        "detect.extensions" in m and f"'{store}'" in m and f"'{bad}'" in m for m in messages
    ), messages


def test_unknown_store_and_wrong_type_are_named(tmp_path: Path) -> None:
    detect = f'[detect.extensions]\nsafari = ["x"]\nchromium = "{CHROME_ID}"\n'
    messages = _messages(_catalog_with(tmp_path, detect=detect))
    assert any("'safari'" in m and "not a known field" in m for m in messages), messages
    assert any("'chromium'" in m and "list of text" in m for m in messages), messages


def test_extensions_beside_platform_footprints(tmp_path: Path) -> None:
    detect = (
        f'[detect.extensions]\nchromium = ["{CHROME_ID}"]\n'
        '[detect.macos]\nbundle_ids = ["com.otterai.desktop"]\n'
    )
    loaded = load_catalog(_catalog_with(tmp_path, detect=detect))
    assert loaded.errors == ()
    client = loaded.catalog.clients[0]
    assert client.footprints("macos").bundle_ids == ("com.otterai.desktop",)
    assert "extensions" not in client.detect


def test_an_extension_id_belongs_to_one_client(tmp_path: Path) -> None:
    detect = f'[detect.extensions]\nchromium = ["{CHROME_ID}", "{CHROME_ID}"]\n'
    assert any("lists an id twice" in m for m in _messages(_catalog_with(tmp_path, detect=detect)))
    folder = _catalog_with(
        tmp_path / "two", detect=f'[detect.extensions]\nchromium = ["{CHROME_ID}"]\n'
    )
    other = (
        (folder / "otter.toml")
        .read_text(encoding="utf-8")
        .replace('id = "otter"', 'id = "otter2"', 1)
    )
    (folder / "otter2.toml").write_text(other, encoding="utf-8")
    loaded = load_catalog(folder)
    assert [c.id for c in loaded.catalog.clients] == ["otter"]
    assert any(
        "otter2.toml" in str(e) and CHROME_ID in str(e) and "also in otter.toml" in str(e)
        for e in loaded.errors
    ), loaded.errors

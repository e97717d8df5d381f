"""The parsed catalog kept under the cache folder: the same catalog and the same problems as
parsing the TOML, whatever the cache holds."""

import datetime as dt
import math
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard import paths
from meetguard.catalog import cache as cache_module
from meetguard.catalog.cache import ParseCache
from meetguard.catalog.loader import LoadResult, load_catalog
from meetguard.host import Host
from meetguard.resources import catalog_dir
from meetguard.services import Services


def copied_catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), folder)
    return folder


def cache_file(folder: Path) -> Path:
    (file,) = folder.iterdir()
    return file


def seen(result: LoadResult) -> tuple[object, ...]:
    """What a load gives: the catalog, and each problem by file, entry, field and message
    (problems are exceptions, which compare by identity)."""
    problems = [(e.file, e.entry, e.field, e.message) for e in result.errors]
    return result.catalog, problems


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_text: str) -> object:
        raise AssertionError("parsed the TOML")

    monkeypatch.setattr(tomli, "loads", refuse)


def test_a_cached_load_is_the_toml_load_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold = seen(load_catalog(catalog_dir()))
    assert seen(load_catalog(catalog_dir(), cache_dir=cache)) == cold
    no_parsing(monkeypatch)
    assert seen(load_catalog(catalog_dir(), cache_dir=cache)) == cold
    assert cold[0].clients and cold[1] == []  # type: ignore[attr-defined]


def test_any_change_of_a_file_is_read_from_its_toml(tmp_path: Path) -> None:
    folder = copied_catalog(tmp_path)
    cache = tmp_path / "cache"
    load_catalog(folder, cache_dir=cache)
    zoom = folder / "zoom.toml"
    before = zoom.stat()
    text = zoom.read_bytes()
    changed = text.replace(b'name = "Zoom Workplace"', b'name = "Zoom Workplaxe"', 1)
    assert changed != text and len(changed) == len(text)
    zoom.write_bytes(changed)
    os.utime(zoom, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time
    result = load_catalog(folder, cache_dir=cache)
    assert seen(result) == seen(load_catalog(folder))
    client = result.catalog.get("zoom")
    assert client is not None and client.name == "Zoom Workplaxe"


def test_a_file_removed_or_broken_is_as_without_a_cache(tmp_path: Path) -> None:
    folder = copied_catalog(tmp_path)
    cache = tmp_path / "cache"
    load_catalog(folder, cache_dir=cache)
    (folder / "slack.toml").unlink()
    (folder / "zoom.toml").write_text("[client\nid = 'zoom'\n", encoding="utf-8")
    result = load_catalog(folder, cache_dir=cache)
    assert seen(result) == seen(load_catalog(folder))
    assert [e.file for e in result.errors] == ["zoom.toml"]


def with_zoom_record(real: bytes, file: Path, tree_json: bytes) -> bytes:
    """The cache `real` with zoom.toml's record holding `tree_json` (its digest kept)."""
    file.write_bytes(real)
    records = cache_module._read(file)
    records["zoom.toml"] = (records["zoom.toml"][0], tree_json)
    rewritten = ParseCache(file, {})
    rewritten.used, rewritten.changed = records, True
    rewritten.save()
    return file.read_bytes()


DATE_TAG = b'"\\u0000date":'
DAMAGE: dict[str, Callable[[bytes, Path], bytes]] = {
    "truncated": lambda real, _file: real[: len(real) // 2],
    "empty": lambda _real, _file: b"",
    "not this format": lambda real, _file: b"MeetGuard parsed catalog 99" + real[27:],
    "garbage": lambda _real, _file: b"\x00\xff garbage",
    "a record's size": lambda real, _file: real.replace(b"\t", b"\t9", 2),
    "a record's name": lambda real, _file: real.replace(b'"zoom.toml"', b"zoom.toml", 1),
    "not UTF-8": lambda real, _file: real.replace(b'"zoom.toml"', b'"zoom\xff.toml"', 1),
    "a date's text": lambda real, _file: real.replace(
        b'"\\u0000date":"20', b'"\\u0000date":"x0', 1
    ),
    "a tree not a table": lambda real, file: with_zoom_record(real, file, b"1"),
    "a tree not JSON": lambda real, file: with_zoom_record(real, file, b"{\xff"),
    "a tree nested too deep": lambda real, file: with_zoom_record(real, file, b"[" * 100_000),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_is_not_used_and_is_written_anew(
    tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold = seen(load_catalog(catalog_dir()))
    load_catalog(catalog_dir(), cache_dir=cache)
    file = cache_file(cache)
    real = file.read_bytes()
    broken = DAMAGE[damage](real, file)
    assert broken != real
    file.write_bytes(broken)
    assert seen(load_catalog(catalog_dir(), cache_dir=cache)) == cold
    assert cache_file(cache).read_bytes() == real, "written anew, whole"
    no_parsing(monkeypatch)
    assert seen(load_catalog(catalog_dir(), cache_dir=cache)) == cold


def test_the_cache_is_private_and_leaves_no_part_file(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_catalog(catalog_dir(), cache_dir=cache)
    file = cache_file(cache)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert [p.name for p in cache.iterdir()] == [file.name]


def test_an_unwritable_cache_folder_changes_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("a file where the folder would be", encoding="utf-8")
    assert seen(load_catalog(catalog_dir(), cache_dir=cache)) == seen(load_catalog(catalog_dir()))


def test_the_window_and_commands_keep_it_under_the_cache_folder(tmp_path: Path) -> None:
    (tmp_path / "root" / "home" / "someone").mkdir(parents=True)
    services = Services.open(host=Host.at_root(tmp_path / "root", "linux"))
    assert services.catalog.clients
    assert cache_file(paths.cache_dir()).name.startswith("catalog-")


# TOML's values as the parser gives them (offsets fixed, in whole minutes as TOML writes
# them), nested as TOML nests them; keys that are not the cache's tags.
OFFSETS = st.integers(min_value=-23 * 60, max_value=23 * 60).map(lambda m: dt.timedelta(minutes=m))
SCALARS = (
    st.text()
    | st.integers()
    | st.floats()
    | st.booleans()
    | st.dates()
    | st.datetimes(timezones=st.none() | OFFSETS.map(dt.timezone))
    | st.times()
)
KEYS = st.text().filter(lambda key: not key.startswith("\0"))
TREES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 is not 1.0, a date not a datetime)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float) and math.isnan(a):
        return bool(math.isnan(b))
    if isinstance(a, dt.datetime | dt.time):
        return bool(a == b and a.utcoffset() == b.utcoffset())
    return bool(a == b)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, TREES, max_size=5))
def test_every_toml_tree_is_kept_and_reads_back_the_same(tmp_path_factory, tree) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("cache")
    cache = ParseCache.open(folder, folder / "catalog")
    cache.put("a.toml", b"bytes", tree)
    cache.save()
    kept = ParseCache.open(folder, folder / "catalog").get("a.toml", b"bytes")
    assert kept is not None and same(kept, tree)
    assert ParseCache.open(folder, folder / "catalog").get("a.toml", b"bytez") is None


def test_a_table_that_passes_for_a_date_is_parsed_each_time(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(catalog_dir() / "zoom.toml", folder / "zoom.toml")
    (folder / "odd.toml").write_text(
        '[client]\nid = "odd"\nwhen = { "\\u0000date" = "2024-01-01" }\nratio = nan\n',
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    cold = seen(load_catalog(folder))
    assert cold[1], "the odd client has problems to report"
    assert seen(load_catalog(folder, cache_dir=cache)) == cold
    assert seen(load_catalog(folder, cache_dir=cache)) == cold
    kept = cache_file(cache).read_text(encoding="utf-8")
    assert '"zoom.toml"' in kept and '"odd.toml"' not in kept

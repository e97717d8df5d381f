"""The loader's reading of a table: its quick way through the commonest values gives what
reading each field on its own gives, values and problems alike."""

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.catalog import spec
from meetguard.catalog.errors import CatalogError
from meetguard.catalog.loader import _Reader

VALUES = (
    st.text(max_size=12)
    | st.sampled_from(["", " ", "https://example.com/a", "http://example.com", "https://"])
    | st.booleans()
    | st.integers(-3, 3)
    | st.dates()
    | st.datetimes()
    | st.lists(st.text(max_size=6), max_size=3)
    | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
)


def field_by_field(reader: _Reader, table: spec.TableSpec) -> dict[str, Any]:
    """What `read` did before its quick way: every value through `value`."""
    reader.unknown_keys(table.names)
    for has, needed in table.needs:
        if has in reader.table and needed not in reader.table:
            reader.error(needed, "is missing")
    return {f.name: reader.value(f) for f in table.values}


def problems(errors: list[CatalogError]) -> list[tuple[str, str, str, str]]:
    return [(e.file, e.entry, e.field, e.message) for e in errors]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(spec.TABLE_SPECS)), st.data())
def test_read_is_each_field_read_alone(key: str, data: st.DataObject) -> None:
    table = spec.TABLE_SPECS[key]
    row: dict[str, Any] = {}
    for f in table.values:
        if data.draw(st.booleans(), label=f"has {f.name}"):
            allowed = st.sampled_from(f.allowed) if f.allowed else VALUES
            row[f.name] = data.draw(allowed | VALUES, label=f.name)
    if data.draw(st.booleans(), label="an unknown key"):
        row["not_a_field"] = "x"
    quick: list[CatalogError] = []
    alone: list[CatalogError] = []
    read = _Reader("a.toml", "entry", dict(row), quick).read(table)
    expected = field_by_field(_Reader("a.toml", "entry", dict(row), alone), table)
    assert read == expected
    assert [type(v) for v in read.values()] == [type(v) for v in expected.values()]
    assert problems(quick) == problems(alone)


def test_the_quick_values_are_taken_as_they_are() -> None:
    table = spec.TABLE_SPECS["documents"]
    row = {
        "id": "terms",
        "url": "https://example.com/terms",
        "kind": "terms",
        "effective": dt.date(2024, 5, 17),
        "retrieved": dt.date(2026, 12, 1),
        "title": "Terms",
    }
    errors: list[CatalogError] = []
    read = _Reader("a.toml", "documents[0]", row, errors).read(table)
    assert {k: read[k] for k in row} == row
    assert problems(errors) == []

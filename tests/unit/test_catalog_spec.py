"""One field spec: the loader reads through it, and the JSON Schema and field reference are it."""

import json
import re
import tomllib
from functools import partial
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetguard.catalog import spec
from meetguard.catalog.loader import load_catalog
from meetguard.resources import catalog_dir, resource_dir
from tests.scaling import best_cpu_seconds

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = resource_dir() / "catalog-schema.json"
DOCS = ROOT / "docs" / "catalog.md"
REGENERATE = "out of date: run .venv/bin/python scripts/catalog_schema.py"
SHIPPED = sorted(p for p in catalog_dir().glob("*.toml") if p.stem != "rubric")
VALIDATOR = jsonschema.Draft202012Validator(
    json.loads(SCHEMA_FILE.read_text(encoding="utf-8")), format_checker=jsonschema.FormatChecker()
)


def _schema_errors(text: str) -> list[str]:
    data = spec.as_json(tomllib.loads(text))
    return [e.message for e in VALIDATOR.iter_errors(data)]


def test_the_checked_in_json_schema_is_the_spec() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == spec.json_schema_text(), REGENERATE
    jsonschema.Draft202012Validator.check_schema(json.loads(spec.json_schema_text()))


def test_the_field_reference_in_the_docs_is_the_spec() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert spec.field_reference() in text, REGENERATE
    assert spec.with_reference(text) == text, REGENERATE


def test_the_reference_names_every_field_with_its_type_and_allowed_values() -> None:
    reference = spec.field_reference()
    for table in spec.TABLE_SPECS.values():
        for f in table.fields:
            assert f"| `{f.name}` |" in reference
    assert "`document` | text | required | id of the `[[documents]]` entry" in reference
    assert "one of `terms`, `privacy`, `help`, `secondary`" in reference


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_matches_the_json_schema(path: Path) -> None:
    assert _schema_errors(path.read_text(encoding="utf-8")) == []


def test_the_schema_refuses_what_the_loader_refuses() -> None:
    zoom = (catalog_dir() / "zoom.toml").read_text(encoding="utf-8")
    broken = {
        "unknown field": zoom.replace('kind = "terms"', 'kind = "terms"\nkinde = "x"', 1),
        "bad choice": zoom.replace('kind = "terms"', 'kind = "contract"', 1),
        "missing": zoom.replace('document = "step-consent-settings"\n', "", 1),
        "wrong type": zoom.replace("revision = 1", 'revision = "1"', 1),
        "datetime": zoom.replace("retrieved = 2026-11-28", "retrieved = 2026-11-28T10:00:00", 1),
        "http": zoom.replace('url = "https://zoom.us/terms"', 'url = "http://zoom.us/terms"', 1),
    }
    for what, text in broken.items():
        assert text != zoom, what
        assert _schema_errors(text), what


# A mutation of one `key = value` line of a shipped file: drop it, give it another type,
# misspell its key, or give it a value outside its allowed ones.
_LINE = re.compile(r"^([a-z_]+) = ")
_SAMPLES = ("zoom.toml", "teams.toml", "microsoft-365-copilot.toml", "element.toml")
_TEXTS = {name: (catalog_dir() / name).read_text(encoding="utf-8") for name in _SAMPLES}
_MUTATIONS = ("drop", "integer", "text", "list", "misspell", "datetime")
# Messages of the loader's per-field checks, the ones a JSON Schema can state too.
_SHAPE_WORDS = (
    "is missing",
    "must be text",
    "must be true or false",
    "must be a whole number",
    "must be a date",
    "must be a list of text",
    "must be a table",
    "must be an array of tables",
    "is not one of",
    "is not a known field",
    "is not an https:// URL",
    "is empty",
)


def _mutate(text: str, index: int, mutation: str) -> tuple[str, str]:
    lines = text.splitlines()
    candidates = [i for i, line in enumerate(lines) if _LINE.match(line)]
    i = candidates[index % len(candidates)]
    match = _LINE.match(lines[i])
    assert match is not None
    key = match.group(1)
    new = {
        "drop": [],
        "integer": [f"{key} = 42"],
        "text": [f'{key} = "not-a-known-value"'],
        "list": [f'{key} = ["^x$"]'],
        "misspell": [lines[i].replace(key, key + "x", 1)],
        "datetime": [f"{key} = 2026-01-01T00:00:00"],
    }[mutation]
    return "\n".join(lines[:i] + new + lines[i + 1 :]) + "\n", key


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(_SAMPLES),
    index=st.integers(min_value=0, max_value=10_000),
    mutation=st.sampled_from(_MUTATIONS),
)
def test_loader_and_schema_agree_on_every_field_shape(
    tmp_path_factory: pytest.TempPathFactory, name: str, index: int, mutation: str
) -> None:
    text, key = _mutate(_TEXTS[name], index, mutation)
    folder = tmp_path_factory.mktemp("catalog")
    (folder / name).write_text(text, encoding="utf-8")
    loader = [str(e) for e in load_catalog(folder).errors]
    schema = _schema_errors(text)
    # JSON has no dates: the schema sees a TOML date as its text, so only the loader can refuse
    # a date where text belongs.
    shape = [
        m
        for m in loader
        if any(w in m for w in _SHAPE_WORDS) and not m.endswith(("not date", "not datetime"))
    ]
    if schema:
        assert loader, (key, mutation, schema)
        assert all(m.startswith(f"{name}: ") for m in loader), loader
    if shape:
        assert schema, (key, mutation, shape)


def _catalog_of(steps: int) -> str:
    zoom = (catalog_dir() / "zoom.toml").read_text(encoding="utf-8")
    start = zoom.index('[[checklist]]\nid = "consent-settings"')
    step = zoom[start : zoom.index("[[checklist]]", start + 1)]
    copies = "".join(step.replace('"consent-settings"', f'"s{n}"', 1) for n in range(steps))
    return zoom + "\n" + copies


def test_loading_grows_linearly_with_the_file(tmp_path: Path) -> None:
    sizes: dict[int, float] = {}
    for steps in (100, 400):
        folder = tmp_path / str(steps)
        folder.mkdir()
        (folder / "zoom.toml").write_text(_catalog_of(steps), encoding="utf-8")
        assert not load_catalog(folder).errors
        sizes[steps] = best_cpu_seconds(partial(load_catalog, folder), repeat=3)
    assert sizes[400] < 4 * sizes[100] * 2.0, sizes

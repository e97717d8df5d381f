"""The browser-profile parsers: only ParseError on any input, and time linear in the input."""

import contextlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.inventory.browser_policy import parse_policy_json
from meetguard.inventory.browsers import (
    parse_chromium_settings,
    parse_firefox_extensions,
    parse_local_state,
    parse_manifest,
    parse_messages,
    parse_profiles_ini,
    version_key,
)
from meetguard.inventory.parsers import ParseError
from tests.scaling import best_cpu_seconds

PARSERS: list[Callable[[bytes], object]] = [
    parse_chromium_settings,
    parse_local_state,
    parse_manifest,
    parse_messages,
    parse_profiles_ini,
    parse_firefox_extensions,
    parse_policy_json,
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)
EXT_ID = st.text(alphabet="abcdefghijklmnop", min_size=32, max_size=32)


def _only_parse_errors(parse: Callable[[bytes], object], data: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse(data)


@pytest.mark.parametrize("parse", PARSERS)
@given(data=st.binary(max_size=2000))
@settings(max_examples=60)
def test_any_bytes_raise_only_parse_error(parse: Callable[[bytes], object], data: bytes) -> None:
    _only_parse_errors(parse, data)


@pytest.mark.parametrize("parse", PARSERS)
@given(value=JSON)
@settings(max_examples=60)
def test_any_json_raises_only_parse_error(parse: Callable[[bytes], object], value: Any) -> None:
    _only_parse_errors(parse, json.dumps(value).encode())


@given(settings_=st.dictionaries(EXT_ID, JSON, max_size=6))
@settings(max_examples=80)
def test_preferences_with_odd_entries(settings_: dict[str, Any]) -> None:
    data = json.dumps({"extensions": {"settings": settings_}}).encode()
    parsed = parse_chromium_settings(data)
    assert set(parsed) == {k for k, v in settings_.items() if isinstance(v, dict)}
    for ext_id, entry in parsed.items():
        raw = settings_[ext_id]
        if isinstance(raw.get("disable_reasons"), list):
            assert entry.disabled is bool(raw["disable_reasons"])


@given(
    addons=st.lists(
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "active",
                    "location",
                    "version",
                    "defaultLocale",
                    "userPermissions",
                    "userDisabled",
                ]
            ),
            JSON,
        ),
        max_size=6,
    )
)
@settings(max_examples=80)
def test_firefox_extensions_with_odd_entries(addons: list[dict[str, Any]]) -> None:
    found = parse_firefox_extensions(json.dumps({"addons": addons}).encode())
    assert len(found) == sum(
        1 for a in addons if a.get("type") == "extension" and isinstance(a.get("id"), str)
    )


@given(st.text(max_size=40))
def test_version_key_never_raises(text: str) -> None:
    assert all(isinstance(n, int) for n in version_key(text))


def test_profiles_ini_relative_and_absolute() -> None:
    data = (
        b"[General]\nVersion=2\n\n[Profile1]\nName=Work\nIsRelative=0\nPath=/home/a/work\n\n"
        b"[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/x.default-release\n"
        b"Default=1\n\n[Install4F96D1932A9F858E]\nDefault=Profiles/x.default-release\n"
    )
    profiles = parse_profiles_ini(data)
    assert [(p.name, p.path, p.relative) for p in profiles] == [
        ("Work", "/home/a/work", False),
        ("default-release", "Profiles/x.default-release", True),
    ]


def test_chromium_state_from_old_and_new_fields() -> None:
    data = json.dumps(
        {
            "extensions": {
                "settings": {
                    "a" * 32: {"disable_reasons": [], "state": 0},
                    "b" * 32: {"disable_reasons": 4},
                    "c" * 32: {"state": 0},
                    "d" * 32: {"state": 1},
                    "e" * 32: {},
                }
            }
        }
    ).encode()
    parsed = parse_chromium_settings(data)
    assert [parsed[c * 32].disabled for c in "abcde"] == [False, True, True, False, None]


def _best_time(parse: Callable[[bytes], object], data: bytes) -> float:
    return best_cpu_seconds(lambda: parse(data))


def _preferences(n: int) -> bytes:
    entry = {
        "location": 1,
        "path": "x/1.0_0",
        "disable_reasons": [],
        "active_permissions": {"api": ["storage", "tabs"]},
        "manifest": {"name": "n", "version": "1.0", "permissions": ["storage"]},
    }
    ids = (
        f"{i:032x}".translate(str.maketrans("0123456789abcdef", "abcdefghijklmnop"))
        for i in range(n)
    )
    return json.dumps({"extensions": {"settings": {i: entry for i in ids}}}).encode()


def _firefox(n: int) -> bytes:
    addon = {
        "type": "extension",
        "version": "1.0",
        "active": True,
        "location": "app-profile",
        "defaultLocale": {"name": "n"},
        "userPermissions": {"permissions": ["tabs"], "origins": []},
    }
    return json.dumps({"addons": [dict(addon, id=f"a{i}@x") for i in range(n)]}).encode()


def _profiles_ini(n: int) -> bytes:
    return "".join(
        f"[Profile{i}]\nName=p{i}\nIsRelative=1\nPath=p{i}\n\n" for i in range(n)
    ).encode()


def _local_state(n: int) -> bytes:
    cache = {f"Profile {i}": {"name": f"Person {i}"} for i in range(n)}
    return json.dumps({"profile": {"info_cache": cache}}).encode()


def _manifest(n: int) -> bytes:
    return json.dumps(
        {"name": "n", "version": "1", "permissions": [f"p{i}" for i in range(n)]}
    ).encode()


def _messages(n: int) -> bytes:
    return json.dumps({f"m{i}": {"message": "text"} for i in range(n)}).encode()


def _policy(n: int) -> bytes:
    return json.dumps({"ExtensionInstallBlocklist": [f"{i:032d}" for i in range(n)]}).encode()


@pytest.mark.parametrize(
    ("parse", "build"),
    [
        (parse_chromium_settings, _preferences),
        (parse_firefox_extensions, _firefox),
        (parse_profiles_ini, _profiles_ini),
        (parse_local_state, _local_state),
        (parse_manifest, _manifest),
        (parse_messages, _messages),
        (parse_policy_json, _policy),
    ],
)
def test_parse_time_grows_linearly(
    parse: Callable[[bytes], object], build: Callable[[int], bytes]
) -> None:
    """Four times the input takes about four times as long; a quadratic parser would take 16.
    The base size grows until one parse takes 20 ms, past the sizes where caches flatter."""
    size = 250
    small = _best_time(parse, build(size))
    while small < 0.02:
        size *= 2
        small = _best_time(parse, build(size))
    large = _best_time(parse, build(size * 4))
    assert large < small * 10, f"{parse.__name__}: {small * 1e3:.1f} ms → {large * 1e3:.1f} ms"

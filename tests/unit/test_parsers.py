"""Parsers raise only their own error type, whatever bytes they are given."""

import contextlib
import plistlib

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.inventory.parsers import (
    ParseError,
    parse_desktop_entry,
    parse_dpkg_status,
    parse_plist,
    parse_release_version,
    parse_snap_version,
)

BYTES = st.binary(max_size=3000) | st.text(max_size=2000).map(lambda t: t.encode())


@settings(max_examples=300, deadline=None)
@given(BYTES)
def test_desktop_entry_parser(data: bytes) -> None:
    try:
        entry = parse_desktop_entry(b"[Desktop Entry]\nName=x\n" + data)
    except ParseError:
        return
    assert entry.name


@settings(max_examples=300, deadline=None)
@given(BYTES)
def test_desktop_entry_parser_raw(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_desktop_entry(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_dpkg_status_parser(text: str) -> None:
    found = parse_dpkg_status(text, {"zoom", "slack-desktop"})
    assert set(found) <= {"zoom", "slack-desktop"}


@settings(max_examples=300, deadline=None)
@given(BYTES)
def test_plist_parser(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        assert isinstance(parse_plist(data), dict)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(st.characters(min_codepoint=32, exclude_categories=["Cs"]), max_size=20),
        st.text(st.characters(min_codepoint=32, exclude_categories=["Cs"]), max_size=40)
        | st.integers(min_value=-(2**63), max_value=2**63 - 1),
        max_size=8,
    )
)
def test_plist_round_trip(info: dict[str, object]) -> None:
    for fmt in (plistlib.FMT_XML, plistlib.FMT_BINARY):
        assert parse_plist(plistlib.dumps(info, fmt=fmt)) == info


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_version_parsers_never_raise(text: str) -> None:
    assert len(parse_release_version(text)) <= 64
    assert isinstance(parse_snap_version(text), str)


def test_dpkg_ignores_removed_packages() -> None:
    text = (
        "Package: zoom\nStatus: deinstall ok config-files\nVersion: 5.0\n\n"
        "Package: slack-desktop\nStatus: install ok installed\nVersion: 4.41.105\n"
    )
    assert parse_dpkg_status(text, {"zoom", "slack-desktop"}) == {"slack-desktop": "4.41.105"}


def test_appimage_and_exec_prefixes() -> None:
    entry = parse_desktop_entry(
        b"[Desktop Entry]\nName=Jitsi\nExec=env GDK_BACKEND=x11 /home/a/Jitsi.Meet.AppImage %U\n"
        b"[Desktop Action new]\nName=Other\nExec=other\n"
    )
    assert entry.exec_name == "Jitsi.Meet.AppImage" and entry.name == "Jitsi"

"""The Info.plist pre-filter costs time linear in the file, whatever it holds, and says of
files searched together what it says of each alone."""

from __future__ import annotations

import plistlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.inventory.macos import _Wanted
from tests.scaling import best_cpu_seconds

WANTED = _Wanted.of(("us.zoom.xos", "com.microsoft.teams2"))
HEAD = b'<?xml version="1.0"?><plist version="1.0"><dict><key>a</key>'


@pytest.mark.parametrize(
    ("piece", "end"),
    [
        (b"<string ", b""),  # a tag never closed
        (b"<string a='", b"'>x</string>"),  # tags in a tag, closed at the very end
        (b"<string>x</string>", b""),  # plain strings of no wanted id
        (b"<string>x</string >\n", b""),
        (b"<strings>", b""),
    ],
)
def test_time_grows_linearly_with_the_file(piece: bytes, end: bytes) -> None:
    def seconds(n: int) -> float:
        data = HEAD + piece * n + end
        return best_cpu_seconds(lambda: WANTED.could_be_named(data), repeat=3)

    ratio = seconds(80_000) / max(seconds(20_000), 1e-4)
    assert ratio < 9, f"4x the file took {ratio:.1f}x the time"


def test_a_plain_file_of_other_ids_is_skipped_and_a_wanted_one_is_not() -> None:
    other = plistlib.dumps({"CFBundleIdentifier": "com.example.app", "CFBundleVersion": "1"})
    zoom = plistlib.dumps({"CFBundleIdentifier": "us.zoom.xos", "CFBundleVersion": "1"})
    assert not WANTED.could_be_named(other)
    assert WANTED.could_be_named(zoom)
    assert WANTED.could_be_named(other.replace(b"<string>1<", b"<string>&#49;<"))
    assert WANTED.could_be_named(other.replace(b"UTF-8", b"UTF-16"))


XML = b'<?xml version="1.0" encoding="UTF-8"?>'
TOKENS = b"<string <string> </string </string> < > & us.zoom.xos us.zoom x <!-- --> a='".split()
TOKENS += [b"</string >", b" ", b"\n", b"\0"]
PIECES = st.lists(st.sampled_from(TOKENS), max_size=12).map(b"".join)
# Property lists in the usual XML and otherwise, cut anywhere: one may end inside a tag or
# a string and the next begin with its end.
PLISTS = st.lists(
    st.one_of(PIECES.map(XML.__add__), PIECES, st.just(XML), PIECES.map(b"bplist00".__add__)),
    max_size=10,
)


@settings(max_examples=1500, deadline=None)
@given(PLISTS)
def test_files_searched_together_are_judged_as_each_alone(datas: list[bytes]) -> None:
    assert WANTED.which(datas) == {i for i, d in enumerate(datas) if WANTED.could_be_named(d)}


def test_a_string_is_never_made_of_two_files() -> None:
    datas = [XML + b"<string>us.zoom.xos", XML + b"</string>", XML + b"<string>x</string>"]
    assert WANTED.which(datas) == {0}  # not plain where it ends; the others plain, no id
    datas = [XML + b"<string>x", XML + b"</string>", XML + b"<string>us.zoom.xos</string>"]
    assert WANTED.which(datas) == {0, 2}


IDS = st.lists(st.text(alphabet="ab.-", min_size=1, max_size=5), max_size=6)


@settings(max_examples=1000, deadline=None)
@given(IDS, st.text(alphabet="ab.-", max_size=6))
def test_the_ids_pattern_matches_exactly_the_ids(ids: list[str], text: str) -> None:
    wanted = _Wanted.of(tuple(ids))
    for candidate in {text, *ids, *(i[:-1] for i in ids), *(i + text for i in ids)}:
        element = f"<string>{candidate}</string>".encode()
        assert (wanted.xml.fullmatch(element) is not None) == (candidate in ids), candidate

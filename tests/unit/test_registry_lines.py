"""A .reg key's lines and escapes read as the plain regex reading has them, and a key of
plain lines read at once as line by line."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.inventory.registry import (
    _PLAIN_BODY,
    _PLAIN_VALUES,
    _REGEDIT_VALUES,
    RegValue,
    _logical_lines,
    _plain_finder,
    _read_lines,
    _read_values,
    _unescape,
)

_CONTINUED = re.compile(r"\\[^\S\n]*$", re.MULTILINE)


def regex_unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: m.group(1), text)


def regex_lines(text: str) -> Iterator[tuple[int, str]]:
    """Logical lines as found with a regex search for a continued line first."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTINUED.search(lines) is None:
        yield from enumerate(map(str.strip, lines.split("\n")), 1)
        return
    parts: list[str] = []
    start = 0
    for number, line in enumerate(lines.split("\n"), 1):
        stripped = line.strip()
        if parts and stripped.startswith("["):
            yield start, "".join(parts)
            parts = []
        if not parts:
            start = number
        if stripped.endswith("\\") and not stripped.startswith("["):
            parts.append(stripped[:-1])
            continue
        parts.append(stripped)
        yield start, "".join(parts)
        parts = []
    if parts:
        yield start, "".join(parts)


ESCAPED = st.lists(st.sampled_from(["\\", "\\\\", '\\"', "a", '"', "\\n", " ", "é"])).map("".join)
LINES = st.lists(
    st.sampled_from(
        ['"a"="b"', "hex:00,\\", "  01,02", "\\", " \\ ", "\\\u3000", "[k]", "[k]\\", "", " "]
    )
    | st.text(max_size=8),
    max_size=10,
)
BREAKS = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=1000, deadline=None)
@given(ESCAPED | st.text(max_size=30))
def test_unescape_is_the_regex_one(text: str) -> None:
    assert _unescape(text) == regex_unescape(text)


@settings(max_examples=1000, deadline=None)
@given(LINES, BREAKS)
def test_logical_lines_are_the_regex_ones(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    assert list(_logical_lines(text)) == list(regex_lines(text))


PLAIN = ['"a"="b"', '@="x"', '"DisplayName"="Zoom"', '"p"="C:\\\\Program Files\\\\"', '""=""']
PLAIN += ['"a\\"b"="say "hi""', '"a" = "b"', ' "a"="b" ', '"a"=dword:00001000', '"a"=DWORD:ff']
OTHER = ['"a"="b" ;c', '"a"=dword: 01', '"a"=dword:+1', '"a"=dword:0_1', '"a"=dword:123456789']
OTHER += ['"a"=dword:', '"a"=hex:00,01', '"a"=hex(2):41,00,00,00', '"a"="b\\', "; note", "x"]
OTHER += ['"a"=-', '"a', '"a"="\u3000"\u3000', '"\x85"="\x0b"', "", " ", "\u2028"]
OTHER += ['"a"="b\r"c"="d"', '"a"="\r"', '"a\r"="b"']  # a CR alone ends a line
VALUE_LINES = st.lists(
    st.sampled_from(PLAIN + OTHER) | st.text(alphabet='"@=\\ ab\r\n\x0b', max_size=8),
    max_size=8,
)


@settings(max_examples=1500, deadline=None)
@given(VALUE_LINES, BREAKS, st.booleans())
def test_a_body_of_plain_lines_is_read_as_line_by_line(
    lines: list[str], newline: str, wide: bool
) -> None:
    body = newline + newline.join(lines)
    fast: dict[str, RegValue] = {}
    slow: dict[str, RegValue] = {}
    assert _read_values(body, wide, fast) == _read_lines(body, wide, slow)
    assert fast == slow


def test_a_body_of_plain_lines_takes_no_line_by_line_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(body: str, wide: bool, into: dict[str, RegValue]) -> None:
        raise AssertionError(body)

    monkeypatch.setattr("meetguard.inventory.registry._read_lines", refused)
    into: dict[str, RegValue] = {}
    assert _read_values("\r\n" + "\r\n".join(PLAIN) + "\r\n\r", True, into) is None
    assert into == {
        "a": 255,  # the last of its four lines
        "": "",  # @="x", then ""=""
        "DisplayName": "Zoom",
        "p": "C:\\Program Files\\",
        'a"b': 'say "hi"',
    }


# Value lines as regedit writes them, and others that are plain but not in its form.
REGEDIT = ['"a"="b"', '@="x"', '"a\\"b"="c"', '"p"="C:\\\\x\\\\"', '"a"=dword:0000ffff']
REGEDIT += ['""=""', '"a"="b" "', '"a"=""""', '"\u3000"="\u2028"', '"a"="\\"']
NEAR = ['"a"=dword:0000FFFF', '"a"=DWORD:00000001', '"a"=dword:1', '"a" ="b"', ' "a"="b"']
NEAR += ['"a"="b" ', '"a"=dword:000000001', '"a"="b\rc"', '"a\\']
BODY_LINES = st.lists(st.sampled_from(REGEDIT + NEAR + OTHER) | st.text(max_size=6), max_size=6)
ENDS = st.sampled_from(["", "\r", "\r\n", "\r\n\r\n", "\n", " ", "\r\r"])


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(["\n", "", "\r\n", " \n"]), BODY_LINES, BREAKS | st.just("\r\n"), ENDS)
def test_a_body_in_regedit_form_reads_as_the_plain_reading_has_it(
    start: str, lines: list[str], newline: str, end: str
) -> None:
    body = start + "".join(line + newline for line in lines) + end
    finder = _plain_finder(body)
    assert (finder is None) == (_PLAIN_BODY(body) is None)
    if finder is not None:
        assert finder(body) == _PLAIN_VALUES(body)


def test_regedit_form_is_read_with_its_own_search() -> None:
    body = "\n" + "".join(line + "\r\n" for line in REGEDIT) + "\r"
    assert _plain_finder(body) is _REGEDIT_VALUES
    assert _plain_finder(body.replace("=dword:0000ffff", " = dword:0000ffff")) is _PLAIN_VALUES

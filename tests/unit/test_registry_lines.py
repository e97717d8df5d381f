"""A .reg key's lines and escapes read as the plain regex reading has them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.inventory.registry import _logical_lines, _unescape

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

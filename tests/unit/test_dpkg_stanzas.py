"""The dpkg status parser cuts out only the stanzas naming a wanted package, and finds what
splitting the whole file into stanzas and reading each line by line finds."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.display_text import decoded
from meetguard.inventory.parsers import parse_dpkg_status, parse_dpkg_status_bytes
from tests.scaling import best_cpu_seconds

WANTED = {"zoom", "teams", "slack-desktop"}


def every_stanza_read(text: str, wanted: set[str]) -> dict[str, str]:
    """The plain reading: every stanza, every line."""
    found: dict[str, str] = {}
    for stanza in re.split(r"\n\s*\n", text):
        package = status = version = ""
        for line in stanza.splitlines():
            if line.startswith("Package:"):
                package = line[8:].strip()
            elif line.startswith("Status:"):
                status = line[7:].strip()
            elif line.startswith("Version:"):
                version = line[8:].strip()
        if package in wanted and status.endswith(" installed") and "not-installed" not in status:
            found[package] = version
    return found


FIELDS = st.sampled_from(
    [
        "Package: zoom",
        "Package:teams ",
        "Package: bash",
        "Package: slack-desktop\u3000",
        "Status: install ok installed",
        "Status: deinstall ok config-files",
        "Status: install ok not-installed",
        "Version: 1.0",
        "Version: 2:9.9-1",
        "Description: the zoom Package: zoom",
        " continuation",
        "",
        " ",
    ]
)
# What ends a line for splitlines, and what ends a stanza: blank lines, some all whitespace.
LINE_BREAKS = st.sampled_from(["\n", "\n", "\r\n", "\r", "\x0b", "\x85", "\u2028"])
BETWEEN = st.sampled_from(["\n\n", "\n \n", "\n\t\r\n\n", "\n\u3000\n", " \n\n", "\n\n ", "\n"])
STANZA = st.lists(st.tuples(FIELDS, LINE_BREAKS), max_size=6).map(
    lambda lines: "".join(f + b for f, b in lines)
)
STATUS_FILE = st.tuples(BETWEEN, st.lists(st.tuples(STANZA, BETWEEN), max_size=6)).map(
    lambda t: t[0] + "".join(s + b for s, b in t[1])
)


@settings(max_examples=2000, deadline=None)
@given(STATUS_FILE)
def test_the_same_packages_as_reading_every_stanza(text: str) -> None:
    assert parse_dpkg_status(text, WANTED) == every_stanza_read(text, WANTED)


# Bytes that are not UTF-8, and a character of three bytes, on either side of a cut; and
# in a version read.
BYTES = st.sampled_from([b"", b"\xff", b"\xe2\x82", b"\xe2\x82\xac", b"\n", b"\n\n"])
BYTES |= st.just(b"\n\nPackage: teams\nStatus: install ok installed\nVersion: 1\xff\xe2\x82\n\n")


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(STATUS_FILE, BYTES), max_size=4), st.integers(1, 40))
def test_a_file_read_a_piece_at_a_time_gives_what_its_whole_text_gives(
    parts: list[tuple[str, bytes]], piece: int
) -> None:
    data = b"".join(text.encode() + extra for text, extra in parts)
    found = parse_dpkg_status_bytes(data, WANTED, piece)
    whole = parse_dpkg_status(decoded(data), WANTED)
    assert list(found.items()) == list(whole.items())


def test_a_line_of_blanks_ends_a_stanza() -> None:
    for between in ("\n \n", "\n\t\r\n", "\n\u3000\n"):
        text = f"Package: bash{between}Package: zoom\nStatus: install ok installed\nVersion: 3"
        assert parse_dpkg_status(text, WANTED) == {"zoom": "3"}, repr(between)
        text = f"Status: install ok installed{between}Package: zoom\nVersion: 3"
        assert parse_dpkg_status(text, WANTED) == {}, repr(between)


def test_a_blank_first_line_ends_no_stanza() -> None:
    # A stanza ends at a newline, blanks, then a newline: the first line has no newline before.
    text = " \nStatus: install ok installed\nPackage: zoom\nVersion: 4\n"
    assert parse_dpkg_status(text, WANTED) == {"zoom": "4"}
    assert parse_dpkg_status("\n" + text, WANTED) == {"zoom": "4"}
    text = "Status: install ok installed\n\nPackage: zoom\nVersion: 4\n"
    assert parse_dpkg_status(text, WANTED) == {}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_the_same_packages_on_any_text(text: str) -> None:
    assert parse_dpkg_status(text, WANTED) == every_stanza_read(text, WANTED)


def test_a_later_stanza_of_the_same_package_wins() -> None:
    text = (
        "Package: zoom\nStatus: install ok installed\nVersion: 1\n\n"
        "Package: bash\nStatus: install ok installed\nVersion: 5\n\n"
        "Package: zoom\nStatus: install ok installed\nVersion: 2\n"
    )
    assert parse_dpkg_status(text, WANTED) == {"zoom": "2"}


def _seconds(text: str) -> float:
    return best_cpu_seconds(lambda: parse_dpkg_status(text, WANTED), repeat=3)


def test_time_grows_linearly_where_every_line_names_a_package() -> None:
    # One stanza naming zoom on every line, a long stanza whose last line names it, and many
    # small stanzas that each do: each stanza is cut out and read once.
    shapes: list[Callable[[int], str]] = [
        lambda n: "Status: install ok installed\n" + "Package: zoom\n" * n,
        lambda n: "Status: install ok installed\n" + "Depends: x\n" * n + "Package: zoom\n",
        lambda n: "Package: zoom\nStatus: install ok installed\nVersion: 1\n\n" * n,
    ]
    for shape in shapes:
        small, large = shape(5_000), shape(20_000)
        ratio = _seconds(large) / max(_seconds(small), 1e-4)
        assert ratio < 9, f"4x the input took {ratio:.1f}x the time"

"""The desktop entry pre-filter never skips an entry the scan would have matched by its
content, says of entries searched together what it says of each alone, and costs time linear
in the entry, however many keys it holds."""

from __future__ import annotations

import contextlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.catalog.loader import load_catalog
from meetguard.catalog.model import Client
from meetguard.inventory.linux import CALLING_CATEGORIES, _either, _Mentions
from meetguard.inventory.parsers import ParseError, parse_desktop_entry
from meetguard.resources import catalog_dir
from tests.scaling import best_cpu_seconds

CLIENTS = load_catalog(catalog_dir()).catalog.clients
EXECS: dict[str, Client] = {
    program: client for client in CLIENTS for program in client.footprints("linux").desktop_exec
}
MENTIONS = _Mentions.of(EXECS)
APP_ID = "kjgfgldnnfoeklkmfkjfagphfepbbdan"


def matched_by_content(data: bytes) -> bool:
    """What desktop_entries matches an entry by, when its name says nothing."""
    with contextlib.suppress(ParseError):
        entry = parse_desktop_entry(data)
        return (
            bool(entry.app_id())
            or entry.exec_name in EXECS
            or bool(CALLING_CATEGORIES & set(entry.categories))
        )
    return False


KEYS = st.sampled_from(
    ["Exec", " Exec ", "TryExec", "Exec[de]", "Categories", "Categories ", "Name", "Type", "X"]
)
VALUES = st.sampled_from(
    [
        "zoom",
        "/usr/bin/zoom %U",
        "env A=1 teams-for-linux",
        "'jami'",
        "/opt/x/ZoomLauncher",
        f"chrome --app-id={APP_ID}",
        "Telephony;",
        "Network;VideoConference;",
        "Utility;",
        "gedit",
        "",
    ]
)
BREAKS = st.sampled_from(["\n", "\r\n", "\r", "\x0b", "\x85", "\u2028", " "])
LINES = st.lists(
    st.tuples(KEYS, st.sampled_from(["=", " = ", ""]), VALUES, BREAKS), max_size=8
).map(lambda lines: "".join(k + s + v + b for k, s, v, b in lines))
ENTRIES = st.tuples(
    st.sampled_from(["[Desktop Entry]\n", "[Desktop Entry]\nName=x\n", "Name=x\n", ""]),
    LINES,
    st.sampled_from(["", "\n[Desktop Action new]\nExec=zoom\n"]),
).map(lambda parts: "".join(parts).encode())


@settings(max_examples=3000, deadline=None)
@given(ENTRIES)
def test_an_entry_matched_by_content_is_never_skipped(data: bytes) -> None:
    if matched_by_content(data):
        assert MENTIONS(data)


def test_each_kind_of_mention_is_seen() -> None:
    head = b"[Desktop Entry]\nName=x\n"
    for line in (
        b"Exec=/usr/bin/zoom %U",
        b"Exec = env A=1 teams",
        f"Exec=chrome --app-id={APP_ID}".encode(),
        b"Categories=Network;VideoConference;",
        b"Categories=Telephony",
    ):
        assert MENTIONS(head + line + b"\n"), line
    for line in (b"Exec=gedit", b"Categories=Utility;", b"Name=zoom", b"Comment=Telephony"):
        assert not MENTIONS(head + line + b"\n"), line


PROGRAMS = _either([e.encode() for e in EXECS] + [b"--app-id="])
CALLING = _either([c.encode() for c in CALLING_CATEGORIES])
ON_EXEC = re.compile(rb"Exec[^\n]*?(?:" + PROGRAMS + rb")")
ON_CATEGORIES = re.compile(rb"Categories[^\n]*?(?:" + CALLING + rb")")


def alone(data: bytes) -> bool:
    """What the pre-filter says of one entry, as the plain regex search from every key
    says it (quadratic on a line of many keys, but these entries are short)."""
    return ON_EXEC.search(data) is not None or ON_CATEGORIES.search(data) is not None


# Keys and words cut and run together, so that a key may hold a word's start, follow one
# on the line, or end an entry whose next begins with a word.
WORDS = ["Exec", "Ex", "ec", "xec", "ExecExec", "Categories", "Cat", "Telephony", "Tele"]
WORDS += ["zoom", "zo", "om", "--app-id=", "-", "E", "C", "=", "é", "\n", "\r", " "]
FRAGMENTS = st.lists(st.sampled_from(WORDS), max_size=14).map(lambda p: "".join(p).encode())
# Entries cut anywhere, so that one may end in a key and the next begin with a program.
PIECES = st.lists(
    st.one_of(
        ENTRIES, ENTRIES.map(lambda e: e[: len(e) // 2]), ENTRIES.map(lambda e: e[-7:]), FRAGMENTS
    ),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(PIECES)
def test_entries_searched_together_are_judged_as_each_alone(datas: list[bytes]) -> None:
    assert MENTIONS.which(datas) == {i for i, data in enumerate(datas) if alone(data)}


def test_a_mention_is_never_made_of_two_entries() -> None:
    datas = [b"[Desktop Entry]\nExec=", b"zoom\n", b"Categories=", b"Telephony", b"Exec=zoom"]
    assert MENTIONS.which(datas) == {4}
    crowded = b"Exec=a Exec=b zoom\nName=zoom\nExec Exec\n"
    assert MENTIONS.which([b"x", crowded, b"Exec=gedit", b"TryExec=Exec Categories zoom"]) == {
        1,
        3,
    }


def test_many_keys_on_one_line_are_searched_in_linear_time() -> None:
    # A line is searched from its first key only.
    def entry(n: int) -> bytes:
        return b"[Desktop Entry]\nName=x\nExec=" + b"Exec Categories " * n + b"\n"

    for keys in (0, 1, 16, 64):
        assert MENTIONS(entry(keys) + b"Exec=zoom\n")
        assert not MENTIONS(entry(keys) + b"Exec=gedit\n")
    small = best_cpu_seconds(lambda: MENTIONS(entry(500)), repeat=3)
    large = best_cpu_seconds(lambda: MENTIONS(entry(2_000)), repeat=3)
    assert large / max(small, 1e-5) < 9
    # Many entries of many keys, one per line, searched together: linear too.
    lines = b"[Desktop Entry]\n" + b"Exec=gedit\nCategories=Utility\n" * 50
    small = best_cpu_seconds(lambda: MENTIONS.which([lines] * 200), repeat=3)
    large = best_cpu_seconds(lambda: MENTIONS.which([lines] * 800), repeat=3)
    assert large / max(small, 1e-5) < 9

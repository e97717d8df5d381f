"""The desktop entry pre-filter never skips an entry the scan would have matched by its
content, and costs time linear in the entry, however many keys it holds."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.catalog.loader import load_catalog
from meetguard.catalog.model import Client
from meetguard.inventory.linux import CALLING_CATEGORIES, MAX_KEY_LINES, _mentions
from meetguard.inventory.parsers import ParseError, parse_desktop_entry
from meetguard.resources import catalog_dir
from tests.scaling import best_cpu_seconds

CLIENTS = load_catalog(catalog_dir()).catalog.clients
EXECS: dict[str, Client] = {
    program: client for client in CLIENTS for program in client.footprints("linux").desktop_exec
}
MENTIONS = _mentions(EXECS)
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


def test_many_keys_on_one_line_are_searched_in_linear_time() -> None:
    # Each key is searched to the end of its line: past MAX_KEY_LINES keys the whole entry
    # is searched once instead.
    def entry(n: int) -> bytes:
        return b"[Desktop Entry]\nName=x\nExec=" + b"Exec Categories " * n + b"\n"

    for keys in (1, MAX_KEY_LINES // 2, 2 * MAX_KEY_LINES):  # searched by key, and whole
        assert MENTIONS(entry(keys) + b"Exec=zoom\n")
        assert not MENTIONS(entry(keys) + b"Exec=gedit\n")
    small = best_cpu_seconds(lambda: MENTIONS(entry(500)), repeat=3)
    large = best_cpu_seconds(lambda: MENTIONS(entry(2_000)), repeat=3)
    assert large / max(small, 1e-5) < 9

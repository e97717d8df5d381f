"""The display-name patterns joined in one say "none of them" exactly when none does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.catalog.loader import load_catalog
from meetguard.inventory.windows import _joined
from meetguard.resources import catalog_dir

PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for client in load_catalog(catalog_dir()).catalog.clients
    for p in client.footprints("windows").uninstall_names
]
JOINED = _joined(PATTERNS)
NAMES = st.sampled_from(
    ["Zoom", "zoom (64-bit)", "Zoom Workplace (ARM64)", "Slack", "Discord", "Signal", "x"]
)
SUFFIXES = st.sampled_from(["", " ", "\n", " 1.2", "s", " Machine-Wide Installer", "™ 8.1"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=30), st.tuples(NAMES, SUFFIXES).map("".join)))
def test_joined_patterns_match_what_one_of_them_matches(name: str) -> None:
    assert JOINED is not None
    assert (JOINED.fullmatch(name) is not None) == any(p.fullmatch(name) for p in PATTERNS)


def test_patterns_that_cannot_be_joined_are_not() -> None:
    assert _joined([re.compile(r"(a)\1"), re.compile("b")]) is None
    assert _joined([re.compile("(?i)a"), re.compile("b")]) is None
    none = _joined([])
    assert none is not None and none.fullmatch("") is None

"""A key's listing names the children that hold an unbroken key, spelled as the export spells
them, and says the same warnings in the same order, whether a child's lines are plain (not
read until its values are asked for) or not: as the listing that read every child's values."""

from __future__ import annotations

from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.inventory.registry import RegFile, normalise_key, parse_reg

BASE = "HKEY_LOCAL_MACHINE\\SOFTWARE\\U"
BODIES = [
    '"a"="b"',  # plain
    '"a"=dword:00000001\r\n@="x"',  # plain
    "",  # no values
    '"a"=hex:zz',  # broken
    '"a"="b" ;c',  # not plain, broken
    '"a"=hex:00,01\r\n; note',  # not plain, unbroken
    '"a"="C:\\\\x"',  # plain, an escape
]
NAMES = st.sampled_from(["A", "a", "B", "Zoom", "zoom", "C\\D", "c\\d", "E\\F\\G", "ÄÖ", "İx\\Y"])
# The base as regedit writes it, and as a hand-made export may (each name is then read alone).
SPELLINGS = st.sampled_from([BASE, BASE, "HKLM\\SOFTWARE\\U", f" {BASE}", BASE.lower()])
KEYS = st.lists(st.tuples(SPELLINGS, NAMES, st.sampled_from(BODIES)), max_size=8)


def export(keys: list[tuple[str, str, str]]) -> RegFile:
    lines = ["Windows Registry Editor Version 5.00", ""]
    for base, name, body in keys:
        lines += [f"[{base}\\{name}]", body, ""]
    return parse_reg(b"\xff\xfe" + "\r\n".join(lines).encode("utf-16-le"))


def every_value_read(reg: RegFile, key: str) -> list[str]:
    """The listing as it was before: each child's keys parsed whole until one is unbroken."""
    order = sorted(reg._where)
    prefix = normalise_key(key) + "\\"
    depth = prefix.count("\\")
    at, end = bisect_left(order, prefix), bisect_left(order, prefix[:-1] + "]")
    found: dict[str, str] = {}
    while at < end:
        child, below, _ = order[at][len(prefix) :].partition("\\")
        stop = bisect_left(order, prefix + child + "]", at) if below else at + 1
        for inner in order[at:stop]:
            if child not in found and reg._parsed(inner) is not None:
                parts = reg._raw[reg._where[inner]].strip().strip("\\").split("\\")
                found[child] = parts[depth] if len(parts) > depth else child
        at = stop
    return sorted(found.values(), key=str.lower)


@settings(max_examples=300, deadline=None)
@given(KEYS)
def test_a_listing_is_the_one_that_read_every_value(keys: list[tuple[str, str, str]]) -> None:
    ours, theirs = export(keys), export(keys)
    for key in (BASE, f"{BASE}\\C", f"{BASE}\\c", f"{BASE}\\E\\F"):
        assert ours.subkeys(key) == every_value_read(theirs, key)
    assert ours.warnings == theirs.warnings
    for _, name, _ in keys:
        assert ours.values(f"{BASE}\\{name}") == theirs.values(f"{BASE}\\{name}")


def test_a_child_whose_only_key_is_broken_is_not_listed() -> None:
    keys = [("Good", BODIES[0]), ("Bad", BODIES[3]), ("Odd", BODIES[5]), ("Up\\In", "")]
    reg = export([(BASE, name, body) for name, body in keys])
    assert reg.subkeys(BASE) == ["Good", "Odd", "Up"]
    assert len(reg.warnings) == 1 and "[HKEY_LOCAL_MACHINE\\SOFTWARE\\U\\Bad]" in reg.warnings[0]
    assert reg.values(f"{BASE}\\Good") == {"a": "b"}

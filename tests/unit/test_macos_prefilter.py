"""The Info.plist pre-filter costs time linear in the file, whatever it holds."""

from __future__ import annotations

import plistlib

import pytest

from meetguard.inventory.macos import _Wanted
from tests.scaling import best_cpu_seconds

WANTED = _Wanted.of(["us.zoom.xos", "com.microsoft.teams2"])
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

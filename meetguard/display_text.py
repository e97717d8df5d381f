"""Where untrusted bytes and text become text MeetGuard shows: one rule for every face.

A file name, a desktop entry, a plist version, a registry value or a typed note may hold
bytes that are not UTF-8, terminal escapes, C1 controls or bidi overrides. Undecodable
bytes are shown backslash-escaped (`caf\\xe9.desktop`), the way Python writes them;
control characters and bidi overrides are dropped, so no terminal, viewer or report
acts on them. Newline and tab stay: notes keep their lines.
"""

from __future__ import annotations

import re

# Lone surrogates are how Python carries undecodable bytes in names (surrogateescape);
# U+DC80-U+DCFF stand for the bytes 0x80-0xFF.
_SURROGATE = re.compile("[\ud800-\udfff]")
_ACTIVE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]",
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def decoded(value: str | bytes) -> str:
    """Text that encodes as UTF-8: undecodable bytes become `\\xNN`, nothing else changes."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="backslashreplace")
    return _SURROGATE.sub(_escape, value)


def inert(value: str | bytes) -> str:
    """`decoded`, then without control characters (but newline and tab) or bidi overrides."""
    if isinstance(value, str) and value.isascii() and value.isprintable():
        return value  # nothing to escape or drop (the commonest text by far)
    return _ACTIVE.sub("", decoded(value))


def one_line(value: str | bytes) -> str:
    """`inert` for a name, a path or a version: newlines and tabs become spaces too."""
    return inert(value).replace("\n", " ").replace("\t", " ")


def inert_values(value: object) -> object:
    """`inert` applied to every string inside JSON-like data (dicts, lists, tuples)."""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, dict):
        return {k: inert_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [inert_values(v) for v in value]
    return value


def html_escaped(text: str, quote: bool = True) -> str:
    """`text` safe inside HTML or Qt rich text: what the standard library's `html.escape`
    returns, without importing the `html` package, whose entity tables (~0.5 MiB) the window
    would load at its first scan result only to escape."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text

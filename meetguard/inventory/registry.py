"""A read-only view of the Windows registry: a regedit export (.reg) or, on Windows, winreg.

Inventory channels and probes ask the same two questions of either source:
which subkeys a key has, and which values it holds.
"""

from __future__ import annotations

import importlib
import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterator
from itertools import accumulate
from operator import itemgetter, methodcaller
from typing import Any, Protocol, cast

REG_LIMIT = 256 * 1024 * 1024
# A key with more subkeys or values than this is not read further (a hostile or broken hive).
MAX_ENTRIES = 100_000
HIVES = {
    "HKLM": "HKEY_LOCAL_MACHINE",
    "HKCU": "HKEY_CURRENT_USER",
    "HKU": "HKEY_USERS",
    "HKCR": "HKEY_CLASSES_ROOT",
}
RegValue = str | int | bytes | list[str]


class RegParseError(Exception):
    """The .reg file is not a regedit export MeetGuard can read; the message says where."""


class RegistryView(Protocol):
    def subkeys(self, key: str) -> list[str]: ...

    def values(self, key: str) -> dict[str, RegValue]: ...


_ALIASES = {short.lower(): full.lower() for short, full in HIVES.items()}


def normalise_key(key: str) -> str:
    """The one spelling of a key name that lookups use: blanks and backslashes around it
    gone, lowered, a short hive name (HKLM...) spelled out."""
    key = key.strip().strip("\\").lower()
    head, sep, rest = key.partition("\\")
    full = _ALIASES.get(head)
    return full + sep + rest if full else key


def _decode(data: bytes) -> str:
    """The text of an export in the encodings regedit and `reg export` write: UTF-16 LE with
    a BOM (version 5), ANSI (REGEDIT4); also UTF-16 BE, UTF-16 without a BOM and UTF-8, and a
    UTF-16 file cut one byte short."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, 2, "utf-16-le" if data[0] == 0xFF else "utf-16-be")
    if data.startswith(b"\xef\xbb\xbf"):
        return str(memoryview(data)[3:], "utf-8", "replace")
    head = data[:64]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and not head[0::2].count(0):
        return _utf16(data, 0, "utf-16-le")
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and not head[1::2].count(0):
        return _utf16(data, 0, "utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _utf16(data: bytes, start: int, codec: str) -> str:
    """The UTF-16 text from `start`, a last odd byte dropped; decoded in place, not from a
    copy of an export of hundreds of megabytes."""
    return str(memoryview(data)[start : start + ((len(data) - start) & ~1)], codec, "replace")


_NAME = re.compile(r'(@|"((?:[^"\\]++|\\.)*+)")\s*=')
# A string value on a line of its own, as most are: the name, and the text between the quotes.
_STRING_LINE = re.compile(r'(?:@|"((?:[^"\\]++|\\.)*+)")\s*=\s*"(.*)"\Z')
_HEX = re.compile(r"hex(?:\(([0-9a-fA-F]{1,8})\))?:", re.IGNORECASE)
_ESCAPE = re.compile(r"\\(.)")
_SPACE = re.compile(r"[\s\\]")
_ESCAPED = itemgetter(1)
# A line ending in a backslash (once stripped of blanks) goes on on the next line.
_CONTINUED = methodcaller("endswith", "\\")
MAX_WARNINGS = 20


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    # Most escapes are a path's doubled backslashes: where every backslash is one of a pair,
    # halving them is what the regex does, without a regex.
    if "\\" not in text.replace("\\\\", ""):
        return text.replace("\\\\", "\\")
    # The escaped character itself, taken by itemgetter: no Python call per escape.
    return _ESCAPE.sub(_ESCAPED, text)


def _hex_bytes(body: str) -> bytes:
    cleaned = _SPACE.sub("", body)
    if not cleaned:
        return b""
    try:
        return bytes.fromhex(cleaned.replace(",", " "))
    except ValueError as exc:
        raise RegParseError("bad hex data") from exc


def _value(raw: str, wide: bool) -> RegValue:
    if raw.startswith('"'):
        if len(raw) < 2 or not raw.endswith('"'):
            raise RegParseError("unterminated string")
        return _unescape(raw[1:-1])
    if raw[:6].lower() == "dword:":
        digits = raw[6:].strip()
        if not 0 < len(digits) <= 8:
            raise RegParseError("bad dword")
        try:
            return int(digits, 16)
        except ValueError as exc:
            raise RegParseError("bad dword") from exc
    match = _HEX.match(raw)
    if match is None:
        raise RegParseError("unknown value type")
    kind = int(match.group(1) or "3", 16)
    data = _hex_bytes(raw[match.end() :])
    if kind in (2, 7):
        text = data.decode("utf-16-le" if wide else "cp1252", errors="replace")
        parts = text.split("\0")
        return [p for p in parts if p] if kind == 7 else parts[0]
    if kind == 4 and len(data) == 4:
        return int.from_bytes(data, "little")
    if kind == 11 and len(data) == 8:
        return int.from_bytes(data, "little")
    return data


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, line) with value continuations (a trailing backslash) joined in
    one pass, so a 50 MB hex value costs one join, not a copy per line. A key line always
    starts anew: a broken continuation cannot swallow the next key."""
    lines = list(map(str.strip, text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    if not any(map(_CONTINUED, lines)):  # most keys: every line is a logical line
        yield from enumerate(lines, 1)
        return
    parts: list[str] = []
    start = 0
    for number, stripped in enumerate(lines, 1):
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


# A key line is a line whose first non-blank character is "[". Splitting the text there,
# in one pass of the regex engine, gives every key's name and the lines under it (its body).
# A name as regedit writes it (its hive spelled out, closed, no blank or backslash before
# the "]") is the first group; any other key line is the second, read one by one.
_KEY_LINE = re.compile(r"\n[^\S\n]*\[(?:((?i:HKEY_)[^\n]*[^\s\\])\][^\S\n]*(?=\n|\Z)|([^\n]*))")
_LONE_CR = re.compile(r"\r(?!\n)")
_HEADERS = {"windows registry editor version 5.00": True, "regedit4": False}


class RegFile:
    """A regedit export, indexed by key when opened; a key's values are parsed the first time
    something asks for the key or lists its parent. An export holds a whole hive (tens of
    thousands of keys) and a scan reads a few subtrees of it: the rest costs one regex pass."""

    def __init__(
        self,
        preamble: str,
        names: list[str | None],
        others: list[str | None],
        bodies: list[str],
        wide: bool,
    ) -> None:
        self._preamble_lines = preamble.count("\n")
        self._bodies = bodies
        self._wide = wide
        # (key index, line within the key) or (-1, line in the file), and what is wrong
        self._problems: list[tuple[int, int, str]] = []
        self._first_lines: list[int] | None = None
        self._values: dict[str, dict[str, RegValue] | None] = {}
        self._order: list[str] | None = None
        self._repeats: dict[str, list[int]] = {}  # every header of a key written twice or more
        lines = ((n, line) for n, line in _logical_lines(preamble) if line)
        next(lines, None)  # the header
        for number, line in lines:
            if not line.startswith(";"):
                self._problems.append((-1, number, "a value before any key; ignored"))
        # Each key's name as written; the first header of each key, by its normalised name.
        self._raw = cast(list[str], names)
        self._where: dict[str, int] = {}
        # Every name as regedit writes it (no key line of the other kind), told by identity,
        # not by comparing 40,000 names with None; normalising such a name is lowering it.
        if others.count(None) == len(others):
            self._where = dict(zip(map(str.lower, self._raw), range(len(names)), strict=True))
        # Every name as regedit writes it, each key once: a raw name is its key's name.
        self._regular = len(self._where) == len(names)
        if not self._regular:  # a name written otherwise, or a key twice
            self._index_one_by_one(names, others)
        # The keys whose every line is plain (so not broken), known before their values are
        # read, and the search that finds their values.
        self._plain: dict[int, _Finder] = {}

    def _index_one_by_one(self, names: list[str | None], others: list[str | None]) -> None:
        self._where = {}
        for index, (name, other) in enumerate(zip(names, others, strict=True)):
            line = f"{name}]" if name is not None else (other or "").rstrip()
            self._raw[index] = line[:-1]
            if not line.endswith("]") or len(line) < 2:
                self._problems.append((index, 1, "unterminated key name; key skipped"))
                continue
            if not line.startswith("-"):
                key = normalise_key(line[:-1])
                first = self._where.setdefault(key, index)
                if first != index:
                    self._repeats.setdefault(key, [first]).append(index)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The broken lines met so far, each of which cost a key, in words: a key's lines are
        read when something asks for the key, so a broken key no one reads costs nothing."""
        shown = [
            f"line {self._line(index, number)}: {what}"
            for index, number, what in self._problems[:MAX_WARNINGS]
        ]
        more = len(self._problems) - MAX_WARNINGS
        return (*shown, f"and {more} more broken lines") if more > 0 else tuple(shown)

    def _line(self, index: int, number: int) -> int:
        if index < 0:
            return number
        if self._first_lines is None:
            counts = map(_COUNT_NEWLINES, self._bodies)
            self._first_lines = list(accumulate(counts, initial=self._preamble_lines + 2))
        return self._first_lines[index] + index + number - 1

    def _parsed(self, key: str) -> dict[str, RegValue] | None:
        """A key's values, or None when the export has no such key or one of its lines is
        broken (the key is then skipped whole, with one warning)."""
        if key in self._values:
            return self._values[key]
        found: dict[str, RegValue] | None = None
        first = self._where.get(key)
        if first is not None:
            occurrences = self._repeats.get(key) or (first,)
            found = {}
            for index in occurrences:
                body = self._bodies[index]
                finder = self._plain.get(index)
                if finder is not None:
                    _plain_values(finder(body), found)
                    continue
                problem = _read_values(body, self._wide, found)
                if problem is not None:
                    number, why = problem
                    name = self._raw[first].strip("\\")[:120]
                    self._problems.append((index, number, f"{why}; key [{name}] skipped"))
                    found = None
                    break
        self._values[key] = found
        return found

    def _unbroken(self, key: str) -> bool:
        """Whether the export holds `key` with no broken line, its values read only when a
        line is not plain (and then kept): a listing checks each child it names."""
        if key not in self._values:
            first = self._where.get(key)
            if first is None:
                return False
            repeats = self._repeats.get(key)
            if repeats is None:  # (most keys: written once)
                finder = _plain_finder(self._bodies[first])
                if finder is not None:
                    self._plain[first] = finder
                    return True
            else:
                finders = [_plain_finder(self._bodies[i]) for i in repeats]
                if None not in finders:
                    self._plain.update(zip(repeats, cast(list[_Finder], finders), strict=True))
                    return True
        return self._parsed(key) is not None

    def values(self, key: str) -> dict[str, RegValue]:
        found = self._parsed(normalise_key(key))
        return dict(found) if found else {}

    def subkeys(self, key: str) -> list[str]:
        """The children of a key that hold an unbroken key, themselves or below them."""
        if self._order is None:
            self._order = sorted(self._where)
        order = self._order
        prefix = normalise_key(key) + "\\"
        depth = prefix.count("\\")
        # Names under `prefix` sort between it and the same text closed by "]", the character
        # after the backslash; each child's own subtree lies between "child\" and "child]".
        at, end = bisect_left(order, prefix), bisect_left(order, prefix[:-1] + "]")
        found: dict[str, str] = {}
        while at < end:
            name = order[at]
            child, below, _ = name[len(prefix) :].partition("\\")
            stop = bisect_left(order, prefix + child + "]", at) if below else at + 1
            if child not in found:
                for inner in order[at:stop]:
                    if self._unbroken(inner):
                        raw = self._raw[self._where[inner]]
                        if self._regular and raw.isascii():  # lowering kept every place
                            found[child] = raw[len(prefix) : len(prefix) + len(child)]
                        else:
                            parts = _STRIP_SLASHES(raw.strip()).split("\\")
                            found[child] = parts[depth] if len(parts) > depth else child
                        break
            at = stop
        return sorted(found.values(), key=str.lower)


_STRIP_SLASHES = methodcaller("strip", "\\")
_COUNT_NEWLINES = methodcaller("count", "\n")


# A value line as most are: a string, or a dword of 1 to 8 hex digits, on a line of its own
# (blanks around; no CR but the one before its LF), the name in group 1, the string's text in
# group 2, the digits in group 3.
_PLAIN_VALUE = (
    r'(?:@|"((?:[^"\\\r\n]++|\\[^\r\n])*+)")[^\S\r\n]*=[^\S\r\n]*'
    r'(?:"([^\r\n]*)"|[dD][wW][oO][rR][dD]:([0-9a-fA-F]{1,8}))[^\S\r\n]*\r?(?:\n|\Z)'
)
_PLAIN_VALUES = re.compile(r"[^\S\r\n]*" + _PLAIN_VALUE).findall
# A key's body of such lines and blank ones only (no comment, no continued line).
_PLAIN_BODY = re.compile(r"(?:[^\S\r\n]*(?:" + _PLAIN_VALUE + r"|\r?\n|\r?\Z))*+").fullmatch
# The same lines as regedit writes them: no blank around "=", "dword:" and eight lowercase
# digits, CRLF; a key's body of them only, as the split leaves it (its header's LF first, the
# CR of the blank line before the next key last). Such a body is plain, and this simpler
# pattern (the name's escapes as an unrolled loop) finds the same values in it, more cheaply.
_REGEDIT_VALUE = (
    r'(?:@|"([^"\\\r\n]*+(?:\\[^\r\n][^"\\\r\n]*+)*+)")='
    r'(?:"([^\r\n]*)"|dword:([0-9a-f]{8}))\r\n'
)
_REGEDIT_VALUES = re.compile(_REGEDIT_VALUE).findall
_REGEDIT_BODY = re.compile(r"\n(?:" + _REGEDIT_VALUE + r")*+(?:\r\n|\r)?").fullmatch
_Finder = Callable[[str], list[tuple[str, str, str]]]


def _plain_finder(body: str) -> _Finder | None:
    """The search that finds the values of a body of plain lines only, or None when one of
    its lines is not plain: a body as regedit writes it is checked and searched with the
    simpler pattern, any other with the one that allows blanks."""
    if _REGEDIT_BODY(body) is not None:
        return _REGEDIT_VALUES
    if _PLAIN_BODY(body) is not None:
        return _PLAIN_VALUES
    return None


def _read_values(body: str, wide: bool, into: dict[str, RegValue]) -> tuple[int, str] | None:
    """Add a key's values from its lines to `into`; (line within the key, what) for the first
    broken one, the header line being 1. A body of plain lines only (most keys) is read with
    two regex calls, as `_read_lines` reads it line by line."""
    finder = _plain_finder(body)
    if finder is None:
        return _read_lines(body, wide, into)
    _plain_values(finder(body), into)
    return None


def _plain_values(found: list[tuple[str, str, str]], into: dict[str, RegValue]) -> None:
    """Add the values a finder found in a body of plain lines only."""
    for name, text, digits in found:
        # (the escape test of _unescape, without its call for the many without one)
        key = _unescape(name) if "\\" in name else name
        into[key] = int(digits, 16) if digits else _unescape(text) if "\\" in text else text


def _read_lines(body: str, wide: bool, into: dict[str, RegValue]) -> tuple[int, str] | None:
    for number, line in _logical_lines(body):
        if not line or line.startswith(";"):
            continue
        string = _STRING_LINE.match(line)
        if string is not None:  # most values: one match does the work of the lines below
            name, text = string.groups()
            into["" if name is None else _unescape(name)] = _unescape(text)
            continue
        match = _NAME.match(line)
        if match is None:
            return number, "not a value line"
        raw = line[match.end() :].strip()
        if raw == "-":
            continue
        try:
            value = _value(raw, wide)
        except RegParseError as exc:
            return number, str(exc)
        into["" if match.group(1) == "@" else _unescape(match.group(2))] = value
    return None


def parse_reg(data: bytes) -> RegFile:
    """Open a regedit export key by key: a broken key or value costs that key only, with a
    warning naming its line. Raises RegParseError only when the file is no export at all."""
    if not data or data.isspace():
        raise RegParseError("not a regedit export (the file is empty)")
    text = _decode(data)
    if _LONE_CR.search(text):  # a CR alone ends a line too
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = _KEY_LINE.split(text)
    del text
    first = next((line for _, line in _logical_lines(parts[0]) if line), "")
    wide = _HEADERS.get(first.lstrip("\ufeff").strip().lower())
    if wide is None:
        raise RegParseError("not a regedit export (no 'Windows Registry Editor' header)")
    return RegFile(parts[0], parts[1::3], parts[2::3], parts[3::3], wide)


class WinRegModule(Protocol):
    """The part of the standard `winreg` module MeetGuard calls (tests pass a stand-in)."""

    HKEY_LOCAL_MACHINE: int
    HKEY_CURRENT_USER: int
    HKEY_USERS: int
    HKEY_CLASSES_ROOT: int
    KEY_READ: int
    KEY_WOW64_64KEY: int

    def OpenKey(self, key: Any, sub_key: str, reserved: int = 0, access: int = ...) -> Any: ...

    def EnumKey(self, key: Any, index: int) -> str: ...

    def EnumValue(self, key: Any, index: int) -> tuple[str, Any, int]: ...


class WinReg:
    """The live registry, read-only, through `winreg`. Keys are opened in the 64-bit view,
    where the 32-bit programs' keys are reached by their WOW6432Node path."""

    def __init__(self, module: WinRegModule) -> None:
        self._winreg = module
        self._roots = {
            "hkey_local_machine": module.HKEY_LOCAL_MACHINE,
            "hkey_current_user": module.HKEY_CURRENT_USER,
            "hkey_users": module.HKEY_USERS,
            "hkey_classes_root": module.HKEY_CLASSES_ROOT,
        }

    def _open(self, key: str) -> Any:
        head, _, rest = normalise_key(key).partition("\\")
        root = self._roots.get(head)
        if root is None:
            return None
        access = self._winreg.KEY_READ | self._winreg.KEY_WOW64_64KEY
        try:
            return self._winreg.OpenKey(root, rest, 0, access)
        except OSError:
            return None

    def subkeys(self, key: str) -> list[str]:
        handle = self._open(key)
        names: list[str] = []
        if handle is None:
            return names
        with handle:
            for i in range(MAX_ENTRIES):
                try:
                    names.append(self._winreg.EnumKey(handle, i))
                except OSError:
                    break
        return sorted(names, key=str.lower)

    def values(self, key: str) -> dict[str, RegValue]:
        handle = self._open(key)
        found: dict[str, RegValue] = {}
        if handle is None:
            return found
        with handle:
            for i in range(MAX_ENTRIES):
                try:
                    name, value, _ = self._winreg.EnumValue(handle, i)
                except OSError:
                    break
                if isinstance(value, str | int | bytes) or (
                    isinstance(value, list) and all(isinstance(v, str) for v in value)
                ):
                    found[name] = value
        return found


def winreg_module() -> WinRegModule | None:
    """The standard `winreg` module, which exists only on Windows."""
    if sys.platform != "win32":
        return None
    module: WinRegModule = importlib.import_module("winreg")
    return module

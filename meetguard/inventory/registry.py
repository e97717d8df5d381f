"""A read-only view of the Windows registry: a regedit export (.reg) or, on Windows, winreg.

Inventory channels and probes ask the same two questions of either source:
which subkeys a key has, and which values it holds.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from meetguard.display_text import one_line
from meetguard.host import Host, HostReadError, read_regular

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


def normalise_key(key: str) -> str:
    head, _, rest = key.strip().strip("\\").partition("\\")
    head = HIVES.get(head.upper(), head.upper())
    return f"{head}\\{rest}".rstrip("\\").lower() if rest else head.lower()


class RegFile:
    """A parsed regedit export: keys, their values and their children."""

    def __init__(
        self, keys: dict[str, tuple[str, dict[str, RegValue]]], warnings: tuple[str, ...] = ()
    ) -> None:
        self._keys = keys
        self.warnings = warnings  # the broken lines that each cost a key, in words
        self._children: dict[str, dict[str, str]] = {}
        for original, _ in keys.values():
            parts = original.split("\\")
            for depth in range(1, len(parts)):
                parent = normalise_key("\\".join(parts[:depth]))
                child = parts[depth]
                self._children.setdefault(parent, {}).setdefault(child.lower(), child)

    def subkeys(self, key: str) -> list[str]:
        return sorted(self._children.get(normalise_key(key), {}).values(), key=str.lower)

    def values(self, key: str) -> dict[str, RegValue]:
        found = self._keys.get(normalise_key(key))
        return dict(found[1]) if found else {}


def _decode(data: bytes) -> str:
    """The text of an export in the encodings regedit and `reg export` write: UTF-16 LE with
    a BOM (version 5), ANSI (REGEDIT4); also UTF-16 BE, UTF-16 without a BOM and UTF-8, and a
    UTF-16 file cut one byte short."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data[0] == 0xFF else "utf-16-be"
        body = data[2:]
        return body[: len(body) & ~1].decode(codec, errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    head = data[:64]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and not head[0::2].count(0):
        return data[: len(data) & ~1].decode("utf-16-le", errors="replace")
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and not head[1::2].count(0):
        return data[: len(data) & ~1].decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_NAME = re.compile(r'(@|"((?:[^"\\]|\\.)*)")\s*=')
_HEX = re.compile(r"hex(?:\(([0-9a-fA-F]{1,8})\))?:", re.IGNORECASE)
_ESCAPE = re.compile(r"\\(.)")
_SPACE = re.compile(r"[\s\\]")
MAX_WARNINGS = 20


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


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
    parts: list[str] = []
    start = 0
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
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


def parse_reg(data: bytes) -> RegFile:
    """Parse a regedit export key by key: a broken key or value costs that key only, with a
    warning naming its line. Raises RegParseError only when the file is no export at all."""
    if not data.strip():
        raise RegParseError("not a regedit export (the file is empty)")
    lines = _logical_lines(_decode(data))
    wide: bool | None = None
    for _, first in lines:
        if first:
            header = first.lstrip("\ufeff").strip()
            wide = {"windows registry editor version 5.00": True, "regedit4": False}.get(
                header.lower()
            )
            break
    if wide is None:
        raise RegParseError("not a regedit export (no 'Windows Registry Editor' header)")
    keys: dict[str, tuple[str, dict[str, RegValue]]] = {}
    problems: list[str] = []
    dropped: set[str] = set()
    current: dict[str, RegValue] | None = None
    current_key = ""
    skipping = False  # inside a deleted, broken or dropped key: its lines are not read

    def drop(number: int, why: str) -> None:
        nonlocal current, skipping
        name = keys[current_key][0] if current_key in keys else current_key
        problems.append(f"line {number}: {why}; key [{name[:120]}] skipped")
        keys.pop(current_key, None)
        dropped.add(current_key)
        current, skipping = None, True

    for number, line in lines:
        if not line or line.startswith(";"):
            continue
        if line.startswith("["):
            current, current_key, skipping = None, "", True
            if not line.endswith("]") or len(line) < 3:
                problems.append(f"line {number}: unterminated key name; key skipped")
                continue
            name = line[1:-1]
            if name.startswith("-"):
                continue
            current_key = normalise_key(name)
            if current_key not in dropped:
                current = keys.setdefault(current_key, (name.strip("\\"), {}))[1]
                skipping = False
            continue
        if current is None:
            if not skipping:
                problems.append(f"line {number}: a value before any key; ignored")
            continue
        match = _NAME.match(line)
        if match is None:
            drop(number, "not a value line")
            continue
        raw = line[match.end() :].strip()
        if raw == "-":
            continue
        try:
            value = _value(raw, wide)
        except RegParseError as exc:
            drop(number, str(exc))
            continue
        current["" if match.group(1) == "@" else _unescape(match.group(2))] = value
    if len(problems) > MAX_WARNINGS:
        more = len(problems) - MAX_WARNINGS
        problems = [*problems[:MAX_WARNINGS], f"and {more} more broken lines"]
    return RegFile(keys, tuple(problems))


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


def _winreg_module() -> WinRegModule | None:
    """The standard `winreg` module, which exists only on Windows."""
    if sys.platform != "win32":
        return None
    module: WinRegModule = importlib.import_module("winreg")
    return module


# The scan and every registry probe ask for the same export: parse each version of it once.
_parsed: dict[tuple[str, int, int], RegFile] = {}


def _read_export(path: Path) -> RegFile:
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
        if key in _parsed:
            return _parsed[key]
    except OSError as exc:
        raise HostReadError(f"cannot read {one_line(str(path))}: {exc.strerror}") from exc
    data = read_regular(path, REG_LIMIT)
    try:
        parsed = parse_reg(data)
    except RegParseError as exc:
        raise HostReadError(f"{one_line(str(path))}: {exc}") from exc
    _parsed.clear()
    _parsed[key] = parsed
    return parsed


def open_registry(host: Host) -> RegistryView | None:
    """The registry of the inspected computer: its .reg export, or the live one on Windows."""
    if host.registry_file is not None:
        return _read_export(Path(host.registry_file))
    module = _winreg_module() if host.platform == "windows" and host.is_local_root else None
    return WinReg(module) if module is not None else None

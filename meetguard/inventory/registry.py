"""A read-only view of the Windows registry: a regedit export (.reg) or, on Windows, winreg.

Inventory channels and probes ask the same two questions of either source:
which subkeys a key has, and which values it holds.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import Any, Protocol

from meetguard.host import Host, HostReadError

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

    def __init__(self, keys: dict[str, tuple[str, dict[str, RegValue]]]) -> None:
        self._keys = keys
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
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_NAME = re.compile(r'^(@|"((?:[^"\\]|\\.)*)")\s*=\s*(.*)$', re.DOTALL)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _hex_bytes(body: str, line: int) -> bytes:
    cleaned = re.sub(r"[\s\\]", "", body)
    if not cleaned:
        return b""
    try:
        return bytes(int(part, 16) for part in cleaned.split(",") if part)
    except ValueError as exc:
        raise RegParseError(f"line {line}: bad hex data") from exc


def _value(raw: str, line: int, wide: bool) -> RegValue:
    if raw.startswith('"'):
        if len(raw) < 2 or not raw.endswith('"'):
            raise RegParseError(f"line {line}: unterminated string")
        return _unescape(raw[1:-1])
    if raw.lower().startswith("dword:"):
        try:
            return int(raw[6:], 16)
        except ValueError as exc:
            raise RegParseError(f"line {line}: bad dword") from exc
    match = re.match(r"hex(?:\(([0-9a-fA-F]+)\))?:(.*)$", raw, re.DOTALL)
    if match is None:
        raise RegParseError(f"line {line}: unknown value type")
    kind = int(match.group(1) or "3", 16)
    data = _hex_bytes(match.group(2), line)
    if kind in (2, 7):
        text = data.decode("utf-16-le" if wide else "cp1252", errors="replace")
        parts = text.split("\0")
        return [p for p in parts if p] if kind == 7 else parts[0]
    if kind == 4 and len(data) == 4:
        return int.from_bytes(data, "little")
    if kind == 11 and len(data) == 8:
        return int.from_bytes(data, "little")
    return data


def parse_reg(data: bytes) -> RegFile:
    """Parse a regedit export; raises only RegParseError."""
    if b"\0" in data[:2] and not data.startswith(b"\xff\xfe"):
        raise RegParseError("not a regedit export (binary data)")
    text = _decode(data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header = lines[0].strip() if lines else ""
    if header == "Windows Registry Editor Version 5.00":
        wide = True
    elif header == "REGEDIT4":
        wide = False
    else:
        raise RegParseError("not a regedit export (no 'Windows Registry Editor' header)")
    keys: dict[str, tuple[str, dict[str, RegValue]]] = {}
    current: dict[str, RegValue] | None = None
    number = 1
    while number < len(lines):
        start = number + 1
        logical = lines[number].strip()
        number += 1
        while logical.endswith("\\") and number < len(lines) and not logical.startswith("["):
            logical = logical[:-1] + lines[number].strip()
            number += 1
        if not logical or logical.startswith(";"):
            continue
        if logical.startswith("["):
            if not logical.endswith("]"):
                raise RegParseError(f"line {start}: unterminated key name")
            name = logical[1:-1]
            if name.startswith("-"):
                current = None
                continue
            key = normalise_key(name)
            current = keys.setdefault(key, (name.strip("\\"), {}))[1]
            continue
        match = _NAME.match(logical)
        if match is None:
            raise RegParseError(f"line {start}: not a value line")
        if current is None:
            continue
        raw = match.group(3).strip()
        if raw == "-":
            continue
        name = "" if match.group(1) == "@" else _unescape(match.group(2))
        current[name] = _value(raw, start, wide)
    return RegFile(keys)


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
        if st.st_size > REG_LIMIT:
            raise HostReadError(f"{path} is larger than {REG_LIMIT >> 20} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise HostReadError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        parsed = parse_reg(data)
    except RegParseError as exc:
        raise HostReadError(f"{path}: {exc}") from exc
    _parsed.clear()
    _parsed[key] = parsed
    return parsed


def open_registry(host: Host) -> RegistryView | None:
    """The registry of the inspected computer: its .reg export, or the live one on Windows."""
    if host.registry_file is not None:
        return _read_export(Path(host.registry_file))
    module = _winreg_module() if host.platform == "windows" and host.is_local_root else None
    return WinReg(module) if module is not None else None

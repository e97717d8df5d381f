"""The catalog's files as the TOML parser read them, kept under the user's cache folder.

Parsing the TOML is about two thirds of loading the catalog; validation still runs on every
load, on the same tables. An entry is used only for a file whose bytes have the same SHA-512
as the bytes it was parsed from, so any change of a file reparses it. A cache that cannot be
read, is not this format or is damaged in any way is not used, and is written anew: the
catalog loads from its TOML as if there were none. A file whose tables could not be told
from the cache's own marks (a table whose one key is a date's tag) is parsed each time.

One record per file, each its own JSON text, so that a load holds one file's tables at a
time, as parsing does: holding all of them at once left the window 0.5 MiB heavier.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    # The standard library's own SHA-512, which `random` (imported by tempfile) has loaded:
    # hashlib would map OpenSSL's library, +3.6 MiB in the window for one digest.
    from _sha512 import sha512  # type: ignore[import-not-found]
except ImportError:  # merged into _sha2 in Python 3.12: hashlib's there
    from hashlib import sha512

import tomli

from meetguard.files import private_dir

# The parser is part of what a tree means: another tomli may read the same bytes otherwise.
HEADER = f"MeetGuard parsed catalog 1, tomli {getattr(tomli, '__version__', '')}\n".encode()
# A cache larger than this is not read (the shipped catalog's is ~0.5 MB).
MAX_CACHE_BYTES = 64 * 1024 * 1024
_DATE, _DATETIME, _TIME = "\0date", "\0datetime", "\0time"
_TAGS: dict[str, Callable[[str], object]] = {
    _DATE: dt.date.fromisoformat,
    _DATETIME: dt.datetime.fromisoformat,
    _TIME: dt.time.fromisoformat,
}
_PLAIN = (str, int, float, bool, dt.date)


def _tagged(value: object) -> dict[str, str]:
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if isinstance(value, dt.time):
        return {_TIME: value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not a TOML value")


def _untagged(table: dict[str, Any]) -> Any:
    if len(table) == 1:
        key, value = next(iter(table.items()))
        parse = _TAGS.get(key)
        if parse is not None and isinstance(value, str):
            return parse(value)
    return table


def _reads_back(value: object) -> bool:
    """Whether `value` comes back from `_decoded(_encoded(value))` the same, types included:
    TOML's values, no table that would read as a tagged date, offsets as fixed as TOML's."""
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in _TAGS:
            return False
        return all(isinstance(k, str) and _reads_back(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_reads_back(v) for v in value)
    if isinstance(value, dt.datetime | dt.time):
        return value.tzinfo is None or type(value.tzinfo) is dt.timezone
    return type(value) in _PLAIN


def _encoded(tree: dict[str, Any]) -> bytes:
    text = json.dumps(tree, default=_tagged, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def _decoded(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"), object_hook=_untagged)


def digest(raw: bytes) -> str:
    return str(sha512(raw).hexdigest())


class ParseCache:
    """Parsed trees by file name, for one catalog folder; `save` writes them if any changed."""

    def __init__(self, file: Path, records: dict[str, tuple[str, bytes]]) -> None:
        self.file = file
        self.records = records  # name: (digest of the TOML's bytes, the tree's JSON)
        self.used: dict[str, tuple[str, bytes]] = {}
        self.changed = False

    @classmethod
    def open(cls, folder: Path, catalog: Path) -> ParseCache:
        """The cache of the catalog folder `catalog`, kept in `folder`."""
        name = digest(str(catalog.absolute()).encode("utf-8", "surrogateescape"))[:24]
        file = folder / f"catalog-{name}.cache"
        return cls(file, _read(file))

    def get(self, name: str, raw: bytes) -> dict[str, Any] | None:
        """The tree of file `name` if kept for these very bytes `raw`; None if not, or if its
        record is damaged (the whole cache is written anew then)."""
        record = self.records.get(name)
        if record is None or record[0] != digest(raw):
            return None
        try:
            tree = _decoded(record[1])
        except (ValueError, RecursionError):
            tree = None
        if not isinstance(tree, dict):
            self.changed = True
            return None
        self.used[name] = record
        return tree

    def put(self, name: str, raw: bytes, tree: dict[str, Any]) -> None:
        """Keep the parser's `tree` of file `name`, parsed from `raw`, if it reads back as it
        is (checked by a walk: reading a second copy back made the window heavier)."""
        try:
            record = (digest(raw), _encoded(tree)) if _reads_back(tree) else None
        except (TypeError, ValueError, RecursionError):
            record = None
        if record is not None:
            self.used[name] = record
            self.changed = True

    def save(self) -> None:
        """Write the records used by this load (others were for files now gone or changed),
        atomically and readable by the user only; a cache that cannot be written is left."""
        if not self.changed and self.used.keys() == self.records.keys():
            return
        parts = [HEADER]
        for name, (key, data) in self.used.items():
            parts.append(f"{json.dumps(name)}\t{key}\t{len(data)}\n".encode())
            parts += (data, b"\n")
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=".catalog-", suffix=".part", dir=private_dir(self.file.parent)
            )
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.writelines(parts)
            Path(tmp).replace(self.file)
        except OSError:
            Path(tmp).unlink(missing_ok=True)


def _read(file: Path) -> dict[str, tuple[str, bytes]]:
    """The records of the cache `file`; none if it is missing, unreadable, not this format or
    not whole."""
    try:
        with file.open("rb") as fh:
            data = fh.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return {}
    if len(data) > MAX_CACHE_BYTES or not data.startswith(HEADER):
        return {}
    records: dict[str, tuple[str, bytes]] = {}
    at = len(HEADER)
    try:
        while at < len(data):
            end = data.index(b"\n", at)
            quoted, key, size = data[at:end].decode("utf-8").split("\t")
            name, start = json.loads(quoted), end + 1
            at = start + int(size)
            if not isinstance(name, str) or data[at : at + 1] != b"\n":
                return {}
            records[name] = (key, data[start:at])
            at += 1
    except ValueError:  # no line end, not UTF-8, not three fields, not a number or a name
        return {}
    return records

"""What a scan's channels share: the findings they report and the context they read through.

Kept apart from `scanner`, which imports the platforms' channels: a channel imports
this module, never the scanner.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from meetguard.catalog.model import Catalog
from meetguard.display_text import decoded, one_line
from meetguard.host import MAX_READ, Host, HostMissingError, HostReadError, Real
from meetguard.inventory.model import BrowserExtension, ReadPart, read_part
from meetguard.inventory.parsers import ParseError

if TYPE_CHECKING:
    # Imported where a registry is read: a scan of Linux or macOS never loads the .reg parser.
    from meetguard.inventory.registry import RegistryView

T = TypeVar("T")
# What `read_batches` reads before its caller looks at it: hundreds of small files at once,
# never more than this (and one file) held in memory. Below glibc's first mmap threshold
# (128 KiB): a batch joined into one larger block is mmapped, and freeing it raises the
# threshold, so every later block of that size stays in the scan thread's heap (4 MiB
# batches left the window 2.5 MiB heavier after its first scan, for no faster scan).
READ_BATCH = 96 * 1024


@dataclass(frozen=True)
class Finding:
    client_id: str
    group: str
    source: str
    name: str
    location: str
    evidence: str
    version: str = ""
    # Another account on the computer (a Windows SID or profile name); "" for the inspected
    # user or the whole machine.
    account: str = ""
    state: str = ""


@dataclass
class ScanContext:
    """What channels share during one scan: the host, the catalog, warnings and a read log."""

    host: Host
    catalog: Catalog
    warnings: list[str] = field(default_factory=list)
    # Every file read, in order, a batch of paths at a time (see `read_part`).
    reads: list[ReadPart] = field(default_factory=list)
    progress: Callable[[str], None] | None = None
    extensions: list[BrowserExtension] = field(default_factory=list)

    def registry(self) -> RegistryView | None:
        """The Host's registry (None off Windows); a problem with it is one warning."""
        try:
            return self.host.registry()
        except HostReadError as exc:
            self.warn(str(exc))
            return None

    def registry_warnings(self) -> None:
        """Warn of the broken keys of the .reg export that this scan read: its keys are
        parsed as they are asked for, so this comes after every channel."""
        if self.host.registry_file is None:
            return
        try:
            view = self.host.registry()
        except HostReadError:
            return  # already said by registry()
        from meetguard.inventory.registry import RegFile

        if isinstance(view, RegFile):
            for problem in view.warnings:
                self.warn(f"{self.host.registry_file.name}: {problem}")

    def warn(self, message: str) -> None:
        message = one_line(message)
        if message not in self.warnings:
            self.warnings.append(message)

    def read_bytes(
        self, path: Real, limit: int = MAX_READ, missing_ok: bool = False
    ) -> bytes | None:
        """The file's bytes, or None with a warning when it cannot be read (silently when it
        is absent and `missing_ok`)."""
        self.reads.append(read_part([str(path)]))
        try:
            return self.host.read_bytes(path, limit)
        except HostReadError as exc:
            self.unread(path, exc, missing_ok)
            return None

    def read_batches(
        self, paths: list[str], limit: int = MAX_READ
    ) -> Iterator[tuple[int, list[bytes], dict[int, HostReadError]]]:
        """Read `paths` in order, a batch of about READ_BATCH bytes at a time: where the
        batch starts in `paths`, each file's bytes (b"" for one that could not be read) and
        what went wrong by index into `paths`, for `unread` to say when the channel reaches
        that file, as `read_bytes` would have."""
        start = 0
        while start < len(paths):
            datas, errors = self.host.read_each(paths, start, limit, READ_BATCH)
            self.reads.append(read_part(paths[start : start + len(datas)]))
            yield start, datas, errors
            start += len(datas)

    def unread(self, path: Real, exc: HostReadError, missing_ok: bool = False) -> None:
        """Say that a file could not be read (nothing when it is absent and `missing_ok`)."""
        if not isinstance(exc, HostMissingError):
            self.warn(str(exc))
        elif not missing_ok:
            self.warn(f"{self.host.display(path)} does not exist")

    def read_parsed(
        self,
        path: Real,
        parse: Callable[[bytes], T],
        limit: int = MAX_READ,
        missing_ok: bool = False,
    ) -> T | None:
        """The file parsed, or None with one warning when it cannot be read or parsed."""
        data = self.read_bytes(path, limit, missing_ok)
        return None if data is None else self.parsed(path, data, parse)

    def parsed(self, path: Real, data: bytes, parse: Callable[[bytes], T]) -> T | None:
        """`data`, read from `path`, parsed; None with a warning when it cannot be."""
        try:
            return parse(data)
        except ParseError as exc:
            self.warn(f"{self.host.display(path)}: {exc}")
            return None

    def read_text(self, path: Real, limit: int = MAX_READ) -> str | None:
        data = self.read_bytes(path, limit)
        return None if data is None else decoded(data)

    def listdir(self, path: Path) -> list[Path]:
        """Entries of a folder; an unreadable one gives a warning and no entries."""
        try:
            return self.host.listdir(path)
        except HostReadError as exc:
            self.warn(str(exc))
            return []

    def entries(self, path: Real) -> list[os.DirEntry[str]]:
        """`listdir` as the listing gives it, for folders of thousands of entries."""
        try:
            return self.host.entries(path)
        except HostReadError as exc:
            self.warn(str(exc))
            return []


Channel = Callable[[ScanContext], list[Finding]]

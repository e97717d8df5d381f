"""What the scan found: installations with the evidence behind each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from meetguard.host import Host


@dataclass(frozen=True)
class Installation:
    """One installed copy of a client. `client_id` is "" for a calling app not in the catalog."""

    client_id: str
    name: str
    version: str
    source: str
    location: str
    evidence: tuple[str, ...]
    # A browser extension's state (see EXTENSION_STATES); "" for an installed program.
    state: str = ""

    @property
    def known(self) -> bool:
        return bool(self.client_id)

    @property
    def seen_at(self) -> tuple[str, ...]:
        """Where it was seen: its folder, or, for a copy known only by a launcher or a record
        such as a desktop entry, that evidence."""
        return (self.location,) if self.location else self.evidence

    def to_json(self) -> dict[str, Any]:
        return {
            "client": self.client_id or None,
            "name": self.name,
            "version": self.version or None,
            "source": self.source,
            "location": self.location,
            "evidence": list(self.evidence),
            "state": self.state or None,
        }


EXTENSION_STATES = ("enabled", "disabled", "unknown")


@dataclass(frozen=True)
class BrowserExtension:
    """One extension in one browser profile. `client_id` is the note-taker it belongs to, or ""
    for another extension whose manifest asks to capture a tab, the screen or the microphone."""

    client_id: str
    extension_id: str
    name: str
    version: str
    browser: str
    profile: str
    state: str
    origin: str
    capture: tuple[str, ...]
    location: str
    evidence: tuple[str, ...]
    policy: str = ""  # what the organisation's browser policy does to it, in words

    def to_json(self) -> dict[str, Any]:
        return {
            "client": self.client_id or None,
            "extension_id": self.extension_id,
            "name": self.name,
            "version": self.version or None,
            "browser": self.browser,
            "profile": self.profile,
            "state": self.state,
            "origin": self.origin or None,
            "capture": list(self.capture),
            "policy": self.policy or None,
            "location": self.location,
            "evidence": list(self.evidence),
        }


READ_SEPARATOR = "\0"
# Some paths a scan read, in order: joined by a NUL (which no path the scan could open
# holds), or as they are when one of them does hold one (a name read from a file).
ReadPart = str | tuple[str, ...]


def read_part(paths: list[str]) -> ReadPart:
    """`paths` as one part of a scan's read log. A scan logs its reads a batch at a time, so
    the strings of a batch's paths die with the batch: the 10,000 of a large Linux scan kept
    to its end cost 1 MiB, and freeing them only then left the window's memory at the first
    result 1 MiB higher in half of the runs (the pages they shared with other objects)."""
    joined = READ_SEPARATOR.join(paths)
    return joined if joined.count(READ_SEPARATOR) == len(paths) - 1 else tuple(paths)


def read_log(parts: list[ReadPart]) -> str | tuple[str, ...]:
    """The paths a scan read, kept for as long as its result: one text of them all, joined by
    a NUL (half the memory of a string each; a Path each cost 4.5 MiB), or a tuple of them
    when one holds a NUL."""
    if not parts:
        return ()
    if all(isinstance(part, str) for part in parts):
        return READ_SEPARATOR.join(cast(list[str], parts))
    return tuple(
        path
        for part in parts
        for path in (part.split(READ_SEPARATOR) if isinstance(part, str) else part)
    )


@dataclass(frozen=True)
class ScanResult:
    host: Host
    installations: tuple[Installation, ...]
    others: tuple[Installation, ...] = ()
    warnings: tuple[str, ...] = ()
    extensions: tuple[BrowserExtension, ...] = ()
    # Capture built into the operating system: part of the computer, not installed software.
    os_capture: tuple[Installation, ...] = ()
    # Every file read, in order, as paths on this machine (see `read_log`).
    read_log: str | tuple[str, ...] = field(default=(), repr=False)

    @property
    def reads(self) -> tuple[str, ...]:
        """Every file the scan read, in order, as paths on this machine."""
        log = self.read_log
        return log if isinstance(log, tuple) else tuple(log.split(READ_SEPARATOR))

    @property
    def files_read(self) -> int:
        log = self.read_log
        return len(log) if isinstance(log, tuple) else log.count(READ_SEPARATOR) + 1

    def files_read_shown(self) -> list[str]:
        """Every file the scan read, as paths on the inspected computer, sorted."""
        return sorted({self.host.display(p) for p in self.reads})

    def for_client(self, client_id: str) -> tuple[Installation, ...]:
        rows = self.installations + self.os_capture
        return tuple(i for i in rows if i.client_id == client_id)

    @property
    def capturing_extensions(self) -> tuple[BrowserExtension, ...]:
        """Extensions of no known note-taker whose manifest asks to capture meeting media."""
        return tuple(e for e in self.extensions if not e.client_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "host": self.host.describe(),
            "installations": [i.to_json() for i in self.installations],
            "other_calling_apps": [i.to_json() for i in self.others],
            "browser_extensions": [e.to_json() for e in self.extensions],
            "os_capture": [i.to_json() for i in self.os_capture],
            "warnings": list(self.warnings),
        }

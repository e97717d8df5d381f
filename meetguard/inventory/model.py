"""What the scan found: installations with the evidence behind each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


def read_log(reads: list[str]) -> str | tuple[str, ...]:
    """The paths a scan read, kept for as long as its result: one string of them all, joined
    by a NUL (which no path the scan could open holds). A large scan reads ~10,000 files, and
    a string each costs 1 MiB where the joined text costs half; a Path each cost 4.5 MiB. A
    path that does hold a NUL (a name read from a file) keeps them as they are."""
    if not reads:
        return ()
    joined = READ_SEPARATOR.join(reads)
    return joined if joined.count(READ_SEPARATOR) == len(reads) - 1 else tuple(reads)


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

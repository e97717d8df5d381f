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


@dataclass(frozen=True)
class ScanResult:
    host: Host
    installations: tuple[Installation, ...]
    others: tuple[Installation, ...] = ()
    warnings: tuple[str, ...] = ()
    extensions: tuple[BrowserExtension, ...] = ()
    # Capture built into the operating system: part of the computer, not installed software.
    os_capture: tuple[Installation, ...] = ()
    # Paths on this machine, as str: a large scan reads ~10,000 files, and a Path each would
    # cost 4.5 MiB where the strings cost 1 MiB.
    reads: tuple[str, ...] = field(default=(), repr=False)

    @property
    def files_read(self) -> int:
        return len(self.reads)

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

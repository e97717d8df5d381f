"""The knowledge MeetGuard ships: clients, their documents, rights, history and checklist.

Fixed vocabularies live here so the loader, the rubric and the UI agree on them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

TOPICS: dict[str, str] = {
    "content_licence": "Licence over your content",
    "ai_training": "AI training on your meetings",
    "third_party_ai": "Third-party AI models",
    "service_data": "Service-generated data",
    "retention": "Retention and deletion",
    "advertising_sale": "Advertising and sale of data",
}

VERDICTS: dict[str, str] = {
    "protective": "Protective: the terms rule this out or keep it to what you asked for",
    "limited": "Limited: allowed, but only for stated purposes or with an opt-in",
    "broad": "Broad: the vendor may do this widely, or you must opt out",
    "unknown": "Unknown: no clear statement found in the documents read",
    "not_applicable": "Not applicable: no vendor service holds your meetings (self-hosted, P2P)",
}

VERDICT_LABELS: dict[str, str] = {
    "protective": "Protective",
    "limited": "Limited",
    "broad": "Broad",
    "unknown": "Unknown",
    "not_applicable": "Not applicable",
}

SCOPE_WORDS = (
    "perpetual",
    "irrevocable",
    "worldwide",
    "non-exclusive",
    "royalty-free",
    "sublicensable",
    "transferable",
)

DOCUMENT_KINDS: dict[str, str] = {
    "terms": "Vendor's binding terms",
    "privacy": "Vendor's privacy statement",
    "help": "Vendor's help or marketing page",
    "secondary": "Secondary source (press, forum, third-party reprint)",
}

# The same kinds in a word or two, for a line that also links the source.
DOCUMENT_KINDS_SHORT: dict[str, str] = {
    "terms": "binding terms",
    "privacy": "privacy statement",
    "help": "vendor help page",
    "secondary": "secondary source",
}

ACCOUNT_TYPES: dict[str, str] = {
    "all": "All accounts",
    "personal": "Personal / free account",
    "business": "Work, school or paid business account",
}

KINDS = ("desktop", "web", "both", "service")
CATEGORIES: dict[str, str] = {
    "meeting": "Conferencing clients",
    "notetaker": "AI note-takers and extensions",
    "os": "Capture by the operating system",
}
CHECK_SOURCES = ("vendor", "archive")
STATUSES = ("active", "retired", "discontinued")
SURFACES: dict[str, str] = {
    "desktop": "Desktop app",
    "web": "Web portal",
    "admin": "Admin console",
    "mobile": "Mobile app",
    "email": "By email",
}
CONTROLLERS: dict[str, str] = {
    "user": "You",
    "host": "The meeting host",
    "admin": "Your account owner or admin",
}


@dataclass(frozen=True)
class Document:
    """A source, with the dates it gives itself (see docs/catalog.md) and when it was read."""

    id: str
    title: str
    url: str
    kind: str
    retrieved: dt.date
    effective: dt.date | None = None
    last_updated: dt.date | None = None
    undated_reason: str = ""
    note: str = ""
    check_url: str = ""
    check_source: str = "vendor"

    @property
    def fetch_url(self) -> str:
        """Where "Check terms now" reads the document."""
        return self.check_url or self.url

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS[self.kind]

    @property
    def short_text(self) -> str:
        """Kind and newest own date in a few words, e.g. "vendor help page, 2024-09-16"."""
        when = self.last_updated or self.effective
        return f"{DOCUMENT_KINDS_SHORT[self.kind]}, {when.isoformat() if when else 'undated'}"

    @property
    def date_text(self) -> str:
        """The document's own dates in words, or 'undated' and why."""
        parts = []
        if self.effective:
            parts.append(f"effective {self.effective.isoformat()}")
        if self.last_updated:
            parts.append(f"last updated {self.last_updated.isoformat()}")
        return ", ".join(parts) if parts else f"undated: {self.undated_reason.rstrip('.')}"


@dataclass(frozen=True)
class Right:
    topic: str
    verdict: str
    summary: str
    quote: str
    document: Document
    section: str
    verified: bool
    applies_to: str = "all"
    scope: tuple[str, ...] = ()
    note: str = ""

    @property
    def topic_label(self) -> str:
        return TOPICS[self.topic]


@dataclass(frozen=True)
class HistoryEvent:
    """A dated change, sourced like a right: the document brings url, kind, dates, retrieved."""

    date: dt.date
    event: str
    document: Document
    verified: bool = True

    @property
    def url(self) -> str:
        return self.document.url


@dataclass(frozen=True)
class Probe:
    """Where a client keeps a setting on disk, and which value is the protective one."""

    platform: str
    file: str
    format: str
    key: str
    expected: str
    absent: str = "unknown"


@dataclass(frozen=True)
class ChecklistStep:
    client_id: str
    id: str
    revision: int
    feature: str
    what: str
    surface: str
    path: tuple[str, ...]
    url: str
    recommended: str
    controlled_by: str
    why: str
    document: Document
    verified: bool
    applies_to: str = "all"
    participants: str = ""
    ask_admin: str = ""
    caveat: str = ""
    probes: tuple[Probe, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.client_id, self.id)

    @property
    def source_url(self) -> str:
        """Where the step's advice was read; `url` is where the user goes."""
        return self.document.url

    @property
    def retrieved(self) -> dt.date:
        return self.document.retrieved


def _on(*platforms: str) -> Any:
    """A footprint list, read by the scanner on these platforms only."""
    return field(default=(), metadata={"platforms": platforms})


@dataclass(frozen=True)
class Footprints:
    """How a client shows up on each platform; every list may be empty.

    Windows: `uninstall_keys` are Uninstall subkey names (winget's ProductCode of exe,
    Squirrel, NSIS and Inno installers); `uninstall_names` are anchored regular expressions
    over DisplayName, which must also match one of `uninstall_publishers` when those are
    given; `upgrade_codes` are MSI/WiX UpgradeCodes, stable across versions; `squirrel_dirs`
    are per-user folders holding `Update.exe` and one `app-<version>` folder per version.
    """

    desktop_files: tuple[str, ...] = _on("linux")
    desktop_exec: tuple[str, ...] = _on("linux")
    deb: tuple[str, ...] = _on("linux")
    rpm: tuple[str, ...] = _on("linux")
    flatpak: tuple[str, ...] = _on("linux")
    snap: tuple[str, ...] = _on("linux")
    install_dirs: tuple[str, ...] = _on("linux")
    version_files: tuple[str, ...] = _on("linux")
    web_app_ids: tuple[str, ...] = _on("linux")
    bundle_ids: tuple[str, ...] = _on("macos")
    uninstall_names: tuple[str, ...] = _on("windows")
    uninstall_publishers: tuple[str, ...] = _on("windows")
    uninstall_keys: tuple[str, ...] = _on("windows")
    upgrade_codes: tuple[str, ...] = _on("windows")
    msix_families: tuple[str, ...] = _on("windows")
    squirrel_dirs: tuple[str, ...] = _on("windows")
    user_paths: tuple[str, ...] = _on("windows")


def footprint_fields(platform: str) -> tuple[str, ...]:
    """The footprint kinds the scanner reads on `platform`."""
    return tuple(f.name for f in fields(Footprints) if platform in f.metadata.get("platforms", ()))


@dataclass(frozen=True)
class ExtensionIds:
    """Browser add-on ids of a client, per store: the Chrome Web Store's ids hold in every
    Chromium-family browser (Chrome, Chromium, Brave, Vivaldi, Opera, Edge); Edge Add-ons and
    Firefox add-ons have their own."""

    chromium: tuple[str, ...] = ()
    edge: tuple[str, ...] = ()
    firefox: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.chromium or self.edge or self.firefox)


@dataclass(frozen=True)
class Client:
    id: str
    name: str
    vendor: str
    homepage: str
    kind: str
    status: str
    reviewed: dt.date
    documents: tuple[Document, ...]
    rights: tuple[Right, ...]
    history: tuple[HistoryEvent, ...]
    checklist: tuple[ChecklistStep, ...]
    detect: dict[str, Footprints] = field(default_factory=dict)
    extensions: ExtensionIds = ExtensionIds()
    category: str = "meeting"
    account_types: tuple[str, ...] = ("all",)
    status_date: dt.date | None = None
    replaced_by: str = ""
    status_note: str = ""
    terms_from: str = ""
    source_file: str = ""

    def footprints(self, platform: str) -> Footprints:
        return self.detect.get(platform, Footprints())

    def rights_for(self, account_type: str) -> tuple[Right, ...]:
        return tuple(r for r in self.rights if r.applies_to in ("all", account_type))

    def steps_for(self, account_type: str) -> tuple[ChecklistStep, ...]:
        return tuple(s for s in self.checklist if s.applies_to in ("all", account_type))

    def step(self, step_id: str) -> ChecklistStep | None:
        return next((s for s in self.checklist if s.id == step_id), None)


@dataclass(frozen=True)
class Catalog:
    clients: tuple[Client, ...]
    warnings: tuple[str, ...] = ()

    def get(self, client_id: str) -> Client | None:
        return next((c for c in self.clients if c.id == client_id), None)

    @property
    def version(self) -> str:
        """The newest review date: it changes whenever a reviewed fact changes."""
        if not self.clients:
            return "empty"
        return max(c.reviewed for c in self.clients).isoformat()

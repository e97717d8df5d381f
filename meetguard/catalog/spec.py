"""The catalog's schema, written once: every table, its fields, their types and meanings.

The loader reads each table through this spec, `json_schema()` turns it into
`resources/catalog-schema.json` and `field_reference()` into the field reference
of `docs/catalog.md` (`scripts/catalog_schema.py` rewrites both; a test fails
when either is out of date). Rules that join several fields or files (a step's
document exists, a verified right has a quote, two clients claim one footprint)
stay in the loader's code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

from meetguard.catalog.model import (
    ACCOUNT_TYPES,
    CATEGORIES,
    CHECK_SOURCES,
    CONTROLLERS,
    DOCUMENT_KINDS,
    KINDS,
    SCOPE_WORDS,
    STATUSES,
    SURFACES,
    TOPICS,
    VERDICTS,
    Footprints,
    footprint_fields,
)
from meetguard.host import PLATFORMS

SCHEMA_VERSION = 1
PROBE_FORMATS = ("ini", "json", "plist", "registry")
PROBE_ABSENT = ("unknown", "configured", "not_configured")

# What each kind of field holds in TOML; the loader reads it, the JSON Schema states it.
TEXT = "text"
URL = "url"  # https:// only
FETCH_URL = "fetch-url"  # https://, or plain http:// to this computer's loopback
DATE = "date"
FLAG = "flag"
INTEGER = "integer"
CHOICE = "choice"
TEXTS = "texts"  # a list of text; `allowed` or `pattern` constrain each item
TABLES = "tables"  # an array of tables, described by `table`
TABLE = "table"  # one sub-table, described by `table`

_TYPE_WORDS = {
    TEXT: "text",
    URL: "https:// URL",
    FETCH_URL: "URL",
    DATE: "date",
    FLAG: "true/false",
    INTEGER: "whole number",
    CHOICE: "one of",
    TEXTS: "list of text",
    TABLES: "array of tables",
    TABLE: "table",
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    description: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    default: Any = None
    pattern: str = ""  # a regular expression each value (or list item) must match whole
    mismatch: str = ""  # the loader's words for a value the pattern refuses
    regex: bool = False  # each value is itself a regular expression that must compile
    minimum: int | None = None
    table: str = ""  # for TABLES and TABLE: the key of the table spec in TABLE_SPECS


@dataclass(frozen=True)
class TableSpec:
    key: str
    heading: str  # how docs/catalog.md names it
    description: str
    fields: tuple[Field, ...]
    # (a, b): a table that gives field a must give field b too
    needs: tuple[tuple[str, str], ...] = ()

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    @cached_property
    def values(self) -> tuple[Field, ...]:
        """The fields that hold a value, not sub-tables (the loader reads those apart)."""
        return tuple(f for f in self.fields if f.kind not in (TABLES, TABLE))


_GUID = r"\{[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}"
# A Chromium extension id is 32 letters a-p (a SHA-256 prefix written in base 16 with a-p as
# digits); a Firefox add-on id is a {GUID} or an email-like string.
CHROMIUM_ID = r"[a-p]{32}"
FIREFOX_ID = (
    r"\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}"
    r"|[A-Za-z0-9._-]*@[A-Za-z0-9._-]+"
)

_CR = "is not an extension id (32 letters from a to p)"
_FX = "is not an extension id (a {GUID} or an email-like id)"

FOOTPRINT_MEANINGS: dict[str, str] = {
    "desktop_files": "file names of the client's `.desktop` launchers",
    "desktop_exec": "program names a `.desktop` launcher's `Exec=` may run",
    "deb": "Debian package names",
    "rpm": "RPM package names",
    "flatpak": "Flatpak application ids",
    "snap": "Snap package names",
    "install_dirs": "folders the client installs into (`~` is the user's home)",
    "version_files": "files whose text holds the installed version",
    "web_app_ids": "ids of installed web apps (browser 'install as app')",
    "bundle_ids": "macOS bundle identifiers (`CFBundleIdentifier`)",
    "uninstall_names": "regular expressions anchored with ^ and $ over an Uninstall entry's "
    "DisplayName",
    "uninstall_publishers": "regular expressions anchored with ^ and $ over the Publisher; when "
    "given, one must match too",
    "uninstall_keys": "Uninstall subkey names (winget's ProductCode of exe, Squirrel, NSIS and "
    "Inno installers)",
    "upgrade_codes": "MSI/WiX UpgradeCodes, stable across versions",
    "msix_families": "MSIX package family names",
    "squirrel_dirs": "per-user folders holding `Update.exe` and one `app-<version>` folder per "
    "version",
    "user_paths": "per-user program paths (`%APPDATA%`, `%LOCALAPPDATA%`)",
}
_ANCHORED = (r"\^.*\$", "must be anchored with ^ and $")
_FOOTPRINT_PATTERNS = {
    "uninstall_names": _ANCHORED,
    "uninstall_publishers": _ANCHORED,
    "upgrade_codes": (_GUID, "is not a GUID like {C819B794-A45C-4F27-9860-0C86492A52CC}"),
    "msix_families": (
        r"[A-Za-z0-9.-]{3,50}_[a-z0-9]{13}",
        "is not a package family name like MSTeams_8wekyb3d8bbwe",
    ),
}
assert set(FOOTPRINT_MEANINGS) == {f.name for f in fields(Footprints)}


def _detect_table(platform: str) -> TableSpec:
    return TableSpec(
        f"detect.{platform}",
        f"[detect.{platform}]",
        f"How the client shows up on {platform}; every list may be empty or left out.",
        tuple(
            Field(
                name,
                TEXTS,
                FOOTPRINT_MEANINGS[name],
                pattern=_FOOTPRINT_PATTERNS.get(name, ("", ""))[0],
                mismatch=_FOOTPRINT_PATTERNS.get(name, ("", ""))[1],
                regex=name in ("uninstall_names", "uninstall_publishers"),
            )
            for name in footprint_fields(platform)
        ),
    )


TABLE_SPECS: dict[str, TableSpec] = {
    spec.key: spec
    for spec in (
        TableSpec(
            "file",
            "the file",
            "One client per file, named `<client id>.toml`.",
            (
                Field("schema", INTEGER, f"the catalog schema, {SCHEMA_VERSION}", required=True),
                Field("client", TABLE, "who the client is", required=True, table="client"),
                Field("detect", TABLE, "how the scan finds it", table="detect"),
                Field("documents", TABLES, "the sources cited", table="documents"),
                Field("rights", TABLES, "what the terms let the vendor do", table="rights"),
                Field("history", TABLES, "dated changes to the terms", table="history"),
                Field("checklist", TABLES, "settings to check", table="checklist"),
            ),
        ),
        TableSpec(
            "client",
            "[client]",
            "Who the client is and the state of its review.",
            (
                Field("id", TEXT, "the file name without `.toml`", required=True),
                Field("name", TEXT, "the product's name", required=True),
                Field("vendor", TEXT, "the company or project behind it", required=True),
                Field("homepage", URL, "the product's home page", required=True),
                Field("kind", CHOICE, "how it is used", required=True, allowed=KINDS),
                Field("status", CHOICE, "whether it is still offered", True, STATUSES),
                Field(
                    "reviewed",
                    DATE,
                    "the day its facts were last reviewed: never before a document's `retrieved`"
                    " (`catalog validate` says which)",
                    required=True,
                ),
                Field(
                    "category",
                    CHOICE,
                    "where the home view lists it",
                    allowed=tuple(CATEGORIES),
                    default="meeting",
                ),
                Field(
                    "account_types",
                    TEXTS,
                    "account types whose terms differ; rights and steps name one in `applies_to`",
                    allowed=tuple(ACCOUNT_TYPES),
                    default=("all",),
                ),
                Field("status_date", DATE, "when a retired or discontinued client ended"),
                Field("replaced_by", TEXT, "what the vendor offers instead", default=""),
                Field("status_note", TEXT, "the vendor's note on the end of service", default=""),
                Field(
                    "terms_from",
                    TEXT,
                    "id of the client whose documents, rights and steps this app shares",
                    default="",
                ),
            ),
        ),
        TableSpec(
            "detect",
            "[detect]",
            "Footprints per platform, and browser extension ids.",
            (
                *(Field(p, TABLE, f"footprints on {p}", table=f"detect.{p}") for p in PLATFORMS),
                Field("extensions", TABLE, "browser add-on ids", table="extensions"),
            ),
        ),
        *(_detect_table(p) for p in PLATFORMS),
        TableSpec(
            "extensions",
            "[detect.extensions]",
            "Browser add-on ids per store: the Chrome Web Store's ids hold in every "
            "Chromium-family browser; Edge Add-ons and Firefox add-ons have their own.",
            (
                Field("chromium", TEXTS, "Chrome Web Store ids", pattern=CHROMIUM_ID, mismatch=_CR),
                Field("edge", TEXTS, "Edge Add-ons ids", pattern=CHROMIUM_ID, mismatch=_CR),
                Field("firefox", TEXTS, "Firefox add-on ids", pattern=FIREFOX_ID, mismatch=_FX),
            ),
        ),
        TableSpec(
            "documents",
            "[[documents]]",
            "A source that rights, history events and checklist steps cite by `id`.",
            (
                Field("id", TEXT, "how rights, events and steps cite it", required=True),
                Field("title", TEXT, "what the vendor calls it", required=True),
                Field("url", URL, "where it lives", required=True),
                Field("kind", CHOICE, "what kind of source it is", True, tuple(DOCUMENT_KINDS)),
                Field("effective", DATE, "the date the document says it takes effect"),
                Field("last_updated", DATE, "the date the document says it was last updated"),
                Field(
                    "undated_reason",
                    TEXT,
                    "only when it gives neither date: why",
                    default="",
                ),
                Field("retrieved", DATE, "the day it was read", required=True),
                Field("note", TEXT, "which copy was read, and anything to know", default=""),
                Field(
                    "check_url",
                    FETCH_URL,
                    "where 'Check terms now' reads it, when not at `url`",
                    default="",
                ),
                Field(
                    "check_source",
                    CHOICE,
                    "who publishes the `check_url` copy; required with `check_url`",
                    allowed=CHECK_SOURCES,
                    default="vendor",
                ),
            ),
            needs=(("check_url", "check_source"),),
        ),
        TableSpec(
            "rights",
            "[[rights]]",
            "What the vendor's documents let it do on one topic.",
            (
                Field("topic", CHOICE, "the topic", required=True, allowed=tuple(TOPICS)),
                Field("verdict", CHOICE, "the verdict", required=True, allowed=tuple(VERDICTS)),
                Field("summary", TEXT, "the verdict in a sentence", required=True),
                Field("quote", TEXT, "the exact words it rests on", default=""),
                Field("document", TEXT, "id of the `[[documents]]` entry quoted", required=True),
                Field("section", TEXT, "where in the document", default=""),
                Field("verified", FLAG, "the quote was read verbatim in the vendor's text", True),
                Field("applies_to", TEXT, "an account type, or all", default="all"),
                Field(
                    "scope",
                    TEXTS,
                    "licence scope words that appear in the quote",
                    allowed=SCOPE_WORDS,
                    default=(),
                ),
                Field("note", TEXT, "anything a reader should know", default=""),
            ),
        ),
        TableSpec(
            "history",
            "[[history]]",
            "A dated change to the client's terms or service.",
            (
                Field("date", DATE, "when the change happened", required=True),
                Field("event", TEXT, "what changed", required=True),
                Field("document", TEXT, "id of the `[[documents]]` entry it was read in", True),
                Field(
                    "verified",
                    FLAG,
                    "false when only a secondary source was read",
                    default=True,
                ),
            ),
        ),
        TableSpec(
            "checklist",
            "[[checklist]]",
            "One setting to check, with where it is and why.",
            (
                Field("id", TEXT, "unique within the client; marks are kept by it", required=True),
                Field(
                    "revision",
                    INTEGER,
                    "raise it when the advice changes: marks go back to re-check",
                    required=True,
                    minimum=1,
                ),
                Field("feature", TEXT, "the vendor's current label for it", required=True),
                Field("what", TEXT, "what the feature does", required=True),
                Field("surface", CHOICE, "where it is set", required=True, allowed=tuple(SURFACES)),
                Field("path", TEXTS, "the menu path, one item per step", default=()),
                Field("url", URL, "where the user goes to change it", default=""),
                Field("recommended", TEXT, "the protective setting", required=True),
                Field(
                    "controlled_by",
                    CHOICE,
                    "who can change it",
                    required=True,
                    allowed=tuple(CONTROLLERS),
                ),
                Field("why", TEXT, "why it matters", required=True),
                Field("document", TEXT, "id of the `[[documents]]` entry it was read in", True),
                Field("verified", FLAG, "read in the vendor's current help page", required=True),
                Field("applies_to", TEXT, "an account type, or all", default="all"),
                Field("participants", TEXT, "what other participants see", default=""),
                Field(
                    "ask_admin",
                    TEXT,
                    "text to send the admin, needed if admin-controlled",
                    default="",
                ),
                Field(
                    "caveat", TEXT, "what could not be checked, needed if unverified", default=""
                ),
                Field("probe", TABLES, "where the setting lives on disk", table="probe"),
            ),
        ),
        TableSpec(
            "probe",
            "[[checklist.probe]]",
            "Where a client keeps the setting on disk, and which value is the protective one.",
            (
                Field("platform", CHOICE, "where this file is", required=True, allowed=PLATFORMS),
                Field("file", TEXT, "the settings file (`~` is the user's home)", required=True),
                Field("format", CHOICE, "how the file is read", True, PROBE_FORMATS),
                Field("key", TEXT, "the setting's key in the file", required=True),
                Field("expected", TEXT, "the protective value", required=True),
                Field(
                    "absent",
                    CHOICE,
                    "what a missing key means",
                    allowed=PROBE_ABSENT,
                    default="unknown",
                ),
            ),
        ),
    )
}


# --- JSON Schema ---------------------------------------------------------------------------

_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _whole(pattern: str) -> str:
    return f"^(?:{pattern})$"


def _json_field(f: Field) -> dict[str, Any]:
    out: dict[str, Any]
    if f.kind == TEXT:
        out = {"type": "string"}
        if f.required:
            out["pattern"] = r"\S"
    elif f.kind == URL:
        out = {"type": "string", "pattern": "^https://"}
    elif f.kind == FETCH_URL:
        out = {
            "type": "string",
            "pattern": r"^(https://|http://(127\.0\.0\.1|\[::1\]|localhost)[:/])",
        }
    elif f.kind == DATE:
        out = {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
    elif f.kind == FLAG:
        out = {"type": "boolean"}
    elif f.kind == INTEGER:
        out = {"type": "integer"}
        if f.minimum is not None:
            out["minimum"] = f.minimum
    elif f.kind == CHOICE:
        out = {"enum": list(f.allowed)}
    elif f.kind == TEXTS:
        item: dict[str, Any] = {"type": "string"}
        if f.allowed:
            item = {"enum": list(f.allowed)}
        if f.pattern:
            item["pattern"] = _whole(f.pattern)
        out = {"type": "array", "items": item}
    elif f.kind == TABLES:
        out = {"type": "array", "items": {"$ref": f"#/$defs/{f.table}"}}
    else:
        out = {"$ref": f"#/$defs/{f.table}"}
    out["description"] = f.description
    if f.default is not None and f.kind not in (TABLES, TABLE):
        out["default"] = list(f.default) if isinstance(f.default, tuple) else f.default
    return out


def _json_table(spec: TableSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "description": spec.description,
        "additionalProperties": False,
        "properties": {f.name: _json_field(f) for f in spec.fields},
    }
    required = [f.name for f in spec.fields if f.required]
    if required:
        out["required"] = required
    if spec.needs:
        out["dependentRequired"] = {a: [b] for a, b in spec.needs}
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one catalog file, read as JSON with dates written YYYY-MM-DD."""
    top = _json_table(TABLE_SPECS["file"])
    top["properties"]["schema"]["const"] = SCHEMA_VERSION
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/meetguard/meetguard/resources/catalog-schema.json",
        "title": "MeetGuard catalog file",
        **top,
        "$defs": {k: _json_table(s) for k, s in TABLE_SPECS.items() if k != "file"},
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def as_json(value: Any) -> Any:
    """A TOML value as the JSON Schema sees it: dates and times become ISO text (so the schema
    cannot tell a date from text where text belongs; the loader can)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# --- docs/catalog.md --------------------------------------------------------------------------

REFERENCE_START = "<!-- field reference: generated from meetguard/catalog/spec.py -->"
REFERENCE_END = "<!-- end of field reference -->"


def _type_text(f: Field) -> str:
    if f.kind in (CHOICE,) or (f.kind == TEXTS and f.allowed):
        values = ", ".join(f"`{v}`" for v in f.allowed)
        return f"{'list of ' if f.kind == TEXTS else ''}one of {values}"
    if f.kind in (TABLES, TABLE):
        return f"{_TYPE_WORDS[f.kind]}: `{TABLE_SPECS[f.table].heading}`"
    return _TYPE_WORDS[f.kind]


def _default_text(f: Field) -> str:
    if f.required:
        return "required"
    if f.default in (None, "", ()):
        return ""
    shown = json.dumps(list(f.default) if isinstance(f.default, tuple) else f.default)
    return f"default {_cell(shown)}"


def field_reference() -> str:
    """The field reference section of docs/catalog.md, between its two markers."""
    out = [
        REFERENCE_START,
        "",
        "Generated from `meetguard/catalog/spec.py` by `scripts/catalog_schema.py`, which also "
        "writes `resources/catalog-schema.json`; do not edit by hand.",
    ]
    for spec in TABLE_SPECS.values():
        out += ["", f"### `{spec.heading}`" if spec.key != "file" else "### The file", ""]
        out += [
            spec.description,
            "",
            "| field | type | required or default | meaning |",
            "|---|---|---|---|",
        ]
        for f in spec.fields:
            meaning = _cell(f.description)
            if f.pattern:
                meaning += f" (each must match `{_cell(f.pattern)}`)"
            out.append(f"| `{f.name}` | {_type_text(f)} | {_default_text(f)} | {meaning} |")
    out += ["", REFERENCE_END]
    return "\n".join(out) + "\n"


def with_reference(doc: str) -> str:
    """`doc` with its field reference replaced by the current one (added at the end if none)."""
    if REFERENCE_START in doc and REFERENCE_END in doc:
        head, rest = doc.split(REFERENCE_START, 1)
        tail = rest.split(REFERENCE_END, 1)[1].lstrip("\n")
        return head + field_reference() + ("\n" + tail if tail else "")
    return doc.rstrip("\n") + "\n\n## Field reference\n\n" + field_reference()


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")

"""Load and validate the catalog: one TOML file per client.

Every problem names the file, the entry and the field. A broken file is skipped
with a warning and the rest of the catalog still loads.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

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
    Catalog,
    ChecklistStep,
    Client,
    Document,
    ExtensionIds,
    Footprints,
    HistoryEvent,
    Probe,
    Right,
    footprint_fields,
)
from meetguard.host import PLATFORMS, HostReadError, read_regular
from meetguard.terms.urls import refusal

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 1024 * 1024
PROBE_FORMATS = ("ini", "json", "plist", "registry")

T = TypeVar("T")


class CatalogError(Exception):
    """One problem in a catalog file, located by file, entry and field."""

    def __init__(self, file: str, entry: str, field: str, message: str) -> None:
        self.file = file
        self.entry = entry
        self.field = field
        self.message = message
        where = ", ".join(p for p in (entry, f"field '{field}'" if field else "") if p)
        super().__init__(f"{file}: {where}: {message}" if where else f"{file}: {message}")


@dataclass(frozen=True)
class LoadResult:
    catalog: Catalog
    errors: tuple[CatalogError, ...]


class _Reader:
    """Typed access to one TOML table, collecting errors instead of stopping at the first."""

    def __init__(self, file: str, entry: str, table: Any, errors: list[CatalogError]) -> None:
        self.file = file
        self.entry = entry
        self.errors = errors
        if not isinstance(table, dict):
            self.error("", "must be a table")
            table = {}
        self.table: dict[str, Any] = table

    def error(self, field: str, message: str) -> None:
        self.errors.append(CatalogError(self.file, self.entry, field, message))

    def _get(self, key: str, kind: type[T], default: T | None, what: str) -> T | None:
        if key not in self.table:
            if default is None:
                self.error(key, "is missing")
            return default
        value = self.table[key]
        if kind is str and isinstance(value, str) and not value.strip() and default is None:
            self.error(key, "is empty")
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.error(key, f"must be {what}, not {type(value).__name__}")
            return default
        return value

    def text(self, key: str, default: str | None = None) -> str:
        return self._get(key, str, default, "text") or ""

    def flag(self, key: str, default: bool | None = None) -> bool:
        value = self._get(key, bool, default, "true or false")
        return bool(value)

    def integer(self, key: str, default: int | None = None) -> int:
        value = self._get(key, int, default, "a whole number")
        return int(value or 0)

    def choice(self, key: str, allowed: Any, default: str | None = None) -> str:
        value = self.text(key, default)
        if value and value not in allowed:
            self.error(key, f"'{value}' is not one of: {', '.join(allowed)}")
        return value

    def url(self, key: str, default: str | None = None) -> str:
        value = self.text(key, default)
        if value and not value.startswith("https://"):
            self.error(key, f"'{value}' is not an https:// URL")
        return value

    def date(self, key: str, optional: bool = False) -> dt.date | None:
        if key not in self.table and optional:
            return None
        value = self.table.get(key)
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.error(key, "must be a date like 2024-05-17" if key in self.table else "is missing")
            return None
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, "must be a list of text")
            return ()
        return tuple(value)

    def tables(self, key: str) -> list[Any]:
        value = self.table.get(key, [])
        if not isinstance(value, list):
            self.error(key, "must be an array of tables")
            return []
        return value

    def unknown_keys(self, known: set[str]) -> None:
        for key in sorted(set(self.table) - known):
            self.error(key, "is not a known field (typo?)")


def load_catalog(directory: Path, today: dt.date | None = None) -> LoadResult:
    """Load every `*.toml` client file in `directory`; broken files are skipped and reported.

    With `today`, a date after it is a problem too: a rule for catalog authors (see
    `validate_catalog`), never applied at run time, where a clock that is behind would
    otherwise empty the catalog."""
    errors: list[CatalogError] = []
    clients: list[Client] = []
    seen: dict[str, str] = {}
    try:
        files = sorted(p for p in directory.iterdir() if p.suffix == ".toml" and p.stem != "rubric")
    except OSError as exc:
        err = CatalogError(
            str(directory), "", "", f"cannot read the catalog folder: {exc.strerror}"
        )
        return LoadResult(Catalog((), (str(err),)), (err,))
    extension_owner: dict[tuple[str, str], str] = {}
    for path in files:
        file_errors: list[CatalogError] = []
        client = _load_file(path, file_errors)
        if client is not None and today is not None:
            file_errors.extend(_future_dates(client, today))
        if client is not None and client.id in seen:
            file_errors.append(
                CatalogError(path.name, "client", "id", f"duplicate id, also in {seen[client.id]}")
            )
        if client is not None:
            file_errors.extend(_shared_extension_ids(path.name, client, extension_owner))
        errors.extend(file_errors)
        if client is not None and not file_errors:
            seen[client.id] = path.name
            clients.append(client)
            for store in EXTENSION_STORES:
                for ext_id in getattr(client.extensions, store):
                    extension_owner[(store, ext_id)] = path.name
    clients = _resolve_terms_from(clients, errors)
    warnings = tuple(f"catalog file skipped: {e}" for e in errors)
    return LoadResult(Catalog(tuple(clients), warnings), tuple(errors))


def _resolve_terms_from(clients: list[Client], errors: list[CatalogError]) -> list[Client]:
    """Give a client that is another app for the same service that service's terms and steps;
    steps of its own (a policy only that app reads) come after them."""
    by_id = {c.id: c for c in clients}
    resolved: list[Client] = []
    for client in clients:
        if not client.terms_from:
            resolved.append(client)
            continue
        origin = by_id.get(client.terms_from)
        if origin is None or origin.terms_from:
            errors.append(
                CatalogError(
                    client.source_file,
                    "client",
                    "terms_from",
                    f"'{client.terms_from}' is not a client with its own terms",
                )
            )
            continue
        clash = {s.id for s in origin.checklist} & {s.id for s in client.checklist}
        if clash:
            errors.append(
                CatalogError(
                    client.source_file,
                    "checklist",
                    "id",
                    f"step ids also in {origin.source_file}: {', '.join(sorted(clash))}",
                )
            )
            continue
        resolved.append(
            replace(
                client,
                documents=origin.documents + client.documents,
                rights=origin.rights,
                history=tuple(sorted(origin.history + client.history, key=lambda h: h.date)),
                checklist=origin.checklist + client.checklist,
                account_types=origin.account_types,
            )
        )
    return resolved


def validate_catalog(directory: Path, today: dt.date | None = None) -> list[CatalogError]:
    """Every problem a catalog author must fix, including dates after `today` (default: the
    clock's): that rule is for authors only, so a computer whose clock is behind still loads
    the whole catalog."""
    from meetguard.catalog.grading import load_rubric

    errors = list(load_catalog(directory, today or dt.date.today()).errors)
    rubric = directory / "rubric.toml"
    if rubric.exists():
        try:
            load_rubric(rubric)
        except CatalogError as exc:
            errors.append(exc)
    return errors


# A document may announce terms that take effect later; every other date has happened.
_FUTURE_OK = {"effective"}


def _future_dates(client: Client, today: dt.date) -> list[CatalogError]:
    """Dates after `today` in the client's entries, named by entry and field."""
    found: list[CatalogError] = []

    def check(entry: str, value: object) -> None:
        for f in fields(value):  # type: ignore[arg-type]
            when = getattr(value, f.name)
            if isinstance(when, dt.date) and when > today and f.name not in _FUTURE_OK:
                message = f"{when.isoformat()} is in the future"
                found.append(CatalogError(client.source_file, entry, f.name, message))

    check("client", client)
    for f in fields(client):
        items = getattr(client, f.name)
        if not isinstance(items, tuple):
            continue
        for i, item in enumerate(items):
            if is_dataclass(item):
                check(f"{f.name}[{i}]", item)
    return found


def _load_file(path: Path, errors: list[CatalogError]) -> Client | None:
    name = path.name
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except HostReadError as exc:
        errors.append(CatalogError(name, "", "", f"cannot be read: {exc}"))
        return None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        errors.append(CatalogError(name, "", "", f"is not UTF-8 text (byte {exc.start})"))
        return None
    except tomllib.TOMLDecodeError as exc:
        errors.append(CatalogError(name, "", "", f"is not valid TOML: {exc}"))
        return None
    except RecursionError:
        errors.append(CatalogError(name, "", "", "is nested too deeply to be a catalog file"))
        return None
    return _build_client(name, path.stem, data, errors)


def _build_client(
    name: str, stem: str, data: dict[str, Any], errors: list[CatalogError]
) -> Client | None:
    top = _Reader(name, "", data, errors)
    top.unknown_keys({"schema", "client", "detect", "documents", "rights", "history", "checklist"})
    if top.integer("schema") != SCHEMA_VERSION:
        top.error("schema", f"must be {SCHEMA_VERSION}")
    c = _Reader(name, "client", data.get("client"), errors)
    c.unknown_keys(
        {
            "id",
            "name",
            "vendor",
            "homepage",
            "kind",
            "status",
            "reviewed",
            "account_types",
            "status_date",
            "replaced_by",
            "status_note",
            "terms_from",
            "category",
        }
    )
    client_id = c.text("id")
    if client_id and client_id != stem:
        c.error("id", f"'{client_id}' must match the file name '{stem}'")
    account_types = c.strings("account_types") or ("all",)
    for at in account_types:
        if at not in ACCOUNT_TYPES:
            c.error("account_types", f"'{at}' is not one of: {', '.join(ACCOUNT_TYPES)}")
    status = c.choice("status", STATUSES)
    status_date = c.date("status_date", optional=True)
    if status in ("retired", "discontinued") and status_date is None:
        c.error("status_date", f"a {status} client needs the date it ended")

    terms_from = c.text("terms_from", "")
    if terms_from and "rights" in data:
        c.error(
            "terms_from",
            "a client that takes its terms from another has no rights of its own",
        )
    documents = _documents(name, top, errors)
    rights = _rights(name, top, documents, account_types, errors)
    if not terms_from and (status == "active" or rights):
        missing = [t for t in TOPICS if t not in {r.topic for r in rights}]
        if missing:
            top.error("rights", f"missing topics: {', '.join(missing)}")
    history: list[HistoryEvent] = []
    for i, raw in enumerate(top.tables("history")):
        h = _Reader(name, f"history[{i}]", raw, errors)
        h.unknown_keys({"date", "event", "document", "verified"})
        verified = h.flag("verified", True)
        document = _cited(h, documents, verified)
        date, event = h.date("date"), h.text("event")
        if document is not None:
            history.append(HistoryEvent(date or dt.date.min, event, document, verified))
    checklist = _checklist(name, client_id, top, documents, account_types, errors)
    raw_detect = data.get("detect", {})
    extensions = ExtensionIds()
    if isinstance(raw_detect, dict) and "extensions" in raw_detect:
        raw_detect = dict(raw_detect)
        extensions = _extensions(name, raw_detect.pop("extensions"), errors)
    detect = _detect(name, raw_detect, errors)

    reviewed = c.date("reviewed")
    client = Client(
        id=client_id,
        name=c.text("name"),
        vendor=c.text("vendor"),
        homepage=c.url("homepage"),
        kind=c.choice("kind", KINDS),
        status=status,
        reviewed=reviewed or dt.date.min,
        documents=tuple(documents.values()),
        rights=rights,
        history=tuple(sorted(history, key=lambda h: h.date)),
        checklist=checklist,
        detect=detect,
        extensions=extensions,
        category=c.choice("category", CATEGORIES, "meeting"),
        account_types=account_types,
        status_date=status_date,
        replaced_by=c.text("replaced_by", ""),
        status_note=c.text("status_note", ""),
        terms_from=terms_from,
        source_file=name,
    )
    return client if client_id else None


def _documents(name: str, top: _Reader, errors: list[CatalogError]) -> dict[str, Document]:
    documents: dict[str, Document] = {}
    for i, raw in enumerate(top.tables("documents")):
        d = _Reader(name, f"documents[{i}]", raw, errors)
        d.unknown_keys(
            {
                "id",
                "title",
                "url",
                "kind",
                "effective",
                "last_updated",
                "undated_reason",
                "retrieved",
                "note",
                "check_url",
                "check_source",
            }
        )
        has_check = isinstance(raw, dict) and "check_url" in raw
        doc = Document(
            id=d.text("id"),
            title=d.text("title"),
            url=d.url("url"),
            kind=d.choice("kind", DOCUMENT_KINDS),
            retrieved=d.date("retrieved") or dt.date.min,
            effective=d.date("effective", optional=True),
            last_updated=d.date("last_updated", optional=True),
            undated_reason=d.text("undated_reason", ""),
            note=d.text("note", ""),
            check_url=_check_url(d),
            check_source=d.choice("check_source", CHECK_SOURCES, None if has_check else "vendor"),
        )
        dated = doc.effective is not None or doc.last_updated is not None
        if not dated and not doc.undated_reason.strip():
            d.error(
                "undated_reason",
                "a document needs 'effective' or 'last_updated' from its own text, "
                "or 'undated_reason' saying why it has none",
            )
        if dated and doc.undated_reason:
            d.error("undated_reason", "is given, but the document has a date")
        if doc.id in documents:
            d.error("id", f"duplicate document id '{doc.id}'")
        documents[doc.id] = doc
    return documents


def _check_url(d: _Reader) -> str:
    """HTTPS, or plain HTTP to this computer's loopback (where tests serve documents)."""
    value = d.text("check_url", "")
    problem = refusal(value) if value else None
    if problem is not None:
        d.error("check_url", f"{problem} (plain http:// only to 127.0.0.1, ::1 or localhost)")
    return value


def _rights(
    name: str,
    top: _Reader,
    documents: dict[str, Document],
    account_types: tuple[str, ...],
    errors: list[CatalogError],
) -> tuple[Right, ...]:
    rights: list[Right] = []
    seen: set[tuple[str, str]] = set()
    for i, raw in enumerate(top.tables("rights")):
        r = _Reader(name, f"rights[{i}]", raw, errors)
        r.unknown_keys(
            {
                "topic",
                "verdict",
                "summary",
                "quote",
                "document",
                "section",
                "verified",
                "applies_to",
                "scope",
                "note",
            }
        )
        topic = r.choice("topic", TOPICS)
        applies_to = _applies_to(r, account_types)
        if (topic, applies_to) in seen:
            r.error("topic", f"'{topic}' appears twice for account type '{applies_to}'")
        seen.add((topic, applies_to))
        verified = r.flag("verified")
        quote = r.text("quote", "")
        if verified and not quote.strip():
            r.error("quote", "a verified right needs the exact quote it rests on")
        document = _cited(r, documents, verified)
        doc_id = document.id if document else ""
        verdict = r.choice("verdict", VERDICTS)
        if (
            topic == "content_licence"
            and verdict in ("limited", "protective")
            and document is not None
            and document.kind != "terms"
        ):
            r.error(
                "verdict",
                f"a '{verdict}' licence verdict needs the binding terms; "
                f"document '{doc_id}' is of kind '{document.kind}'",
            )
        scope = r.strings("scope")
        for word in scope:
            if word not in SCOPE_WORDS:
                r.error("scope", f"'{word}' is not one of: {', '.join(SCOPE_WORDS)}")
            elif word not in quote.lower():
                r.error("scope", f"'{word}' does not appear in the quote")
        if document is None:
            continue
        rights.append(
            Right(
                topic=topic,
                verdict=verdict,
                summary=r.text("summary"),
                quote=quote,
                document=document,
                section=r.text("section", ""),
                verified=verified,
                applies_to=applies_to,
                scope=scope,
                note=r.text("note", ""),
            )
        )
    return tuple(rights)


# Stands in for a missing document while the rest of a step is still read for its errors.
_UNCITED = Document("", "", "", "secondary", dt.date.min, undated_reason="not cited")


def _cited(r: _Reader, documents: dict[str, Document], verified: bool) -> Document | None:
    """The `[[documents]]` entry a right, step or history event rests on; what was read only
    in a secondary source is never verified."""
    doc_id = r.text("document")
    document = documents.get(doc_id)
    if doc_id and document is None:
        r.error("document", f"unknown document id '{doc_id}'")
    if verified and document is not None and document.kind == "secondary":
        r.error(
            "verified",
            f"document '{doc_id}' is a secondary source: what was read only there is not verified",
        )
    return document


def _applies_to(r: _Reader, account_types: tuple[str, ...]) -> str:
    value = r.text("applies_to", "all")
    if value != "all" and value not in account_types:
        r.error("applies_to", f"'{value}' is not in the client's account_types")
    return value


def _checklist(
    name: str,
    client_id: str,
    top: _Reader,
    documents: dict[str, Document],
    account_types: tuple[str, ...],
    errors: list[CatalogError],
) -> tuple[ChecklistStep, ...]:
    steps: list[ChecklistStep] = []
    ids: set[str] = set()
    for i, raw in enumerate(top.tables("checklist")):
        s = _Reader(name, f"checklist[{i}]", raw, errors)
        s.unknown_keys(
            {
                "id",
                "revision",
                "feature",
                "what",
                "surface",
                "path",
                "url",
                "recommended",
                "controlled_by",
                "why",
                "document",
                "verified",
                "applies_to",
                "participants",
                "ask_admin",
                "caveat",
                "probe",
            }
        )
        step_id = s.text("id")
        if step_id in ids:
            s.error("id", f"duplicate step id '{step_id}'")
        ids.add(step_id)
        if s.integer("revision") < 1:
            s.error("revision", "must be 1 or more")
        verified = s.flag("verified")
        caveat = s.text("caveat", "")
        if not verified and not caveat:
            s.error("caveat", "an unverified step must say what could not be verified")
        controlled_by = s.choice("controlled_by", CONTROLLERS)
        document = _cited(s, documents, verified)
        step = ChecklistStep(
            client_id=client_id,
            id=step_id,
            revision=s.integer("revision"),
            feature=s.text("feature"),
            what=s.text("what"),
            surface=s.choice("surface", SURFACES),
            path=s.strings("path"),
            url=s.url("url", ""),
            recommended=s.text("recommended"),
            controlled_by=controlled_by,
            why=s.text("why"),
            document=document or _UNCITED,
            verified=verified,
            applies_to=_applies_to(s, account_types),
            participants=s.text("participants", ""),
            ask_admin=s.text("ask_admin", ""),
            caveat=caveat,
            probes=_probes(name, f"checklist[{i}].probe", s, errors),
        )
        if controlled_by == "admin" and not step.ask_admin:
            s.error("ask_admin", "an admin-controlled step needs the text to send the admin")
        if document is not None:
            steps.append(step)
    return tuple(steps)


def _probes(name: str, entry: str, s: _Reader, errors: list[CatalogError]) -> tuple[Probe, ...]:
    probes: list[Probe] = []
    for j, raw in enumerate(s.tables("probe")):
        p = _Reader(name, f"{entry}[{j}]", raw, errors)
        p.unknown_keys({"platform", "file", "format", "key", "expected", "absent"})
        probes.append(
            Probe(
                platform=p.choice("platform", PLATFORMS),
                file=p.text("file"),
                format=p.choice("format", PROBE_FORMATS),
                key=p.text("key"),
                expected=p.text("expected"),
                absent=p.choice("absent", ("unknown", "configured", "not_configured"), "unknown"),
            )
        )
    return tuple(probes)


EXTENSION_STORES = tuple(ExtensionIds.__dataclass_fields__)
# A Chromium extension id is 32 letters a-p (a SHA-256 prefix written in base 16 with a-p as
# digits); a Firefox add-on id is a {GUID} or an email-like string.
_EXTENSION_ID = {
    "chromium": re.compile(r"[a-p]{32}"),
    "edge": re.compile(r"[a-p]{32}"),
    "firefox": re.compile(
        r"\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}"
        r"|[a-z0-9._-]*@[a-z0-9._-]+",
        re.IGNORECASE,
    ),
}


def _extensions(name: str, raw: Any, errors: list[CatalogError]) -> ExtensionIds:
    r = _Reader(name, "detect.extensions", raw, errors)
    r.unknown_keys(set(EXTENSION_STORES))
    found: dict[str, tuple[str, ...]] = {}
    for store in EXTENSION_STORES:
        ids = r.strings(store)
        for ext_id in ids:
            if not _EXTENSION_ID[store].fullmatch(ext_id):
                shape = (
                    "a {GUID} or an email-like id"
                    if store == "firefox"
                    else "32 letters from a to p"
                )
                r.error(store, f"'{ext_id}' is not an extension id ({shape})")
        if len(set(ids)) != len(ids):
            r.error(store, "lists an id twice")
        found[store] = ids
    return ExtensionIds(**found)


def _shared_extension_ids(
    name: str, client: Client, owner: dict[tuple[str, str], str]
) -> list[CatalogError]:
    """An extension id belongs to one client: the scan names a found extension by it."""
    return [
        CatalogError(
            name, "detect.extensions", store, f"'{ext_id}' is also in {owner[(store, ext_id)]}"
        )
        for store in EXTENSION_STORES
        for ext_id in getattr(client.extensions, store)
        if (store, ext_id) in owner
    ]


_GUID = re.compile(r"\{[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}")
_MSIX_FAMILY = re.compile(r"[A-Za-z0-9.-]{3,50}_[a-z0-9]{13}")


def _footprint_problem(kind: str, value: str) -> str:
    """Why a footprint value could never match what the scanner reads, or ""."""
    if kind in ("uninstall_names", "uninstall_publishers"):
        if not (value.startswith("^") and value.endswith("$")):
            return f"{value!r} must be anchored with ^ and $"
        try:
            re.compile(value)
        except re.error as exc:
            return f"{value!r} is not a regular expression: {exc}"
    if kind == "upgrade_codes" and not _GUID.fullmatch(value):
        return f"{value!r} is not a GUID like {{C819B794-A45C-4F27-9860-0C86492A52CC}}"
    if kind == "msix_families" and not _MSIX_FAMILY.fullmatch(value):
        return f"{value!r} is not a package family name like MSTeams_8wekyb3d8bbwe"
    return ""


def _detect(name: str, raw: Any, errors: list[CatalogError]) -> dict[str, Footprints]:
    detect: dict[str, Footprints] = {}
    if not isinstance(raw, dict):
        errors.append(CatalogError(name, "detect", "", "must be a table"))
        return detect
    for platform, table in raw.items():
        r = _Reader(name, f"detect.{platform}", table, errors)
        if platform not in PLATFORMS:
            r.error("", f"'{platform}' is not one of: {', '.join(PLATFORMS)}")
            continue
        kinds = footprint_fields(platform)
        for other in PLATFORMS:
            for kind in set(footprint_fields(other)) & set(r.table) - set(kinds):
                r.error(kind, f"is read on {other} only: put it under [detect.{other}]")
                r.table.pop(kind)
        r.unknown_keys(set(kinds))
        values: dict[str, tuple[str, ...]] = {f: r.strings(f) for f in kinds}
        for kind, items in values.items():
            for value in items:
                problem = _footprint_problem(kind, value)
                if problem:
                    r.error(kind, problem)
        detect[platform] = Footprints(**values)
    return detect

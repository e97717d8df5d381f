"""Load and validate the catalog: one TOML file per client.

Every problem names the file, the entry and the field. A broken file is skipped
with a warning and the rest of the catalog still loads.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import tomli

from meetguard.catalog import spec
from meetguard.catalog.errors import MAX_FILE_BYTES
from meetguard.catalog.errors import CatalogError as CatalogError  # callers name it the loader's
from meetguard.catalog.grading import load_rubric
from meetguard.catalog.model import (
    SCOPE_WORDS,
    TOPICS,
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

SCHEMA_VERSION = spec.SCHEMA_VERSION
PROBE_FORMATS = spec.PROBE_FORMATS

T = TypeVar("T")

if TYPE_CHECKING:
    from meetguard.catalog.cache import ParseCache


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

    def unknown_keys(self, known: frozenset[str]) -> None:
        if known.issuperset(self.table):
            return
        for key in sorted(set(self.table) - known):
            self.error(key, "is not a known field (typo?)")

    def read(self, table: spec.TableSpec) -> dict[str, Any]:
        """Every field of `table` but its sub-tables, typed as the spec says; unknown fields and
        missing required ones are errors."""
        self.unknown_keys(table.names)
        given = self.table
        for has, needed in table.needs:
            if has in given and needed not in given:
                self.error(needed, "is missing")
        read: dict[str, Any] = {}
        for f in table.values:
            # The commonest case, what `value` would return with no error: a text, a choice
            # or an https:// URL that is there and not blank, a flag, a date. About a third of
            # loading the catalog is reading its ~8,500 values.
            kind, value = f.kind, given.get(f.name)
            if value.__class__ is str and value.strip():
                if (
                    kind == spec.TEXT
                    or (kind == spec.CHOICE and value in f.allowed)
                    or (kind == spec.URL and value.startswith("https://"))
                ):
                    read[f.name] = value
                    continue
            elif (kind == spec.FLAG and value.__class__ is bool) or (
                kind == spec.DATE and value.__class__ is dt.date
            ):
                read[f.name] = value
                continue
            read[f.name] = self.value(f)
        return read

    def value(self, f: spec.Field) -> Any:
        default = None if f.required else f.default
        if f.kind == spec.TEXT:
            return self.text(f.name, default)
        if f.kind == spec.URL:
            return self.url(f.name, default)
        if f.kind == spec.FETCH_URL:
            return self.fetch_url(f.name)
        if f.kind == spec.DATE:
            when = self.date(f.name, optional=not f.required)
            return when or (dt.date.min if f.required else None)
        if f.kind == spec.FLAG:
            return self.flag(f.name, default)
        if f.kind == spec.INTEGER:
            number = self.integer(f.name, default)
            if f.minimum is not None and f.name in self.table and number < f.minimum:
                self.error(f.name, f"must be {f.minimum} or more")
            return number
        if f.kind == spec.CHOICE:
            return self.choice(f.name, f.allowed, default)
        if f.name not in self.table:
            return default if default is not None else ()
        items = self.strings(f.name)
        for item in items:
            problem = _item_problem(f, item)
            if problem:
                self.error(f.name, problem)
        return items

    def fetch_url(self, key: str) -> str:
        """HTTPS, or plain HTTP to this computer's loopback (where tests serve documents)."""
        value = self.text(key, "")
        problem = refusal(value) if value else None
        if problem is not None:
            self.error(key, f"{problem} (plain http:// only to 127.0.0.1, ::1 or localhost)")
        return value


def _item_problem(f: spec.Field, item: str) -> str:
    """Why one item of a list field breaks the spec, or ""."""
    if f.allowed and item not in f.allowed:
        return f"'{item}' is not one of: {', '.join(f.allowed)}"
    if f.pattern and not re.fullmatch(f.pattern, item):
        return f"{item!r} {f.mismatch}"
    if f.regex:
        try:
            re.compile(item)
        except re.error as exc:
            return f"{item!r} is not a regular expression: {exc}"
    return ""


def load_catalog(
    directory: Path, today: dt.date | None = None, cache_dir: Path | None = None
) -> LoadResult:
    """Load every `*.toml` client file in `directory`; broken files are skipped and reported.
    With `cache_dir`, the parsed TOML is kept there and read back for files that have not
    changed (meetguard/catalog/cache.py); everything else is the same.

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
    claimed: dict[tuple[str, str, str], str] = {}
    cache = None
    if cache_dir is not None:
        from meetguard.catalog.cache import ParseCache

        cache = ParseCache.open(cache_dir, directory)
    for path in files:
        file_errors: list[CatalogError] = []
        client = _load_file(path, file_errors, cache)
        if client is not None and today is not None:
            file_errors.extend(_future_dates(client, today))
            file_errors.extend(_review_before_reading(client))
        if client is not None and client.id in seen:
            file_errors.append(
                CatalogError(path.name, "client", "id", f"duplicate id, also in {seen[client.id]}")
            )
        claims = _claims(client) if client is not None else []
        file_errors.extend(_shared_claims(path.name, claims, claimed))
        errors.extend(file_errors)
        if client is not None and not file_errors:
            seen[client.id] = path.name
            clients.append(client)
            claimed.update(dict.fromkeys(claims, path.name))
    if cache is not None:
        cache.save()
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
    errors = list(load_catalog(directory, today or dt.date.today()).errors)
    try:
        has_clients = any(p.suffix == ".toml" and p.stem != "rubric" for p in directory.iterdir())
    except OSError:
        return errors  # load_catalog has said why the folder cannot be read
    if not has_clients:
        errors.append(CatalogError(str(directory), "", "", "holds no client files (*.toml)"))
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


def _review_before_reading(client: Client) -> list[CatalogError]:
    """A document read after the client's review date: reading it for the client was a review."""
    return [
        CatalogError(
            client.source_file,
            f"documents[{i}]",
            "retrieved",
            f"{d.retrieved.isoformat()} is after the client's 'reviewed' "
            f"{client.reviewed.isoformat()}: a review is dated by its newest reading",
        )
        for i, d in enumerate(client.documents)
        if d.retrieved > client.reviewed
    ]


def _load_file(
    path: Path, errors: list[CatalogError], cache: ParseCache | None = None
) -> Client | None:
    name = path.name
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except HostReadError as exc:
        errors.append(CatalogError(name, "", "", f"cannot be read: {exc}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        errors.append(CatalogError(name, "", "", f"is not UTF-8 text (byte {exc.start})"))
        return None
    data = cache.get(name, raw) if cache is not None else None
    if data is None:
        data = _parsed(name, text, errors)
        if data is None:
            return None
        if cache is not None:
            cache.put(name, raw, data)
    return _build_client(name, path.stem, data, errors)


def _parsed(name: str, text: str, errors: list[CatalogError]) -> dict[str, Any] | None:
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        errors.append(CatalogError(name, "", "", f"is not valid TOML: {exc}"))
        return None
    except RecursionError:
        errors.append(CatalogError(name, "", "", "is nested too deeply to be a catalog file"))
        return None


def _build_client(
    name: str, stem: str, data: dict[str, Any], errors: list[CatalogError]
) -> Client | None:
    top = _Reader(name, "", data, errors)
    head = top.read(spec.TABLE_SPECS["file"])
    if "schema" in data and head["schema"] != SCHEMA_VERSION:
        top.error("schema", f"must be {SCHEMA_VERSION}")
    c = _Reader(name, "client", data.get("client"), errors)
    about = c.read(spec.TABLE_SPECS["client"])
    about["account_types"] = about["account_types"] or ("all",)
    client_id, status, account_types = about["id"], about["status"], about["account_types"]
    if client_id and client_id != stem:
        c.error("id", f"'{client_id}' must match the file name '{stem}'")
    if status in ("retired", "discontinued") and about["status_date"] is None:
        c.error("status_date", f"a {status} client needs the date it ended")

    terms_from = about["terms_from"]
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
        event = h.read(spec.TABLE_SPECS["history"])
        document = _cited(h, documents, event.pop("document"), event["verified"])
        if document is not None:
            history.append(HistoryEvent(document=document, **event))
    checklist = _checklist(name, client_id, top, documents, account_types, errors)
    raw_detect = data.get("detect", {})
    extensions = ExtensionIds()
    if isinstance(raw_detect, dict) and "extensions" in raw_detect:
        raw_detect = dict(raw_detect)
        extensions = _extensions(name, raw_detect.pop("extensions"), errors)
    detect = _detect(name, raw_detect, errors)
    client = Client(
        **about,
        documents=tuple(documents.values()),
        rights=rights,
        history=tuple(sorted(history, key=lambda h: h.date)),
        checklist=checklist,
        detect=detect,
        extensions=extensions,
        source_file=name,
    )
    return client if client_id else None


def _documents(name: str, top: _Reader, errors: list[CatalogError]) -> dict[str, Document]:
    documents: dict[str, Document] = {}
    for i, raw in enumerate(top.tables("documents")):
        d = _Reader(name, f"documents[{i}]", raw, errors)
        doc = Document(**d.read(spec.TABLE_SPECS["documents"]))
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
        right = r.read(spec.TABLE_SPECS["rights"])
        topic, verdict, quote = right["topic"], right["verdict"], right["quote"]
        right["applies_to"] = _applies_to(r, right["applies_to"], account_types)
        if (topic, right["applies_to"]) in seen:
            r.error("topic", f"'{topic}' appears twice for account type '{right['applies_to']}'")
        seen.add((topic, right["applies_to"]))
        if right["verified"] and not quote.strip():
            r.error("quote", "a verified right needs the exact quote it rests on")
        document = _cited(r, documents, right.pop("document"), right["verified"])
        if (
            topic == "content_licence"
            and verdict in ("limited", "protective")
            and document is not None
            and document.kind != "terms"
        ):
            r.error(
                "verdict",
                f"a '{verdict}' licence verdict needs the binding terms; "
                f"document '{document.id}' is of kind '{document.kind}'",
            )
        for word in right["scope"]:
            if word in SCOPE_WORDS and word not in quote.lower():
                r.error("scope", f"'{word}' does not appear in the quote")
        if document is not None:
            rights.append(Right(document=document, **right))
    return tuple(rights)


def _cited(
    r: _Reader, documents: dict[str, Document], doc_id: str, verified: bool
) -> Document | None:
    """The `[[documents]]` entry a right, step or history event rests on; what was read only
    in a secondary source is never verified."""
    document = documents.get(doc_id)
    if doc_id and document is None:
        r.error("document", f"unknown document id '{doc_id}'")
    if verified and document is not None and document.kind == "secondary":
        r.error(
            "verified",
            f"document '{doc_id}' is a secondary source: what was read only there is not verified",
        )
    return document


def _applies_to(r: _Reader, value: str, account_types: tuple[str, ...]) -> str:
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
        step = s.read(spec.TABLE_SPECS["checklist"])
        if step["id"] in ids:
            s.error("id", f"duplicate step id '{step['id']}'")
        ids.add(step["id"])
        if not step["verified"] and not step["caveat"]:
            s.error("caveat", "an unverified step must say what could not be verified")
        if step["controlled_by"] == "admin" and not step["ask_admin"]:
            s.error("ask_admin", "an admin-controlled step needs the text to send the admin")
        step["applies_to"] = _applies_to(s, step["applies_to"], account_types)
        document = _cited(s, documents, step.pop("document"), step["verified"])
        probes = _probes(name, f"checklist[{i}].probe", s, errors)
        if document is not None:
            steps.append(
                ChecklistStep(client_id=client_id, document=document, probes=probes, **step)
            )
    return tuple(steps)


def _probes(name: str, entry: str, s: _Reader, errors: list[CatalogError]) -> tuple[Probe, ...]:
    probes: list[Probe] = []
    for j, raw in enumerate(s.tables("probe")):
        p = _Reader(name, f"{entry}[{j}]", raw, errors)
        probes.append(Probe(**p.read(spec.TABLE_SPECS["probe"])))
    return tuple(probes)


EXTENSION_STORES = tuple(ExtensionIds.__dataclass_fields__)


def _extensions(name: str, raw: Any, errors: list[CatalogError]) -> ExtensionIds:
    r = _Reader(name, "detect.extensions", raw, errors)
    found = r.read(spec.TABLE_SPECS["extensions"])
    for store, ids in found.items():
        if len(set(ids)) != len(ids):
            r.error(store, "lists an id twice")
    return ExtensionIds(**found)


# A filter on what another footprint found, not a claim: one publisher ships several clients.
_NOT_CLAIMS = {"uninstall_publishers"}
# The footprint kinds read on each platform (`footprint_fields`), worked out once.
_KINDS: dict[str, tuple[str, ...]] = {p: footprint_fields(p) for p in PLATFORMS}


def _claims(client: Client) -> list[tuple[str, str, str]]:
    """(where, kind, value) of every footprint and extension id by which the scan names this
    client: each may belong to one client only, or one installation shows up as two."""
    found = [
        (store, "extensions", ext_id)
        for store in EXTENSION_STORES
        for ext_id in getattr(client.extensions, store)
    ]
    for platform, footprints in client.detect.items():
        for kind in _KINDS[platform]:
            if kind not in _NOT_CLAIMS:
                found += [(platform, kind, value) for value in getattr(footprints, kind)]
    return found


def _shared_claims(
    name: str, claims: list[tuple[str, str, str]], claimed: dict[tuple[str, str, str], str]
) -> list[CatalogError]:
    errors = []
    for where, kind, value in claims:
        owner = claimed.get((where, kind, value))
        if owner is None:
            continue
        entry, field = (
            ("detect.extensions", where) if kind == "extensions" else (f"detect.{where}", kind)
        )
        errors.append(
            CatalogError(
                name,
                entry,
                field,
                f"'{value}' is also in {owner}, which loaded first (files load in name order); "
                "one installation would show as two clients: take it out of one of the two files",
            )
        )
    return errors


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
        kinds = _KINDS[platform]
        for other in PLATFORMS:
            for kind in set(_KINDS[other]) & set(r.table) - set(kinds):
                r.error(kind, f"is read on {other} only: put it under [detect.{other}]")
                r.table.pop(kind)
        detect[platform] = Footprints(**r.read(spec.TABLE_SPECS[f"detect.{platform}"]))
    return detect

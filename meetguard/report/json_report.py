"""The report as JSON for IT tooling to aggregate.

The shape is documented by `resources/report-schema.json`; `schema_version`
changes whenever a field is removed or changes meaning (adding one does not).
Ids stay ids here (`state`, `topic_id`, `verdict`) and every one has its label
beside it, so a tool can show what the other formats show.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from meetguard.report.model import EVIDENCE_KINDS, Action, ClientReport, Counts, ReportData, inert

SCHEMA_VERSION = 2
# Which fields hold each kind of statement (see the model's docstring).
STATEMENT_FIELDS = {
    "observed": (
        "installations",
        "others",
        "extensions",
        "files_read",
        "scanned",
        "steps[].on_this_computer",
    ),
    "declared": ("added", "steps[].state", "steps[].marked_at", "steps[].note", "ledger"),
    "vendor": ("rights", "history", "sources"),
}


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _action(a: Action) -> dict[str, Any]:
    return {"client": a.client, "step": a.step.id, "feature": a.step.feature}


def _counts(k: Counts) -> dict[str, int]:
    return {
        "done": k.done,
        "not_applicable": k.not_applicable,
        "skipped": k.skipped,
        "open": k.open,
        "handled": k.handled,
        "total": k.total,
    }


def _client(c: ClientReport) -> dict[str, Any]:
    body = dataclasses.asdict(c)
    body["installations"] = [i.to_json() for i in c.installations]
    body["rights"] = [r.to_json() for r in c.rights]
    body["history"] = [dataclasses.asdict(e) for e in c.history]
    body["stale"] = c.stale
    body["added"] = c.added
    body["open_steps"] = [s.id for s in c.open_steps]
    body["counts"] = _counts(c.counts)
    return body


def report_to_dict(data: ReportData) -> dict[str, Any]:
    body = dataclasses.asdict(data)
    body["clients"] = [_client(c) for c in data.clients]
    body["others"] = [o.to_json() for o in data.others]
    body["extensions"] = [e.to_json() for e in data.extensions]
    body["statement_kinds"] = {
        kind: {"label": EVIDENCE_KINDS[kind], "fields": list(fields)}
        for kind, fields in STATEMENT_FIELDS.items()
    }
    body["summary"] = {
        "steps_done": data.steps_done,
        "steps_open": data.steps_open,
        "counts": _counts(data.counts),
        "top_actions": [_action(a) for a in data.top_actions],
    }
    cleaned: dict[str, Any] = _clean({"schema_version": SCHEMA_VERSION, **body})
    return cleaned


def render_json(data: ReportData) -> str:
    return json.dumps(report_to_dict(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

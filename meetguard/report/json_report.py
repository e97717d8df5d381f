"""The report as JSON for IT tooling to aggregate.

The shape is documented by `resources/report-schema.json`; `schema_version`
changes whenever a field is removed or changes meaning (adding one does not).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from meetguard.report.model import Action, ClientReport, ReportData, inert

SCHEMA_VERSION = 1


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


def _client(c: ClientReport) -> dict[str, Any]:
    body = dataclasses.asdict(c)
    body["installations"] = [i.to_json() for i in c.installations]
    body["history"] = [{"date": d, "event": ev, "url": url} for d, ev, url in c.history]
    body["stale"] = c.stale
    body["open_steps"] = [s.id for s in c.open_steps]
    return body


def report_to_dict(data: ReportData) -> dict[str, Any]:
    body = dataclasses.asdict(data)
    body["clients"] = [_client(c) for c in data.clients]
    body["others"] = [o.to_json() for o in data.others]
    body["sources"] = [{"url": url, "title": title} for url, title in data.sources]
    body["summary"] = {
        "steps_done": data.steps_done,
        "steps_open": data.steps_open,
        "top_actions": [_action(a) for a in data.top_actions],
    }
    cleaned: dict[str, Any] = _clean({"schema_version": SCHEMA_VERSION, **body})
    return cleaned


def render_json(data: ReportData) -> str:
    return json.dumps(report_to_dict(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

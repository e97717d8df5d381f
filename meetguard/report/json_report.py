"""The report as JSON for IT tooling; `schema_version` changes whenever a field changes meaning."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from meetguard.report.model import ReportData

SCHEMA_VERSION = 1


def report_to_dict(data: ReportData) -> dict[str, Any]:
    body = dataclasses.asdict(data)
    body["clients"] = [
        {**dataclasses.asdict(c), "installations": [i.to_json() for i in c.installations]}
        for c in data.clients
    ]
    body["others"] = [o.to_json() for o in data.others]
    body["sources"] = [{"url": url, "title": title} for url, title in data.sources]
    return {"schema_version": SCHEMA_VERSION, **body}


def render_json(data: ReportData) -> str:
    return json.dumps(report_to_dict(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

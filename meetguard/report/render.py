"""Pick a renderer by format; the PDF writer is the only one that needs Qt, loaded on demand."""

from __future__ import annotations

from pathlib import Path

from meetguard.report.html import render_html
from meetguard.report.json_report import render_json
from meetguard.report.model import ReportData

FORMATS = ("html", "json")
SUFFIXES = {".html": "html", ".htm": "html", ".json": "json"}


class UnknownFormatError(ValueError):
    pass


def format_for(path: Path, requested: str | None) -> str:
    if requested:
        if requested not in FORMATS:
            raise UnknownFormatError(f"unknown format '{requested}'; use {', '.join(FORMATS)}")
        return requested
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnknownFormatError(
            f"cannot tell the format from '{path.name}'; add --format ({', '.join(FORMATS)})"
        )
    return fmt


def render(data: ReportData, fmt: str) -> bytes:
    if fmt == "html":
        return render_html(data).encode("utf-8")
    if fmt == "json":
        return render_json(data).encode("utf-8")
    raise UnknownFormatError(f"unknown format '{fmt}'")

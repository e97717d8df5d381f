"""Pick a renderer by format; the PDF writer is the only one that needs Qt, loaded on demand."""

from __future__ import annotations

from pathlib import Path

from meetguard.report.html import render_html
from meetguard.report.json_report import render_json
from meetguard.report.md import render_markdown
from meetguard.report.model import ReportData

FORMATS = ("pdf", "html", "md", "json")
FORMAT_LABELS = {"pdf": "PDF", "html": "HTML", "md": "Markdown", "json": "JSON"}
SUFFIXES = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
}
PAPERS = ("a4", "letter")


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


def render(data: ReportData, fmt: str, paper: str = "a4") -> bytes:
    if fmt == "html":
        return render_html(data).encode("utf-8")
    if fmt == "md":
        return render_markdown(data).encode("utf-8")
    if fmt == "json":
        return render_json(data).encode("utf-8")
    if fmt == "pdf":
        from meetguard.report.pdf import render_pdf

        return render_pdf(data, paper)  # Qt is loaded only when a PDF is asked for
    raise UnknownFormatError(f"unknown format '{fmt}'")

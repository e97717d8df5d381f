"""How the command line prints a right: the shared view values, one line per fact."""

from __future__ import annotations

from meetguard.views import RightView


def right_lines(r: RightView, check_label: str = "") -> list[str]:
    flags = f" [{r.flag}]" if r.flag else ""
    if r.check_flag:
        flags += f" [{r.check_flag.upper()}: the terms may have changed]"
    source = r.source
    quote = f"“{r.quote}” — " if r.quote else ""
    lines = [
        f"  {r.topic}: {r.verdict_label}{flags} — {r.summary}",
        f"    {quote}{source.title}, {source.url}",
        f"    {source.kind_label} ({source.source_kind} source); {source.date}; "
        f"read {source.retrieved}",
    ]
    if check_label:
        lines.append(f"    {check_label}")
    return lines

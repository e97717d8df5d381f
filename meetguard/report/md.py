"""The report as Markdown, for pasting into a ticket or an e-mail to IT.

Everything that came from the computer, the user or the catalog is escaped so a
note cannot become a link, a heading, a mention, HTML or a broken table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from meetguard.report.model import (
    ADDED,
    DECLARED,
    NO_STEPS,
    OBSERVED,
    VENDOR,
    Action,
    ClientReport,
    Counts,
    ReportData,
    inert,
    installed_text,
    sentence,
    shown_evidence,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!~&@$])")
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=www)(\.)")


def md(value: object) -> str:
    """Inline text with every Markdown metacharacter escaped and newlines folded.

    Parentheses stay plain: with brackets escaped they can no longer form a link.
    """
    text = inert(str(value)).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    text = _SPECIAL.sub(r"\\\1", text)
    return _AUTOLINK.sub(lambda m: "\\" + (m.group(1) or m.group(2)), text)


def _link(url: str, text: str) -> str:
    if not url.startswith("https://"):
        return md(text)
    return f"[{md(text)}](<{quote(inert(url), safe=':/?#&=%+.,;~@!$*_-')}>)"


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    return [_row(*head), _row(*("---" for _ in head)), *(_row(*r) for r in rows), ""]


def _flag(text: str) -> str:
    return f" *({md(text)})*" if text else ""


def _kind(label: str) -> str:
    return f"*\\[{label}\\]*"


def _action(a: Action) -> str:
    s = a.step
    flag = _flag(s.flag)
    text = (
        f"**{md(a.client)}**: {md(sentence(s.feature))}{flag} "
        f"{md(sentence(s.location))} Recommended: {md(sentence(s.recommended))} "
        f"Who can change it: {md(s.controlled_by)}."
    )
    if s.ask_admin:
        text += f" Ask your admin: *{md(s.ask_admin)}*"
    return text


def _counts(k: Counts) -> tuple[str, ...]:
    return (str(k.done), str(k.not_applicable), str(k.skipped), str(k.open))


def _client(c: ClientReport) -> list[str]:
    grade = f" · **{md(c.grade_heading)}**" if c.grade else ""
    stale = "**Warning:** " if c.stale else ""
    out = [
        f"## {md(c.name)}",
        "",
        f"{md(c.vendor)} · {md(c.category_label)} · account type: {md(c.account_type)}{grade} · "
        f"{stale}{md(c.freshness)}.",
        "",
    ]
    if c.status != "active":
        out += [f"**{md(c.status.capitalize())}.** {md(c.status_note)}", ""]
    if c.added:
        out.append(f"- {_kind(DECLARED)} {md(ADDED)}")
    for i in c.installations:
        extra = shown_evidence(i)
        evidence = f" (evidence: {'; '.join(map(md, extra))})" if extra else ""
        out.append(f"- {_kind(OBSERVED)} Installed: {md(installed_text(i))}{evidence}")
    out.append("")
    if c.rights:
        out += [f"### What the vendor may do {_kind(VENDOR)}", ""]
        if c.history:
            latest = c.history[-1]
            out += [
                f"Changes to these terms on record: {len(c.history)}; the latest, "
                f"{md(latest.date)}: {md(latest.event)}{_flag(latest.flag)} "
                f"{_link(latest.url, '(source)')} ({md(latest.source.short)})",
                "",
            ]
        rights = []
        cited: set[str] = set()  # a document cited once in this table is not described again
        for r in c.rights:
            verdict = md(r.verdict_label) + _flag(r.flag)
            section = f", section {md(r.section)}" if r.section else ""
            said = f"“{md(r.quote)}”" if r.quote else md(r.summary)
            d = r.source
            about = (
                f" · {md(d.kind_label)} ({md(d.source_kind)} source) · {md(d.date)} "
                f"· read {md(d.retrieved)}"
                if d.url not in cited
                else " (as above)"
            )
            cited.add(d.url)
            source = f"{_link(d.url, d.title)}{section}{about}"
            flag = "**" if r.terms_flagged else ""
            check = f" {flag}Terms check: {md(r.terms_check)}{flag}" if r.terms_check else ""
            rights.append((md(r.topic), verdict, f"{said} — {source}{check}"))
        out += _table(("Topic", "Verdict", "The clause, and the document it is from"), rights)
    out += [f"### Settings checklist {_kind(DECLARED)}", ""]
    if not c.steps:
        return [*out, md(NO_STEPS), ""]
    steps = []
    for s in c.steps:
        mark = f"**{md(s.state_label)}**"
        mark += f" {md(s.marked_at)}" if s.marked_at else ""
        mark += f" — note: {md(s.note)}" if s.note else ""
        mark += f" — {md(s.reason)}" if s.reason else ""
        setting = md(s.feature) + _flag(s.flag)
        setting += f" — {md(s.location)} · changed by: {md(s.controlled_by)}"
        setting += f" · {_link(s.source_url, 'source')} ({md(s.source_short)})"
        if s.on_this_computer:
            setting += f" — {_kind(OBSERVED)} {md(s.on_this_computer)}"
        steps.append((setting, md(s.recommended), mark))
    out += _table(("Setting, where it is, who can change it", "Recommended", "Your mark"), steps)
    return out


def _scanned(data: ReportData) -> list[str]:
    s = data.scanned
    out = [
        f"### What MeetGuard looked at {_kind(OBSERVED)}",
        "",
        f"{md(s.platform)}, {md(s.root)}. Places: {md(', '.join(s.places))}. "
        f"{s.files_read} {'file' if s.files_read == 1 else 'files'} read (Appendix C lists them).",
        "",
    ]
    if s.problems:
        out += [
            f"**{len(s.problems)} could not be read**, so what they hold is not in this report:"
        ]
        out += [f"- {md(p)}" for p in s.problems]
    else:
        out += ["Every place could be read."]
    out.append("")
    lead, found = data.found_text
    out.append((f"**{md(lead)}**" if lead else "") + md(found))
    return [*out, ""]


def render_markdown(data: ReportData) -> str:
    out = [
        "# Personal privacy report for video meetings",
        "",
        f"Made {md(data.generated_at)} by MeetGuard {md(data.meetguard_version)} · "
        f"catalog of {md(data.catalog_version)} ({data.scanned.known_apps} apps reviewed)  ",
        f"Computer: {md(data.os)} · host {md(data.hostname)} · user {md(data.username)}",
        "",
        "## Summary",
        "",
        *_scanned(data),
        f"Each statement says where it comes from: {_kind(OBSERVED)} what MeetGuard found, "
        f"{_kind(DECLARED)} your marks, with their date, {_kind(VENDOR)} quoted, with the "
        "document's kind and date.",
        "",
    ]
    if data.clients:
        out += ["### Apps found", ""]
        out += _table(
            ("App", "Kind", "Installed", "Grade", "Done", "Not applicable", "Skipped", "Open"),
            [
                (
                    md(c.name) + (" **(review stale)**" if c.stale else ""),
                    md(c.category_label),
                    md(c.found_as),
                    md(c.grade or "–"),
                    *_counts(c.counts),
                )
                for c in data.clients
            ]
            + [("**All apps**", "", "", "", *_counts(data.counts))],
        )
        out += ["### The most important open steps", ""]
        out += [f"{n}. {_action(a)}" for n, a in enumerate(data.top_actions, 1)] or [
            "None: every step of the apps found is marked."
        ]
        out.append("")
    for c in data.clients:
        out += _client(c)
    out += ["## Appendix A: your consent ledger", ""]
    if data.ledger:
        out += [f"{_kind(DECLARED)} Every mark you recorded, oldest first.", ""]
        out += _table(
            ("When", "App", "Setting", "Mark", "Note"),
            [(md(r.when), md(r.client), md(r.step), md(r.state), md(r.note)) for r in data.ledger],
        )
    else:
        out += ["No marks recorded yet.", ""]
    out += ["## Appendix B: documents cited", ""]
    usual = data.usual_retrieved
    if usual:
        out += [f"Read for the catalog on {md(usual)} unless said.", ""]
    for s in data.sources:
        read = f"read {s.retrieved}" if s.retrieved and s.retrieved != usual else ""
        about = [x for x in (s.kind, s.date, read) if x]
        out.append(f"- {_link(s.url, s.title)}" + "".join(f" · {md(x)}" for x in about))
    if not data.sources:
        out.append("None.")
    out += ["", "## Appendix C: what MeetGuard read on this computer", ""]
    out += [f"- {md(p)}" for p in data.files_read] or ["No files."]
    if data.warnings:
        out += ["", "### Could not be read", ""]
        out += [f"- {md(w)}" for w in data.warnings]
    return "\n".join(out) + "\n"

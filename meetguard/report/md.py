"""The report as Markdown, for pasting into a ticket or an e-mail to IT.

Everything that came from the computer, the user or the catalog is escaped so a
note cannot become a link, a heading, a mention, HTML or a broken table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from meetguard.report.model import NO_STEPS, Action, ClientReport, ReportData, inert, sentence

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


def _action(a: Action) -> str:
    s = a.step
    flag = " *(unverified)*" if not s.verified else ""
    text = (
        f"**{md(a.client)}**: {md(sentence(s.feature))}{flag} "
        f"{md(sentence(f'{s.where}: {s.path}'))} Recommended: {md(sentence(s.recommended))} "
        f"Who can change it: {md(s.controlled_by)}."
    )
    if s.ask_admin:
        text += f" Ask your admin: *{md(s.ask_admin)}*"
    if s.on_this_computer:
        text += f" On this computer: {md(s.on_this_computer)}"
    return text


def _client(c: ClientReport) -> list[str]:
    out = [f"## {md(c.name)}", "", f"{md(c.vendor)} · account type: {md(c.account_type)}", ""]
    out += [("**Warning:** " if c.stale else "") + md(c.freshness) + ".", ""]
    if c.status != "active":
        out += [f"**{md(c.status.capitalize())}.** {md(c.status_note)}", ""]
    if c.grade:
        out += [f"**Grade {md(c.grade)}**", ""]
        out += [f"- {md(r)}" for r in c.grade_reasons]
        out += [""] if c.grade_reasons else []
    out += ["### Installed", ""]
    out += _table(
        ("Version", "Installed as", "Location", "Evidence"),
        [
            (
                md(i.version or "unknown"),
                md(i.source),
                md(i.location),
                "; ".join(map(md, i.evidence)),
            )
            for i in c.installations
        ],
    )
    out += ["### What the vendor may do", ""]
    rights = []
    for r in c.rights:
        unsure = not r.verified and r.verdict != "unknown"
        verdict = md(r.verdict_label) + (" *(unverified)*" if unsure else "")
        section = f", section {md(r.section)}" if r.section else ""
        quote_ = f" “{md(r.quote)}”" if r.quote else ""
        source = f"{_link(r.url, r.document)}, {md(r.document_date)}{section}"
        rights.append((md(r.topic), verdict, f"{md(r.summary)}{quote_} — {source}"))
    out += _table(("Topic", "Verdict", "Summary, clause and source"), rights)
    out += ["### Settings checklist", ""]
    if not c.steps:
        return [*out, md(NO_STEPS), ""]
    steps = []
    for s in c.steps:
        mark = f"**{md(s.state_label)}**"
        mark += f" {md(s.marked_at)}" if s.marked_at else ""
        mark += f" — note: {md(s.note)}" if s.note else ""
        mark += f" — {md(s.reason)}" if s.reason else ""
        feature = md(s.feature) + ("" if s.verified else " *(unverified)*")
        steps.append(
            (
                feature,
                f"{md(s.where)}: {md(s.path)}",
                md(s.recommended),
                mark,
                _link(s.source_url, "source"),
            )
        )
    out += _table(("Setting", "Where", "Recommended", "Your mark", "Source"), steps)
    out += ["### Open actions", ""]
    out += [f"- {_action(Action(c.name, s))}" for s in c.open_steps] or ["None."]
    return [*out, ""]


def render_markdown(data: ReportData) -> str:
    out = [
        "# Personal privacy report for video meetings",
        "",
        f"Made {md(data.generated_at)} by MeetGuard {md(data.meetguard_version)} · "
        f"catalog of {md(data.catalog_version)}  ",
        f"Computer: {md(data.os)} · host {md(data.hostname)} · user {md(data.username)}",
        "",
        "## Summary",
        "",
    ]
    if data.clients:
        out += _table(
            ("Client", "Version", "Installed as", "Grade", "Steps done", "Open", "Reviewed"),
            [
                (
                    md(c.name),
                    md(c.installations[0].version or "unknown"),
                    md(c.installations[0].source),
                    md(c.grade or "–"),
                    str(sum(1 for s in c.steps if s.state == "done")),
                    str(len(c.open_steps)),
                    md(c.reviewed) + (" **(stale)**" if c.stale else ""),
                )
                for c in data.clients
            ],
        )
    else:
        out += ["None of the conferencing clients MeetGuard knows was found.", ""]
    out += [
        f"Checklist: **{data.steps_done}** steps done, **{data.steps_open}** still open. "
        f"Other calling apps found: {len(data.others)}.",
        "",
        "### The most important open actions",
        "",
    ]
    out += [f"{n}. {_action(a)}" for n, a in enumerate(data.top_actions, 1)] or ["None."]
    out.append("")
    for c in data.clients:
        out += _client(c)
    out += ["## Other calling apps found", ""]
    if data.others:
        out += _table(
            ("App", "Installed as", "Location"),
            [(md(o.name), md(o.source), md(o.location)) for o in data.others],
        )
    else:
        out += ["None.", ""]
    out += ["## Your consent ledger", ""]
    if data.ledger:
        out += _table(
            ("When", "Client", "Step", "Mark", "Note"),
            [(md(r.when), md(r.client), md(r.step), md(r.state), md(r.note)) for r in data.ledger],
        )
    else:
        out += ["No marks recorded yet.", ""]
    out += ["## Appendix: sources cited", ""]
    out += [f"- {_link(url, title)}" for url, title in data.sources] or ["None."]
    out += ["", "### What MeetGuard read on this computer", ""]
    out += [f"- {md(p)}" for p in data.files_read] or ["No files."]
    if data.warnings:
        out += ["", "### Problems met while scanning", ""]
        out += [f"- {md(w)}" for w in data.warnings]
    return "\n".join(out) + "\n"

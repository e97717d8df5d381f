"""The report as one self-contained HTML file: inline CSS, no external requests, all escaped.

The same markup feeds the PDF writer, so it keeps to what Qt's rich-text engine
understands (tables with cell attributes, `thead`, `page-break-before`) and
adds a print stylesheet that browsers use and Qt ignores.
"""

from __future__ import annotations

from html import escape

from meetguard.report.model import (
    NO_STEPS,
    Action,
    ClientReport,
    ReportData,
    StepRow,
    inert,
    sentence,
)

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1d1d1f;line-height:1.4}
h1{font-size:20pt;margin-bottom:2pt}h2{font-size:15pt;margin-top:14pt;color:#1a3a5c}
h3{font-size:11.5pt;margin-top:10pt;margin-bottom:3pt}
table{border-collapse:collapse;margin-top:3pt;margin-bottom:8pt}
th,td{border:1px solid #b8bec6;padding:3px 5px;text-align:left;vertical-align:top}
th{background-color:#e8ecf1}.meta{color:#555555}.quote{font-style:italic;color:#333333}
.verdict{font-weight:bold}.unverified{color:#8a4b00;font-weight:bold}
.warn{color:#8a1f11;font-weight:bold}
.broad{background-color:#fde2e1}.limited{background-color:#fff3cd}
.protective{background-color:#dff3e3}.unknown,.not_applicable{background-color:#eceff3}
.state-done{background-color:#dff3e3}.state-pending,.state-re-check{background-color:#fff3cd}
.grade{font-weight:bold;font-size:13pt}.newpage{page-break-before:always}
@media print{a{color:inherit}tr{page-break-inside:avoid}thead{display:table-header-group}}
"""
# Qt's rich text honours @media screen too, so the PDF writer leaves this out.
SCREEN_CSS = "@media screen{body{margin:2em auto;max-width:60em;padding:0 1em}}"
TABLE = '<table width="100%" border="1" cellspacing="0" cellpadding="4">'


def _e(value: object) -> str:
    return escape(inert(str(value)), quote=True)


def _lines(value: str) -> str:
    return _e(value).replace("\n", "<br>")


def _link(url: str, text: str) -> str:
    if not url.startswith("https://"):
        return _e(text)
    return f'<a href="{_e(url)}">{_e(text)}</a>'


def _head(*names: str) -> str:
    return TABLE + "<thead><tr>" + "".join(f"<th>{n}</th>" for n in names) + "</tr></thead>"


def _unverified(verified: bool) -> str:
    return "" if verified else ' <span class="unverified">(unverified)</span>'


def _action(a: Action) -> str:
    s = a.step
    text = (
        f"<li><b>{_e(a.client)}</b>: {_e(sentence(s.feature))}{_unverified(s.verified)} "
        f"{_e(sentence(f'{s.where}: {s.path}'))} Recommended: {_e(sentence(s.recommended))} "
        f"Who can change it: {_e(s.controlled_by)}."
    )
    if s.ask_admin:
        text += f'<br><span class="meta">Ask your admin:</span> <i>{_e(s.ask_admin)}</i>'
    if s.on_this_computer:
        text += f'<br><span class="meta">On this computer:</span> {_e(s.on_this_computer)}'
    return text + "</li>"


def _grade(c: ClientReport) -> str:
    if not c.grade:
        return ""
    out = f'<p><span class="grade">Grade {_e(c.grade)}</span></p>'
    if c.grade_reasons:
        out += "<ul>" + "".join(f"<li>{_e(r)}</li>" for r in c.grade_reasons) + "</ul>"
    return out


def _mark(s: StepRow) -> str:
    mark = f"<b>{_e(s.state_label)}</b>"
    if s.marked_at:
        mark += f'<br><span class="meta">{_e(s.marked_at)}</span>'
    if s.note:
        mark += f"<br>Note: {_lines(s.note)}"
    if s.reason:
        mark += f"<br>{_e(s.reason)}"
    return mark


def _client(c: ClientReport) -> str:
    out = [f'<h2 class="newpage" id="client-{_e(c.id)}">{_e(c.name)}</h2>']
    out.append(
        f'<p class="meta">{_e(c.vendor)} · account type: {_e(c.account_type)}</p>'
        f'<p class="{"warn" if c.stale else "meta"}">{_e(c.freshness)}.</p>'
    )
    if c.status != "active":
        out.append(f"<p><strong>{_e(c.status.capitalize())}.</strong> {_e(c.status_note)}</p>")
    out.append(_grade(c))
    out.append("<h3>Installed</h3>" + _head("Version", "Installed as", "Location", "Evidence"))
    for i in c.installations:
        out.append(
            f"<tr><td>{_e(i.version or 'unknown')}</td><td>{_e(i.source)}</td>"
            f"<td>{_e(i.location)}</td><td>{'<br>'.join(_e(x) for x in i.evidence)}</td></tr>"
        )
    out.append("</table><h3>What the vendor may do</h3>" + _head("Topic", "Verdict", "Clause"))
    for r in c.rights:
        section = f", section {_e(r.section)}" if r.section else ""
        quote = f'<br><span class="quote">“{_e(r.quote)}”</span>' if r.quote else ""
        out.append(
            f'<tr><td width="22%">{_e(r.topic)}</td><td width="14%" class="verdict '
            f'{_e(r.verdict)}">{_e(r.verdict_label)}'
            f"{_unverified(r.verified or r.verdict == 'unknown')}</td>"
            f"<td>{_e(r.summary)}{quote}<br>"
            f'<span class="meta">{_link(r.url, r.document)}, {_e(r.document_date)}{section}'
            "</span></td></tr>"
        )
    out.append("</table>")
    if c.history:
        out.append("<h3>History of the terms</h3>" + _head("Date", "What changed"))
        out.extend(
            f'<tr><td width="14%">{_e(d)}</td><td>{_e(ev)} {_link(url, "(source)")}</td></tr>'
            for d, ev, url in c.history
        )
        out.append("</table>")
    if not c.steps:
        out.append(f"<h3>Settings checklist</h3><p>{_e(NO_STEPS)}</p>")
        return "\n".join(out)
    out.append(
        "<h3>Settings checklist</h3>" + _head("Setting", "Where", "Recommended", "Your mark")
    )
    for s in c.steps:
        out.append(
            f'<tr><td width="26%">{_e(s.feature)}{_unverified(s.verified)}<br>'
            f"{_link(s.source_url, 'source')}</td><td>{_e(s.where)}: {_e(s.path)}<br>"
            f'<span class="meta">Controlled by: {_e(s.controlled_by)}</span></td>'
            f'<td>{_e(s.recommended)}</td><td width="20%" class="state-{_e(s.state)}">'
            f"{_mark(s)}</td></tr>"
        )
    out.append("</table>")
    if c.open_steps:
        out.append("<h3>Open actions</h3><ul>")
        out.extend(_action(Action(c.name, s)) for s in c.open_steps)
        out.append("</ul>")
    else:
        out.append("<p>Every step for this client is marked.</p>")
    return "\n".join(out)


def _summary(data: ReportData, screen: bool) -> list[str]:
    out = ['<h2 id="summary">Summary</h2>']
    if not data.clients:
        out.append("<p>None of the conferencing clients MeetGuard knows was found.</p>")
    else:
        out.append(
            _head("Client", "Version", "Installed as", "Grade", "Steps done", "Open", "Reviewed")
        )
        for c in data.clients:
            first = c.installations[0]
            done = sum(1 for s in c.steps if s.state == "done")
            reviewed = _e(c.reviewed)
            if c.stale:
                reviewed = f'<span class="warn">{reviewed} (over {c.stale_after} days)</span>'
            name = f'<a href="#client-{_e(c.id)}">{_e(c.name)}</a>' if screen else _e(c.name)
            out.append(
                f"<tr><td>{name}</td>"
                f"<td>{_e(first.version or 'unknown')}</td><td>{_e(first.source)}</td>"
                f'<td class="grade">{_e(c.grade or "–")}</td><td>{done}</td>'
                f"<td>{len(c.open_steps)}</td><td>{reviewed}</td></tr>"
            )
        out.append("</table>")
    out.append(
        f"<p>Checklist: <b>{data.steps_done}</b> steps done, <b>{data.steps_open}</b> still open."
        f" Other calling apps found: {len(data.others)}.</p>"
    )
    out.append("<h3>The most important open actions</h3>")
    if data.top_actions:
        out.append("<ol>" + "".join(_action(a) for a in data.top_actions) + "</ol>")
        out.append(
            '<p class="meta">Settings only an admin can change and AI features come first; '
            "steps MeetGuard could not verify come last.</p>"
        )
    else:
        out.append("<p>None: every checklist step is marked.</p>")
    return out


def _appendix(data: ReportData) -> list[str]:
    out = ['<h2 class="newpage">Appendix: sources cited</h2><ul>']
    out.extend(f"<li>{_link(url, title)}<br>{_e(url)}</li>" for url, title in data.sources)
    out.append("</ul><h3>What MeetGuard read on this computer</h3>")
    if data.files_read:
        out.append("<ul>" + "".join(f"<li>{_e(p)}</li>" for p in data.files_read) + "</ul>")
    else:
        out.append("<p>No files.</p>")
    if data.warnings:
        out.append("<h3>Problems met while scanning</h3><ul>")
        out.extend(f"<li>{_e(w)}</li>" for w in data.warnings)
        out.append("</ul>")
    return out


def render_html(data: ReportData, screen: bool = True) -> str:
    """The report page; `screen=False` drops the browser-only layout for Qt's typesetter."""
    computer = f"{_e(data.os)} · host {_e(data.hostname)} · user {_e(data.username)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>MeetGuard privacy report, {_e(data.generated_at)}</title>",
        f"<style>{CSS}{SCREEN_CSS if screen else ''}</style></head><body>",
        "<h1>Personal privacy report for video meetings</h1>",
        f'<p class="meta">Made {_e(data.generated_at)} by MeetGuard {_e(data.meetguard_version)}'
        f" · catalog of {_e(data.catalog_version)}<br>Computer: {computer}</p>",
        *_summary(data, screen),
    ]
    parts.extend(_client(c) for c in data.clients)
    parts.append('<h2 class="newpage">Other calling apps found</h2>')
    if data.others:
        parts.append("<p>MeetGuard has no review of these apps' terms yet.</p>")
        parts.append(_head("App", "Installed as", "Location"))
        parts.extend(
            f"<tr><td>{_e(o.name)}</td><td>{_e(o.source)}</td><td>{_e(o.location)}</td></tr>"
            for o in data.others
        )
        parts.append("</table>")
    else:
        parts.append("<p>None.</p>")
    parts.append("<h2>Your consent ledger</h2>")
    if data.ledger:
        parts.append(
            '<p class="meta">Every mark you recorded, oldest first.</p>'
            + _head("When", "Client", "Step", "Mark", "Note")
        )
        parts.extend(
            f"<tr><td>{_e(r.when)}</td><td>{_e(r.client)}</td><td>{_e(r.step)}</td>"
            f"<td>{_e(r.state)}</td><td>{_lines(r.note)}</td></tr>"
            for r in data.ledger
        )
        parts.append("</table>")
    else:
        parts.append("<p>No marks recorded yet.</p>")
    parts.extend(_appendix(data))
    parts.append("</body></html>\n")
    return "\n".join(parts)

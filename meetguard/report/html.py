"""The report as one self-contained HTML file: inline CSS, no external requests, all escaped."""

from __future__ import annotations

from html import escape

from meetguard.report.model import ClientReport, ReportData

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1d1d1f;margin:2em auto;max-width:60em;
line-height:1.45;padding:0 1em}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #444;padding-bottom:.2em;
margin-top:1.6em}h3{margin-bottom:.3em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}
th,td{border:1px solid #bbb;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#eee}.meta{color:#555}.quote{font-style:italic;color:#333}
.verdict{font-weight:bold;white-space:nowrap}.unverified{color:#8a4b00;font-weight:bold}
.broad{background:#fde2e1}.limited{background:#fff3cd}.protective{background:#dff3e3}
.unknown,.not_applicable{background:#eceff3}
.state-done{background:#dff3e3}.state-pending,.state-re-check{background:#fff3cd}
@media print{body{margin:0;max-width:none}a{color:inherit}h2{page-break-before:always}
h2.first{page-break-before:avoid}tr{page-break-inside:avoid}}
"""


# Control characters other than tab and newlines are not allowed in HTML: shown as U+FFFD.
_CONTROLS = {c: "\ufffd" for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}


def _e(value: object) -> str:
    return escape(str(value).translate(_CONTROLS), quote=True)


def _link(url: str, text: str) -> str:
    if not url.startswith("https://"):
        return _e(text)
    return f'<a href="{_e(url)}">{_e(text)}</a>'


def _client(c: ClientReport) -> str:
    out = [f'<h2 id="client-{_e(c.id)}">{_e(c.name)}</h2>']
    out.append(
        f'<p class="meta">{_e(c.vendor)} · account type: {_e(c.account_type)} · '
        f"catalog reviewed {_e(c.reviewed)} ({c.reviewed_days} days before this report)</p>"
    )
    if c.status != "active":
        out.append(f"<p><strong>{_e(c.status.capitalize())}.</strong> {_e(c.status_note)}</p>")
    out.append(
        "<h3>Installed</h3><table><tr><th>Version</th><th>Installed as</th>"
        "<th>Location</th><th>Evidence</th></tr>"
    )
    for i in c.installations:
        out.append(
            f"<tr><td>{_e(i.version or 'unknown')}</td><td>{_e(i.source)}</td>"
            f"<td>{_e(i.location)}</td><td>{'<br>'.join(_e(x) for x in i.evidence)}</td></tr>"
        )
    out.append(
        "</table><h3>What the vendor may do</h3><table><tr><th>Topic</th>"
        "<th>Verdict</th><th>Summary and clause</th></tr>"
    )
    for r in c.rights:
        check = "" if r.verified else ' <span class="unverified">(unverified)</span>'
        section = f", section {_e(r.section)}" if r.section else ""
        quote = f'<br><span class="quote">“{_e(r.quote)}”</span>' if r.quote else ""
        out.append(
            f'<tr><td>{_e(r.topic)}</td><td class="verdict {_e(r.verdict)}">'
            f"{_e(r.verdict_label)}{check}</td><td>{_e(r.summary)}{quote}<br>"
            f'<span class="meta">{_link(r.url, r.document)}, {_e(r.document_date)}{section}'
            "</span></td></tr>"
        )
    out.append("</table>")
    if c.history:
        out.append("<h3>History</h3><table><tr><th>Date</th><th>What changed</th></tr>")
        out.extend(
            f"<tr><td>{_e(d)}</td><td>{_e(ev)} {_link(url, '(source)')}</td></tr>"
            for d, ev, url in c.history
        )
        out.append("</table>")
    out.append(
        "<h3>Settings checklist</h3><table><tr><th>Setting</th><th>Where</th>"
        "<th>Recommended</th><th>Your mark</th></tr>"
    )
    for s in c.steps:
        check = "" if s.verified else ' <span class="unverified">(unverified)</span>'
        mark = _e(s.state_label)
        if s.marked_at:
            mark += f'<br><span class="meta">{_e(s.marked_at)}</span>'
        if s.note:
            mark += f"<br>Note: {_e(s.note)}"
        if s.reason:
            mark += f"<br>{_e(s.reason)}"
        out.append(
            f"<tr><td>{_e(s.feature)}{check}<br>{_link(s.source_url, 'source')}</td>"
            f"<td>{_e(s.where)}: {_e(s.path)}<br>"
            f'<span class="meta">Controlled by: {_e(s.controlled_by)}</span></td>'
            f'<td>{_e(s.recommended)}</td><td class="state-{_e(s.state)}">{mark}</td></tr>'
        )
    out.append("</table>")
    return "\n".join(out)


def render_html(data: ReportData) -> str:
    installed = ", ".join(c.name for c in data.clients) or "none of the clients MeetGuard knows"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>MeetGuard privacy report, {_e(data.generated_at)}</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Personal privacy report for video meetings</h1>",
        f'<p class="meta">Made {_e(data.generated_at)} by MeetGuard {_e(data.meetguard_version)}'
        f" · catalog of {_e(data.catalog_version)}</p>",
        f'<p class="meta">Computer: {_e(data.hostname)} · user {_e(data.username)} · '
        f"{_e(data.os)}</p>",
        '<h2 class="first">Summary</h2>',
        f"<p>Conferencing clients found: {_e(installed)}.</p>",
        f"<p>Checklist: {data.steps_done} steps done, {data.steps_open} still open.</p>",
    ]
    parts.extend(_client(c) for c in data.clients)
    if data.others:
        parts.append(
            "<h2>Other calling apps found</h2><p>MeetGuard has no review of these yet.</p><ul>"
        )
        parts.extend(f"<li>{_e(o.name)} ({_e(o.location)})</li>" for o in data.others)
        parts.append("</ul>")
    parts.append("<h2>Your consent ledger</h2>")
    if data.ledger:
        parts.append(
            "<table><tr><th>When</th><th>Client</th><th>Step</th><th>Mark</th><th>Note</th></tr>"
        )
        parts.extend(
            f"<tr><td>{_e(r.when)}</td><td>{_e(r.client)}</td><td>{_e(r.step)}</td>"
            f"<td>{_e(r.state)}</td><td>{_e(r.note)}</td></tr>"
            for r in data.ledger
        )
        parts.append("</table>")
    else:
        parts.append("<p>No marks recorded yet.</p>")
    parts.append("<h2>Sources cited</h2><ul>")
    parts.extend(f"<li>{_e(title)}: {_e(url)}</li>" for url, title in data.sources)
    parts.append("</ul><h3>What MeetGuard read on this computer</h3><ul>")
    parts.extend(f"<li>{_e(p)}</li>" for p in data.files_read)
    parts.append("</ul>")
    if data.warnings:
        parts.append("<h3>Problems met while scanning</h3><ul>")
        parts.extend(f"<li>{_e(w)}</li>" for w in data.warnings)
        parts.append("</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)

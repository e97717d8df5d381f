"""The report as one self-contained HTML file: inline CSS, no external requests, all escaped.

The same markup feeds the PDF writer, so it keeps to what Qt's rich-text engine
understands (tables with cell attributes, `thead`, `page-break-before`); the
print rules (`@page`, colours that print, headings kept with what follows,
link addresses) are for browsers, and Qt ignores them.
"""

from __future__ import annotations

from html import escape

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
    RightRow,
    StepRow,
    inert,
    installed_text,
    sentence,
    shown_evidence,
)

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1d1d1f;line-height:1.35}
h1{font-size:16pt;margin-bottom:2pt}h2{font-size:12pt;margin-top:8pt;margin-bottom:2pt;color:#1a3a5c}
h3{font-size:9pt;margin-top:6pt;margin-bottom:2pt}
p{margin-top:2pt;margin-bottom:3pt}ul,ol{margin-top:2pt;margin-bottom:3pt}
table{border-collapse:collapse;margin-top:2pt;margin-bottom:5pt}
th,td{border:1px solid #b8bec6;padding:2px 4px;text-align:left;vertical-align:top}
th{background-color:#e8ecf1;font-weight:bold}td.n,th.n{text-align:right}
.meta{color:#555555}.quote{font-style:italic;color:#333333}.small{font-size:7pt}
.kind{font-size:6.5pt;font-weight:bold;color:#ffffff;padding:0 3px}
.observed{background-color:#2f5d8a}.declared{background-color:#6b4c9a}.vendor{background-color:#5c6b2f}
.verdict{font-weight:bold}.unverified{color:#8a4b00;font-weight:bold}
.warn{color:#8a1f11;font-weight:bold}
.broad{background-color:#fde2e1}.limited{background-color:#fff3cd}
.protective{background-color:#dff3e3}.unknown,.not_applicable{background-color:#eceff3}
.state-done,.state-not-applicable{background-color:#dff3e3}
.state-pending,.state-re-check{background-color:#fff3cd}.state-skipped{background-color:#eceff3}
.grade{font-weight:bold}.newpage{page-break-before:always}.nowrap{white-space:nowrap}
"""
# Browsers only: Qt's rich text knows neither @page nor these print properties.
PRINT_CSS = """
@page{size:A4;margin:12mm 14mm 10mm 14mm}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:9pt}
h1,h2,h3,.lead{break-after:avoid;page-break-after:avoid}
tr,li,p{break-inside:avoid;page-break-inside:avoid}p{orphans:2;widows:2}
thead{display:table-header-group}
a{color:inherit}
a[href^="https://"]::after{content:" <" attr(href) ">";font-size:7pt;color:#555555;
word-break:break-all}
}
"""
# Qt's rich text honours @media screen too, so the PDF writer leaves this out.
SCREEN_CSS = "@media screen{body{margin:2em auto;max-width:60em;padding:0 1em}}"
TABLE = '<table width="100%" border="1" cellspacing="0" cellpadding="2">'


def _e(value: object) -> str:
    return escape(inert(str(value)), quote=True)


def _lines(value: str) -> str:
    return _e(value).replace("\n", "<br>")


def _link(url: str, text: str) -> str:
    if not url.startswith("https://"):
        return _e(text)
    return f'<a href="{_e(url)}">{_e(text)}</a>'


def _head(*names: str, numeric: int = 0) -> str:
    cells = [f'<th scope="col">{n}</th>' for n in names[: len(names) - numeric]]
    cells += [f'<th scope="col" class="n">{n}</th>' for n in names[len(names) - numeric :]]
    return TABLE + "<thead><tr>" + "".join(cells) + "</tr></thead>"


def _kind(css: str, label: str) -> str:
    return f'<span class="kind {css}">{_e(label)}</span>'


def _flag(text: str) -> str:
    return f' <span class="unverified">({_e(text)})</span>' if text else ""


def _action(a: Action) -> str:
    s = a.step
    return (
        f"<li><b>{_e(a.client)}</b>: {_e(s.feature)}{_flag(s.flag)}. "
        f"Recommended: {_e(sentence(s.recommended))} Who can change it: {_e(s.controlled_by)}.</li>"
    )


def _installed(c: ClientReport) -> str:
    if c.added:
        return f"<p>{_kind('declared', DECLARED)} {_e(ADDED)}</p>"
    found = []
    for i in c.installations:
        evidence = "; ".join(shown_evidence(i))
        found.append(
            _e(installed_text(i))
            + (f' <span class="meta small">(evidence: {_e(evidence)})</span>' if evidence else "")
        )
    return f"<p>{_kind('observed', OBSERVED)} Installed: {'<br>'.join(found)}</p>"


def _right(r: RightRow, cited: set[str]) -> str:
    """One right; a document already cited in this table is named again, not described again."""
    section = f", section {_e(r.section)}" if r.section else ""
    # The vendor's own words when there are some; MeetGuard's summary says why when there are none.
    said = f'<span class="quote">“{_e(r.quote)}”</span>' if r.quote else _e(r.summary)
    flag = ' class="warn"' if r.terms_flagged else ""
    check = f"<br><span{flag}>Terms check: {_e(r.terms_check)}</span>" if r.terms_check else ""
    d = r.source
    about = (
        f" · {_e(d.kind_label)} ({_e(d.source_kind)} source), {_e(d.date)}"
        if d.url not in cited
        else " (as above)"
    )
    cited.add(d.url)
    source = f' <span class="meta small">— {_link(d.url, d.title)}{section}{about}</span>'
    return (
        f'<tr><th scope="row" width="22%">{_e(r.topic)}<br>'
        f'<span class="verdict">{_e(r.verdict_label)}</span>{_flag(r.flag)}</th>'
        f'<td class="{_e(r.verdict)}">{said}{source}{check}</td></tr>'
    )


def _mark(s: StepRow) -> str:
    mark = f"<b>{_e(s.state_label)}</b>"
    if s.marked_at:
        mark += f' <span class="meta small">{_e(s.marked_at)}</span>'
    if s.note:
        mark += f"<br>Note: {_lines(s.note)}"
    if s.reason:
        mark += f'<br><span class="small">{_e(s.reason)}</span>'
    return mark


def _step(s: StepRow) -> str:
    observed = (
        f"<br>{_kind('observed', OBSERVED)} {_e(s.on_this_computer)}" if s.on_this_computer else ""
    )
    admin = (
        f'<br><span class="small">Ask your admin: <i>{_e(s.ask_admin)}</i></span>'
        if s.ask_admin and s.is_open
        else ""
    )
    return (
        f"<tr><td><b>{_e(s.feature)}</b>{_flag(s.flag)} "
        f"Recommended: {_e(sentence(s.recommended))} "
        f'<span class="small">{_e(s.location)} · changed by: {_e(s.controlled_by)} · '
        f"{_link(s.source_url, f'{s.source_short}: {s.source_host}')}"
        f"</span>{admin}{observed}</td>"
        f'<td width="27%" class="state-{_e(s.state)}">{_mark(s)}</td></tr>'
    )


def _client(c: ClientReport, first: bool) -> str:
    css = ' class="newpage"' if first else ""
    grade = f" · <b>{_e(c.grade_heading)}</b>" if c.grade else ""
    out = [
        f'<h2{css} id="client-{_e(c.id)}">{_e(c.name)}</h2>',
        f'<p class="meta">{_e(c.vendor)} · {_e(c.category_label)} · account type: '
        f'{_e(c.account_type)}{grade} · <span class="{"warn" if c.stale else "meta"}">'
        f"{_e(c.freshness)}.</span></p>",
    ]
    if c.status != "active":
        out.append(f"<p><strong>{_e(c.status.capitalize())}.</strong> {_e(c.status_note)}</p>")
    out.append(_installed(c))
    if c.rights:
        out.append(f"<h3>What the vendor may do {_kind('vendor', VENDOR)}</h3>")
        if c.history:
            latest = c.history[-1]
            out.append(
                f'<p class="small lead">Changes to these terms on record: {len(c.history)}; '
                f"the latest, {_e(latest.date)}: {_e(latest.event)}{_flag(latest.flag)} "
                f"{_link(latest.url, '(source)')} ({_e(latest.source.short)})</p>"
            )
        out.append(_head("Topic and verdict", "The clause, and the document it is from"))
        cited: set[str] = set()
        out.extend(_right(r, cited) for r in c.rights)
        out.append("</table>")
    out.append(f"<h3>Settings checklist {_kind('declared', DECLARED)}</h3>")
    if not c.steps:
        out.append(f"<p>{_e(NO_STEPS)}</p>")
        return "\n".join(out)
    out.append(_head("Setting, what to set it to, where it is", "Your mark"))
    out.extend(_step(s) for s in c.steps)
    out.append("</table>")
    return "\n".join(out)


def _counts_cells(k: Counts) -> str:
    return "".join(f'<td class="n">{n}</td>' for n in (k.done, k.not_applicable, k.skipped, k.open))


def _scanned(data: ReportData) -> list[str]:
    s = data.scanned
    files = f"{s.files_read} {'file' if s.files_read == 1 else 'files'}"
    out = [
        f"<h3>What MeetGuard looked at {_kind('observed', OBSERVED)}</h3>",
        f"<p>{_e(s.platform)}, {_e(s.root)}. Places: {_e(', '.join(s.places))}. "
        f"{files} read (Appendix C lists them).</p>",
    ]
    if s.problems:
        shown = "; ".join(s.problems[:3])
        more = f" and {len(s.problems) - 3} more (Appendix C)" if len(s.problems) > 3 else ""
        out.append(
            f'<p><span class="warn">{len(s.problems)} could not be read</span>, so what they '
            f"hold is not in this report: {_e(shown)}{_e(more)}.</p>"
        )
    else:
        out.append("<p>Every place could be read.</p>")
    lead, found = data.found_text
    out.append(f"<p>{f'<b>{_e(lead)}</b>' if lead else ''}{_e(found)}</p>")
    return out


def _summary(data: ReportData, screen: bool) -> list[str]:
    out = ['<h2 id="summary">Summary</h2>', *_scanned(data)]
    out.append(
        '<p class="small">Each statement says where it comes from: '
        f"{_kind('observed', OBSERVED)} what MeetGuard found, "
        f"{_kind('declared', DECLARED)} your marks, with their date, "
        f"{_kind('vendor', VENDOR)} quoted, with the document's kind and date.</p>"
    )
    if data.clients:
        out.append("<h3>Apps found</h3>")
        out.append(
            _head(
                "App", "Installed", "Grade", "Done", "Not applicable", "Skipped", "Open", numeric=4
            ).replace('<th scope="col">Grade</th>', '<th scope="col">Grade</th>')
        )
        category = ""
        for c in data.clients:
            if c.category_label != category:
                category = c.category_label
                out.append(f'<tr><th scope="colgroup" colspan="7">{_e(category)}</th></tr>')
            reviewed = (
                ""
                if not c.stale
                else f'<br><span class="warn">review over {c.stale_after} days old</span>'
            )
            name = f'<a href="#client-{_e(c.id)}">{_e(c.name)}</a>' if screen else _e(c.name)
            out.append(
                f'<tr><th scope="row">{name}{reviewed}</th><td>{_e(c.found_as)}</td>'
                f'<td class="grade">{_e(c.grade or "–")}</td>{_counts_cells(c.counts)}</tr>'
            )
        total = data.counts
        out.append(f'<tr><th scope="row" colspan="3">All apps</th>{_counts_cells(total)}</tr>')
        out.append("</table>")
        out.append("<h3>The most important open steps</h3>")
        if data.top_actions:
            out.append("<ol>" + "".join(_action(a) for a in data.top_actions) + "</ol>")
            out.append(
                '<p class="meta small">Settings only an admin can change and AI features come '
                "first; steps MeetGuard could not verify come last.</p>"
            )
        else:
            out.append("<p>None: every step of the apps found is marked.</p>")
    return out


def _appendix(data: ReportData) -> list[str]:
    out = ["<h2>Appendix A: your consent ledger</h2>"]
    if data.ledger:
        out.append(
            f'<p class="meta lead">{_kind("declared", DECLARED)} Every mark you recorded, '
            "oldest first.</p>" + _head("When", "App", "Setting", "Mark", "Note")
        )
        out.extend(
            f'<tr><td width="24%" class="nowrap">{_e(r.when)}</td>'
            f'<td width="14%">{_e(r.client)}</td>'
            f'<td>{_e(r.step)}</td><td width="13%">{_e(r.state)}</td>'
            f'<td width="18%">{_lines(r.note)}</td></tr>'
            for r in data.ledger
        )
        out.append("</table>")
    else:
        out.append("<p>No marks recorded yet.</p>")
    usual = data.usual_retrieved
    out.append("<h2>Appendix B: documents cited</h2>")
    if usual:
        out.append(f'<p class="small lead">Read for the catalog on {_e(usual)} unless said.</p>')
    cited = []
    for s in data.sources:
        read = f"read {s.retrieved}" if s.retrieved and s.retrieved != usual else ""
        cited.append(
            _link(s.url, s.title)
            + "".join(f" · {_e(x)}" for x in (s.kind, s.date, read) if x)
            + f' · <span class="meta">{_e(s.url)}</span>'
        )
    out.append('<p class="small">' + ("<br>".join(cited) or "None.") + "</p>")
    out.append("<h2>Appendix C: what MeetGuard read on this computer</h2>")
    if data.files_read:
        out.append(
            f'<p class="small">{_kind("observed", OBSERVED)} '
            + " · ".join(_e(p) for p in data.files_read)
            + "</p>"
        )
    else:
        out.append("<p>No files.</p>")
    if data.warnings:
        out.append('<h3>Could not be read</h3><ul class="small">')
        out.extend(f"<li>{_e(w)}</li>" for w in data.warnings)
        out.append("</ul>")
    return out


def render_html(data: ReportData, screen: bool = True) -> str:
    """The report page; `screen=False` drops the browser-only rules for Qt's typesetter."""
    computer = f"{_e(data.os)} · host {_e(data.hostname)} · user {_e(data.username)}"
    style = CSS + (PRINT_CSS + SCREEN_CSS if screen else "")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>MeetGuard privacy report, {_e(data.generated_at)}</title>",
        f"<style>{style}</style></head><body>",
        "<h1>Personal privacy report for video meetings</h1>",
        f'<p class="meta">Made {_e(data.generated_at)} by MeetGuard {_e(data.meetguard_version)}'
        f" · catalog of {_e(data.catalog_version)} ({data.scanned.known_apps} apps reviewed)"
        f"<br>Computer: {computer}</p>",
        *_summary(data, screen),
    ]
    parts.extend(_client(c, n == 0) for n, c in enumerate(data.clients))
    parts.extend(_appendix(data))
    parts.append("</body></html>\n")
    return "\n".join(parts)

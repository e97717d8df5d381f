"""The data-rights card: verdict badges (colour and text), quotes, sources, timeline."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from meetguard.catalog.model import VERDICT_LABELS, Client

BADGE = {
    "protective": ("#1e6b34", "#dff3e3"),
    "limited": ("#7a5200", "#fff3cd"),
    "broad": ("#9b1c1c", "#fde2e1"),
    "unknown": ("#3d4653", "#e6e9ee"),
    "not_applicable": ("#3d4653", "#e6e9ee"),
}


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def rights_html(client: Client, account_type: str, today: dt.date) -> str:
    days = (today - client.reviewed).days
    parts = [f"<h2>{_e(client.name)}</h2>", f"<p>{_e(client.vendor)}</p>"]
    if client.status != "active":
        ended = client.status_date.isoformat() if client.status_date else ""
        parts.append(
            f'<p style="background:#fde2e1;color:#9b1c1c;padding:6px"><b>'
            f"{_e(client.status.capitalize())} {_e(ended)}.</b> {_e(client.status_note)}</p>"
        )
    parts.append(
        f"<p><i>Catalog reviewed {_e(client.reviewed.isoformat())} ({days} days ago).</i></p>"
    )
    parts.append('<table cellspacing="0" cellpadding="6" width="100%">')
    for right in client.rights_for(account_type):
        fg, bg = BADGE[right.verdict]
        label = VERDICT_LABELS[right.verdict]
        flag = "" if right.verified else '<br><b style="color:#8a4b00">Unverified</b>'
        date = right.document.last_updated.isoformat() if right.document.last_updated else "undated"
        section = f", section {_e(right.section)}" if right.section else ""
        quote = f"<br><i>“{_e(right.quote)}”</i>" if right.quote else ""
        parts.append(
            f'<tr><td width="22%" valign="top"><b>{_e(right.topic_label)}</b></td>'
            f'<td width="14%" valign="top" style="background:{bg};color:{fg}"><b>{_e(label)}</b>'
            f"{flag}</td>"
            f'<td valign="top">{_e(right.summary)}{quote}<br>'
            f'<small><a href="{_e(right.document.url)}">{_e(right.document.title)}</a>, '
            f"{_e(date)}{section}</small></td></tr>"
        )
    parts.append("</table>")
    if client.history:
        parts.append("<h3>History</h3><ul>")
        for event in client.history:
            flag = "" if event.verified else " <b>(unverified)</b>"
            parts.append(
                f"<li><b>{_e(event.date.isoformat())}</b>: {_e(event.event)}{flag} "
                f'<a href="{_e(event.url)}">source</a></li>'
            )
        parts.append("</ul>")
    return "\n".join(parts)


class RightsView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName(self.tr("Data-rights summary"))

"""The data-rights card: grade, verdict badges (colour and text), quotes, sources, timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from meetguard.catalog.grading import DEFAULT_FRESHNESS_DAYS, Grade
from meetguard.catalog.model import ACCOUNT_TYPES, Client, Right
from meetguard.display_text import html_escaped
from meetguard.services import Services
from meetguard.terms.model import QuoteCheck
from meetguard.ui.step_editor import READABLE_WIDTH
from meetguard.views import (
    SourceView,
    event_view,
    grade_view,
    review_view,
    right_view,
    sentence,
)

BADGE = {
    "protective": ("#1e6b34", "#dff3e3"),
    "limited": ("#7a5200", "#fff3cd"),
    "broad": ("#9b1c1c", "#fde2e1"),
    "unknown": ("#3d4653", "#e6e9ee"),
    "not_applicable": ("#3d4653", "#e6e9ee"),
}
GRADE_COLOURS = {"A": "#1e6b34", "B": "#2f6b1e", "C": "#7a5200", "D": "#9b4a1c", "E": "#9b1c1c"}
# The same hues, light enough to read on a dark palette's background.
GRADE_COLOURS_DARK = {
    "A": "#7bd88f",
    "B": "#a5d86e",
    "C": "#f0c05a",
    "D": "#f39a5b",
    "E": "#ff8a80",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("RightsCard", text)


def _e(value: object) -> str:
    return html_escaped(str(value), quote=True)


def _document_dates(source: SourceView) -> str:
    parts = [_tr(source.date), _tr("read {0}").format(source.retrieved)]
    return ", ".join(parts)


def terms_check_html(check: QuoteCheck | None) -> str:
    """The last "Check terms now" result under a right, and what the document says now."""
    if check is None:
        return ""
    style = ' style="color:#9b1c1c"' if check.flagged else ""
    html = f"<br><small{style}><b>{_e(check.label)}</b></small>"
    if check.passage:
        html += "<br><small>" + _e(_tr("The document now says: “{0}”").format(check.passage))
        html += "</small>"
    return html


def rights_html(
    client: Client,
    account_type: str,
    today: dt.date,
    grade: Grade | None,
    freshness_days: int,
    show_quotes: bool = True,
    dark: bool = False,
    quote_check: Callable[[Right], QuoteCheck | None] | None = None,
) -> str:
    review = review_view(client, today, freshness_days)
    graded = grade_view(grade)
    parts = [f"<h2>{_e(client.name)}</h2><p>{_e(client.vendor)}</p>"]
    if client.status != "active":
        ended = client.status_date.isoformat() if client.status_date else ""
        parts.append(
            '<p style="background:#fde2e1;color:#9b1c1c;padding:6px"><b>'
            f"{_e(_tr('{0} since {1}.').format(client.status.capitalize(), ended))}</b> "
            f"{_e(client.status_note)}</p>"
        )
    if graded is not None and not graded.letter:
        parts.append(
            '<p><span style="font-size:x-large;font-weight:bold;color:#808080">'
            f"{_e(_tr(graded.heading))}</span> &nbsp; "
            f"<small>({_e(_tr('rubric {0}').format(graded.rubric_version))})</small></p>"
            f"<p>{_e(_tr(graded.missing_text))}</p>"
        )
    elif graded is not None:
        colour = (GRADE_COLOURS_DARK if dark else GRADE_COLOURS).get(graded.label, "#808080")
        reasons = "".join(f"<li>{_e(r)}</li>" for r in graded.reasons)
        parts.append(
            f'<p><span style="font-size:xx-large;font-weight:bold;color:{colour}">'
            f"{_e(_tr(graded.heading))}</span> &nbsp; "
            f"{_e(_tr('{0} of 100 points').format(graded.score))} "
            f"<small>({_e(_tr('rubric {0}').format(graded.rubric_version))})</small></p>"
        )
        if reasons:
            parts.append(f"<p>{_e(_tr('Points lost for:'))}</p><ul>{reasons}</ul>")
    style = (
        f' style="color:{GRADE_COLOURS_DARK["E"] if dark else GRADE_COLOURS["E"]}"'
        if review.stale
        else ""
    )
    parts.append(f"<p{style}><i>{_e(_tr(sentence(review.text)))}</i></p>")
    parts.append('<table cellspacing="0" cellpadding="6" width="100%">')
    for right in client.rights_for(account_type):
        check = quote_check(right) if quote_check is not None else None
        view = right_view(right, check)
        fg, bg = BADGE[view.verdict]
        flag = (
            f'<br><b style="color:#8a4b00">{_e(_tr(view.flag.capitalize()))}</b>'
            if view.flag
            else ""
        )
        if view.check_flag:
            flag += f'<br><b style="color:#9b1c1c">{_e(_tr(view.check_flag))}</b>'
        source = view.source
        section = ", " + _e(_tr("section {0}").format(view.section)) if view.section else ""
        quote = f"<br><i>“{_e(view.quote)}”</i>" if view.quote and show_quotes else ""
        applies = (
            f" <small>({_e(_tr(view.applies_to_label))})</small>" if view.applies_to_label else ""
        )
        parts.append(
            f'<tr><td width="22%" valign="top"><b>{_e(_tr(view.topic))}</b>{applies}</td>'
            f'<td width="14%" valign="top" style="background:{bg};color:{fg}">'
            f"<b>{_e(_tr(view.verdict_label))}</b>{flag}</td>"
            f'<td valign="top">{_e(view.summary)}{quote}<br>'
            f'<small><a href="{_e(source.url)}">{_e(source.title)}</a> '
            f"({_e(_tr(source.kind_label))}), {_e(_document_dates(source))}{section}</small>"
            f"{terms_check_html(check)}</td></tr>"
        )
    parts.append("</table>")
    if client.history:
        parts.append(f"<h3>{_e(_tr('Timeline'))}</h3><ul>")
        for event in map(event_view, client.history):
            flag = f" <b>({_e(_tr(event.flag))})</b>" if event.flag else ""
            src = event.source
            parts.append(
                f"<li><b>{_e(event.date)}</b>: {_e(event.event)}{flag} "
                f'<a href="{_e(event.url)}">{_e(_tr("source"))}</a> '
                f"<small>({_e(_tr(src.kind_label))}, {_e(_document_dates(src))})</small></li>"
            )
        parts.append("</ul>")
    return "\n".join(parts)


class RightsPanel(QWidget):
    """The card plus the account-type choice for clients whose terms differ by account."""

    account_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client: Client | None = None
        self.account = QComboBox()
        self.account.setAccessibleName(self.tr("Your account type"))
        self.account.activated.connect(self._account_chosen)
        self.account_label = QLabel(self.tr("My &account:"))
        self.account_label.setBuddy(self.account)
        self.quotes = QCheckBox(self.tr("Show &quotes"))
        self.quotes.setChecked(True)
        self.quotes.toggled.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.account_label)
        top.addWidget(self.account)
        top.addStretch()
        self.check_button = QPushButton(self.tr("Check &terms now…"))
        self.check_button.setToolTip(
            self.tr("Re-read this client's documents and see whether each quote still stands")
        )
        self.check_button.clicked.connect(self.check_terms)
        top.addWidget(self.check_button)
        top.addWidget(self.quotes)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(self.tr("Data-rights summary"))
        self.browser.anchorClicked.connect(self._open)
        # Clauses wrap at a readable width however wide the window is.
        self.browser.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self.browser.setLineWrapColumnOrWidth(READABLE_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.browser)

    def show_client(self, client: Client) -> None:
        self.client = client
        self.account.clear()
        for account in client.account_types:
            self.account.addItem(self.tr(ACCOUNT_TYPES[account]), account)
        chosen = self.services.account_type(client)
        self.account.setCurrentIndex(max(self.account.findData(chosen), 0))
        self.check_button.setVisible(True)
        # Nothing to re-read when no right of this client quotes a document.
        self.check_button.setEnabled(bool(self.services.terms_plan([client]).targets))
        several = len(client.account_types) > 1
        self.account.setVisible(several)
        self.account_label.setVisible(several)
        self.refresh()

    def show_text(self, html: str) -> None:
        self.client = None
        self.check_button.setVisible(False)
        self.account.setVisible(False)
        self.account_label.setVisible(False)
        self.browser.setHtml(html)

    def refresh(self) -> None:
        if self.client is None:
            return
        rubric = self.services.rubric
        self.browser.setHtml(
            rights_html(
                self.client,
                self.services.account_type(self.client),
                dt.date.today(),
                self.services.grade(self.client),
                rubric.freshness_days if rubric else DEFAULT_FRESHNESS_DAYS,
                self.quotes.isChecked(),
                dark=self.palette().color(QPalette.ColorRole.Base).lightness() < 128,
                quote_check=partial(self.services.quote_check, self.client),
            )
        )

    def check_terms(self) -> None:
        if self.client is None:
            return
        from meetguard.ui.terms_dialog import TermsCheckDialog

        dialog = TermsCheckDialog(self.services, [self.client], self)
        dialog.checked.connect(lambda _report: self.refresh())
        dialog.start()

    def _account_chosen(self, index: int) -> None:
        if self.client is None:
            return
        self.services.set_account_type(self.client, str(self.account.itemData(index)))
        self.refresh()
        self.account_changed.emit()

    def _open(self, url: QUrl) -> None:
        if url.scheme() == "https":
            QDesktopServices.openUrl(url)

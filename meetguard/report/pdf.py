"""The report as PDF, typeset by Qt from the report's HTML: the only report module using Qt.

Qt writes a PDF with no text at all when it finds no font, so the font MeetGuard
ships is registered first. From a terminal there may be no display: then a
QGuiApplication on the "offscreen" platform is enough to lay out text.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from meetguard import __version__, resources
from meetguard.report.html import TABLE, render_html
from meetguard.report.model import ReportData, inert
from meetguard.report.render import RenderError

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(18, 15, 18, 12)
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
RESOLUTION = 300
BODY_PT = 9
FOOTER_PT = 7
MAX_SPLITS = 200
BREAK = 'style="page-break-before:always"'

_lock = threading.Lock()
_family: list[str] = []
_app: list[QGuiApplication] = []


def ensure_application() -> None:
    """Qt lays out text only inside an application; a terminal gets one with no display."""
    if QGuiApplication.instance() is None:
        _app.append(QGuiApplication(["meetguard", "-platform", "offscreen"]))


def register_fonts() -> str:
    """Register the shipped font once and return its family name."""
    with _lock:
        if not _family:
            for name in FONT_FILES:
                path = resources.resource_dir() / "fonts" / name
                font_id = QFontDatabase.addApplicationFont(str(path))
                if font_id < 0:
                    raise RenderError(f"the report font {path} is missing or unreadable")
                if not _family:
                    _family.extend(QFontDatabase.applicationFontFamilies(font_id)[:1])
        return _family[0]


def _row_span(doc: QTextDocument, table: QTextTable, row: int) -> tuple[float, float]:
    layout = doc.documentLayout()
    top, bottom = float("inf"), 0.0
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        first = layout.blockBoundingRect(cell.firstCursorPosition().block())
        last = layout.blockBoundingRect(cell.lastCursorPosition().block())
        top, bottom = min(top, first.top()), max(bottom, last.bottom())
    return top, bottom


def _page(y: float, page_height: float) -> int:
    return int(y // page_height)


def _badly_cut(doc: QTextDocument, page_height: float, start: int = 0) -> tuple[int, int] | None:
    """The first place from table `start` on where a page break cuts badly, as (table, row).

    Row 0 means the table's start: its heading, header row and first row belong
    together. A later row is cut badly when it would fit on one page.
    """
    layout = doc.documentLayout()
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    for index, table in enumerate(tables[start:], start):
        first = table.format().headerRowCount()
        if first >= table.rows():
            continue
        reopened = (
            table.format().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
        )
        heading = layout.blockBoundingRect(doc.findBlock(table.firstPosition() - 1))
        end = _row_span(doc, table, first)[1]
        if (
            not reopened
            and end - heading.top() < page_height * 0.5
            and _page(heading.bottom(), page_height) != _page(end, page_height)
        ):
            return index, 0
        for row in range(first + 1, table.rows()):
            top, bottom = _row_span(doc, table, row)
            if bottom - top < page_height * 0.8 and _page(top, page_height) != _page(
                bottom, page_height
            ):
                return index, row
    return None


def _split_table(html: str, index: int, row: int) -> str:
    """Start table `index` on a new page (row 0, with the heading before it), or cut it
    before `row` and reopen it, header and all, on a new page.

    Every "<table", "<h3>" and "<tr>" in the report is markup: text from the
    computer, the user or the catalog is escaped before it gets here.
    """
    start = -1
    for _ in range(index + 1):
        start = html.index("<table ", start + 1)
    if row == 0:
        if html[:start].endswith("</h3>"):
            heading = html.rindex("<h3>", 0, start)
            return f"{html[:heading]}<h3 {BREAK}>{html[heading + 4 :]}"
        return f"{html[:start]}<table {BREAK} {html[start + 7 :]}"
    head_end = html.index("</thead>", start) + len("</thead>")
    head = html[html.index(">", start) + 1 : head_end]
    cut = head_end - 1
    for _ in range(row):
        cut = html.index("<tr>", cut + 1)
    reopen = TABLE.replace("<table ", f"<table {BREAK} ")
    return f"{html[:cut]}</table>{reopen}{head}{html[cut:]}"


def _paginate(doc: QTextDocument, html: str, page_height: float) -> None:
    """Lay out the report, moving each table row that a page break would cut to the next page.

    Qt splits a row between its lines and has no page-break-inside; a short row
    cut in two reads badly on paper. A row taller than most of a page still splits.
    """
    start = 0
    for _ in range(MAX_SPLITS):
        doc.setHtml(html)
        # A split never moves anything before it, so earlier tables need no second look.
        found = _badly_cut(doc, page_height, start)
        if found is None:
            return
        index, row = found
        # Cut before a row, the table's first part stays where it was and was already fine.
        start = index + 1 if row else index
        html = _split_table(html, index, row)


def render_pdf(data: ReportData, paper: str = "a4") -> bytes:
    if paper not in PAGE_SIZES:
        raise RenderError(f"unknown paper size '{paper}'; use {', '.join(PAGE_SIZES)}")
    ensure_application()
    family = register_fonts()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"MeetGuard privacy report, {inert(data.generated_at)}")
    writer.setCreator(f"MeetGuard {__version__}")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(PAGE_SIZES[paper]),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    area = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer = RESOLUTION * 0.35
    width, height = float(area.width()), area.height() - footer

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(QFont(family, BODY_PT))
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(width, height))
    _paginate(doc, render_html(data, screen=False), height)
    pages = doc.pageCount()

    painter = QPainter(writer)
    small = QFont(family, FOOTER_PT)
    left = f"MeetGuard privacy report · {inert(data.generated_at)}"
    for page in range(pages):
        if page:
            writer.newPage()
        painter.save()
        painter.setClipRect(QRectF(0, 0, width, height))
        painter.translate(0, -page * height)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, page * height, width, height)
        doc.documentLayout().draw(painter, context)
        painter.restore()
        painter.setFont(small)
        painter.setPen(Qt.GlobalColor.darkGray)
        line = QRectF(0, height, width, footer)
        bottom = Qt.AlignmentFlag.AlignBottom
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | bottom, left)
        painter.drawText(line, Qt.AlignmentFlag.AlignRight | bottom, f"Page {page + 1} of {pages}")
    painter.end()
    buffer.close()
    return bytes(buffer.data().data())

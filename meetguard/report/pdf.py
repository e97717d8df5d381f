"""The report as PDF, typeset by Qt from the report's HTML: the only report module using Qt.

Qt writes a PDF with no text at all when it finds no font, so the font MeetGuard
ships is registered first. From a terminal there may be no display: then a
QGuiApplication on the "offscreen" platform is enough to lay out text.

Qt's own pagination cuts table rows between their lines and leaves headings at
the foot of a page, and mending that by editing the HTML means laying the whole
document out again after every bad cut. So the document is laid out once as one
long page, and the page breaks are chosen here, in one walk over its lines and
table rows: never inside a short row, never between a heading and what follows
it, never leaving one line of a paragraph alone on a page, and a table continued
on a new page gets its header drawn again above it.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
)

from meetguard import __version__, resources
from meetguard.report.html import render_html
from meetguard.report.model import ReportData, inert
from meetguard.report.render import RenderError

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(14, 12, 14, 10)
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
RESOLUTION = 300
BODY_PT = 8
FOOTER_PT = 7
FOOTER = RESOLUTION * 0.35  # the footer line's height, in device pixels
LEAD_LINES = 2  # a paragraph this short under a heading stays with what follows it
TALL_ROW = 0.8  # a table row taller than this share of a page may be cut between its lines
_ALWAYS_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore

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


@dataclass
class Unit:
    """A piece of the laid-out document that a page break must not cut: a line or a table row.

    A break may fall before a unit unless the unit before it keeps with it; `header`
    is the span of the table header to repeat when a page starts at this unit.
    """

    top: float
    bottom: float
    keep_with_next: bool = False
    break_before: bool = False
    header: tuple[float, float] | None = None


@dataclass(frozen=True)
class Page:
    """The document span [top, bottom) drawn on one page, below a repeated table header."""

    top: float
    bottom: float
    header: tuple[float, float] | None = None


def _block_units(block: QTextBlock, top: float) -> Iterator[Unit]:
    """One unit per line; a paragraph's first and last line never stand alone on a page."""
    fmt = block.blockFormat()
    layout = block.layout()
    count = layout.lineCount()
    heading = fmt.headingLevel() > 0
    for n in range(count):
        line = layout.lineAt(n)
        y = top + line.y()
        keep = heading or (count > 1 and n in (0, count - 2))
        yield Unit(
            y, y + line.height(), keep, n == 0 and bool(fmt.pageBreakPolicy() & _ALWAYS_BEFORE)
        )
    if count == 0:
        yield Unit(top, top, heading)


def _tall_row_units(
    doc: QTextDocument, table: QTextTable, row: int, top: float, bottom: float
) -> Iterator[Unit]:
    """A row too tall for a page is cut only where no line of any of its cells is."""
    lines: list[tuple[float, float]] = []
    layout = doc.documentLayout()
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        block = cell.firstCursorPosition().block()
        end = cell.lastCursorPosition().block().blockNumber()
        while block.isValid() and block.blockNumber() <= end:
            y = layout.blockBoundingRect(block).top()
            text = block.layout()
            for n in range(text.lineCount()):
                line = text.lineAt(n)
                lines.append((y + line.y(), y + line.y() + line.height()))
            block = block.next()
    start, reach = top, top
    for line_top, line_bottom in sorted(lines):
        if line_top >= reach and line_top > start:
            yield Unit(start, line_top)
            start = line_top
        reach = max(reach, line_bottom)
    yield Unit(start, bottom)


def _table_units(doc: QTextDocument, table: QTextTable, page_height: float) -> Iterator[Unit]:
    """One unit per row; the header rows keep with the first row and repeat on later pages."""
    layout = doc.documentLayout()
    rows, columns = table.rows(), table.columns()
    tops = [
        layout.blockBoundingRect(table.cellAt(row, 0).firstCursorPosition().block()).top()
        for row in range(rows)
    ]
    # frameBoundingRect costs milliseconds a call; the last row's cells tell where it ends.
    last = max(
        layout.blockBoundingRect(table.cellAt(rows - 1, c).lastCursorPosition().block()).bottom()
        for c in range(columns)
    )
    edges = [*tops, last + table.format().cellSpacing() + table.format().border()]
    heads = min(table.format().headerRowCount(), rows)
    header = (edges[0], edges[heads]) if 0 < heads < rows else None
    before = bool(table.format().pageBreakPolicy() & _ALWAYS_BEFORE)
    for row in range(rows):
        top, bottom = edges[row], edges[row + 1]
        repeat = header if row > heads else None
        if row < heads:
            yield Unit(top, bottom, True, before and row == 0)
        elif bottom - top > page_height * TALL_ROW:
            for n, part in enumerate(_tall_row_units(doc, table, row, top, bottom)):
                part.header = repeat if n == 0 else header
                part.break_before = before and row == 0 and n == 0
                yield part
        else:
            yield Unit(top, bottom, False, before and row == 0, repeat)


def units(doc: QTextDocument, page_height: float) -> list[Unit]:
    """The document's units in reading order, from its top-level blocks and tables."""
    out: list[Unit] = []
    layout = doc.documentLayout()
    it = doc.rootFrame().begin()
    heading = False
    while not it.atEnd():
        frame: QTextFrame | None = it.currentFrame()
        if isinstance(frame, QTextTable):
            out.extend(_table_units(doc, frame, page_height))
            heading = False
        elif frame is None:
            block = it.currentBlock()
            if QTextCursor(block).currentTable() is None:
                lines = list(_block_units(block, layout.blockBoundingRect(block).top()))
                # A short paragraph right under a heading introduces what follows: keep them.
                if heading and len(lines) <= LEAD_LINES:
                    lines[-1].keep_with_next = True
                heading = block.blockFormat().headingLevel() > 0
                out.extend(lines)
        it += 1
    floor = 0.0
    for unit in out:  # a block right after a table can report a top inside the table
        unit.top = floor = max(unit.top, floor)
        unit.bottom = max(unit.bottom, floor)
    # A unit ends where the next begins: what lies past that (padding, leading) is not drawn.
    for unit, after in itertools.pairwise(out):
        unit.bottom = min(unit.bottom, after.top)
    return out


def paginate(found: list[Unit], page_height: float) -> list[Page]:
    """Choose page breaks in one pass: each page ends at the last allowed break that fits.

    When no allowed break fits (a chain of kept-together units taller than a page),
    the page ends before the unit that overflows, or inside it when it alone is taller.
    """
    pages: list[Page] = []
    if not found:
        return [Page(0, page_height)]
    start, header = 0.0, None
    room = page_height
    last_allowed: int | None = None
    i = 0
    while i < len(found):
        unit = found[i]
        forced = unit.break_before and unit.top > start
        if not forced and unit.bottom - start <= room:
            if i + 1 < len(found) and not unit.keep_with_next:
                last_allowed = i + 1
            i += 1
            continue
        if forced:
            cut = i
        elif last_allowed is not None and found[last_allowed].top > start:
            cut = last_allowed
        elif unit.top > start:
            cut = i
        else:
            cut = -1
        end = found[cut].top if cut >= 0 else start + room
        # The space between the last unit that fits and the next one is not drawn.
        pages.append(Page(start, min(end, start + room), header))
        if cut >= 0:
            i = cut
            header = found[cut].header
        start = end
        room = page_height - (header[1] - header[0] if header else 0.0)
        last_allowed = None
    pages.append(Page(start, max(found[-1].bottom, start), header))
    return pages


def _draw(
    doc: QTextDocument, painter: QPainter, top: float, bottom: float, at: float, width: float
) -> None:
    painter.save()
    painter.translate(0, at - top)
    clip = QRectF(0, top, width, bottom - top)
    painter.setClipRect(clip)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = clip
    doc.documentLayout().draw(painter, context)
    painter.restore()


def _writer(buffer: QBuffer, data: ReportData, paper: str) -> QPdfWriter:
    if paper not in PAGE_SIZES:
        raise RenderError(f"unknown paper size '{paper}'; use {', '.join(PAGE_SIZES)}")
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
    return writer


def _typeset(writer: QPdfWriter, data: ReportData) -> tuple[QTextDocument, list[Page]]:
    """Lay the report out once, as one long page the width of the paper's text area."""
    area = writer.pageLayout().paintRectPixels(RESOLUTION)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont(register_fonts(), BODY_PT)
    # With ligatures a PDF's text reads "ﬁles" when copied or searched by a screen reader.
    font.setFeature(QFont.Tag("liga"), 0)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(render_html(data, screen=False))
    doc.setTextWidth(float(area.width()))
    height = area.height() - FOOTER
    return doc, paginate(units(doc, height), height)


def page_count(data: ReportData, paper: str = "a4") -> int:
    """How many pages the PDF will have, without drawing them."""
    ensure_application()
    return len(_typeset(_writer(QBuffer(), data, paper), data)[1])


def render_pdf(data: ReportData, paper: str = "a4") -> bytes:
    ensure_application()
    family = register_fonts()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, data, paper)
    doc, pages = _typeset(writer, data)
    area = writer.pageLayout().paintRectPixels(RESOLUTION)
    width, height = float(area.width()), area.height() - FOOTER

    painter = QPainter(writer)
    small = QFont(family, FOOTER_PT)
    left = f"MeetGuard privacy report · {inert(data.generated_at)}"
    bottom = Qt.AlignmentFlag.AlignBottom
    line = QRectF(0, height, width, FOOTER)
    for number, page in enumerate(pages, 1):
        if number > 1:
            writer.newPage()
        at = 0.0
        if page.header:
            _draw(doc, painter, *page.header, 0.0, width)
            at = page.header[1] - page.header[0]
        _draw(doc, painter, page.top, page.bottom, at, width)
        painter.setFont(small)
        painter.setPen(Qt.GlobalColor.darkGray)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | bottom, left)
        painter.drawText(
            line, Qt.AlignmentFlag.AlignRight | bottom, f"Page {number} of {len(pages)}"
        )
    painter.end()
    buffer.close()
    return bytes(buffer.data().data())

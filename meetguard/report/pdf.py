"""The report as PDF, set by MeetGuard itself from the report's HTML: the only report module
using Qt.

Qt writes a PDF with no text at all when it finds no font, so the font MeetGuard
ships is registered first. From a terminal there may be no display: then a
QGuiApplication on the "offscreen" platform is enough to lay out text.

The HTML is read back as paragraphs and tables (report/flow.py), each paragraph
and each table cell laid out once as a QTextLayout at its final width, and drawn
page by page with QPainter. (Qt's rich-text document laid every cell out twice
and drew through its general document model: some 20 ms a page.) Page breaks are
chosen in one walk over the lines and table rows: never inside a short row,
never between a heading and what follows it, never leaving one line of a
paragraph alone on a page, and a table continued on a new page gets its header
drawn again above it.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QIODevice, QLineF, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

from meetguard import __version__, resources
from meetguard.report.errors import RenderError
from meetguard.report.flow import (
    BORDER,
    LINE_BREAK,
    MARGINS,
    Flow,
    Para,
    Style,
    Table,
    read_flow,
)
from meetguard.report.html import render_html
from meetguard.report.model import ReportData, inert

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(14, 12, 14, 10)
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
RESOLUTION = 300
BODY_PT = 8
FOOTER_PT = 7
FOOTER = RESOLUTION * 0.35  # the footer line's height, in device pixels
LEAD_LINES = 2  # a paragraph this short under a heading stays with what follows it
TALL_ROW = 0.8  # a table row taller than this share of a page may be cut between its lines

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


PX = RESOLUTION / 96  # a CSS pixel, in device pixels
PT = RESOLUTION / 72
LINE_HEIGHT = 1.28  # a little tighter than html.py's 1.35 for screens; 8 pt on paper reads well
PAD_X, PAD_Y = 4 * PX, 2 * PX  # a table cell's padding
INDENT = 12 * PT  # a list item's text, right of its number


def _exact(length: float) -> float:
    """A vertical length in 64ths of a pixel: sums of them are exact, so a page that fits
    by its units' arithmetic also fits by its own (top + height <= room)."""
    return round(length * 64) / 64


@dataclass
class Drawing:
    """What one page of the document draws: text layouts, cell fills and cell borders.

    `ops` are in reading order; each starts at `tops[n]` and reaches down to `tops[n] + reach`.
    """

    ops: list[tuple[float, float, object]] = field(default_factory=list)
    tops: list[float] = field(default_factory=list)
    reach: float = 0.0

    def add(self, top: float, bottom: float, op: object) -> None:
        self.ops.append((top, bottom, op))
        self.tops.append(top)
        self.reach = max(self.reach, bottom - top)

    def between(self, top: float, bottom: float) -> Iterator[object]:
        start = bisect.bisect_left(self.tops, top - self.reach)
        for n in range(start, len(self.ops)):
            op_top, op_bottom, op = self.ops[n]
            if op_top >= bottom:
                return
            if op_bottom > top:
                yield op


@dataclass(frozen=True)
class Fill:
    rect: QRectF
    colour: QColor


@dataclass(frozen=True)
class Text:
    layout: QTextLayout
    at: QPointF


@dataclass(frozen=True)
class Rules:
    lines: list[QLineF]


class Typesetter:
    """Lays the report's flow out once, at one width, into units (for page breaks) and drawings.

    Fonts and character formats are made once per style; every paragraph and every table
    cell is one QTextLayout, laid out exactly once.
    """

    def __init__(
        self, device: QPaintDevice | None, family: str, width: float, page_height: float
    ) -> None:
        self.device = device
        self.family = family
        self.width = width
        self.page_height = page_height
        self.units: list[Unit] = []
        self.drawing = Drawing()
        self._fonts: dict[tuple[float, bool, bool], QFont] = {}
        self._formats: dict[Style, QTextCharFormat] = {}
        self._metrics: dict[tuple[float, bool, bool], QFontMetricsF] = {}
        self._colours: dict[str, QColor] = {}
        self._options: dict[bool, QTextOption] = {}
        for right in (False, True):
            option = QTextOption(
                Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            )
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            self._options[right] = option
        self.pen = QPen(self.colour(BORDER), max(1.0, PX * 0.75))
        self.y = 0.0
        self._space = 0.0  # the bottom margin of what came last, still to be given

    def colour(self, name: str) -> QColor:
        found = self._colours.get(name)
        if found is None:
            found = self._colours[name] = QColor(name)
        return found

    def font(self, style: Style) -> QFont:
        key = (style.size, style.bold, style.italic)
        found = self._fonts.get(key)
        if found is None:
            found = QFont(self.family)
            found.setPointSizeF(style.size)
            found.setBold(style.bold)
            found.setItalic(style.italic)
            # With ligatures a PDF's text reads "ﬁles" when copied or searched by a screen reader.
            found.setFeature(QFont.Tag("liga"), 0)
            self._fonts[key] = found
        return found

    def metrics(self, style: Style) -> QFontMetricsF:
        key = (style.size, style.bold, style.italic)
        found = self._metrics.get(key)
        if found is None:
            found = self._metrics[key] = (
                QFontMetricsF(self.font(style), self.device)
                if self.device is not None
                else QFontMetricsF(self.font(style))
            )
        return found

    def char_format(self, style: Style) -> QTextCharFormat:
        found = self._formats.get(style)
        if found is None:
            found = QTextCharFormat()
            found.setFont(self.font(style))
            found.setForeground(self.colour(style.color))
            if style.background:
                found.setBackground(self.colour(style.background))
            if style.underline:
                found.setFontUnderline(True)
            if style.href:
                found.setAnchor(True)
                found.setAnchorHref(style.href)
            self._formats[style] = found
        return found

    def lay_out(
        self, para: Para, width: float, right: bool = False
    ) -> tuple[QTextLayout, list[tuple[float, float]]]:
        """One paragraph at one width: its layout and its lines' (top, bottom) from its top."""
        base = para.runs[0][1] if para.runs else Style()
        layout = (
            QTextLayout(para.text, self.font(base), self.device)
            if self.device is not None
            else QTextLayout(para.text, self.font(base))
        )
        layout.setTextOption(self._options[right])
        ranges = []
        start = 0
        for text, style in para.runs:  # every run, for its colour: the painter's pen is not
            fr = QTextLayout.FormatRange()
            fr.start, fr.length, fr.format = start, len(text), self.char_format(style)
            ranges.append(fr)
            start += len(text)
        layout.setFormats(ranges)
        lines: list[tuple[float, float]] = []
        y = 0.0
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            step = _exact(line.height() * LINE_HEIGHT)
            lines.append((y, y + step))
            y += step
        layout.endLayout()
        if not lines:  # an empty heading or cell still takes one line
            step = _exact(self.metrics(base).height() * LINE_HEIGHT)
            lines.append((0.0, step))
        return layout, lines

    def _open(self, kind: str) -> None:
        top, _ = MARGINS.get(kind, MARGINS["p"])
        self.y += max(self._space, _exact(top * PT)) if self.units else 0.0

    def _close(self, kind: str) -> None:
        self._space = _exact(MARGINS.get(kind, MARGINS["p"])[1] * PT)

    def paragraph(self, para: Para, after_heading: bool) -> None:
        self._open("list" if para.bullet and para.kind == "li" else para.kind)
        indent = INDENT if para.bullet else 0.0
        layout, lines = self.lay_out(para, self.width - indent)
        top = self.y
        self.drawing.add(top, top + lines[-1][1], Text(layout, QPointF(indent, top)))
        if para.bullet:
            bullet = Para([(para.bullet, para.runs[0][1] if para.runs else Style())])
            mark, _ = self.lay_out(bullet, INDENT - 3 * PT, right=True)
            self.drawing.add(top, top + lines[0][1], Text(mark, QPointF(0, top)))
        count = len(lines)
        found = [
            Unit(
                top + line_top,
                top + line_bottom,
                para.heading or (count > 1 and n in (0, count - 2)),
                n == 0 and para.break_before,
            )
            for n, (line_top, line_bottom) in enumerate(lines)
        ]
        # A short paragraph right under a heading introduces what follows: keep them.
        if after_heading and count <= LEAD_LINES:
            found[-1].keep_with_next = True
        self.units.extend(found)
        self.y = top + lines[-1][1]
        self._close("li" if para.kind == "li" else para.kind)

    def _advance(self, para: Para) -> tuple[float, float]:
        """A cell's widest line unwrapped, and its longest word (by letters, measured once)."""
        whole = longest = 0.0
        for text, style in para.runs:
            metrics = self.metrics(style)
            whole += metrics.horizontalAdvance(text)
            word = max(text.replace(LINE_BREAK, " ").split(" "), key=len)
            longest = max(longest, metrics.horizontalAdvance(word))
        return whole / (para.text.count(LINE_BREAK) + 1), longest

    def _columns(self, table: Table) -> list[float]:
        """Column widths as a browser's automatic table layout gives them.

        A column with a width keeps it (widened if a cell in it must not wrap); only when
        several columns have none are their cells measured, to share the rest by content.
        """
        columns = max(sum(c.span for c in row) for row in table.rows)
        share: list[float | None] = [None] * columns
        for row in table.rows:
            col = 0
            for cell in row:
                if cell.span == 1 and col < columns and share[col] is None:
                    share[col] = cell.width
                if cell.nowrap and cell.span == 1 and col < columns:
                    need = (self._advance(cell.para)[0] + 2 * PAD_X + PX) / self.width
                    share[col] = max(share[col] or 0.0, need)
                col += cell.span
        free = [n for n in range(columns) if share[n] is None]
        rest = max(self.width - sum(self.width * s for s in share if s is not None), 0.0)
        widths = [self.width * s if s is not None else 0.0 for s in share]
        if len(free) == 1:
            widths[free[0]] = rest
        if len(free) < 2:
            return widths
        low = [0.0] * columns
        high = [0.0] * columns
        for row in table.rows:
            col = 0
            for cell in row:
                if cell.span == 1 and col < columns and share[col] is None:
                    whole, word = self._advance(cell.para)
                    low[col] = max(low[col], word + 2 * PAD_X)
                    high[col] = max(high[col], whole + 2 * PAD_X)
                col += cell.span
        most = sum(high[n] for n in free)
        least = sum(low[n] for n in free)
        for n in free:
            if 0 < most <= rest:
                widths[n] = high[n] * rest / most
            elif least >= rest or most == least:
                widths[n] = low[n] * rest / least if least else rest / len(free)
            else:
                widths[n] = low[n] + (rest - least) * (high[n] - low[n]) / (most - least)
        return widths

    def table(self, table: Table) -> None:
        self._open("table")
        widths = self._columns(table)
        edges = [0.0]
        for w in widths:
            edges.append(edges[-1] + w)
        header_top = self.y
        header: tuple[float, float] | None = None
        page = self.page_height
        for index, row in enumerate(table.rows):
            top = self.y
            cells = []
            col = 0
            height = 0.0
            for cell in row:
                left, right = edges[col], edges[min(col + cell.span, len(widths))]
                col += cell.span
                layout, lines = self.lay_out(cell.para, right - left - 2 * PAD_X, cell.right)
                cells.append((cell, left, right, layout, lines))
                height = max(height, lines[-1][1] + 2 * PAD_Y)
            bottom = top + height
            rules = [QLineF(0, top, edges[-1], top), QLineF(0, bottom, edges[-1], bottom)]
            for cell, left, right, layout, _ in cells:
                if cell.background:
                    rect = QRectF(left, top, right - left, height)
                    self.drawing.add(top, bottom, Fill(rect, self.colour(cell.background)))
                at = QPointF(left + PAD_X, top + PAD_Y)
                self.drawing.add(top, bottom, Text(layout, at))
                rules.append(QLineF(left, top, left, bottom))
            rules.append(QLineF(edges[-1], top, edges[-1], bottom))
            self.drawing.add(top, bottom, Rules(rules))
            if index < table.header_rows:
                self.units.append(Unit(top, bottom, True))
                if index == table.header_rows - 1 and index + 1 < len(table.rows):
                    header = (header_top, bottom)
            elif height > page * TALL_ROW:
                # Too tall for a page: cut only where no line of any of its cells is.
                repeat = header if index > table.header_rows else None
                start, far = top, top
                spans = sorted(
                    (top + PAD_Y + t, top + PAD_Y + b) for *_, lines in cells for t, b in lines
                )
                for line_top, line_bottom in spans:
                    if line_top >= far and line_top > start:
                        self.units.append(Unit(start, line_top, header=repeat))
                        start, repeat = line_top, header
                    far = max(far, line_bottom)
                self.units.append(Unit(start, bottom, header=repeat))
            else:
                repeat = header if index > table.header_rows else None
                self.units.append(Unit(top, bottom, header=repeat))
            self.y = bottom
        self._close("table")

    def set(self, flow: list[Flow]) -> list[Unit]:
        after_heading = False
        for item in flow:
            if isinstance(item, Table):
                self.table(item)
                after_heading = False
            else:
                self.paragraph(item, after_heading)
                after_heading = item.heading
        # A unit ends where the next begins: what lies past that (margins) is not drawn.
        for unit, after in itertools.pairwise(self.units):
            unit.bottom = min(unit.bottom, after.top)
        return self.units

    def draw(self, painter: QPainter, top: float, bottom: float, at: float) -> None:
        """The document's span [top, bottom), drawn with its top at `at` on the page."""
        painter.save()
        painter.translate(0, at - top)
        clip = QRectF(-PX, top, self.width + 2 * PX, bottom - top)
        painter.setClipRect(clip)
        for op in self.drawing.between(top, bottom):
            if isinstance(op, Text):
                op.layout.draw(painter, op.at, [], clip)
            elif isinstance(op, Fill):
                painter.fillRect(op.rect, op.colour)
            elif isinstance(op, Rules):
                painter.setPen(self.pen)
                painter.drawLines(op.lines)
        painter.restore()


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


def _typeset(writer: QPdfWriter, data: ReportData) -> tuple[Typesetter, list[Page]]:
    """Lay the report out once, as one long page the width of the paper's text area."""
    area = writer.pageLayout().paintRectPixels(RESOLUTION)
    height = area.height() - FOOTER
    setter = Typesetter(writer, register_fonts(), float(area.width()), height)
    found = setter.set(read_flow(render_html(data, screen=False)))
    return setter, paginate(found, height)


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
    setter, pages = _typeset(writer, data)
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
            setter.draw(painter, *page.header, 0.0)
            at = page.header[1] - page.header[0]
        setter.draw(painter, page.top, page.bottom, at)
        painter.setFont(small)
        painter.setPen(Qt.GlobalColor.darkGray)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | bottom, left)
        painter.drawText(
            line, Qt.AlignmentFlag.AlignRight | bottom, f"Page {number} of {len(pages)}"
        )
    painter.end()
    buffer.close()
    return bytes(buffer.data().data())

"""The report as PDF, set by MeetGuard itself from the report's HTML: the only report module
using Qt.

Qt lays text out only when it finds a font, so the font MeetGuard ships is registered
first. From a terminal there may be no display: then a QGuiApplication on the
"offscreen" platform is enough to lay out text.

The HTML is read back as paragraphs and tables (report/flow.py) and each paragraph and
table cell is set once at its final width. Qt shapes each distinct word once (its glyphs
and kerning, in the font Qt picks for it), and lines break where Qt's own line-breaking
rules allow (QTextBoundaryFinder), as QTextLayout would break them; a paragraph in a
script that needs more (right-to-left text, joined letters, marks placed on letters) is
laid out whole by QTextLayout. The pages are written by report/pdffile.py: one TJ array
per run of a line, where Qt's PDF engine wrote each glyph by itself and took half of a
long report's time doing so.

Page breaks are chosen in one walk over the lines and table rows: never inside a short
row, never between a heading and what follows it, never leaving one line of a paragraph
alone on a page, and a table continued on a new page gets its header drawn again above it.
"""

from __future__ import annotations

import bisect
import datetime
import gc
import hashlib
import itertools
import math
import operator
import re
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from PySide6.QtCore import QBuffer, QMarginsF, QPointF, Qt, QTextBoundaryFinder
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPdfWriter,
    QRawFont,
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
from meetguard.report.pdffile import (
    PdfFile,
    glyph_runs,
    glyph_string,
    pdf_string,
    subset_truetype,
    to_unicode_cmap,
    widths_array,
)

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(14, 12, 14, 10)
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
RESOLUTION = 300
BODY_PT = 8
FOOTER_PT = 7
FOOTER = RESOLUTION * 0.35  # the footer line's height, in device pixels
FOOTER_STYLE = Style(size=FOOTER_PT, color="#808080")
LEAD_LINES = 2  # a paragraph this short under a heading stays with what follows it
TALL_ROW = 0.8  # a table row taller than this share of a page may be cut between its lines
SLANT = 0.2  # the shear of an italic Qt would synthesize (no italic face found)

# Text set word by word: scripts written left to right whose letters each take one glyph.
# Anything else (Hebrew, Arabic and the scripts after them, bidi controls) is set by QTextLayout.
_SIMPLE = re.compile(
    "[\u0000-\u058f\u2000-\u200d\u2010-\u2029\u202f-\u2065\u206a-\u2bff\ufb00-\ufb06]*"
)
_TOKEN = re.compile(f"[^ {LINE_BREAK}]+ *| +|{LINE_BREAK}")

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


@dataclass(slots=True)
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
LINE_HEIGHT = 1.24  # tighter than html.py's 1.35 for screens: 9 pt on paper still reads well
PAD_X, PAD_Y = 4 * PX, 1.5 * PX  # a table cell's padding
INDENT = 12 * PT  # a list item's text, right of its number


def _exact(length: float) -> float:
    """A vertical length in 64ths of a pixel: sums of them are exact, so a page that fits
    by its units' arithmetic also fits by its own (top + height <= room)."""
    return round(length * 64) / 64


def _rgb(colour: QColor) -> str:
    return f"{colour.redF():.3f} {colour.greenF():.3f} {colour.blueF():.3f}"


FaceKey = tuple[str, str, int, str]


class SizedFont:
    """One face as Qt resolved it, at one pixel size: one font resource of the PDF.

    `widths` holds the advance Qt gives each glyph drawn in it, so the PDF places
    glyphs where Qt measured them. A face that is not TrueType (a fallback font with
    PostScript outlines) is not embedded: its glyphs are drawn as their outlines.
    """

    def __init__(self, name: str, face: FaceKey, raw: QRawFont, slant: bool) -> None:
        self.name = name
        self.face = face
        self.raw = raw
        self.size = raw.pixelSize()
        self.slant = slant
        self.matrix = f"1 0 {-SLANT:.2f} -1" if slant else "1 0 0 -1"  # a text matrix, less x y
        self.select = f"/{name} {self.size:.2f} Tf"
        self.widths: dict[int, float] = {}
        self._overhangs: dict[int, float] = {}
        self.underline = (raw.underlinePosition(), max(raw.lineThickness(), 1.0))
        self.extent = (raw.ascent(), raw.descent())  # of its glyphs, above and below the baseline
        self.outline = not raw.fontTable("glyf")

    def advances(self, gids: Sequence[int]) -> list[float]:
        widths = self.widths
        missing = [g for g in gids if g not in widths]
        if missing:
            for gid, advance in zip(
                missing, self.raw.advancesForGlyphIndexes(missing), strict=True
            ):
                widths[gid] = advance.x()
        return [widths[g] for g in gids]

    def overhang(self, gid: int) -> float:
        """How far a glyph's ink reaches past its (whole-pixel) advance: Qt keeps that on
        the line too when it breaks lines."""
        found = self._overhangs.get(gid)
        if found is None:
            box = self.raw.boundingRect(gid)
            advance = math.floor(self.advances([gid])[0] + 0.5)
            found = self._overhangs[gid] = max(box.x() + box.width() - advance, 0.0)
        return found

    def tj(self, gids: Sequence[int], xs: Sequence[float]) -> str:
        """The glyphs as TJ array elements; `xs` are their x positions from the first one,
        and where one stands off its advance (kerning) the array says by how much."""
        advances = self.advances(gids)
        parts: list[str] = []
        start = 0
        for k in range(len(gids) - 1):
            off = xs[k + 1] - xs[k] - advances[k]
            if off > 1e-6 or off < -1e-6:
                parts.append(glyph_string(gids[start : k + 1]))
                parts.append(f"{-off * 1000 / self.size:.2f}")
                start = k + 1
        parts.append(glyph_string(gids[start:]))
        return " ".join(parts)


@dataclass(frozen=True, slots=True, eq=False)
class Shaped:
    """A word and the spaces after it, as Qt shapes it: one glyph per character.

    A line break is a word of no glyphs (and no font). `inner` are the places inside
    the word where Qt's rules allow a line to break (after a hyphen, a slash, a dash);
    `open` says a line may break after the word (it ends in spaces, or is a line break).
    """

    font: SizedFont | None
    gids: tuple[int, ...]
    xs: tuple[float, ...]  # each character's x from the word's start
    ends: tuple[float, ...]  # and where it ends, as Qt measures a line
    fits: tuple[float, ...]  # and the room a line needs to end after it (see overhang)
    width: float
    ink: int  # characters before the trailing spaces
    ink_width: float
    ink_fit: float
    tj: str
    inner: tuple[int, ...] = ()
    open: bool = False


_COMPLEX = Shaped(None, (), (), (), (), 0.0, 0, 0.0, 0.0, "")  # Qt lays out its paragraph
_LINE_BREAK_WORD = Shaped(None, (), (0.0,), (0.0,), (0.0,), 0.0, 0, 0.0, 0.0, "", open=True)
# Letters, digits and the punctuation Qt never breaks a line after inside a word.
_NO_INNER_BREAK = re.compile(r"[^\W_]*(?:[',.:;][^\W_]+)*[',.:;]?")


class Piece(NamedTuple):
    """A run of glyphs in one style on one line, from the paragraph's origin.

    The text starts at (x, baseline); `left`/`width` is what it covers (for a
    background, an underline or a link), over the line's `top` and `height`.
    """

    x: float
    baseline: float
    left: float
    width: float
    top: float
    height: float
    font: SizedFont
    tj: str
    style: Style


_new_piece = tuple.__new__  # a NamedTuple made without its Python-level __new__


class Line(NamedTuple):
    """One laid-out line of a paragraph: its pieces, and its span from the paragraph's top."""

    top: float
    bottom: float
    pieces: tuple[Piece, ...]


@dataclass
class Drawing:
    """What the document draws: text lines, cell fills and cell borders.

    `ops` are in reading order; each starts at `tops[n]` and reaches down to `tops[n] + reach`.
    """

    ops: list[tuple[float, float, object]] = field(default_factory=list)
    tops: list[float] = field(default_factory=list)
    reach: float = 0.0

    def add(self, top: float, bottom: float, op: object) -> None:
        self.ops.append((top, bottom, op))
        self.tops.append(top)
        self.reach = max(self.reach, bottom - top)

    def between(self, top: float, bottom: float) -> Iterator[tuple[float, float, object]]:
        """The ops reaching into [top, bottom), with their spans."""
        start = bisect.bisect_left(self.tops, top - self.reach)
        for n in range(start, len(self.ops)):
            found = self.ops[n]
            if found[0] >= bottom:
                return
            if found[1] > top:
                yield found


@dataclass(slots=True)
class Fill:
    x: float
    y: float
    width: float
    height: float
    colour: str  # PDF colour operands "r g b"


@dataclass(slots=True)
class Text:
    lines: tuple[Line, ...]
    x: float
    y: float


@dataclass(slots=True)
class Rules:
    path: str  # PDF path operators and S (the border pen is set once for all)


@dataclass
class Link:
    href: str
    rect: tuple[float, float, float, float]  # left, top, right, bottom in device pixels


class Typesetter:
    """Lays the report's flow out once, at one width, into units (for page breaks) and drawings.

    Fonts, character formats and shaped words are made once each; a paragraph or table
    cell is laid out exactly once.
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
        self._rgb: dict[str, str] = {}
        self._options: dict[bool, QTextOption] = {}
        self._shaped: dict[tuple[float, bool, bool], dict[str, Shaped]] = {}
        self._extent: dict[tuple[float, bool, bool], tuple[float, float]] = {}
        self._steps: dict[int, float] = {}  # a line's height -> the space it takes
        # A style's extent, its words (with their spaces), and the words followed by one space
        # by the word alone.
        self._per_style: dict[
            Style, tuple[tuple[float, float], dict[str, Shaped], dict[str, Shaped]]
        ] = {}
        self._primaries: dict[tuple[float, bool, bool], SizedFont | None] = {}
        self._complex = False  # some word was found that Qt must lay out with its paragraph
        self.sized: dict[tuple[FaceKey, float, bool], SizedFont] = {}
        self.faces: dict[FaceKey, QRawFont] = {}
        self.texts: dict[FaceKey, dict[int, str]] = {}
        for right in (False, True):
            option = QTextOption(
                Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            )
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            self._options[right] = option
        self.pen = f"{self.rgb(BORDER)} RG {max(1.0, PX * 0.75):.2f} w"
        self.y = 0.0
        self._space = 0.0  # the bottom margin of what came last, still to be given

    def colour(self, name: str) -> QColor:
        found = self._colours.get(name)
        if found is None:
            found = self._colours[name] = QColor(name)
        return found

    def rgb(self, name: str) -> str:
        found = self._rgb.get(name)
        if found is None:
            found = self._rgb[name] = _rgb(self.colour(name))
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

    def extent(self, style: Style) -> tuple[float, float]:
        """A style's ascent and descent, as a line of it measures them."""
        key = (style.size, style.bold, style.italic)
        found = self._extent.get(key)
        if found is None:
            metrics = self.metrics(style)
            found = self._extent[key] = (metrics.ascent(), metrics.descent())
        return found

    def char_format(self, style: Style) -> QTextCharFormat:
        found = self._formats.get(style)
        if found is None:
            found = QTextCharFormat()
            found.setFont(self.font(style))
            found.setForeground(self.colour(style.color))
            self._formats[style] = found
        return found

    def sized_font(self, raw: QRawFont, italic: bool) -> SizedFont:
        face: FaceKey = (raw.familyName(), raw.styleName(), raw.weight(), raw.style().name)
        slant = italic and raw.style() == QFont.Style.StyleNormal
        key = (face, raw.pixelSize(), slant)
        found = self.sized.get(key)
        if found is None:
            self.faces.setdefault(face, raw)
            self.texts.setdefault(face, {})
            found = self.sized[key] = SizedFont(f"F{len(self.sized) + 1}", face, raw, slant)
        return found

    def _qt_layout(self, text: str, style: Style) -> QTextLayout:
        font = self.font(style)
        return (
            QTextLayout(text, font, self.device)
            if self.device is not None
            else QTextLayout(text, font)
        )

    def words(self, style: Style) -> dict[str, Shaped]:
        """The words shaped so far in a style's font."""
        key = (style.size, style.bold, style.italic)
        found = self._shaped.get(key)
        if found is None:
            found = self._shaped[key] = {}
        return found

    def _shape_new(self, style: Style, tokens: list[str], words: dict[str, Shaped]) -> None:
        """Shape the words Qt has not shaped yet in this style, all in one line of one
        QTextLayout (spaces between them: kerning moves only the glyph after a pair, so a
        word's own positions are what Qt gives it alone); alone when that cannot be."""
        new = [w for w in dict.fromkeys(tokens) if w not in words]
        if LINE_BREAK in new:
            new.remove(LINE_BREAK)
            words[LINE_BREAK] = _LINE_BREAK_WORD
        if not new:
            return
        # A word in another font than the style's own (a fallback font Qt found for one of
        # its characters) cannot share a piece with the others: Qt lays out its paragraph.
        primary = self._primary(style)
        found = self._glyphs(style, " ".join(new))
        if found is None or found[0] is not primary:
            for word in new:
                one = self._glyphs(style, word)
                if one is None or one[0] is not primary:
                    words[word] = _COMPLEX
                    self._complex = True
                else:
                    words[word] = self._word(word, *one)
            return
        font, gids, xs = found
        at = 0
        for word in new:
            end = at + len(word)
            first = xs[at]
            words[word] = self._word(word, font, gids[at:end], [x - first for x in xs[at:end]])
            at = end + 1

    def _primary(self, style: Style) -> SizedFont | None:
        """The font Qt sets a style's letters in."""
        key = (style.size, style.bold, style.italic)
        if key not in self._primaries:
            found = self._glyphs(style, "a")
            self._primaries[key] = found[0] if found else None
        return self._primaries[key]

    def _glyphs(self, style: Style, text: str) -> tuple[SizedFont, list[int], list[float]] | None:
        """A text's glyphs and their x positions on one line, if one font gives one glyph
        per character on one baseline."""
        layout = self._qt_layout(text, style)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        if len(runs) != 1:
            return None
        gids = runs[0].glyphIndexes()
        positions = runs[0].positions()
        if len(gids) != len(text) or len({p.y() for p in positions}) != 1:
            return None
        return self.sized_font(runs[0].rawFont(), style.italic), gids, [p.x() for p in positions]

    def _word(self, text: str, font: SizedFont, glyphs: list[int], places: list[float]) -> Shaped:
        gids, xs = tuple(glyphs), tuple(places)
        # A character ends where the next starts (kerned), the last one at its advance.
        ends = (*xs[1:], xs[-1] + font.advances(gids[-1:])[0])
        fits = tuple(map(operator.add, ends, map(font.overhang, gids)))
        ink = len(text.rstrip(" "))
        inner = []
        if not _NO_INNER_BREAK.fullmatch(text, 0, ink):
            finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text[:ink])
            while 0 < (b := finder.toNextBoundary()) < ink:
                inner.append(b)
        self.texts[font.face].update(zip(gids, text, strict=True))
        return Shaped(
            font,
            gids,
            xs,
            ends,
            fits,
            ends[-1],
            ink,
            ends[ink - 1] if ink else 0.0,
            fits[ink - 1] if ink else 0.0,
            font.tj(gids, xs),
            tuple(inner),
            ink < len(text),
        )

    def lay_out(self, para: Para, width: float, right: bool = False) -> list[Line]:
        """One paragraph at one width: its lines, from its top."""
        lines = self._set_by_words(para, width, right)
        if lines is None:
            lines = self._set_by_qt(para, width, right)
        if not lines:  # an empty heading or cell still takes one line
            base = para.runs[0][1] if para.runs else Style()
            lines = [Line(0.0, _exact(self.metrics(base).height() * LINE_HEIGHT), ())]
        return lines

    def _set_by_words(self, para: Para, width: float, right: bool) -> list[Line] | None:
        """Words shaped once each, lines broken where Qt's rules allow and QTextLayout would."""
        runs = para.runs
        simple = _SIMPLE.fullmatch
        breaks = False
        for run, _ in runs:
            if not run.isascii() and not simple(run):
                return None
            if LINE_BREAK in run:
                breaks = True
        shapes: list[Shaped] = []
        run_ends: list[int] = []
        extents = []
        per_style = self._per_style
        for run, style in runs:
            found = per_style.get(style)
            if found is None:
                found = per_style[style] = (self.extent(style), self.words(style), {})
            extent, words, spaced = found
            extents.append(extent)
            count = len(shapes)
            one_space = "  " not in run and LINE_BREAK not in run
            if one_space:
                # Words with one space after each: split in C, each found by the word alone.
                parts = run.split(" ")
                end = parts.pop()  # the word with no space after it, if any
                try:
                    shapes += map(spaced.__getitem__, parts)
                    if end:
                        shapes.append(words[end])
                    run_ends.append(len(shapes))
                    continue
                except KeyError:
                    del shapes[count:]
            tokens = _TOKEN.findall(run)
            try:
                shapes += map(words.__getitem__, tokens)
            except KeyError:
                del shapes[count:]
                self._shape_new(style, tokens, words)
                shapes += map(words.__getitem__, tokens)
            if one_space:  # the words it missed, for next time
                for token in tokens:
                    if token[-1:] == " ":
                        spaced[token[:-1]] = words[token]
            run_ends.append(len(shapes))
        if not shapes:
            return []
        if self._complex and _COMPLEX in shapes:
            return None
        lefts = [0.0, *itertools.accumulate(map(_WIDTH, shapes))]
        if breaks or lefts[-2] + shapes[-1].ink_fit > width:
            spans = self._breaks(shapes, lefts, width, breaks)
        else:
            spans = [(0, 0, len(shapes) - 1, len(shapes[-1].xs))]
        if len(runs) == 1:  # the commonest paragraph (or table cell) by far
            return self._set_in_one_style(shapes, lefts, spans, width, right, extents[0], para)
        lines: list[Line] = []
        y = 0.0
        join = " ".join
        for i, a, last, b in spans:
            # Words i..last; the first from its character a, the last up to its character b.
            x0 = lefts[i] + shapes[i].xs[a] if a else lefts[i]
            groups = []
            ascent = descent = 0.0
            r = bisect.bisect_right(run_ends, i)
            while i <= last:
                while run_ends[r] <= i:  # a run of no words
                    r += 1
                stop = run_ends[r]
                if stop > last:
                    stop = last + 1
                up, down = extents[r]
                if up > ascent:
                    ascent = up
                if down > descent:
                    descent = down
                left = lefts[i]
                tail = shapes[stop - 1]
                if a or (stop - 1 == last and b < len(tail.xs)):
                    tjs = [w.tj for w in shapes[i:stop]]
                    if a:
                        tjs[0] = self._part(shapes[i], a, len(shapes[i].xs))
                        left += shapes[i].xs[a]
                    if stop - 1 == last and b < len(tail.xs):
                        tjs[-1] = self._part(tail, a if stop - 1 == i else 0, b)
                        right_x = lefts[last] + tail.ends[b - 1]
                    else:
                        right_x = self._ink_end(shapes, lefts, i, stop)
                    tj = join(filter(None, tjs))
                elif breaks:
                    right_x = self._ink_end(shapes, lefts, i, stop)
                    tj = join(filter(None, [w.tj for w in shapes[i:stop]]))
                else:
                    right_x = lefts[stop - 1] + tail.ink_width
                    tj = join(map(_TJ, shapes[i:stop]))
                font = shapes[i].font or tail.font
                if font is not None:
                    groups.append((left - x0, right_x - left, font, tj, runs[r][1]))
                i, a = stop, 0
                r += 1
            while groups and groups[-1][1] <= 0:  # spaces at the line's end are not drawn
                groups.pop()
            height = math.ceil(ascent + descent)
            shift = width - groups[-1][0] - groups[-1][1] if right and groups else 0.0
            baseline = y + ascent
            pieces = tuple(
                [
                    _new_piece(
                        Piece,
                        (left + shift, baseline, left + shift, wide, y, height, font, tj, style),
                    )
                    for left, wide, font, tj, style in groups
                    if tj
                ]
            )
            step = self._steps.get(height)
            if step is None:
                step = self._steps[height] = _exact(height * LINE_HEIGHT)
            lines.append(_new_piece(Line, (y, y + step, pieces)))
            y += step
        if breaks and para.text.endswith(LINE_BREAK):  # QTextLayout starts an empty line after it
            up, down = self.extent(runs[-1][1])
            lines.append(Line(y, y + _exact(math.ceil(up + down) * LINE_HEIGHT), ()))
        return lines

    def _set_in_one_style(
        self,
        shapes: list[Shaped],
        lefts: list[float],
        spans: list[tuple[int, int, int, int]],
        width: float,
        right: bool,
        extent: tuple[float, float],
        para: Para,
    ) -> list[Line]:
        """The lines of a paragraph of one run: one piece each, all of one height."""
        style = para.runs[0][1]
        up, down = extent
        height = math.ceil(up + down)
        step = self._steps.get(height)
        if step is None:
            step = self._steps[height] = _exact(height * LINE_HEIGHT)
        join = " ".join
        breaks = LINE_BREAK in para.runs[0][0]
        lines: list[Line] = []
        y = 0.0
        for i, a, last, b in spans:
            left = lefts[i] + shapes[i].xs[a] if a else lefts[i]
            tail = shapes[last]
            if a or b < len(tail.xs):
                tjs = [w.tj for w in shapes[i : last + 1]]
                if a:
                    tjs[0] = self._part(shapes[i], a, len(shapes[i].xs))
                if b < len(tail.xs):
                    tjs[-1] = self._part(tail, a if last == i else 0, b)
                    right_x = lefts[last] + tail.ends[b - 1]
                else:
                    right_x = self._ink_end(shapes, lefts, i, last + 1)
                tj = join(filter(None, tjs))
            elif breaks:
                right_x = self._ink_end(shapes, lefts, i, last + 1)
                tj = join(filter(None, map(_TJ, shapes[i : last + 1])))
            else:
                right_x = lefts[last] + tail.ink_width
                tj = join(map(_TJ, shapes[i : last + 1]))
            font = shapes[i].font or tail.font
            wide = right_x - left
            pieces: tuple[Piece, ...] = ()
            if font is not None and wide > 0 and tj:  # spaces at a line's end are not drawn
                shift = width - wide if right else 0.0
                piece = (shift, y + up, shift, wide, y, height, font, tj, style)
                pieces = (_new_piece(Piece, piece),)
            lines.append(_new_piece(Line, (y, y + step, pieces)))
            y += step
        if breaks and para.runs[0][0].endswith(LINE_BREAK):  # QTextLayout starts an empty line
            lines.append(Line(y, y + step, ()))
        return lines

    @staticmethod
    def _ink_end(shapes: list[Shaped], lefts: list[float], i: int, stop: int) -> float:
        """Where the ink of words i..stop-1 ends: a line break at their end has none."""
        t = stop - 1
        while t > i and shapes[t].font is None:
            t -= 1
        return lefts[t] + shapes[t].ink_width

    @staticmethod
    def _part(word: Shaped, a: int, b: int) -> str:
        """The TJ elements of characters [a, b) of a word (a line breaks inside it)."""
        if word.font is None or a >= b:
            return ""
        b = min(b, len(word.gids))
        return word.font.tj(word.gids[a:b], [v - word.xs[a] for v in word.xs[a:b]])

    @staticmethod
    def _breaks(
        shapes: list[Shaped], lefts: list[float], width: float, breaks: bool
    ) -> list[tuple[int, int, int, int]]:
        """Each line as (first word, its first character, last word, the character it ends
        before): as many words as fit, broken at Qt's break opportunities; a word longer
        than the line is broken where the line ends."""
        spans = []
        count = len(shapes)
        inked = list(map(operator.add, lefts, map(_INK_FIT, shapes)))
        forced = [k for k, w in enumerate(shapes) if w.font is None] if breaks else []
        for k in forced:
            if k:  # a line break fits where the text before it ends
                inked[k] = inked[k - 1]
        i, a = 0, 0
        while i < count:
            x0 = lefts[i] + shapes[i].xs[a] if a else lefts[i]
            limit = x0 + width
            k = bisect.bisect_right(inked, limit, i) - 1  # the last word whose ink fits
            last = k + 1 == count
            if (
                not forced
                and i <= k
                and (last or (shapes[k].open and not shapes[k + 1].inner))
                and shapes[i].ink > a
            ):  # what the search below finds first, in the commonest case: after word k
                spans.append((i, a, k, len(shapes[k].xs)))
                i, a = k + 1, 0
                continue
            f = forced[bisect.bisect_left(forced, i)] if forced and forced[-1] >= i else count
            end = (f, 1) if f <= k else None
            # The furthest break that fits: after a word ending in spaces, or inside a word;
            # a line holding nothing but spaces is not ended there.
            n = min(k + 1, count - 1)
            while end is None and n >= i:
                word = shapes[n]
                if (
                    n <= k
                    and (n == count - 1 or word.open)
                    and (shapes[i].ink > a or any(w.ink for w in shapes[i + 1 : n + 1]))
                ):
                    end = (n, len(word.xs))
                    break
                if word.inner:
                    fits = [
                        c
                        for c in word.inner
                        if lefts[n] + word.fits[c - 1] <= limit and (n > i or c > a)
                    ]
                    if fits:
                        end = (n, fits[-1])
                n -= 1
            if end is None:  # not even the first word fits: break it where the line ends
                end = _anywhere(shapes, lefts, i, a, limit)
            n, c = end
            spans.append((i, a, n, c))
            i, a = (n + 1, 0) if c >= len(shapes[n].xs) else (n, c)
        return spans

    def _set_by_qt(self, para: Para, width: float, right: bool) -> list[Line]:
        base = para.runs[0][1] if para.runs else Style()
        layout = self._qt_layout(para.text, base)
        layout.setTextOption(self._options[right])
        ranges = []
        start = 0
        styled: list[tuple[int, int, Style]] = []
        for text, style in para.runs:
            fr = QTextLayout.FormatRange()
            fr.start, fr.length, fr.format = start, len(text), self.char_format(style)
            ranges.append(fr)
            styled.append((start, start + len(text), style))
            start += len(text)
        layout.setFormats(ranges)
        lines: list[Line] = []
        y = 0.0
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            step = _exact(line.height() * LINE_HEIGHT)
            lines.append(Line(y, y + step, ()))
            y += step
        layout.endLayout()
        for n, laid in enumerate(lines):
            line = layout.lineAt(n)
            first, last = line.textStart(), line.textStart() + line.textLength()
            pieces = []
            for a, b, style in styled:
                a, b = max(a, first), min(b, last)
                if a >= b:
                    continue
                for run in line.glyphRuns(a, b - a):
                    gids = run.glyphIndexes()
                    if not gids:
                        continue
                    font = self.sized_font(run.rawFont(), style.italic)
                    positions = run.positions()
                    xs = [p.x() for p in positions]
                    ends = [x + w for x, w in zip(xs, font.advances(gids), strict=True)]
                    left, wide = min(xs), max(ends) - min(xs)
                    # Glyphs placed off the baseline (marks) each get their own piece;
                    # the run's background, underline and link go with the first.
                    for group in _by_baseline([p.y() for p in positions]):
                        gx = [xs[i] for i in group]
                        pieces.append(
                            Piece(
                                gx[0],
                                positions[group[0]].y(),
                                left,
                                wide,
                                laid.top,
                                line.height(),
                                font,
                                font.tj([gids[i] for i in group], [v - gx[0] for v in gx]),
                                style,
                            )
                        )
                        wide = 0.0
            lines[n] = Line(laid.top, laid.bottom, tuple(pieces))
        return lines

    def _open(self, kind: str) -> None:
        top, _ = MARGINS.get(kind, MARGINS["p"])
        self.y += max(self._space, _exact(top * PT)) if self.units else 0.0

    def _close(self, kind: str) -> None:
        self._space = _exact(MARGINS.get(kind, MARGINS["p"])[1] * PT)

    def _text(self, lines: list[Line], x: float, y: float) -> None:
        self.drawing.add(y + lines[0].top, y + lines[-1].bottom, Text(tuple(lines), x, y))

    def paragraph(self, para: Para, after_heading: bool) -> None:
        self._open("list" if para.bullet and para.kind == "li" else para.kind)
        indent = INDENT if para.bullet else 0.0
        lines = self.lay_out(para, self.width - indent)
        top = self.y
        self._text(lines, indent, top)
        if para.bullet:
            bullet = Para([(para.bullet, para.runs[0][1] if para.runs else Style())])
            self._text(self.lay_out(bullet, INDENT - 3 * PT, right=True)[:1], 0.0, top)
        count = len(lines)
        found = [
            Unit(
                top + line.top,
                top + line.bottom,
                para.heading or (count > 1 and n in (0, count - 2)),
                n == 0 and para.break_before,
            )
            for n, line in enumerate(lines)
        ]
        # A short paragraph right under a heading introduces what follows: keep them.
        if after_heading and count <= LEAD_LINES:
            found[-1].keep_with_next = True
        self.units.extend(found)
        self.y = top + lines[-1].bottom
        self._close("li" if para.kind == "li" else para.kind)

    def _whole(self, para: Para) -> float:
        """A cell's widest line unwrapped."""
        whole = sum(self.metrics(style).horizontalAdvance(text) for text, style in para.runs)
        return whole / (para.text.count(LINE_BREAK) + 1)

    def _advance(self, para: Para) -> tuple[float, float]:
        """A cell's widest line unwrapped, and its longest word (by letters, measured once)."""
        longest = 0.0
        for text, style in para.runs:
            word = max(text.replace(LINE_BREAK, " ").split(" "), key=len)
            longest = max(longest, self.metrics(style).horizontalAdvance(word))
        return self._whole(para), longest

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
                    need = (self._whole(cell.para) + 2 * PAD_X + PX) / self.width
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
        at = [f"{e:.2f}" for e in edges]  # the edges as the rules' operands
        r = at[-1]
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
                lines = self.lay_out(cell.para, right - left - 2 * PAD_X, cell.right)
                cells.append((cell, left, right, at[col], lines))
                col += cell.span
                height = max(height, lines[-1].bottom + 2 * PAD_Y)
            bottom = top + height
            t, b = f"{top:.2f}", f"{bottom:.2f}"
            rules = [f"0 {t} m {r} {t} l 0 {b} m {r} {b} l"]
            ops, tops = self.drawing.ops, self.drawing.tops  # Drawing.add, once per row
            for cell, left, right, x, lines in cells:
                if cell.background:
                    fill = Fill(left, top, right - left, height, self.rgb(cell.background))
                    ops.append((top, bottom, fill))
                    tops.append(top)
                ops.append((top, bottom, Text(tuple(lines), left + PAD_X, top + PAD_Y)))
                tops.append(top)
                rules.append(f"{x} {t} m {x} {b} l")
            rules.append(f"{r} {t} m {r} {b} l S")
            self.drawing.add(top, bottom, Rules(" ".join(rules)))
            if index < table.header_rows:
                self.units.append(Unit(top, bottom, True))
                if index == table.header_rows - 1 and index + 1 < len(table.rows):
                    header = (header_top, bottom)
            elif height > page * TALL_ROW:
                # Too tall for a page: cut only where no line of any of its cells is.
                repeat = header if index > table.header_rows else None
                start, far = top, top
                spans = sorted(
                    (top + PAD_Y + line.top, top + PAD_Y + line.bottom)
                    for *_, lines in cells
                    for line in lines
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

    def emit(self, out: list[str], links: list[Link], top: float, bottom: float, at: float) -> None:
        """PDF operators drawing the document's span [top, bottom) with its top at `at`."""
        shift = at - top
        out.append(
            f"q {-PX:.2f} {at:.2f} {self.width + 2 * PX:.2f} {bottom - top:.2f} re W n"
            f" 1 0 0 1 0 {shift:.2f} cm {self.pen}"
        )
        for op_top, op_bottom, op in self.drawing.between(top, bottom):
            if isinstance(op, Text):
                shown = (
                    op.lines
                    if op_top >= top and op_bottom <= bottom
                    else [
                        line
                        for line in op.lines
                        if op.y + line.top < bottom and op.y + line.bottom > top
                    ]
                )
                if shown:
                    _text_operators(out, links, shown, op.x, op.y, shift, self.rgb)
            elif isinstance(op, Fill):
                out.append(
                    f"{op.colour} rg {op.x:.2f} {op.y:.2f} {op.width:.2f} {op.height:.2f} re f"
                )
            elif isinstance(op, Rules):
                out.append(op.path)
        out.append("Q")


_WIDTH = operator.attrgetter("width")
_INK_FIT = operator.attrgetter("ink_fit")
_TJ = operator.attrgetter("tj")


def _anywhere(
    shapes: list[Shaped], lefts: list[float], i: int, a: int, limit: float
) -> tuple[int, int]:
    """Where a line starting at character a of word i ends when it must end inside a word:
    after the last character that fits, and after one that is not a space at least,
    unless spaces alone overflow it."""
    end = (i, a)
    n, c = i, a
    inked = False
    while n < len(shapes):
        word = shapes[n]
        if c >= len(word.xs):
            n, c = n + 1, 0
            continue
        if word.font is None:
            break
        if lefts[n] + word.fits[c] > limit and (inked or c >= word.ink):
            if not inked:  # spaces that do not fit end the line (after them all)
                end = (n, c + 1)
            break
        inked = inked or c < word.ink
        end = (n, c + 1)
        c += 1
    n, c = end
    if c >= shapes[n].ink:  # the spaces after what fits hang at the line's end,
        end = (n, len(shapes[n].xs))
        if n + 1 < len(shapes) and shapes[n + 1].font is None:  # and so does a line break
            end = (n + 1, 1)
    return end


def _by_baseline(ys: list[float]) -> list[list[int]]:
    """Glyph indexes grouped into runs that share a baseline."""
    groups: list[list[int]] = []
    for n, y in enumerate(ys):
        if groups and ys[groups[-1][0]] == y:
            groups[-1].append(n)
        else:
            groups.append([n])
    return groups


def _text_operators(
    out: list[str],
    links: list[Link],
    lines: Sequence[Line],
    x: float,
    y: float,
    shift: float,
    rgb: Callable[[str], str],
) -> None:
    """Backgrounds, then the text in one BT block, then underlines; links noted by page position.

    A link covers its own words: their width, and the height of its font on their baseline.
    """
    text = ["BT"]
    paths = []
    after = []
    font: SizedFont | None = None
    colour = ""
    for line in lines:
        for px, baseline, left, wide, top, height, face, tj, style in line.pieces:
            if face.outline:
                paths.append(_outlines(face, tj, x + px, y + baseline, rgb(style.color)))
            else:
                if face is not font:
                    font = face
                    text.append(font.select)
                if style.color != colour:
                    colour = style.color
                    text.append(f"{rgb(colour)} rg")
                text.append(f"{face.matrix} {x + px:.2f} {y + baseline:.2f} Tm [{tj}] TJ")
            if not wide or not (style.background or style.underline or style.href):
                continue
            left += x
            if style.background:
                out.append(
                    f"{rgb(style.background)} rg {left:.2f} {y + top:.2f}"
                    f" {wide:.2f} {height:.2f} re f"
                )
            if style.underline:
                below, thick = face.underline
                after.append(
                    f"{rgb(style.color)} rg {left:.2f} {y + baseline + below:.2f}"
                    f" {wide:.2f} {thick:.2f} re f"
                )
            if style.href:
                up, down = face.extent
                on_page = y + baseline + shift
                links.append(Link(style.href, (left, on_page - up, left + wide, on_page + down)))
    text.append("ET")
    out += paths
    out += text
    out += after


def _outlines(font: SizedFont, tj: str, x: float, y: float, colour: str) -> str:
    """The glyphs of a TJ array drawn as filled paths, from (x, y) on the baseline."""
    ops = [f"{colour} rg"]
    for adjust, gids in glyph_runs(tj):
        x -= adjust * font.size / 1000
        for gid in gids:
            path = font.raw.pathForGlyph(gid)
            n = 0
            while n < path.elementCount():
                e = path.elementAt(n)
                if e.isMoveTo():
                    ops.append(f"{x + e.x:.2f} {y + e.y:.2f} m")
                elif e.isLineTo():
                    ops.append(f"{x + e.x:.2f} {y + e.y:.2f} l")
                else:  # a cubic curve: this element and the two after it
                    c1, c2 = path.elementAt(n + 1), path.elementAt(n + 2)
                    ops.append(
                        f"{x + e.x:.2f} {y + e.y:.2f} {x + c1.x:.2f} {y + c1.y:.2f}"
                        f" {x + c2.x:.2f} {y + c2.y:.2f} c"
                    )
                    n += 2
                n += 1
            x += font.advances([gid])[0]
    ops.append("f")
    return "\n".join(ops)


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


def page_layout(paper: str) -> QPageLayout:
    """The report's page: the paper's size, portrait, MeetGuard's margins."""
    if paper not in PAGE_SIZES:
        raise RenderError(f"unknown paper size '{paper}'; use {', '.join(PAGE_SIZES)}")
    return QPageLayout(
        QPageSize(PAGE_SIZES[paper]),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def _device(paper: str) -> QPdfWriter:
    """A paint device at the PDF's resolution, for Qt to measure text with (never painted on)."""
    layout = page_layout(paper)
    writer = QPdfWriter(QBuffer())
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(layout)
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
    return len(_typeset(_device(paper), data)[1])


def _subset_tag(face: FaceKey, gids: set[int]) -> str:
    """Six capital letters naming a font subset, as the PDF format asks."""
    digest = hashlib.sha256(repr((face, sorted(gids))).encode()).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


def _write_fonts(pdf: PdfFile, setter: Typesetter) -> str:
    """Every face used, embedded once as a subset; a font resource per face and size."""
    resources = []
    for face, raw in setter.faces.items():
        sizes = [f for f in setter.sized.values() if f.face == face and not f.outline]
        if not sizes:
            continue
        used = set().union(*(f.widths for f in sizes))
        tables = {tag: bytes(raw.fontTable(tag.decode("latin-1")).data()) for tag in _TABLES}
        font_file = subset_truetype({t: d for t, d in tables.items() if d}, used)
        stream = pdf.stream(font_file, f"/Length1 {len(font_file)} ")
        head = tables[b"head"]
        unit = 1000 / raw.unitsPerEm()
        box = [round(v * unit) for v in struct.unpack(">4h", head[36:44])]
        name = "/" + _subset_tag(face, used) + "+" + _postscript_name(face)
        size = raw.pixelSize()
        descriptor = pdf.add(
            f"<< /Type /FontDescriptor /FontName {name} /Flags 32"
            f" /FontBBox [{' '.join(map(str, box))}] /ItalicAngle 0"
            f" /Ascent {round(raw.ascent() / size * 1000)}"
            f" /Descent {-round(raw.descent() / size * 1000)}"
            f" /CapHeight {round(raw.capHeight() / size * 1000)}"
            f" /StemV 80 /FontFile2 {stream} 0 R >>"
        )
        texts = dict(_cmap_inverse(raw, used - set(setter.texts[face])))
        texts.update(setter.texts[face])
        to_unicode = pdf.stream(to_unicode_cmap({g: t for g, t in texts.items() if g in used}))
        for sized in sizes:
            scale = 1000 / sized.size
            widths = widths_array({g: w * scale for g, w in sized.widths.items()})
            cid = pdf.add(
                f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont {name}"
                " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
                f" /FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity /DW 0 /W {widths} >>"
            )
            font = pdf.add(
                f"<< /Type /Font /Subtype /Type0 /BaseFont {name} /Encoding /Identity-H"
                f" /DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>"
            )
            resources.append(f"/{sized.name} {font} 0 R")
    return " ".join(resources)


_TABLES = (b"head", b"hhea", b"maxp", b"loca", b"glyf", b"hmtx", b"cvt ", b"fpgm", b"prep")


def _postscript_name(face: FaceKey) -> str:
    family, style = face[0].replace(" ", ""), face[1].replace(" ", "")
    return family if style in ("", "Book", "Regular") else f"{family}-{style}"


def _cmap_inverse(raw: QRawFont, gids: set[int]) -> dict[int, str]:
    """For glyphs drawn from text Qt laid out whole: the first character the font maps to each."""
    if not gids:
        return {}
    chars = "".join(chr(c) for c in range(32, 0x10000) if not 0xD800 <= c < 0xE000)
    found: dict[int, str] = {}
    for char, gid in zip(chars, raw.glyphIndexesForString(chars), strict=False):
        if gid in gids and gid not in found:
            found[gid] = char
    return found


def render_pdf(data: ReportData, paper: str = "a4") -> bytes:
    # A long report is millions of small objects made and kept, and none is in a cycle:
    # the collector's passes over them cost some tenth of the time and free next to nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _render_pdf(data, paper)
    finally:
        if collecting:
            gc.enable()


def _render_pdf(data: ReportData, paper: str) -> bytes:
    ensure_application()
    device = _device(paper)
    setter, pages = _typeset(device, data)
    layout = device.pageLayout()
    full = layout.fullRectPoints()
    area = layout.paintRectPixels(RESOLUTION)
    width, height = float(area.width()), area.height() - FOOTER
    scale = 72 / RESOLUTION
    left_pt = area.left() * scale
    top_pt = full.height() - area.top() * scale
    place = f"{scale:.2f} 0 0 {-scale:.2f} {left_pt:.2f} {top_pt:.2f} cm"

    pdf = PdfFile()
    tree = pdf.reserve()
    shared = pdf.reserve()
    footer = f"MeetGuard privacy report · {inert(data.generated_at)}"
    footer_left = setter.lay_out(Para([(footer, FOOTER_STYLE)]), width)[0]
    # Every page number shaped by one Qt layout, not by one a page.
    numbers = [f"{n} " for n in range(1, len(pages) + 1)] + [str(len(pages))]
    setter._shape_new(FOOTER_STYLE, numbers, setter.words(FOOTER_STYLE))
    kids = []
    targets: dict[str, str] = {}  # a link's address -> its PDF string
    for number, page in enumerate(pages, 1):
        out = [place]
        links: list[Link] = []
        at = 0.0
        if page.header:
            setter.emit(out, links, *page.header, 0.0)
            at = page.header[1] - page.header[0]
        setter.emit(out, links, page.top, page.bottom, at)
        right = setter.lay_out(
            Para([(f"Page {number} of {len(pages)}", FOOTER_STYLE)]), width, right=True
        )[0]
        base = height + FOOTER - (footer_left.bottom - footer_left.top) / LINE_HEIGHT
        _text_operators(out, links, [footer_left, right], 0.0, base, 0.0, setter.rgb)
        content = pdf.stream("\n".join(out).encode("latin-1"))
        annots = " ".join(
            "<< /Type /Annot /Subtype /Link /Border [0 0 0]"
            f" /Rect [{_link_rect(link, left_pt, top_pt)}]"
            f" /A << /S /URI /URI {targets.get(link.href) or _target(targets, link.href)} >> >>"
            for link in links
        )
        kids.append(
            pdf.add(
                f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {full.width()} {full.height()}]"
                f" /Resources {shared} 0 R /Contents {content} 0 R"
                + (f" /Annots [{annots}]" if annots else "")
                + " >>"
            )
        )
    pdf.put(
        tree,
        f"<< /Type /Pages /Count {len(kids)} /Kids [{' '.join(f'{k} 0 R' for k in kids)}] >>",
    )
    pdf.put(shared, f"<< /Font << {_write_fonts(pdf, setter)} >> /ProcSet [/PDF /Text] >>")
    root = pdf.add(f"<< /Type /Catalog /Pages {tree} 0 R >>")
    stamp = datetime.datetime.now(datetime.UTC).strftime("D:%Y%m%d%H%M%SZ")
    info = pdf.add(
        f"<< /Title {pdf_string(f'MeetGuard privacy report, {inert(data.generated_at)}')}"
        f" /Creator {pdf_string(f'MeetGuard {__version__}')} /Producer {pdf_string('MeetGuard')}"
        f" /CreationDate ({stamp}) >>"
    )
    return pdf.write(root, info)


def _target(targets: dict[str, str], href: str) -> str:
    found = targets[href] = pdf_string(href)
    return found


def _link_rect(link: Link, left_pt: float, top_pt: float) -> str:
    scale = 72 / RESOLUTION
    x1, y1, x2, y2 = link.rect
    return (
        f"{left_pt + x1 * scale:.2f} {top_pt - y2 * scale:.2f}"
        f" {left_pt + x2 * scale:.2f} {top_pt - y1 * scale:.2f}"
    )

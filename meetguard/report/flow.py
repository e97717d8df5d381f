"""The report's HTML read back as a flow of paragraphs and tables, for the PDF typesetter.

The PDF is set from the very markup the HTML report is, so the two cannot say
different things; but Qt's rich-text engine lays every table cell out twice and
draws through a general document model, which made a 1,000-page report take half
a minute. This reads the small subset of HTML that `html.py` writes (headings,
paragraphs, lists, tables, spans with the classes of its style sheet) into plain
values the PDF writer lays out once and draws itself. No Qt here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import NamedTuple

BODY = "#1d1d1f"
BORDER = "#b8bec6"
HEADER_BACKGROUND = "#e8ecf1"
LINK = "#1f4e9c"
LINE_BREAK = "\u2028"  # a <br>: QTextLayout breaks the line there

# The style sheet of html.py, as the typesetter applies it: what each tag or class changes.
_INLINE: dict[str, dict[str, object]] = {
    "b": {"bold": True},
    "strong": {"bold": True},
    "th": {"bold": True},
    "i": {"italic": True},
    "em": {"italic": True},
    "small": {"size": 7.0},
    "a": {"color": LINK, "underline": True},
    "h1": {"size": 16.0, "bold": True},
    "h2": {"size": 12.0, "bold": True, "color": "#1a3a5c"},
    "h3": {"size": 9.0, "bold": True},
    ".meta": {"color": "#555555"},
    ".quote": {"italic": True, "color": "#333333"},
    ".small": {"size": 7.0},
    ".kind": {"size": 6.5, "bold": True, "color": "#ffffff"},
    ".observed": {"background": "#2f5d8a"},
    ".declared": {"background": "#6b4c9a"},
    ".vendor": {"background": "#5c6b2f"},
    ".verdict": {"bold": True},
    ".grade": {"bold": True},
    ".unverified": {"color": "#8a4b00", "bold": True},
    ".warn": {"color": "#8a1f11", "bold": True},
}
CELL_BACKGROUNDS = {
    "broad": "#fde2e1",
    "limited": "#fff3cd",
    "protective": "#dff3e3",
    "unknown": "#eceff3",
    "not_applicable": "#eceff3",
    "state-done": "#dff3e3",
    "state-not-applicable": "#dff3e3",
    "state-pending": "#fff3cd",
    "state-re-check": "#fff3cd",
    "state-skipped": "#eceff3",
}
# Space above and below each kind of block, in points; adjacent spaces overlap (the larger wins).
MARGINS = {
    "h1": (0.0, 1.0),
    "h2": (5.0, 1.0),
    "h3": (3.0, 1.0),
    "p": (1.0, 1.5),
    "li": (0.0, 0.0),
    "list": (1.0, 1.5),
    "table": (1.5, 3.0),
}
_SKIP = {"head", "style", "title", "script"}
_EMPTY = {"br", "meta", "link", "img", "hr"}
_BLOCKS = {"h1", "h2", "h3", "p", "li"}
_STRUCTURE = _BLOCKS | {"ol", "ul", "table", "thead", "tr", "td", "th"}  # the rest only style text
_SPACE = re.compile(r"[ \t\n\r\f]+")


class Style(NamedTuple):  # a tuple: hashed and compared in C, millions of times
    size: float = 8.0
    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: str = BODY
    background: str = ""
    href: str = ""


@dataclass(slots=True)
class Para:
    """A run of styled text: a heading, a paragraph, a list item or a table cell's content."""

    runs: list[tuple[str, Style]] = field(default_factory=list)
    kind: str = "p"
    break_before: bool = False
    bullet: str = ""

    @property
    def heading(self) -> bool:
        return self.kind in ("h1", "h2", "h3")

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass(slots=True)
class Cell:
    para: Para
    header: bool = False
    background: str = ""
    width: float | None = None  # a share of the table's width
    span: int = 1
    right: bool = False
    nowrap: bool = False


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0


Flow = Para | Table


def _add(runs: list[tuple[str, Style]], text: str, style: Style) -> None:
    if runs and runs[-1][1] == style:
        runs[-1] = (runs[-1][0] + text, style)
    else:
        runs.append((text, style))


_SPACE_BREAK, _BREAK_SPACE, _OPEN_END = " " + LINE_BREAK, LINE_BREAK + " ", (" ", LINE_BREAK)


def _trim(para: Para) -> Para:
    """Drop the spaces HTML does not show: at the ends, and after a line break."""
    if len(para.runs) == 1 and LINE_BREAK not in para.runs[0][0]:
        text, style = para.runs[0]
        text = text.strip(" ")
        para.runs = [(text, style)] if text else []
        return para
    runs: list[tuple[str, Style]] = []
    for text, style in para.runs:
        if LINE_BREAK in text:
            text = text.replace(_SPACE_BREAK, LINE_BREAK).replace(_BREAK_SPACE, LINE_BREAK)
        if not runs or runs[-1][0].endswith(_OPEN_END):
            text = text.lstrip(" ")
        if text:
            runs.append((text, style))
    while runs and runs[-1][0].endswith(" "):
        text, style = runs.pop()
        if text.rstrip(" "):
            runs.append((text.rstrip(" "), style))
            break
    para.runs = runs
    return para


# html.py escapes every text and attribute (html.escape with quote=True), so a tag is
# exactly "<" up to the next ">", and reading the markup needs no general HTML parser.
# Split on tags (in C), text and tags alternate; html.py writes few distinct tags, each read once.
_SPLIT = re.compile(r"(<(?:/?[a-zA-Z][a-zA-Z0-9]*[^>]*|![^>]*)>)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)(?:="([^"]*)")?')

# What html.escape writes, undone without a call back into Python for each entity.
_OTHER_ENTITY = re.compile("&(?!amp;|lt;|gt;|quot;|#x27;)")


def _unescape(text: str) -> str:
    if _OTHER_ENTITY.search(text):
        return unescape(text)
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
    )


# A tag as read: an end tag or not, its name ("" for <!DOCTYPE>), its attributes, its classes,
# and whether it only styles the text inside it.
_Tag = tuple[bool, str, dict[str, str], list[str], bool]


def _read_tag(markup: str) -> _Tag:
    match = _TAG.fullmatch(markup)
    if match is None:
        return False, "", {}, [], False
    end, tag, attributes = match.groups()
    tag = tag.lower()
    attrs = {k: unescape(v or "") for k, v in _ATTRIBUTE.findall(attributes)}
    inline = tag not in _STRUCTURE and tag not in _SKIP and tag not in _EMPTY
    return bool(end), tag, attrs, attrs.get("class", "").split(), inline


# A cell's header, background, width, span, right and nowrap, as its tag gives them.
_CellKind = tuple[bool, str, float | None, int, bool, bool]


def _cell_kind(tag: str, a: dict[str, str], classes: list[str]) -> _CellKind:
    width = a.get("width", "")
    background = HEADER_BACKGROUND if tag == "th" else ""
    for name in classes:
        background = CELL_BACKGROUNDS.get(name, background)
    return (
        tag == "th",
        background,
        float(width[:-1]) / 100 if width.endswith("%") else None,
        int(a.get("colspan") or 1),
        "n" in classes,
        "nowrap" in classes,
    )


class _Reader:
    def __init__(self) -> None:
        self.flow: list[Flow] = []
        self.styles: list[Style] = [Style()]
        self.tags: list[str] = []
        self.skip = 0
        self.para: Para | None = None
        self.table: Table | None = None
        self.in_head = False
        self.lists: list[list[int]] = []  # per open list: [next number], or [] for bullets
        self.cell: Cell | None = None
        # (id of the parent style, the tag's markup) -> the style inside it; every style
        # made stays in here, so the ids stay theirs.
        self._styles: dict[tuple[int, str], Style] = {}
        self._tags: dict[str, _Tag] = {}
        self._cells: dict[str, _CellKind] = {}  # a cell's tag -> what it says of the cell

    # The inline container text goes into, opened on demand for text outside any block.
    def _target(self) -> Para:
        if self.para is None:
            self.para = Para()
        return self.para

    def _close_para(self) -> None:
        para, self.para = self.para, None
        if para is None or self.cell is not None:
            return
        _trim(para)
        if para.runs or para.heading:
            self.flow.append(para)

    def _style(self, markup: str, tag: str, a: dict[str, str], classes: list[str]) -> Style:
        """The style inside an element, as its tag, classes and link change its parent's."""
        parent = self.styles[-1]
        key = (id(parent), markup)
        found = self._styles.get(key)
        if found is None:
            changes: dict[str, object] = dict(_INLINE.get(tag, {}))
            for name in classes:
                changes.update(_INLINE.get("." + name, {}))
            if tag == "a" and a.get("href", "").startswith("https://"):
                changes["href"] = a["href"]
            elif tag == "a":
                changes = {}
            found = parent._replace(**changes) if changes else parent  # type: ignore[arg-type]
            self._styles[key] = found
        return found

    def handle_starttag(self, markup: str, tag: str, a: dict[str, str], classes: list[str]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "br":
            if not self.skip:
                _add(self._target().runs, LINE_BREAK, self.styles[-1])
            return
        if tag in _EMPTY:
            return
        style = self._style(markup, tag, a, classes)
        if tag not in _STRUCTURE:
            self.tags.append(tag)
            self.styles.append(style)
            return
        if tag in _BLOCKS and self.cell is None:
            self._close_para()
            bullet = ""
            if tag == "li" and self.lists:
                counter = self.lists[-1]
                bullet = f"{counter[0]}." if counter else "•"
                if counter:
                    counter[0] += 1
            self.para = Para(kind=tag, break_before="newpage" in classes, bullet=bullet)
        elif tag in ("ol", "ul"):
            self._close_para()
            self.lists.append([1] if tag == "ol" else [])
        elif tag == "table":
            self._close_para()
            self.table = Table()
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.table is not None:
            self.table.rows.append([])
            if self.in_head:
                self.table.header_rows += 1
        elif tag in ("td", "th") and self.table is not None and self.table.rows:
            found = self._cells.get(markup)
            if found is None:
                found = self._cells[markup] = _cell_kind(tag, a, classes)
            self.cell = Cell(Para(kind="cell"), *found)
            self.para = self.cell.para
            self.table.rows[-1].append(self.cell)
        self.tags.append(tag)
        self.styles.append(style)

    def handle_endtag(self, tag: str) -> None:
        tags = self.tags
        if tags and tags[-1] == tag and tag not in _STRUCTURE:
            tags.pop()
            self.styles.pop()
            return
        if tag in _SKIP:
            self.skip -= 1
            return
        if tag not in self.tags:
            return
        while self.tags:  # close what the writer left open inside this element too
            open_tag = self.tags.pop()
            self.styles.pop()
            self._ended(open_tag)
            if open_tag == tag:
                break

    def _ended(self, tag: str) -> None:
        if tag in _BLOCKS and self.cell is None:
            self._close_para()
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        elif tag in ("td", "th") and self.cell is not None:
            _trim(self.cell.para)
            self.cell = None
            self.para = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table" and self.table is not None:
            if self.table.rows:
                self.flow.append(self.table)
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = _SPACE.sub(" ", data)
        if not text.strip(" ") and self.para is None:
            return  # the white space between blocks
        if self.table is not None and self.cell is None:
            return  # white space between rows and cells
        _add(self._target().runs, text, self.styles[-1])

    def feed(self, html: str) -> None:
        # handle_data, handle_starttag and handle_endtag do it all; the most common cases
        # (text inside a block, a tag that only styles text) are done here without a call.
        tags = self._tags
        styles = self.styles
        found = self._styles
        open_tags = self.tags
        space = _SPACE.sub
        parts = iter(_SPLIT.split(html))
        for text in parts:
            if "<" in text:  # a "<" that starts no tag is not shown (html.py never writes one)
                for data in text.split("<"):
                    if data:
                        self.handle_data(unescape(data) if "&" in data else data)
            elif text:
                if "&" in text:
                    text = _unescape(text)
                para = self.para
                if (
                    para is not None
                    and not self.skip
                    and (self.table is None or self.cell is not None)
                ):
                    if "  " in text or not text.isprintable():  # white space to collapse
                        text = space(" ", text)
                    runs, style = para.runs, styles[-1]
                    if runs and runs[-1][1] == style:
                        runs[-1] = (runs[-1][0] + text, style)
                    else:
                        runs.append((text, style))
                else:
                    self.handle_data(text)
            markup = next(parts, None)
            if markup is None:
                return
            tag = tags.get(markup)
            if tag is None:
                tag = tags[markup] = _read_tag(markup)
            end, name, attrs, classes, inline = tag
            if not name:
                continue  # <!DOCTYPE html>
            if inline and end and open_tags and open_tags[-1] == name:
                open_tags.pop()
                styles.pop()
            elif inline and not end:
                inner = found.get((id(styles[-1]), markup)) or self._style(
                    markup, name, attrs, classes
                )
                open_tags.append(name)
                styles.append(inner)
            elif end:
                self.handle_endtag(name)
            else:
                self.handle_starttag(markup, name, attrs, classes)


def read_flow(html: str) -> list[Flow]:
    """The report's body as paragraphs and tables, in reading order."""
    reader = _Reader()
    reader.feed(html)
    reader._close_para()
    return reader.flow

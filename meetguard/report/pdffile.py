"""A PDF file written by MeetGuard itself: objects, streams, the cross-reference table,
and TrueType fonts embedded as subsets (CIDFontType2, Identity-H) with a ToUnicode map so
the text can be searched and copied. No Qt here: pdf.py lays the text out with Qt and
hands over glyph ids, widths and content streams.

Qt's own PDF engine writes every glyph as its own positioned string, which made page
output half of a long report's time; a line here is one TJ array.
"""

from __future__ import annotations

import itertools
import re
import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

_ESCAPES = str.maketrans({"\\": "\\\\", "(": "\\(", ")": "\\)", "\r": "\\r", "\n": "\\n"})
# Tables a PDF viewer needs of an embedded TrueType font (cmap, name, post and the
# shaping tables are not used: the PDF names glyphs by id and maps them to text itself).
_KEPT_TABLES = (b"head", b"hhea", b"maxp", b"loca", b"glyf", b"hmtx", b"cvt ", b"fpgm", b"prep")
_MORE_COMPONENTS = 0x20
_WORD_ARGS = 0x01
_SCALE = 0x08
_XY_SCALE = 0x40
_TWO_BY_TWO = 0x80


class FontError(ValueError):
    """A font's tables are not a TrueType font this writer can embed."""


def pdf_string(text: str) -> str:
    """A PDF string literal: ASCII as is (escaped), anything else as UTF-16 with its mark."""
    if text.isascii():
        return "(" + text.translate(_ESCAPES) + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def glyph_string(gids: Sequence[int]) -> str:
    """Glyph ids as a PDF string of two bytes each (Identity-H): half the bytes of hex."""
    raw = struct.pack(f">{len(gids)}H", *gids).decode("latin-1")
    return "(" + raw.translate(_ESCAPES) + ")"


_TJ_ELEMENT = re.compile(r"\(((?:[^\\)]|\\.)*)\)|(-?[0-9.]+)", re.DOTALL)
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"r": "\r", "n": "\n"}


def glyph_runs(tj: str) -> list[tuple[float, list[int]]]:
    """The glyph strings of TJ array elements, each with the adjustment written before it."""
    runs = []
    adjust = 0.0
    for text, number in _TJ_ELEMENT.findall(tj):
        if number:
            adjust = float(number)
            continue
        raw = _ESCAPED.sub(lambda m: _UNESCAPED.get(m[1], m[1]), text).encode("latin-1")
        runs.append((adjust, list(struct.unpack(f">{len(raw) // 2}H", raw))))
        adjust = 0.0
    return runs


def _u16(data: bytes, at: int) -> int:
    if at + 2 > len(data):
        raise FontError("a font table ends early")
    return int.from_bytes(data[at : at + 2], "big")


def _glyph_offsets(tables: Mapping[bytes, bytes]) -> list[int]:
    head, loca, maxp = tables[b"head"], tables[b"loca"], tables[b"maxp"]
    count = _u16(maxp, 4)
    if _u16(head, 50) == 0:
        need = 2 * (count + 1)
        if len(loca) < need:
            raise FontError("the loca table is shorter than the glyph count")
        offsets = [2 * v for v in struct.unpack(f">{count + 1}H", loca[:need])]
    else:
        need = 4 * (count + 1)
        if len(loca) < need:
            raise FontError("the loca table is shorter than the glyph count")
        offsets = list(struct.unpack(f">{count + 1}I", loca[:need]))
    glyf = len(tables[b"glyf"])
    if any(b < a for a, b in itertools.pairwise(offsets)) or offsets[-1] > glyf:
        raise FontError("the loca table points outside the glyf table")
    return offsets


def _components(glyph: bytes) -> list[int]:
    """The glyph ids a composite glyph is built of (none for a simple glyph)."""
    if len(glyph) < 10 or struct.unpack(">h", glyph[:2])[0] >= 0:
        return []
    found = []
    at = 10
    while True:
        flags, gid = _u16(glyph, at), _u16(glyph, at + 2)
        found.append(gid)
        at += 4 + (4 if flags & _WORD_ARGS else 2)
        if flags & _SCALE:
            at += 2
        elif flags & _XY_SCALE:
            at += 4
        elif flags & _TWO_BY_TWO:
            at += 8
        if not flags & _MORE_COMPONENTS:
            return found


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


def subset_truetype(tables: Mapping[bytes, bytes], keep: Iterable[int]) -> bytes:
    """A TrueType font file with only the outlines of `keep` (and what they are built of).

    Glyph ids stay as they are (the PDF maps character ids to glyph ids one to one);
    every other glyph is left empty.
    """
    missing = [t for t in (b"head", b"hhea", b"maxp", b"loca", b"glyf", b"hmtx") if t not in tables]
    if missing:
        raise FontError(f"not a TrueType font: no {b', '.join(missing).decode()} table")
    offsets = _glyph_offsets(tables)
    glyf = tables[b"glyf"]
    count = len(offsets) - 1
    wanted = {0} | {g for g in keep if 0 <= g < count}
    todo = list(wanted)
    while todo:
        gid = todo.pop()
        for part in _components(glyf[offsets[gid] : offsets[gid + 1]]):
            if part < count and part not in wanted:
                wanted.add(part)
                todo.append(part)
    out = bytearray()
    loca = [0]
    for gid in range(count):
        if gid in wanted:
            out += glyf[offsets[gid] : offsets[gid + 1]]
            out += b"\0" * (-len(out) % 4)
        loca.append(len(out))
    head = bytearray(tables[b"head"])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: not needed by a PDF viewer
    head[50:52] = b"\0\1"  # long offsets
    kept = {
        **{t: tables[t] for t in _KEPT_TABLES if t in tables},
        b"head": bytes(head),
        b"loca": struct.pack(f">{len(loca)}I", *loca),
        b"glyf": bytes(out),
    }
    return _sfnt(kept)


def _sfnt(tables: Mapping[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    power = 1
    while power * 2 <= len(tags):
        power *= 2
    header = struct.pack(
        ">IHHHH",
        0x00010000,
        len(tags),
        power * 16,
        power.bit_length() - 1,
        len(tags) * 16 - power * 16,
    )
    at = len(header) + 16 * len(tags)
    records = bytearray()
    body = bytearray()
    for tag in tags:
        data = tables[tag]
        records += struct.pack(">4sIII", tag, _checksum(data), at + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return header + bytes(records) + bytes(body)


def sfnt_tables(data: bytes) -> dict[bytes, bytes]:
    """The tables of a TrueType font file, by tag."""
    if len(data) < 12:
        raise FontError("too short for a font file")
    count = _u16(data, 4)
    if len(data) < 12 + 16 * count:
        raise FontError("the table directory runs past the end of the file")
    tables = {}
    for n in range(count):
        tag, _, at, length = struct.unpack(">4sIII", data[12 + 16 * n : 28 + 16 * n])
        if at + length > len(data):
            raise FontError(f"table {tag!r} runs past the end of the file")
        tables[tag] = data[at : at + length]
    return tables


def to_unicode_cmap(text_of: Mapping[int, str]) -> bytes:
    """The CMap that gives each glyph id (as a two-byte character code) back its text."""
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    pairs = sorted((g, t) for g, t in text_of.items() if t and 0 <= g <= 0xFFFF)
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{g:04X}> <{t.encode('utf-16-be').hex().upper()}>" for g, t in chunk]
        lines.append("endbfchar")
    lines += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return "\n".join(lines).encode("ascii")


def widths_array(widths: Mapping[int, float]) -> str:
    """The W array of a CIDFont: runs of consecutive glyph ids with their widths."""
    parts: list[str] = []
    run: list[str] = []
    first = last = -2
    for gid in sorted(widths):
        if gid != last + 1:
            if run:
                parts.append(f"{first} [{' '.join(run)}]")
            first, run = gid, []
        run.append(f"{widths[gid]:.3f}".rstrip("0").rstrip("."))
        last = gid
    if run:
        parts.append(f"{first} [{' '.join(run)}]")
    return "[" + " ".join(parts) + "]"


@dataclass
class PdfFile:
    """Numbered objects written once, in order, with the cross-reference table at the end."""

    objects: list[bytes | None] = field(default_factory=lambda: [None])

    def reserve(self) -> int:
        self.objects.append(None)
        return len(self.objects) - 1

    def put(self, number: int, body: str | bytes) -> int:
        self.objects[number] = body.encode("latin-1") if isinstance(body, str) else body
        return number

    def add(self, body: str | bytes) -> int:
        return self.put(self.reserve(), body)

    def stream(self, data: bytes, entries: str = "", number: int | None = None) -> int:
        packed = zlib.compress(data, 1)
        head = f"<< /Length {len(packed)} /Filter /FlateDecode {entries}>>\nstream\n"
        body = head.encode("latin-1") + packed + b"\nendstream"
        return self.put(self.reserve() if number is None else number, body)

    def write(self, root: int, info: int) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        at = []
        for number, body in enumerate(self.objects[1:], 1):
            if body is None:
                raise ValueError(f"PDF object {number} was reserved and never written")
            at.append(len(out))
            out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objects)}\n0000000000 65535 f \n".encode()
        out += b"".join(f"{a:010d} 00000 n \n".encode() for a in at)
        out += (
            f"trailer\n<< /Size {len(self.objects)} /Root {root} 0 R /Info {info} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n"
        ).encode()
        return bytes(out)

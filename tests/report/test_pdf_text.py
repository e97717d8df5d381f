"""The PDF's own text setting and file writing (report/pdf.py, report/pdffile.py).

Words are set by MeetGuard from words Qt shapes; QTextLayout, laying the same paragraph
out whole, is the oracle: same lines, same glyphs, same heights, same places.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import struct
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QRawFont

from meetguard import resources
from meetguard.report import pdf, pdffile
from meetguard.report.flow import LINE_BREAK, Para, Style, read_flow
from meetguard.report.html import render_html
from meetguard.report.pdffile import (
    FontError,
    glyph_runs,
    glyph_string,
    pdf_string,
    sfnt_tables,
    subset_truetype,
    to_unicode_cmap,
    widths_array,
)
from meetguard.report.render import render
from tests.reportdata import sample_report, seven_app_report
from tests.scaling import best_cpu_seconds

NOTE = "Grüße, Zoë — 東京 مرحبا שלום Привет ﬁ"


def _setter() -> pdf.Typesetter:
    pdf.ensure_application()
    device = pdf._device("a4")
    return pdf.Typesetter(device, pdf.register_fonts(), 2149.0, 3000.0)


def _glyphs(line: pdf.Line) -> list[int]:
    """The glyph ids a line draws, trailing spaces left out."""
    found = []
    for piece in line.pieces:
        for _, gids in glyph_runs(piece.tj):
            found += gids
    while found and found[-1] == 3:
        found.pop()
    return found


def _same_as_qt(setter: pdf.Typesetter, para: Para, width: float, right: bool = False) -> bool:
    """Whether the word-by-word setting of a paragraph is QTextLayout's (False: not set by
    words at all, which only a paragraph Qt must lay out itself may be)."""
    mine = setter._set_by_words(para, width, right)
    if mine is None:
        return False
    qt = setter._set_by_qt(para, width, right) if para.text else []
    assert [_glyphs(line) for line in mine] == [_glyphs(line) for line in qt], para.text
    assert [(line.top, line.bottom) for line in mine] == [(line.top, line.bottom) for line in qt]
    for a, b in zip(mine, qt, strict=True):
        assert [p.x for p in a.pieces if _glyphs_of(p)] == pytest.approx(
            [p.x for p in b.pieces if _glyphs_of(p)], abs=0.02
        ), para.text
        assert [p.baseline for p in a.pieces if _glyphs_of(p)] == pytest.approx(
            [p.baseline for p in b.pieces if _glyphs_of(p)]
        )
    return True


def _glyphs_of(piece: pdf.Piece) -> bool:
    """Whether a piece draws anything but spaces."""
    return any(set(gids) - {3} for _, gids in glyph_runs(piece.tj))


def test_every_paragraph_of_the_report_is_set_as_qt_sets_it(tmp_path: Path) -> None:
    setter = _setter()
    calls: list[tuple[Para, float, bool]] = []
    real = setter.lay_out

    def recorded(para: Para, width: float, right: bool = False) -> list[pdf.Line]:
        calls.append((para, width, right))
        return real(para, width, right)

    setter.lay_out = recorded  # type: ignore[method-assign]
    setter.set(read_flow(render_html(seven_app_report(tmp_path), screen=False)))
    set_by_words = [call for call in calls if _same_as_qt(setter, *call)]
    assert len(calls) > 300
    assert len(set_by_words) == len(calls)  # the shipped report is all in simple scripts
    assert any(len(setter.lay_out(p, w, r)) > 2 for p, w, r in set_by_words)
    assert any(r for *_, r in set_by_words)


WORDS = st.sampled_from(
    [
        "data-protection",
        "https://example.com/a/b?c=d",
        "Zoom",
        "a",
        "—",
        "(as",
        "above)",
        "e.g.",
        "12-3",
        "Grüße",
        "naïve",
        "Tea.",
        "AVATAR",
        "x\u00a0y",
        "Überschrift,",
        "!",
        "verylongwordwithoutanyplacetobreakitatallwhatsoeverevenonwidelines",
        LINE_BREAK,
    ]
)
STYLES = st.sampled_from(
    [Style(), Style(bold=True), Style(size=7.0), Style(size=12.0, bold=True), Style(italic=True)]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(WORDS, min_size=1, max_size=30), st.sampled_from([" ", "  ", ""])),
        min_size=1,
        max_size=4,
    ),
    STYLES,
    st.floats(min_value=30, max_value=2400),
    st.booleans(),
)
def test_any_paragraph_of_simple_text_is_set_as_qt_sets_it(
    runs: list[tuple[list[str], str]], style: Style, width: float, right: bool
) -> None:
    setter = _setter()
    styles = [style, Style(bold=not style.bold, size=style.size)]
    para = Para([(sep.join(words) + " ", styles[n % 2]) for n, (words, sep) in enumerate(runs)])
    para.runs[-1] = (para.runs[-1][0].rstrip(" ") or "x", para.runs[-1][1])
    assert _same_as_qt(setter, para, width, right)


def test_text_qt_must_lay_out_itself_is_left_to_qt() -> None:
    setter = _setter()
    for text in ("שלום עולם", "مرحبا", "e\u0301", "a\u200fb"):
        assert setter._set_by_words(Para([(text, Style())]), 500.0, False) is None, text
    lines = setter.lay_out(Para([(f"Note: {NOTE}", Style())]), 400.0)
    assert len(lines) > 1 and all(line.pieces for line in lines)


def test_a_word_qt_sets_in_a_fallback_font_is_drawn_in_that_font() -> None:
    setter = _setter()
    found = setter._glyphs(Style(), "\u210a")  # script small g: not in DejaVu Sans
    if found is None or found[0] is setter._primary(Style()):
        pytest.skip("no fallback font for U+210A on this system")
    for text in ("sum of things \u210a", "\u210a of things", "a \u210a b"):
        para = Para([(text, Style())])
        mine = _drawn(setter.lay_out(para, 2000.0))
        assert mine == _drawn(setter._set_by_qt(para, 2000.0, False)), text
        assert found[0].face in {face for face, _ in mine}


def _drawn(lines: list[pdf.Line]) -> list[tuple[pdf.FaceKey, int]]:
    """Each glyph a paragraph draws, with the face it is drawn in."""
    return [
        (piece.font.face, gid)
        for line in lines
        for piece in line.pieces
        for _, gids in glyph_runs(piece.tj)
        for gid in gids
    ]


def test_setting_words_grows_linearly_with_the_paragraph() -> None:
    setter = _setter()
    words = "Settings, Privacy, data-protection and https://example.com/a/b for the meeting "
    small, large = Para([(words * 40, Style())]), Para([(words * 640, Style())])
    setter.lay_out(large, 2000.0)
    ratio = best_cpu_seconds(lambda: setter.lay_out(large, 2000.0)) / max(
        best_cpu_seconds(lambda: setter.lay_out(small, 2000.0)), 1e-6
    )
    assert ratio < 16 * 3, ratio  # 16x the words; quadratic work would be ~256x


def _pdf(tmp_path: Path) -> Path:
    target = tmp_path / "seven.pdf"
    target.write_bytes(render(seven_app_report(tmp_path), "pdf"))
    return target


def test_the_pdf_reads_cleanly_with_its_fonts_embedded_as_subsets(tmp_path: Path) -> None:
    target = _pdf(tmp_path)
    shown = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(target), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stderr == ""
    assert len(list(tmp_path.glob("page-*.png"))) == int(
        re.search(r"/Count (\d+)", target.read_bytes().decode("latin-1")).group(1)  # type: ignore[union-attr]
    )
    fonts = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"CID TrueType\s+Identity-H\s+yes yes yes", f) for f in fonts)
    assert {f.split()[0].split("+")[1] for f in fonts} >= {"DejaVuSans", "DejaVuSans-Bold"}


def test_a_users_note_in_any_script_is_drawn_and_reads_back(tmp_path: Path) -> None:
    from dataclasses import replace

    data = seven_app_report(tmp_path)
    client = data.clients[0]
    steps = tuple(replace(step, note=NOTE) if step.note else step for step in client.steps)
    assert steps != client.steps
    data = replace(data, clients=(replace(client, steps=steps), *data.clients[1:]))
    target = tmp_path / "note.pdf"
    target.write_bytes(render(data, "pdf"))
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    for word in ("Grüße", "Zoë", "Привет", "שלום", "ﬁ"):
        assert word in text, word


def _dejavu() -> dict[bytes, bytes]:
    return sfnt_tables((resources.resource_dir() / "fonts" / "DejaVuSans.ttf").read_bytes())


@settings(max_examples=25, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=5000), max_size=60))
def test_a_subset_keeps_the_outlines_asked_for_and_drops_the_rest(keep: set[int]) -> None:
    pdf.ensure_application()
    tables = _dejavu()
    whole = QRawFont((resources.resource_dir() / "fonts" / "DejaVuSans.ttf").read_bytes(), 33)
    part = QRawFont(subset_truetype(tables, keep), 33)
    assert part.isValid()
    for gid in sorted(keep)[:15]:
        assert part.pathForGlyph(gid).elementCount() == whole.pathForGlyph(gid).elementCount()
    glyf, offsets = tables[b"glyf"], pdffile._glyph_offsets(tables)
    parts: set[int] = set()
    todo = list(keep)
    while todo:  # what the kept glyphs are built of, and what that is built of
        found = pdffile._components(glyf[offsets[todo[-1]] : offsets[todo.pop() + 1]])
        todo += [p for p in found if p not in parts]
        parts.update(found)
    for gid in range(36, 200):
        if gid not in keep and gid not in parts:
            assert part.pathForGlyph(gid).isEmpty(), gid


def _font(glyphs: list[bytes]) -> dict[bytes, bytes]:
    """A minimal TrueType font of the given glyph data (long loca offsets)."""
    body = b"".join(g + b"\0" * (len(g) % 2) for g in glyphs)
    offsets = [0]
    for g in glyphs:
        offsets.append(offsets[-1] + len(g) + len(g) % 2)
    head = bytearray(54)
    head[18:20] = struct.pack(">H", 2048)
    head[50:52] = b"\0\1"
    return {
        b"head": bytes(head),
        b"hhea": bytes(36),
        b"maxp": struct.pack(">IH", 0x5000, len(glyphs)),
        b"loca": struct.pack(f">{len(offsets)}I", *offsets),
        b"glyf": body,
        b"hmtx": bytes(4 * len(glyphs)),
    }


SIMPLE_GLYPH = struct.pack(">hhhhh", 1, 0, 0, 10, 10) + bytes(12)


def _composite(*parts: int) -> bytes:
    out = struct.pack(">hhhhh", -1, 0, 0, 10, 10)
    for n, gid in enumerate(parts):
        flags = 0x20 if n + 1 < len(parts) else 0
        out += struct.pack(">HHbb", flags, gid, 0, 0)
    return out


def test_a_subset_keeps_what_a_composite_glyph_is_built_of() -> None:
    tables = _font([SIMPLE_GLYPH, SIMPLE_GLYPH, SIMPLE_GLYPH, _composite(1, 2), SIMPLE_GLYPH])
    kept = sfnt_tables(subset_truetype(tables, {3}))
    offsets = struct.unpack(">6I", kept[b"loca"])
    sizes = [b - a for a, b in itertools.pairwise(offsets)]
    assert [s > 0 for s in sizes] == [True, True, True, True, False]


@given(st.binary(max_size=200), st.integers(min_value=0, max_value=5))
def test_broken_font_tables_raise_a_font_error(noise: bytes, which: int) -> None:
    tables = _font([SIMPLE_GLYPH, _composite(0), SIMPLE_GLYPH])
    tag = [b"head", b"maxp", b"loca", b"glyf", b"hhea", b"hmtx"][which]
    tables[tag] = noise
    with contextlib.suppress(FontError):  # and nothing else may escape
        subset_truetype(tables, {0, 1, 2})
    with contextlib.suppress(FontError):
        sfnt_tables(noise)


def test_subsetting_time_grows_linearly_with_the_font() -> None:
    small = _font([SIMPLE_GLYPH, _composite(0)] * 500)
    large = _font([SIMPLE_GLYPH, _composite(0)] * 8000)
    keep = set(range(0, 16000, 3))
    ratio = best_cpu_seconds(lambda: subset_truetype(large, keep)) / max(
        best_cpu_seconds(lambda: subset_truetype(small, keep)), 1e-6
    )
    assert ratio < 16 * 3, ratio


def test_pdf_strings_widths_and_the_unicode_map() -> None:
    assert pdf_string("a (b) \\ c") == "(a \\(b\\) \\\\ c)"
    assert pdf_string("Zoë") == "<FEFF005A006F00EB>"
    assert widths_array({3: 317.8, 4: 400.0, 10: 12.5}) == "[3 [317.8 400] 10 [12.5]]"
    cmap = to_unicode_cmap({3: " ", 68: "a", 2000: "\U0001f600"}).decode()
    assert "3 beginbfchar" in cmap
    assert "<0044> <0061>" in cmap and "<07D0> <D83DDE00>" in cmap


@given(st.lists(st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=20), min_size=1, max_size=5))
def test_glyph_strings_read_back_as_the_glyphs_written(runs: list[list[int]]) -> None:
    tj = " 12.50 ".join(glyph_string(gids) for gids in runs)
    assert glyph_runs(tj) == [(12.5 if n else 0.0, gids) for n, gids in enumerate(runs)]
    # Bytes a PDF string must not hold as they are: parentheses, backslash, line ends.
    assert glyph_string([0x2829, 0x5C0D, 0x0A41]) == "(\\(\\)\\\\\\r\\nA)"


def _differ(one: Path, other: Path) -> float:
    """The share of two page images' pixels that differ clearly in lightness."""
    from PySide6.QtGui import QImage

    a, b = QImage(str(one)), QImage(str(other))
    assert a.size() == b.size()
    points = [(x, y) for y in range(a.height()) for x in range(a.width())]
    differ = sum(
        1
        for x, y in points
        if abs(a.pixelColor(x, y).lightness() - b.pixelColor(x, y).lightness()) > 96
    )
    return differ / len(points)


def test_a_font_that_is_not_truetype_is_drawn_as_outlines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fallback font with PostScript outlines cannot be embedded as TrueType: its glyphs
    are drawn as paths, looking the same (DejaVu stands in for such a font here)."""
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render(sample_report(tmp_path), "pdf"))
    real = pdf.SizedFont.__init__

    def outlined(self: pdf.SizedFont, *args: object) -> None:
        real(self, *args)  # type: ignore[arg-type]
        self.outline = True

    monkeypatch.setattr(pdf.SizedFont, "__init__", outlined)
    drawn = tmp_path / "drawn.pdf"
    drawn.write_bytes(render(sample_report(tmp_path), "pdf"))
    fonts = subprocess.run(["pdffonts", str(drawn)], capture_output=True, text=True, check=True)
    assert len(fonts.stdout.splitlines()) == 2  # the header only: nothing embedded
    for name in ("plain", "drawn"):
        shown = subprocess.run(
            [
                "pdftoppm",
                "-r",
                "40",
                "-f",
                "1",
                "-l",
                "1",
                "-png",
                str(tmp_path / f"{name}.pdf"),
                str(tmp_path / name),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert shown.stderr == ""
    assert _differ(tmp_path / "plain-1.png", tmp_path / "drawn-1.png") < 0.02

import itertools
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from meetguard.report import pdf
from meetguard.report.pdf import Page, Unit
from meetguard.report.render import render
from tests.fakehost import FakeLinux
from tests.reportdata import long_report, sample_grades, sample_report, seven_app_report


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


@pytest.fixture
def report_pdf(tmp_path: Path) -> Path:
    target = tmp_path / "report.pdf"
    target.write_bytes(render(sample_report(tmp_path), "pdf", "a4"))
    return target


def test_pdf_text_has_clients_grades_and_marks(report_pdf: Path, tmp_path: Path) -> None:
    text = _text(report_pdf)
    words = " ".join(text.split())
    for expected in (
        "Personal privacy report for video meetings",
        "Zoom Workplace",
        "Example Meet",
        *(f"Grade {g.letter}" for g in sample_grades(tmp_path).values()),
        "Done",
        "Skipped",
        "To do",
        "The most important open steps",
        "your consent ledger",
        "<script>alert(1)</script>",
        "Page 1 of",
    ):
        assert expected in words, expected
    assert "\x1b" not in text and "\x07" not in text


def test_pdf_pages_are_numbered_a4_with_links_and_embedded_font(report_pdf: Path) -> None:
    info = _info(report_pdf)
    pages = int(info["Pages"])
    assert pages >= 3
    assert "(A4)" in info["Page size"]
    assert f"Page {pages} of {pages}" in _text(report_pdf)
    raw = report_pdf.read_bytes()
    assert re.search(rb"/URI\s*\(https://zoom\.us/terms\)", raw)
    fonts = subprocess.run(["pdffonts", str(report_pdf)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts and " yes " in fonts


def _word_boxes(pdf: Path) -> list[tuple[float, list[tuple[float, float, float, float]]]]:
    """Each page's height and its words' boxes (left, top, right, bottom, from the top), as
    poppler finds them from the glyphs drawn and their fonts' ascent and descent."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    pages = []
    for page in xml.split("<page ")[1:]:
        height = float(re.search(r'height="([0-9.]+)"', page)[1])  # type: ignore[index]
        words = re.findall(
            r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)"', page
        )
        pages.append((height, [(float(a), float(b), float(c), float(d)) for a, b, c, d in words]))
    return pages


def test_a_link_covers_its_own_words_only(tmp_path: Path) -> None:
    target = tmp_path / "seven.pdf"
    target.write_bytes(render(seven_app_report(tmp_path), "pdf"))
    pages = [c for c in target.read_bytes().split(b"endobj") if b"/Type /Page " in c]
    boxes = _word_boxes(target)
    assert len(pages) == len(boxes)
    links = 0
    for page, (height, words) in zip(pages, boxes, strict=True):
        for rect in re.findall(rb"/Rect \[([^\]]+)\]", page):
            left, low, right, high = map(float, rect.split())
            top, bottom = height - high, height - low
            inside = [
                w
                for w in words
                if left <= (w[0] + w[2]) / 2 <= right and top <= (w[1] + w[3]) / 2 <= bottom
            ]
            assert inside, rect
            # As tall as its words, in its own font (not the line's tallest), from their
            # first letter to their last (a word may go on past the link: "Terms,").
            assert top == pytest.approx(min(w[1] for w in inside), abs=0.1)
            assert bottom == pytest.approx(max(w[3] for w in inside), abs=0.1)
            assert left == pytest.approx(min(w[0] for w in inside), abs=0.1)
            assert right <= max(w[2] for w in inside) + 0.1
            links += 1
    assert links > 50


def test_table_rules_are_stroked_in_the_border_pen_along_the_cells_edges() -> None:
    """Every cell's fill lies between two vertical rules of its row, and the rules are
    stroked with the border pen (set once where a drawn span starts)."""
    from meetguard.report.flow import read_flow

    html = (
        "<table><thead><tr><th>Topic</th><th>Verdict</th><th>Source</th></tr></thead>"
        '<tr><td class="broad">AI training</td><td width="20%" class="limited">Limited</td>'
        '<td class="protective">the vendor\'s terms, read today</td></tr>'
        '<tr><td colspan="2" class="unknown">both</td><td class="broad">one</td></tr></table>'
    )
    pdf.ensure_application()
    setter = pdf.Typesetter(None, pdf.register_fonts(), 1500.0, 3000.0)
    units = setter.set(read_flow(html))
    out: list[str] = []
    setter.emit(out, [], units[0].top, units[-1].bottom, 0.0)
    stream = " ".join(out)
    pen = f"{setter.rgb('#b8bec6')} RG"
    assert stream.count(" S") == 3 and pen in stream.split(" S")[0]
    fills = [tuple(map(float, f.split()[4:8])) for f in out if f.endswith(" re f")]
    rows = [
        [tuple(map(float, m.groups())) for m in re.finditer(r"(\S+) (\S+) m (\S+) (\S+) l", r)]
        for r in out
        if r.endswith(" S")
    ]
    assert len(fills) == 3 + 3 + 2
    for x, y, width, height in fills:
        (row,) = [r for r in rows if r[0][1] == y]
        upright = [
            a
            for a, top, c, bottom in row
            if a == c and top == y and bottom == pytest.approx(y + height, abs=0.011)
        ]
        assert x in upright, (x, upright)
        assert x + width == pytest.approx(min(u for u in upright if u > x), abs=0.011)


def test_letter_paper(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(render(sample_report(tmp_path), "pdf", "letter"))
    assert "612 x 792" in _info(target)["Page size"]


def test_no_grade_shows_no_grade_line(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(render(sample_report(tmp_path, grades=False), "pdf"))
    text = _text(target)
    assert "Zoom Workplace" in text
    assert not [g.letter for g in sample_grades(tmp_path).values() if f"Grade {g.letter}" in text]


@pytest.mark.slow
def test_cli_writes_a_pdf_with_no_display(tmp_path: Path) -> None:
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb("6.2.11.5069")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR")
    }
    env["HOME"] = str(tmp_path / "home")
    env["XDG_DATA_HOME"] = str(tmp_path / "home" / "data")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    out = tmp_path / "r.pdf"
    argv = [sys.executable, "-m", "meetguard", "report", "-o", str(out), "--root", str(root)]
    result = subprocess.run(
        [*argv, "--platform", "linux", "--paper", "letter", "--redact"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote {out}\n"
    text = _text(out)
    assert "Zoom Workplace" in text and "(redacted)" in text and "alice" not in text
    assert "612 x 792" in _info(out)["Page size"]


def _laid_out(tmp_path: Path, page_height: float) -> tuple[list[Unit], list[Page]]:
    from meetguard.report.flow import read_flow
    from meetguard.report.html import render_html

    pdf.ensure_application()
    setter = pdf.Typesetter(None, pdf.register_fonts(), 500, page_height)
    found = setter.set(read_flow(render_html(seven_app_report(tmp_path), screen=False)))
    return found, pdf.paginate(found, page_height)


def test_breaks_fall_only_where_a_break_is_allowed(tmp_path: Path) -> None:
    found, pages = _laid_out(tmp_path, 420)
    assert len(pages) > 10
    tops = {u.top: n for n, u in enumerate(found)}
    forced = [u.top for u in found if u.break_before]
    assert forced and all(any(p.top == y for p in pages) for y in forced)
    for before, after in itertools.pairwise(pages):
        assert before.bottom <= after.top and after.top in tops
        kept = found[tops[after.top] - 1]
        assert not kept.keep_with_next or after.top in forced
        assert kept.bottom <= before.bottom
    for page in pages:
        repeated = page.header[1] - page.header[0] if page.header else 0
        assert page.bottom - page.top + repeated <= 420
        assert after.header is None or after.header[1] <= after.top


def test_a_continued_table_repeats_its_header(tmp_path: Path) -> None:
    _, pages = _laid_out(tmp_path, 420)
    assert any(p.header is not None for p in pages)


def test_paginate_keeps_headings_and_paragraph_ends_together() -> None:
    found = [
        Unit(0, 100),
        Unit(100, 150, keep_with_next=True),  # a heading
        Unit(150, 250),
        Unit(250, 260, keep_with_next=True),  # first line of a two-line paragraph
        Unit(260, 310),
        Unit(310, 320, break_before=True),
    ]
    pages = pdf.paginate(found, 200)
    assert [(p.top, p.bottom) for p in pages] == [(0, 100), (100, 250), (250, 310), (310, 320)]


def test_paginate_cuts_inside_what_is_taller_than_a_page() -> None:
    pages = pdf.paginate([Unit(0, 10), Unit(10, 500)], 200)
    assert [(p.top, p.bottom) for p in pages] == [(0, 10), (10, 210), (210, 410), (410, 500)]
    head = (0.0, 20.0)
    rows = [Unit(0, 20, keep_with_next=True), *(Unit(y, y + 50, header=head) for y in (20, 70))]
    rows[1].header = None
    rows += [Unit(120, 170, header=head), Unit(170, 220, header=head)]
    pages = pdf.paginate(rows, 130)
    assert [(p.top, p.bottom, p.header) for p in pages] == [
        (0, 120, None),
        (120, 220, head),
    ]


def _render_in_child(tmp_path: Path, pages: int) -> tuple[Path, float]:
    """The long report rendered by a fresh interpreter: the PDF and the child's CPU seconds."""
    data = tmp_path / f"report-{pages}.pickle"
    data.write_bytes(pickle.dumps(long_report(tmp_path, pages)))
    out = tmp_path / f"long-{pages}.pdf"
    code = (
        "import pickle, sys, time; from pathlib import Path;"
        "from meetguard.report.render import render;"
        "data = pickle.loads(Path(sys.argv[1]).read_bytes()); start = time.process_time();"
        "Path(sys.argv[2]).write_bytes(render(data, 'pdf')); print(time.process_time() - start)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run(
        [sys.executable, "-c", code, str(data), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return out, float(result.stdout.split()[-1])


@pytest.mark.slow
def test_a_thousand_pages_render_in_a_child_process(tmp_path: Path) -> None:
    """PySide6 6.12 on Python 3.11 dropped a reference to None on every QPainter.save and
    the like, and the interpreter aborted some 500 pages in: the child must survive, and a
    page of a 1,000-page report must cost about what a page of a 250-page one does."""
    out, seconds = _render_in_child(tmp_path, 1000)
    pages = int(_info(out)["Pages"])
    assert pages >= 1000
    last = subprocess.run(
        ["pdftotext", "-f", str(pages), "-l", str(pages), str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"Page {pages} of {pages}" in last
    shorter, short_seconds = _render_in_child(tmp_path, 250)
    short_pages = int(_info(shorter)["Pages"])
    growth = (seconds / pages) / (short_seconds / short_pages)
    assert growth <= 2, (pages, seconds, short_pages, short_seconds)

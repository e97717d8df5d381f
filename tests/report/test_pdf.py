import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from meetguard.report.render import render
from tests.fakehost import FakeLinux
from tests.reportdata import sample_report


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


def test_pdf_text_has_clients_grades_and_marks(report_pdf: Path) -> None:
    text = _text(report_pdf)
    words = " ".join(text.split())
    for expected in (
        "Personal privacy report for video meetings",
        "Zoom Workplace",
        "Example Meet",
        "Grade C",
        "Grade D",
        "Done",
        "Skipped",
        "To do",
        "The most important open actions",
        "Your consent ledger",
        "<script>alert(1)</script>",
        "Page 1 of",
    ):
        assert expected in words, expected
    assert "\x1b" not in text and "\x07" not in text


def test_pdf_pages_are_numbered_a4_with_links_and_embedded_font(report_pdf: Path) -> None:
    info = _info(report_pdf)
    pages = int(info["Pages"])
    assert pages >= 4
    assert "(A4)" in info["Page size"]
    assert f"Page {pages} of {pages}" in _text(report_pdf)
    raw = report_pdf.read_bytes()
    assert re.search(rb"/URI\s*\(https://zoom\.us/terms\)", raw)
    fonts = subprocess.run(["pdffonts", str(report_pdf)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts and " yes " in fonts


def test_letter_paper(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(render(sample_report(tmp_path), "pdf", "letter"))
    assert "612 x 792" in _info(target)["Page size"]


def test_no_grade_shows_no_grade_line(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(render(sample_report(tmp_path, grades=False), "pdf"))
    assert "Grade C" not in _text(target) and "Zoom Workplace" in _text(target)


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


def test_pagination_moves_cut_rows_and_orphaned_headings(tmp_path: Path) -> None:
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    from meetguard.report import pdf
    from meetguard.report.html import render_html

    html = render_html(sample_report(tmp_path), screen=False)
    doc = QTextDocument()
    doc.setPageSize(QSizeF(500, 420))
    doc.setHtml(html)
    assert pdf._badly_cut(doc, 420) is not None
    pdf._paginate(doc, html, 420)
    assert pdf._badly_cut(doc, 420) is None
    assert "Zoom Workplace" in doc.toPlainText() and "line two" in doc.toPlainText()


def test_split_table_reopens_with_the_header() -> None:
    from meetguard.report import pdf
    from meetguard.report.html import TABLE

    head = "<thead><tr><th>A</th></tr></thead>"
    html = f"<h3>T</h3>{TABLE}{head}<tr><td>1</td></tr><tr><td>2</td></tr></table>"
    cut = pdf._split_table(html, 0, 2)
    assert cut.count(head) == 2 and cut.index("<td>1</td>") < cut.index("</table>")
    assert cut.count(pdf.BREAK) == 1 and cut.index(pdf.BREAK) > cut.index("<td>1</td>")
    moved = pdf._split_table(html, 0, 0)
    assert moved.startswith(f"<h3 {pdf.BREAK}>T</h3>")

"""The HTML report in a real browser: Debian's Chromium prints it and takes a screenshot."""

import shutil
import subprocess
from pathlib import Path

import pytest

from meetguard.report.model import DECLARED, OBSERVED, VENDOR
from meetguard.report.render import render
from tests.browserfake import CHROMIUM_OFFLINE
from tests.reportdata import seven_app_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]


def chromium(tmp_path: Path, *args: str) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            *CHROMIUM_OFFLINE,
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    html = folder / "report.html"
    html.write_bytes(render(seven_app_report(folder), "html"))
    return html


def test_chromium_prints_the_report(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "printed.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    pages = int(fields["Pages"])
    assert 4 <= pages <= 14, pages
    assert "(A4)" in fields["Page size"]  # the @page rule's size, not the browser's Letter
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())
    for expected in (
        "Personal privacy report for video meetings",
        "Zoom Workplace",
        "Appendix C: what MeetGuard read on this computer",
        OBSERVED,
        DECLARED,
        VENDOR,
        "<https://zoom.us/terms>",  # a printed link shows where it goes
    ):
        assert expected in words, expected


def test_chromium_screenshot_shows_the_summary(page: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    shot = tmp_path / "shot.png"
    chromium(
        tmp_path,
        "--window-size=1100,1400",
        "--hide-scrollbars",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1100, 1400)
    colours = {image.pixel(x, y) for x in range(0, 1100, 7) for y in range(0, 1400, 7)}
    assert len(colours) > 20  # text, table rules and verdict colours, not a blank page

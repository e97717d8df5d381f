"""Render the window icon's PNGs from the app's SVG (run again after changing the SVG).

Run: .venv/bin/python scripts/window_icons.py
The window sets its icon from these PNGs: loading the SVG itself would load Qt's SVG module
before the first paint (~2 MiB). The desktop entry keeps the SVG (see desktop_entry.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from meetguard import APP_ID, resources
from meetguard.ui.application import WINDOW_ICON_SIZES, window_icon_path


def render(svg: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = resources.icon_path(f"{APP_ID}.svg")
    for size in WINDOW_ICON_SIZES:
        out = window_icon_path(size)
        if not render(svg, size).save(str(out)):
            print(f"cannot write {out}", file=sys.stderr)
            return 1
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

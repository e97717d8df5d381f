"""The window icon: PNGs rendered from the app's SVG, so the SVG module stays unloaded."""

import importlib.util
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from meetguard import APP_ID, resources
from meetguard.ui.application import WINDOW_ICON_SIZES, make_application, window_icon_path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "window_icons.py"


def _render(size: int) -> QImage:
    spec = importlib.util.spec_from_file_location("window_icons", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    image: QImage = module.render(resources.icon_path(f"{APP_ID}.svg"), size)
    return image


def _channels(image: QImage) -> list[int]:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return list(bytes(image.constBits())[: image.width() * image.height() * 4])


def test_each_png_is_the_svg_rendered_at_its_size(qapp: QApplication) -> None:
    for size in WINDOW_ICON_SIZES:
        shipped = QImage(str(window_icon_path(size)))
        assert shipped.size() == QSize(size, size)
        fresh = _render(size)
        worst = max(abs(a - b) for a, b in zip(_channels(shipped), _channels(fresh), strict=True))
        assert worst <= 2, f"{size} px: run scripts/window_icons.py after changing the SVG"


def test_the_application_icon_has_every_size(qapp: QApplication) -> None:
    app = make_application([])
    sizes = {s.width() for s in app.windowIcon().availableSizes()}
    assert sizes == set(WINDOW_ICON_SIZES)

"""Take the README screenshots: the real main window on a fake computer, under Xvfb.

Run: xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot.py docs [--dark]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QColor, QPalette

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetguard import paths  # noqa: E402
from meetguard.host import Host  # noqa: E402
from meetguard.services import Services  # noqa: E402
from meetguard.ui.application import make_application  # noqa: E402
from meetguard.ui.main_window import MainWindow  # noqa: E402
from tests.fakehost import FakeLinux  # noqa: E402


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def dark_palette() -> QPalette:
    """What a desktop's dark theme hands Qt; MeetGuard itself only follows the palette."""
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2d31",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#2b2d31",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#36393f",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.ToolTipBase: "#2b2d31",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    return p


def main(out: Path, dark: bool) -> None:
    app = make_application(sys.argv)
    suffix = "-dark" if dark else ""
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    with tempfile.TemporaryDirectory() as tmp:
        paths.use_base_dir(Path(tmp) / "user")
        fake = FakeLinux(Path(tmp) / "root")
        fake.busy_desktop()
        window = MainWindow(Services.open(), Host.at_root(Path(tmp) / "root", "linux"))
        window.resize(1200, 760)
        window.show()
        window.start_scan()
        wait(1500)
        window.grab().save(str(out / f"screenshot-main{suffix}.png"))
        zoom = next(
            r
            for r in range(window.clients.rowCount())
            if window.clients.row(r)[0].client_id == "zoom"
        )
        window.client_list.setCurrentIndex(window.clients.index(zoom, 0))
        window.dismiss_welcome()
        window.tabs.setCurrentIndex(1)
        panel = window.checklist
        panel.table.selectRow(0)
        panel.mark_current("done")
        panel.table.selectRow(1)
        wait(300)
        window.grab().save(str(out / f"screenshot-checklist{suffix}.png"))
        panel.set_mode(1)
        wait(300)
        window.grab().save(str(out / f"screenshot-guided{suffix}.png"))
        window.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]), "--dark" in sys.argv)

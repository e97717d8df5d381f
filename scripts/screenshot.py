"""Take the screenshots: the real main window on fake computers, one PNG per state and size.

Run: xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshot.py OUT [--dark]
Writes OUT/<state>-<width>x<height>[-dark].png for 800×600 and 1920×1080, and the README's
OUT/screenshot-home.png and OUT/screenshot-guided.png (1200×760).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import keyring
from keyring.backends import fail
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetguard import paths  # noqa: E402
from meetguard.host import Host  # noqa: E402
from meetguard.services import Services  # noqa: E402
from meetguard.ui.application import make_application, open_user_data  # noqa: E402
from meetguard.ui.main_window import MainWindow  # noqa: E402
from tests.fakehost import FakeLinux  # noqa: E402

SIZES = ((800, 600), (1920, 1080))


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


def open_on(
    tmp: Path, name: str, build: Callable[[FakeLinux], None], size: tuple[int, int]
) -> MainWindow:
    paths.use_base_dir(tmp / name / "user")
    fake = FakeLinux(tmp / name / "root")
    build(fake)
    window = MainWindow(Services.open(host=Host.at_root(fake.root, "linux")))
    window.resize(*size)
    window.show()
    wait(200)
    open_user_data(window)
    wait(1500)
    return window


def save(widget: QWidget, out: Path, name: str) -> None:
    wait(250)
    widget.grab().save(str(out / f"{name}.png"))


def shots(out: Path, tmp: Path, size: tuple[int, int], suffix: str) -> None:
    tag = f"-{size[0]}x{size[1]}{suffix}"
    nothing: Callable[[FakeLinux], None] = lambda fake: None  # noqa: E731

    first = open_on(tmp, f"first{tag}", FakeLinux.busy_desktop, size)
    save(first, out, f"first-run{tag}")
    first.dismiss_welcome()
    save(first, out, f"home{tag}")
    first.continue_walk()  # the first note field shown: the keyring is asked now
    save(first, out, f"guided-step-no-keyring{tag}")
    first.notice.hide()
    for state in ("done", "skipped"):
        first.mark_shown_step(state)
    save(first, out, f"end-of-app{tag}")
    while first.walk.mode != 2:
        if first.walk.mode == 0:
            first.mark_shown_step("done")
        else:
            first.walk.go_next()
    save(first, out, f"final-summary{tag}")
    first.open_app("skype")
    first.app_view.tabs.setCurrentIndex(1)
    first.app_view.checklist.table.selectRow(2)
    save(first, out, f"retired-app{tag}")
    first.open_app("other:qtox")
    first.app_view.tabs.setCurrentIndex(1)
    save(first, out, f"unknown-app{tag}")
    first.close()

    empty = open_on(tmp, f"empty{tag}", nothing, size)
    empty.dismiss_welcome()
    save(empty, out, f"empty-computer{tag}")
    empty.close()


def export_shot(out: Path, tmp: Path, suffix: str) -> None:
    from meetguard.ui.export_dialog import ExportDialog

    window = open_on(tmp, f"export{suffix}", FakeLinux.busy_desktop, (1200, 760))
    launched: list[ExportDialog] = []
    ExportDialog.launch = lambda self: (launched.append(self), self.show())  # type: ignore[method-assign]
    window.export_report()
    save(launched[0], out, f"export-dialog{suffix}")
    launched[0].close()
    window.close()


def readme_shots(out: Path, tmp: Path, suffix: str) -> None:
    window = open_on(tmp, f"readme{suffix}", FakeLinux.busy_desktop, (1200, 760))
    window.dismiss_welcome()
    window.walk_from_app("zoom")
    window.notice.hide()
    window.mark_shown_step("done")
    window.mark_shown_step("done")
    window.show_home()
    save(window, out, f"screenshot-home{suffix}")
    window.continue_walk()
    save(window, out, f"screenshot-guided{suffix}")
    window.close()


def main(out: Path, dark: bool) -> None:
    app = make_application(sys.argv)
    suffix = "-dark" if dark else ""
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    # A first run on a computer with no password store, as many fresh installs are.
    keyring.set_keyring(fail.Keyring())
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for size in SIZES:
            shots(out, tmp, size, suffix)
        export_shot(out, tmp, suffix)
        readme_shots(out, tmp, suffix)
    QApplication.processEvents()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]), "--dark" in sys.argv)

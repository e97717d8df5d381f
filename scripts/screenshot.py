"""Take the README screenshots: the real main window on a fake computer, under Xvfb.

Run: xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot.py docs
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

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


def main(out: Path) -> None:
    app = make_application(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths.use_base_dir(Path(tmp) / "user")
        fake = FakeLinux(Path(tmp) / "root")
        fake.busy_desktop()
        window = MainWindow(Services.open(), Host.at_root(Path(tmp) / "root", "linux"))
        window.resize(1200, 760)
        window.show()
        window.start_scan()
        wait(1500)
        window.grab().save(str(out / "screenshot-main.png"))
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
        window.grab().save(str(out / "screenshot-checklist.png"))
        panel.set_mode(1)
        wait(300)
        window.grab().save(str(out / "screenshot-guided.png"))
        window.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]))

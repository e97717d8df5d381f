"""Child process for the start-up and memory benchmarks.

`meetguard ROOT`: the same start-up as run_gui (application, services, window, scan) on a
fake computer; prints `painted` at the window's first paint, then `result` when the first
scan result is shown, then renders the report and prints `rss KB`.
`bare`: a bare PySide6 window; prints `painted` and `rss KB`.
"""

from __future__ import annotations

import resource
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def rss_kb() -> int:
    """Peak RSS of this program. Linux keeps ru_maxrss across exec, so it would include the
    benchmark runner that forked us; /proc's VmHWM belongs to this program's memory alone."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class FirstPaint(QObject):
    def __init__(self, then: object) -> None:
        super().__init__()
        self.then = then
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            print("painted", flush=True)
            QTimer.singleShot(0, self.then)  # type: ignore[arg-type]
        return False


def bare() -> None:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1150, 720)

    def done() -> None:
        print(f"rss {rss_kb()}", flush=True)
        app.quit()

    watcher = FirstPaint(done)
    window.installEventFilter(watcher)
    window.show()
    app.exec()


def meetguard(root: Path) -> None:
    from meetguard import paths
    from meetguard.host import Host
    from meetguard.services import Services
    from meetguard.ui.application import make_application
    from meetguard.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        paths.use_base_dir(Path(tmp))
        app = make_application(sys.argv)
        window = MainWindow(Services.open(), Host.at_root(root, "linux"))
        watcher = FirstPaint(lambda: None)
        window.installEventFilter(watcher)

        def shown() -> None:
            from meetguard.report.render import render

            print("result", flush=True)
            assert window.inspection is not None
            data = window.services.report(window.inspection)
            for fmt in ("html", "json"):
                render(data, fmt)
            print(f"rss {rss_kb()}", flush=True)
            app.quit()

        window.home.model.modelReset.connect(lambda: QTimer.singleShot(0, shown))

        def open_user_data() -> None:
            # As run_gui does after the window is up, minus the one-time notice dialog.
            window.services.store  # noqa: B018
            window.start_scan()

        window.first_painted.connect(open_user_data)
        window.show()
        app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        meetguard(Path(sys.argv[2]))

"""Child process for the start-up and memory benchmarks.

`meetguard ROOT`: MeetGuard's own start-up (`run_gui`, as `meetguard` with no arguments runs
it) on a fake computer at ROOT, with a fresh user folder. Prints `painted` once the main window's
first paint has been done, `result` once the first scan's result is shown, then renders the report
(html, json) and quits.
`bare`: a bare PySide6 window of the same size; prints `painted` and quits.
`text`: the same bare window showing one line of text: its first paint starts Qt's fonts
(fontconfig, FreeType), which a window without text never does.

Each also prints `cpu S` (user + system seconds of this process at the first paint) and
`rss KB` / `rss_report KB`: peak memory (VmHWM) when the scan result is shown / after the report;
last, after every measurement, `mapped PATH` for each file it has mapped (the shared libraries,
fonts...), so that the runner can put their pages in the same state for every probe.
"""

from __future__ import annotations

import resource
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

# The checkout this probe sits in, not whichever MeetGuard the interpreter has installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_kb() -> int:
    """Peak RSS of this program. Linux keeps ru_maxrss across exec, so it would include the
    benchmark runner that forked us; /proc's VmHWM belongs to this program's memory alone."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def say(word: str, value: object = "") -> None:
    print(f"{word} {value}".strip(), flush=True)


def say_mapped() -> None:
    maps = Path("/proc/self/maps")
    if not maps.exists():
        return
    files = {line.split(maxsplit=5)[5] for line in maps.read_text().splitlines() if "/" in line}
    for file in sorted(files):
        if file.startswith("/") and not file.endswith(" (deleted)"):
            say("mapped", file)


def watch_first_paint(kind: type[QObject], then: Callable[[QObject], None]) -> QObject:
    """An application event filter that calls `then(widget)` once a widget of `kind` has
    handled its first paint event: the timer fires after the event and the paint of its
    children, i.e. after the whole first frame. PySide6 is imported here, not at the top: the
    MeetGuard side imports it where `meetguard` does."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, kind):
                self.seen = True
                QTimer.singleShot(0, lambda: then(watched))
            return False

    return FirstPaint()


def painted() -> None:
    say("painted")
    used = resource.getrusage(resource.RUSAGE_SELF)  # µs resolution; os.times() has 10 ms
    say("cpu", used.ru_utime + used.ru_stime)


def bare(text: bool) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1150, 760)
    if text:
        from PySide6.QtWidgets import QLabel

        window.setCentralWidget(QLabel("Looking for meeting apps on this computer…"))

    def done(_window: QObject) -> None:
        painted()
        say("rss", rss_kb())
        say_mapped()
        app.quit()

    watcher = watch_first_paint(QMainWindow, done)
    app.installEventFilter(watcher)
    window.show()
    app.exec()


def meetguard(root: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # In `meetguard`'s own order (app.main): the core is built before the window's
        # modules import PySide6.
        from meetguard import paths
        from meetguard.app import open_core
        from meetguard.host import Host

        paths.use_base_dir(Path(tmp))
        services = open_core(None, Host.at_root(root, "linux"))
        from meetguard.ui.application import make_application, run_gui
        from meetguard.ui.main_window import MainWindow

        app = make_application(sys.argv[:1])  # run_gui's own call finds this one

        def first_paint(window: QObject) -> None:
            painted()
            assert isinstance(window, MainWindow)

            def result_shown() -> None:
                if window.inspection is None:
                    return  # "Scanning…", not yet the result
                window.statusBar().messageChanged.disconnect(result_shown)
                say("result")
                say("rss", rss_kb())
                # Off the measured path: what an export adds on top of the window.
                from meetguard.report.render import render

                data = window.services.report(window.inspection)
                for fmt in ("html", "json"):
                    render(data, fmt)
                say("rss_report", rss_kb())
                say_mapped()
                app.quit()

            window.statusBar().messageChanged.connect(result_shown)

        watcher = watch_first_paint(MainWindow, first_paint)
        app.installEventFilter(watcher)
        run_gui(services)


if __name__ == "__main__":
    if sys.argv[1] in ("bare", "text"):
        bare(sys.argv[1] == "text")
    else:
        meetguard(Path(sys.argv[2]))

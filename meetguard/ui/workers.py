"""Long work off the GUI thread: a QRunnable that emits plain core values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal


class WorkerSignals(QObject):
    progress = Signal(str)
    finished = Signal(object)
    failed = Signal(str)


class Worker(QRunnable):
    """Runs `job(progress)` in the thread pool; the result or the error arrives as a signal."""

    def __init__(self, job: Callable[[Callable[[str], None]], Any]) -> None:
        super().__init__()
        self.job = job
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            result = self.job(self.signals.progress.emit)
        except Exception as exc:  # any failure must reach the window, not vanish in a thread
            self.signals.failed.emit(f"{exc.__class__.__name__}: {exc}")
            return
        self.signals.finished.emit(result)

"""One clock for the size-scaling tests: the best CPU time of a few runs.

CPU time of this process, not wall time, so that other processes on a loaded machine do not
make a linear parser look quadratic; the garbage collector is off, as `timeit` has it, because
its passes over every object built so far would.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def best_cpu_seconds(work: Callable[[], object], repeat: int = 5) -> float:
    work()  # warm caches and imports
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best

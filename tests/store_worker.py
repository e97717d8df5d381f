"""A separate process that writes marks, for the kill and concurrency tests.

`loop PATH RUN`: write marks forever; print each mark's step id only after
`Store.mark` returned, i.e. once the mark is reported saved.
`batch PATH NAME N`: write N marks of its own and N updates of one shared mark.
"""

from __future__ import annotations

import sys
from itertools import count
from pathlib import Path

from meetguard.store.store import Store


def main(argv: list[str]) -> None:
    mode, path = argv[0], Path(argv[1])
    store = Store(path)
    if mode == "loop":
        for i in count():
            step = f"{argv[2]}-{i}"
            store.mark("zoom", step, 1, "done", note=f"note {step}")
            print(step, flush=True)
    else:
        name, n = argv[2], int(argv[3])
        for i in range(n):
            store.mark("zoom", f"{name}-{i}", 1, "done", note=f"{name} {i}")
            store.mark("zoom", "shared", 1, "skipped", note=f"{name} {i}")
        print("finished", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

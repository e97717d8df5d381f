"""Composition root: build the services, then start the window or the command line."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if os.name == "posix":
        os.umask(0o077)
    if args:
        from meetguard.cli import run

        return run(args)
    from meetguard.ui.application import run_gui

    return run_gui()

"""Composition root: build the core once, then hand it to the window or the command line."""

from __future__ import annotations

import os
import sys

# Not `from typing import TYPE_CHECKING`: typing brings re, enum, collections and functools,
# more than `meetguard --version` costs without them (mypy reads any name TYPE_CHECKING so).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from meetguard.host import Host
    from meetguard.services import Services


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if os.name == "posix":
        os.umask(0o077)
    if args == ["--version"]:
        # Answered before the command line's parser is built: that imports the parser's
        # modules (catalog model, host, store marks), several times the interpreter's cost.
        from meetguard import VERSION_TEXT

        print(VERSION_TEXT)
        return 0
    if not args:
        from meetguard.host import Host

        return open_window(open_core(None, Host.local()))
    from meetguard.cli import run

    return run(args, open_core, open_window)


def open_core(catalog_dir: Path | None, host: Host) -> Services:
    """The one core of this run: the catalog (shipped, or `catalog_dir`), the user's store
    (opened on first use) and the computer to inspect."""
    from meetguard.services import Services

    return Services.open(catalog_dir, host=host)


def open_window(services: Services) -> int:
    problem = no_display(os.environ, sys.platform)
    if problem:
        print(f"meetguard: {problem}", file=sys.stderr)
        return 1
    from meetguard.ui.application import run_gui

    return run_gui(services)


def no_display(env: Mapping[str, str], system: str) -> str:
    """Why the window cannot open here, or "": said before Qt aborts with its xcb message."""
    if system != "linux" or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith(("xcb", "wayland")):
        return ""  # offscreen, vnc, eglfs...: Qt needs no display server for those
    return (
        "there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset, "
        "as over SSH); the commands scan, rights, checklist, mark, account, report and "
        "catalog work without one (see: meetguard --help)"
    )

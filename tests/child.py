"""A fresh Python process for tests that must see what a start imports or reads."""

import subprocess
import sys


def python_lines(code: str) -> list[str]:
    """The lines `python -c code` prints; a failing child fails the test."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.splitlines()

"""The benchmarks keep working: a quick run of each. The one timed assertion is a ratio
measured in the same run (PDF cost per page at n and 4n pages), never an absolute time."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_quick_benchmark_run_prints_every_row() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in (
        "meetguard --version",
        "catalog load",
        "report, all formats",
        "PDF, 7-app report",
        "scan linux",
        "scan macos",
        "scan windows",
        "scan cost per unit of size (windows)",
        "start-up to window painted",
        "one line of text vs the bare window",
        "first scan result",
        "GUI peak memory",
    ):
        assert name in result.stdout, name
    assert "found)" in result.stdout and " 0 found" not in result.stdout
    growth = next(line for line in result.stdout.splitlines() if "PDF time per page" in line)
    assert growth.endswith("ok"), growth

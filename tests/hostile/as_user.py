"""Run a snippet as an ordinary user: file modes mean nothing to root, who runs CI here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534


def _command(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv to become an ordinary user")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *args]


def other_user_dir(tmp_path: Path) -> Path:
    """A folder the ordinary user owns (tmp_path itself is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="meetguard-user-"))
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
    (tmp_path / "other-user-dir").write_text(str(folder))
    return folder


def run_as_other_user(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run `args` as the ordinary user; their stdout and stderr, with the exit status last."""
    full_env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "HOME": str(cwd),
        "XDG_DATA_HOME": str(cwd / "data"),
        "XDG_CONFIG_HOME": str(cwd / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "QT_QPA_PLATFORM": "offscreen",
        **(env or {}),
    }
    proc = subprocess.run(
        _command(args),
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
        check=False,
    )
    return f"{proc.stdout}{proc.stderr}exit {proc.returncode}"


def as_other_user(tmp_path: Path, script: str) -> str:
    folder = other_user_dir(tmp_path)
    try:
        return run_as_other_user([sys.executable, "-c", script, str(folder)], folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

"""Where MeetGuard keeps the user's data: one module owns every path.

Everything lives under platformdirs' per-user folders. Tests call
`use_base_dir()` so nothing ever touches the real home.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from meetguard import APP_NAME

_override: Path | None = None


def use_base_dir(base: Path | None) -> None:
    """Point every MeetGuard folder below `base` (None restores the real folders)."""
    global _override
    _override = base


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)
    return path


def data_dir() -> Path:
    if _override is not None:
        return _private_dir(_override / "data")
    return _private_dir(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def config_dir() -> Path:
    if _override is not None:
        return _private_dir(_override / "config")
    return _private_dir(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)))


def store_path() -> Path:
    return data_dir() / "meetguard.sqlite3"

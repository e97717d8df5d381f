"""Where MeetGuard keeps the user's data: one module owns every path.

Everything lives under platformdirs' per-user folders. Tests call
`use_base_dir()` so nothing ever touches the real home.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

from meetguard import APP_NAME
from meetguard.files import private_dir

_override: Path | None = None


def use_base_dir(base: Path | None) -> None:
    """Point every MeetGuard folder below `base` (None restores the real folders)."""
    global _override
    _override = base


def data_dir() -> Path:
    if _override is not None:
        return private_dir(_override / "data")
    return private_dir(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def config_dir() -> Path:
    if _override is not None:
        return private_dir(_override / "config")
    return private_dir(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)))


def cache_dir() -> Path:
    """What MeetGuard can always make again (the parsed catalog): losing it loses nothing."""
    if _override is not None:
        return private_dir(_override / "cache")
    return private_dir(Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)))


def store_path() -> Path:
    return data_dir() / "meetguard.sqlite3"


def runtime_dir() -> Path:
    """A folder only this user can create files in, for the single-instance socket: another
    user who could create it first (as anyone can in /tmp) could stop the window opening."""
    if _override is not None:
        return private_dir(_override / "run")
    xdg = os.environ.get("XDG_RUNTIME_DIR", "")
    if xdg and _only_mine(Path(xdg)):
        return private_dir(Path(xdg) / APP_NAME)
    return private_dir(data_dir() / "run")


def _only_mine(folder: Path) -> bool:
    """A real folder, owned by this user, that no one else may write to."""
    try:
        st = folder.lstat()
    except OSError:
        return False
    owner = st.st_uid == os.getuid() if hasattr(os, "getuid") else True
    return stat.S_ISDIR(st.st_mode) and owner and not st.st_mode & 0o022

"""Register MeetGuard with the desktop menu for installs that cannot do it themselves (pip).

The entry and icons go under the user's XDG data folder, where every freedesktop
menu looks; the entry's Exec names this installation's `meetguard` by absolute
path, so it works when that folder is not on the menu's PATH.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from meetguard import APP_ID, resources
from meetguard.files import write_atomic

# Characters the Desktop Entry spec says force an Exec argument into double quotes.
_EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
# Inside double quotes these four are escaped with a backslash.
_EXEC_ESCAPED = frozenset('"`$\\')


class DesktopEntryError(Exception):
    """A folder or file could not be made or removed; the message names it."""


@dataclass(frozen=True)
class EntryFile:
    source: Path
    target: Path


def data_home(env: Mapping[str, str]) -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or relative (as the spec says)."""
    value = env.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def entry_files(home: Path) -> list[EntryFile]:
    icons = home / "icons" / "hicolor"
    symbolic = f"{APP_ID}-symbolic.svg"
    return [
        EntryFile(
            resources.linux_path(f"{APP_ID}.desktop"), home / "applications" / f"{APP_ID}.desktop"
        ),
        EntryFile(
            resources.icon_path(f"{APP_ID}.svg"), icons / "scalable" / "apps" / f"{APP_ID}.svg"
        ),
        EntryFile(resources.icon_path(symbolic), icons / "symbolic" / "apps" / symbolic),
    ]


def launch_command() -> list[str]:
    """How to start this installation: the bundle itself, its `meetguard` script, or `-m`."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    name = "meetguard.exe" if os.name == "nt" else "meetguard"
    for scheme in (sysconfig.get_default_scheme(), sysconfig.get_preferred_scheme("user")):
        script = Path(sysconfig.get_path("scripts", scheme)) / name
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script)]
    return [sys.executable, "-m", "meetguard"]


def _exec_argument(arg: str) -> str:
    if arg and not _EXEC_RESERVED.intersection(arg):
        return arg
    return '"' + "".join("\\" + c if c in _EXEC_ESCAPED else c for c in arg) + '"'


def _string_value(text: str) -> str:
    """Escape a desktop-file string value; Exec quoting is applied before this."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def exec_value(argv: list[str]) -> str:
    return _string_value(" ".join(_exec_argument(a).replace("%", "%%") for a in argv))


def desktop_entry(template: str, command: list[str]) -> str:
    """The shipped entry with Exec and TryExec pointing at `command` instead of PATH."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_value(command)
        elif line.startswith("TryExec="):
            line = "TryExec=" + _string_value(command[0])
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(home: Path, command: list[str]) -> list[Path]:
    """Write the entry and icons, replacing older copies; return the files written."""
    written = []
    for f in entry_files(home):
        try:
            f.target.parent.mkdir(parents=True, exist_ok=True)
            data = f.source.read_bytes()
        except OSError as exc:
            raise DesktopEntryError(f"cannot install {f.target}: {exc.strerror or exc}") from exc
        if f.target.suffix == ".desktop":
            data = desktop_entry(data.decode("utf-8"), command).encode("utf-8")
        write_atomic(f.target, data)
        written.append(f.target)
    return written


def uninstall(home: Path) -> list[Path]:
    """Remove what `install` wrote, nothing else; return the files removed."""
    removed = []
    for f in entry_files(home):
        if f.target.is_file() or f.target.is_symlink():
            try:
                f.target.unlink()
            except OSError as exc:
                raise DesktopEntryError(f"cannot remove {f.target}: {exc.strerror or exc}") from exc
            removed.append(f.target)
    return removed

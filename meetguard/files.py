"""Files MeetGuard writes: private folders, and whole files that are never left half-written.

Reports, desktop entries and the store all write through here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from meetguard.display_text import one_line

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EISDIR: "a folder has that name",
}


class WriteError(Exception):
    """A file could not be written; the message says where and why."""


def private_dir(path: Path) -> Path:
    """Create `path` readable by the user only. A folder that already exists is not ours to
    re-mode: a store placed in /tmp must not make /tmp private."""
    if path.is_dir():
        return path
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)  # mkdir's mode passes through the umask
    return path


def shown(path: Path) -> str:
    """A path as one printable line, whatever characters its name holds."""
    return one_line(str(path))


def check_target(path: Path) -> None:
    """Refuse, in one sentence, anything but a new name or a regular file: renaming over a
    device, a pipe, a socket or a symlink would replace it with a regular file."""
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:
        reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
        raise WriteError(f"cannot write {shown(path)}: {reason}") from exc
    folder = path.parent
    if st is None and not os.path.lexists(folder):
        raise WriteError(f"the folder {shown(folder)} does not exist")
    if st is None and not folder.is_dir():
        raise WriteError(f"{shown(folder)} is not a folder")
    if st is None or stat.S_ISREG(st.st_mode):
        return
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(f"{shown(path)} is a folder; name a file inside it")
    kind = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
    raise WriteError(
        f"{shown(path)} is {kind}; MeetGuard writes only to a regular file or a new name"
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a private temporary file beside `path`, flush it to disk, then rename it over."""
    check_target(path)
    folder = path.parent
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".meetguard-", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except OSError as exc:
        if tmp:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
        reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
        raise WriteError(f"cannot write {shown(path)}: {reason}") from exc

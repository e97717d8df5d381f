"""Write a report so that an existing file at the path is never left half-written."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from pathlib import Path

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EISDIR: "a folder has that name",
}


class ReportWriteError(Exception):
    """The report could not be written; the message says where and why."""


def shown(path: Path) -> str:
    """A path as one printable line, whatever characters its name holds."""
    return _UNPRINTABLE.sub("?", str(path))


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a private temporary file beside `path`, flush it to disk, then rename it over."""
    folder = path.parent
    if not folder.exists():
        raise ReportWriteError(f"the folder {shown(folder)} does not exist")
    if not folder.is_dir():
        raise ReportWriteError(f"{shown(folder)} is not a folder")
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
        raise ReportWriteError(f"cannot write {shown(path)}: {reason}") from exc

"""Write a report so that an existing file at the path is never left half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class ReportWriteError(Exception):
    """The report could not be written; the message says where and why."""


def write_atomic(path: Path, data: bytes) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise ReportWriteError(f"the folder {folder} does not exist")
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except OSError as exc:
        if tmp:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
        raise ReportWriteError(f"cannot write {path}: {exc.strerror or exc}") from exc

"""A Host reads most files with one read of the size the file gives; a file that says less
than it holds (it grew since the stat, or is a /proc file) is still read whole, and never
past the limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from meetguard.host import Host, HostReadError


class _Shrunk:
    """An os.stat_result whose size says `size`: the file grew after the stat."""

    def __init__(self, real: os.stat_result, size: int) -> None:
        self._real = real
        self.st_size = size

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)


def _stat_saying(monkeypatch: pytest.MonkeyPatch, size: int) -> list[int]:
    fstat = os.fstat
    reads: list[int] = []
    read = os.read

    def shrunk(fd: int) -> object:
        return _Shrunk(fstat(fd), size)

    def counted(fd: int, n: int) -> bytes:
        reads.append(n)
        return read(fd, n)

    monkeypatch.setattr("meetguard.host.os.fstat", shrunk)
    monkeypatch.setattr("meetguard.host.os.read", counted)
    return reads


@pytest.mark.parametrize("said", [0, 1, 100])
def test_a_file_that_grew_since_the_stat_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: int
) -> None:
    host = Host.at_root(tmp_path, "linux", home="/home/a")
    body = bytes(range(256)) * 40
    (tmp_path / "f").write_bytes(body)
    reads = _stat_saying(monkeypatch, said)
    assert host.read_bytes(tmp_path / "f") == body
    assert reads[0] == said + 1 and len(reads) > 1


def test_a_file_that_grew_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = Host.at_root(tmp_path, "linux", home="/home/a")
    (tmp_path / "f").write_bytes(b"x" * 5000)
    _stat_saying(monkeypatch, 10)
    with pytest.raises(HostReadError, match="grew past 4 KiB"):
        host.read_bytes(tmp_path / "f", limit=4096)


def test_a_file_of_the_size_it_gives_costs_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = Host.at_root(tmp_path, "linux", home="/home/a")
    reads: list[int] = []
    read = os.read

    def counted(fd: int, n: int) -> bytes:
        reads.append(n)
        return read(fd, n)

    monkeypatch.setattr("meetguard.host.os.read", counted)
    for size in (0, 1, 3000):
        (tmp_path / "f").write_bytes(b"y" * size)
        reads.clear()
        assert host.read_bytes(tmp_path / "f", limit=4096) == b"y" * size
        assert reads == [size + 1]

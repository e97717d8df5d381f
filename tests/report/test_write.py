import errno
import os
from pathlib import Path

import pytest

from meetguard.files import WriteError, write_atomic


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_a_private_file_and_replaces_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("old report")
    write_atomic(target, b"new report")
    assert target.read_bytes() == b"new report"
    assert _left(tmp_path) == ["r.html"]
    assert target.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("name", ["my report (1).pdf", "rapport été ✓.md", "r\nx.html", "-r.json"])
def test_odd_file_names(tmp_path: Path, name: str) -> None:
    write_atomic(tmp_path / name, b"x")
    assert (tmp_path / name).read_bytes() == b"x" and _left(tmp_path) == [name]


def test_too_long_name_is_one_clear_sentence(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match=r"the file name is too long$"):
        write_atomic(tmp_path / ("x" * 300 + ".pdf"), b"x")
    assert _left(tmp_path) == []


def test_vanished_or_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="does not exist"):
        write_atomic(tmp_path / "gone" / "r.html", b"x")
    (tmp_path / "file").write_text("")
    with pytest.raises(WriteError, match="is not a folder"):
        write_atomic(tmp_path / "file" / "r.html", b"x")


def test_full_disk_leaves_the_old_report_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old report")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError) as info:
        write_atomic(target, b"new" * 1000)
    assert str(info.value) == f"cannot write {target}: the disk is full"
    assert target.read_bytes() == b"old report" and _left(tmp_path) == ["r.pdf"]


def test_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def denied(**_: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(WriteError, match=r"cannot write .*r\.html: permission denied$"):
        write_atomic(tmp_path / "r.html", b"x")


def test_message_is_one_inert_line_whatever_the_name(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_atomic(tmp_path / "a\nb" / "r\x1b.html", b"x")
    assert "\n" not in str(info.value) and "a b" in str(info.value)
    with pytest.raises(WriteError) as info:
        write_atomic(tmp_path / "gone" / "r\x1b]0;x\x07\u202e.html", b"x")
    assert not set(str(info.value)) & {"\x1b", "\x07", "\u202e"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_for_real(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "r.html").write_text("old")
    folder.chmod(0o500)
    try:
        with pytest.raises(WriteError, match=r"permission denied$"):
            write_atomic(folder / "r.html", b"new")
        assert (folder / "r.html").read_text() == "old"
    finally:
        folder.chmod(0o700)

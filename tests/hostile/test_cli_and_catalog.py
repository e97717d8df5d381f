"""The command line as a careless user types it, report targets, and hostile catalog folders."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from meetguard.app import main as run
from meetguard.catalog import loader
from meetguard.catalog.grading import grade, load_rubric
from meetguard.catalog.loader import CatalogError, load_catalog, validate_catalog
from meetguard.host import Host
from meetguard.resources import catalog_dir
from tests.fakehost import FakeLinux

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def fake_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb()
    return root


def _one_sentence(capsys: pytest.CaptureFixture[str], *words: str) -> None:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("meetguard: "), err
    assert "usage:" not in err and "Traceback" not in err, err
    for word in words:
        assert word in err, err


# 7: report -o -------------------------------------------------------------------------------


def _report(root: Path, target: str, *extra: str) -> int:
    return run(["report", "-o", target, "--root", str(root), "--platform", "linux", *extra])


@pytest.mark.skipif(os.name != "posix", reason="devices, FIFOs and symlinks")
def test_report_refuses_devices_fifos_and_symlinks(
    tmp_path: Path, fake_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    victim = tmp_path / "victim.md"
    victim.write_text("keep me")
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    device = Path("/dev/full")
    if os.geteuid() == 0:  # root could replace the real /dev/full: use a copy of the node
        device = tmp_path / "full"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    for target in (str(device), str(fifo), str(link)):
        assert _report(fake_root, target, "--format", "md") == 1, target
        _one_sentence(capsys, "writes only to a regular file or a new name")
    assert stat.S_ISCHR(device.stat().st_mode)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink()
    assert victim.read_text() == "keep me"
    assert _report(fake_root, str(tmp_path)) == 1
    _one_sentence(capsys, "is a folder")


def test_report_to_standard_output(fake_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _report(fake_root, "-", "--format", "md") == 0
    out = capsys.readouterr().out
    assert out.startswith("# ") and "Zoom" in out and "Wrote" not in out
    assert _report(fake_root, "-") == 1
    _one_sentence(capsys, "--format")


def test_report_to_a_regular_file_or_new_name(tmp_path: Path, fake_root: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text("{}")
    assert _report(fake_root, str(old)) == 0 and old.read_text() != "{}"
    assert _report(fake_root, str(tmp_path / "new.html")) == 0


# 8, 12, 13: the catalog -------------------------------------------------------------------


class _AnyDate(type):
    def __instancecheck__(cls, value: object) -> bool:
        return isinstance(value, _REAL_DATE)


_REAL_DATE = dt.date


class _MonthBehind(metaclass=_AnyDate):
    """`datetime.date` as the loader sees it, on a computer whose clock is a month behind."""

    min = dt.date.min

    @staticmethod
    def today() -> dt.date:
        return dt.date(2026, 11, 1)


def test_a_clock_behind_the_catalog_still_loads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    full = len(load_catalog(catalog_dir()).catalog.clients)
    behind = SimpleNamespace(date=_MonthBehind, datetime=dt.datetime, timedelta=dt.timedelta)
    monkeypatch.setattr(loader, "dt", behind)
    assert len(load_catalog(catalog_dir()).catalog.clients) == full > 20
    monkeypatch.undo()
    problems = validate_catalog(catalog_dir(), today=dt.date(2026, 11, 1))
    assert problems and all("in the future" in str(p) for p in problems)


def _catalog_with(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir(exist_ok=True)
    shutil.copy(catalog_dir() / "zoom.toml", folder / "zoom.toml")
    return folder / name


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and devices")
@pytest.mark.timeout(60)
def test_catalog_validate_on_a_fifo_and_dev_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = _catalog_with(tmp_path, "fifo.toml")
    os.mkfifo(fifo)
    _catalog_with(tmp_path, "zero.toml").symlink_to("/dev/zero")
    finished: list[int] = []
    worker = threading.Thread(
        target=lambda: finished.append(run(["catalog", "validate", str(fifo.parent)])),
        daemon=True,
    )
    worker.start()
    worker.join(30)
    if not finished:
        with fifo.open("wb"):  # let the blocked reader go
            pass
    assert finished == [1], "validate returns instead of hanging on the FIFO"
    out = capsys.readouterr().out
    assert "fifo.toml: cannot be read" in out and "zero.toml: cannot be read" in out
    assert "not a regular file" in out


RUBRICS = {
    "all-zero weights": ("advertising_sale = 1.0", "advertising_sale = 0", "not all 0", True),
    "nan": ("max_points = 4", "max_points = nan", "finite", False),
    "inf weight": ("retention = 0.75", "retention = inf", "finite", False),
    "missing key": ("freshness_days = 180", "", "freshness_days", False),
    "points a string": ("broad = 0", 'broad = "zero"', "finite", False),
    "share out of range": ("max_share = 0.4", "max_share = 7", "max_share", False),
}


@pytest.mark.parametrize(("old", "new", "word", "all_zero"), RUBRICS.values(), ids=RUBRICS.keys())
def test_rubric_is_validated_and_raises_only_catalog_error(
    tmp_path: Path, old: str, new: str, word: str, all_zero: bool
) -> None:
    path = _catalog_with(tmp_path, "rubric.toml")
    text = (catalog_dir() / "rubric.toml").read_text()
    if all_zero:
        for line in [ln for ln in text.splitlines() if ln[:1].islower() and " = " in ln]:
            key = line.split(" = ")[0]
            if key == "ai_training":
                text = text.replace(line, "ai_training = 0")
            if key in ("content_licence", "third_party_ai", "service_data", "retention"):
                text = text.replace(line, f"{key} = 0")
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(CatalogError, match=word):
        load_rubric(path)
    assert any(word in str(p) for p in validate_catalog(path.parent, today=TODAY))


def test_shipped_rubric_grades_every_client() -> None:
    rubric = load_rubric(catalog_dir() / "rubric.toml")
    for client in load_catalog(catalog_dir()).catalog.clients:
        for account in client.account_types:
            graded = grade(client, account, rubric)
            assert graded is None or 0 <= graded.score <= 100


def test_invalid_uninstall_pattern_fails_validation(tmp_path: Path) -> None:
    path = _catalog_with(tmp_path, "zoom.toml")
    text = path.read_text()
    start = text.index("uninstall_names = [") + len("uninstall_names = [")
    path.write_text(text[:start] + '"^Zoom($", ' + text[start:])
    problems = [str(p) for p in validate_catalog(path.parent, today=TODAY)]
    assert any("uninstall_names" in p and "'^Zoom($'" in p for p in problems), problems


# the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["mark", "zoom", "consent-settings", "finished"], ["invalid choice", "--help"]),
        (["report"], ["-o/--output"]),
        (["scan", "--platform", "beos"], ["invalid choice"]),
        (["frobnicate"], ["invalid choice"]),
        (["scan", "--platform", "windows"], ["needs --root", "this computer runs linux"]),
        (["rights", "zooom"], ["did you mean 'zoom'"]),
        (["catalog"], ["required"]),
    ],
)
def test_argument_mistakes_are_one_sentence_and_exit_1(
    argv: list[str], words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == 1
    _one_sentence(capsys, *words)


def test_home_and_registry_are_checked(
    tmp_path: Path, fake_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    host = ["--root", str(fake_root)]
    assert run(["scan", *host, "--platform", "linux", "--home", "/home/nobody"]) == 1
    _one_sentence(capsys, "--home /home/nobody is not a folder under --root")
    reg = tmp_path / "export.reg"
    reg.write_text("Windows Registry Editor Version 5.00\r\n", encoding="utf-16")
    assert run(["scan", *host, "--platform", "linux", "--registry", str(reg)]) == 1
    _one_sentence(capsys, "--registry is read only with --platform windows")
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (fake_root / "Users" / "alice").mkdir(parents=True)
    shutil.rmtree(fake_root / "home")
    assert run(["scan", *host, "--platform", "windows", "--registry", str(png)]) == 1
    _one_sentence(capsys, "not a regedit export")


def test_client_ids_forgive_case_and_step_ids_take_the_checklist_form(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["rights", "Zoom"]) == 0
    assert "Zoom Workplace" in capsys.readouterr().out
    assert run(["mark", "ZOOM", "zoom/ai-companion-questions", "done"]) == 0
    capsys.readouterr()
    assert run(["checklist", "zoom"]) == 0
    assert "[Done] zoom/ai-companion-questions" in capsys.readouterr().out


def test_catalog_validate_on_a_folder_with_no_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["catalog", "validate", str(tmp_path)]) == 1
    _one_sentence(capsys, "holds no catalog files")


def test_user_name_is_the_account_not_the_home_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/srv/renamed-home")
    monkeypatch.setenv("LOGNAME", "alice")
    assert Host.local().username == "alice"

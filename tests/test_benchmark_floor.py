"""The benchmark's strict floor replays what the scan itself listed and read: every folder a
scan lists and every file it reads goes through the two Host methods the recorder wraps."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from meetguard.catalog.model import Catalog
from meetguard.host import Host, Platform
from meetguard.inventory.scanner import scan
from tests.fakehost import FakeLinux, FakeMac

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def _bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """benchmarks/run.py as a module; the sys.path entries it adds go with the test."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    spec = importlib.util.spec_from_file_location("meetguard_bench_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


def _computers(tmp_path: Path) -> Iterator[tuple[Path, Platform]]:
    linux = FakeLinux(tmp_path / "linux")
    linux.busy_desktop()
    for i in range(30):
        linux.desktop(f"/usr/share/applications/other{i}.desktop", f"Other {i}", f"other{i}")
    yield linux.root, "linux"
    mac = FakeMac(tmp_path / "mac")
    for i in range(30):
        mac.app("/Applications", f"App{i}", f"com.example.app{i}", "1.0")
    mac.app("/Applications/Utilities", "zoom.us", "us.zoom.xos", "6.0")
    yield mac.root, "macos"


def test_the_floor_lists_and_reads_what_the_scan_did(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = _bench(monkeypatch)
    scandir = os.scandir
    listings: list[str] = []

    def counted(path: str) -> object:
        listings.append(os.fspath(path))
        return scandir(path)

    for root, platform in _computers(tmp_path):
        listings.clear()
        monkeypatch.setattr(os, "scandir", counted)
        listed, read = bench.what_the_scan_touches(Host.at_root(root, platform), catalog)
        monkeypatch.setattr(os, "scandir", scandir)
        result = scan(Host.at_root(root, platform), catalog)
        assert result.installations, platform
        assert len(result.reads) > 30, platform
        assert [str(p) for p in read] == list(result.reads), platform
        # Every folder the scan listed, by whatever call, is one the floor lists again (the
        # floor also tries the absent folders the scan asked for).
        assert listings, platform
        assert not Counter(listings) - Counter(str(p) for p in listed), platform
        assert bench.strict_floor(listed, read) > 0

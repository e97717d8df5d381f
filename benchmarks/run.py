"""MeetGuard's benchmarks: each measured against a floor measured in the same run.

    .venv/bin/python benchmarks/run.py            # the full run (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # tiny sizes: checks that every benchmark works

Prints a table of medians (the scan rows: the least CPU time of nine runs, the scan and its
floor taking turns, each run the same work at every size; the scan's linearity judged from
its ratio to the floor at each size), the floor, the ratio and the target.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from synthetic import build_linux, build_macos, build_windows  # noqa: E402

from meetguard import paths  # noqa: E402
from meetguard.catalog.loader import load_catalog  # noqa: E402
from meetguard.catalog.model import Catalog  # noqa: E402
from meetguard.host import MAX_READ, Host, HostReadError, Platform, Real  # noqa: E402
from meetguard.inventory.scanner import scan  # noqa: E402
from meetguard.report.render import FORMATS, render  # noqa: E402
from meetguard.resources import catalog_dir  # noqa: E402
from meetguard.store.store import Store  # noqa: E402


@dataclass
class Row:
    name: str
    value: str
    floor: str
    ratio: str
    target: str
    met: bool | None


def median_time(
    fn: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)


def least_times(
    fns: list[Callable[[], object]], repeat: int, clock: Callable[[], float] = time.process_time
) -> list[float]:
    """The least CPU time of each of `fns` over `repeat` rounds in which they take turns.
    Other jobs on a busy machine only ever add to a run's time, so the least is the steadiest
    estimate; taking turns, a busy spell slows both sides of a ratio, not one (a median of
    five, the scans all before the floors, read 4.2–5.0× for the same Windows scan). Each run
    starts from a collected heap: the garbage the PDF rows leave is not the scan's to collect
    (it made the first size of each platform up to 1.6× slower than the next)."""
    least = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            gc.collect()
            start = clock()
            fn()
            least[i] = min(least[i], clock() - start)
    return least


def child(args: list[str], env: dict[str, str], mapped: set[str] | None = None) -> dict[str, float]:
    """Run the start-up probe; return when each line arrived, in seconds since the spawn (or
    the number the line carries). The files the probe had mapped go into `mapped`."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "startup_probe.py"), *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    seen: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        word, _, rest = line.rstrip("\n").partition(" ")
        if word == "mapped":
            if mapped is not None:
                mapped.add(rest)
            continue
        seen[word] = float(rest) if rest else time.perf_counter() - start
    if proc.wait(60) != 0:
        raise RuntimeError(f"start-up probe {args} failed")
    return seen


HEADER = """\
Child processes (meetguard --version and python -c pass, MeetGuard's window and the bare
windows) run with compiled bytecode, as an installed program has it: PYTHONDONTWRITEBYTECODE is
unset for them and PYTHONPYCACHEPREFIX points at a temporary folder, filled by one warm-up run
of each before timing (the floors' stdlib and PySide6 come compiled). In-process rows (catalog,
report, PDF, scans) run after their modules are imported. Ratios are medians of paired ratios,
except the scans': the least CPU time of nine rounds in which scan and floor take turns, each
sample the same work at every size (×1 four times, ×2 twice, ×4 once; each scan's result is
dropped before the next, as the floor keeps nothing it read). A scan's cost per unit of size
is judged by its ratio to the floor at each size, not by absolute milliseconds, which one
busy spell on a shared machine stretched by 1.5× for a single size of unchanged code.
Before the start-up probes' warm-up, the page cache drops every file they map, so each peak is
measured with the shared libraries' pages as page faults bring them in (after a reboot): how a
venv's files happen to sit in the cache moved the bare window's peak by 12 MiB."""


def drop_cached_pages(files: set[str]) -> None:
    """Drop what the page cache holds of `files` (pages a running program maps stay). A
    file's pages are then brought in by the page faults of the next program that maps it, as
    after a reboot; a file freshly written (a venv pip has just filled) sits in the cache in
    large blocks that a fault maps whole, which put 12 MiB more in the bare window's peak
    (63 instead of 51 MiB) and fewer in MeetGuard's, whose pages fill most of those blocks
    anyway: +22 instead of +29 MiB for the same code. Peak memory is compared from this one
    state."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    for file in sorted(files):
        if not Path(file).is_file():
            continue
        try:
            fd = os.open(file, os.O_RDONLY)
        except OSError:
            continue
        try:
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def probe_env(cache: Path) -> dict[str, str]:
    """Offscreen, and with compiled bytecode as an installed program has it: where
    PYTHONDONTWRITEBYTECODE is set, each start would compile MeetGuard's sources again while the
    floor's PySide6 comes compiled. The bytecode goes to `cache`, never into the checkout."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def bench_startup(root: Path, runs: int) -> list[Row]:
    """Whole processes, a bare window and MeetGuard alternating; the ratios are medians of the
    pairs' ratios (a busy machine slows both of a pair alike)."""
    with tempfile.TemporaryDirectory() as cache:
        env = probe_env(Path(cache))
        kinds = (["bare"], ["text"], ["meetguard", str(root)])
        mapped: set[str] = set()
        for kind in kinds:
            child(kind, env, mapped)  # bytecode written
        drop_cached_pages(mapped)
        for kind in kinds:
            child(kind, env)  # warm-up: the files the probes map back in the page cache
        pairs, texts = [], []
        for _ in range(runs):
            pairs.append((child(["bare"], env), child(["meetguard", str(root)], env)))
            texts.append(child(["text"], env))

    def median(key: str, side: int) -> float:
        return statistics.median(pair[side][key] for pair in pairs)

    def paired(key: str, floor: str = "") -> float:
        return statistics.median(ours[key] / bare[floor or key] for bare, ours in pairs)

    paint, cpu = paired("painted"), paired("cpu")
    over_text = statistics.median(
        ours["cpu"] / text["cpu"] for (_bare, ours), text in zip(pairs, texts, strict=True)
    )
    text_cpu = statistics.median(text["cpu"] for text in texts)
    # Any window that shows a word starts Qt's fonts: this is how far above the bare window
    # that alone puts it, i.e. the least a ratio to the bare window can be for MeetGuard.
    text_over_bare = statistics.median(
        text["cpu"] / bare["cpu"] for (bare, _ours), text in zip(pairs, texts, strict=True)
    )
    bare_paint = median("painted", 0)
    bare_rss = median("rss", 0) / 1024
    rss_extra = statistics.median((ours["rss"] - bare["rss"]) / 1024 for bare, ours in pairs)
    report_extra = statistics.median(
        (ours["rss_report"] - bare["rss"]) / 1024 for bare, ours in pairs
    )
    return [
        Row(
            "start-up to window painted (wall clock)",
            f"{median('painted', 1) * 1000:.0f} ms",
            f"{bare_paint * 1000:.0f} ms",
            f"{paint:.2f}×",
            "≤ 1.3×",
            paint <= 1.3,
        ),
        Row(
            "start-up to window painted (CPU time)",
            f"{median('cpu', 1) * 1000:.0f} ms CPU",
            f"{median('cpu', 0) * 1000:.0f} ms",
            f"{cpu:.2f}×",
            "(shown)",
            None,
        ),
        Row(
            "start-up vs a bare window showing one line of text (CPU)",
            f"{median('cpu', 1) * 1000:.0f} ms CPU",
            f"{text_cpu * 1000:.0f} ms",
            f"{over_text:.2f}×",
            "(shown: text starts Qt's fonts)",
            None,
        ),
        Row(
            "a bare window showing one line of text vs the bare window (CPU)",
            f"{text_cpu * 1000:.0f} ms CPU",
            f"{median('cpu', 0) * 1000:.0f} ms",
            f"{text_over_bare:.2f}×",
            (
                "(shown: above 1.3×: no window that shows text is ≤ 1.3× the bare one)"
                if text_over_bare > 1.3
                else f"(shown: ≤ 1.3× would leave MeetGuard {1.3 / text_over_bare:.2f}× of this)"
            ),
            None,
        ),
        Row(
            "start-up to first scan result",
            f"{median('result', 1) * 1000:.0f} ms",
            f"{bare_paint * 1000:.0f} ms",
            f"{paired('result', 'painted'):.2f}×",
            "(shown)",
            None,
        ),
        Row(
            "GUI peak memory, first scan shown",
            f"{median('rss', 1) / 1024:.0f} MiB",
            f"{bare_rss:.0f} MiB",
            f"+{rss_extra:.1f} MiB",
            "≤ +25 MiB",
            rss_extra <= 25,
        ),
        Row(
            "GUI peak memory, then a report (html, json)",
            f"{median('rss_report', 1) / 1024:.0f} MiB",
            f"{bare_rss:.0f} MiB",
            f"+{report_extra:.1f} MiB",
            "(shown)",
            None,
        ),
    ]


def what_the_scan_touches(host: Host, catalog: Catalog) -> tuple[list[Real], list[Real]]:
    """The folders a scan listed and the files it read, in order, through its Host (every
    listing, `listdir`'s too, goes through `Host.entries`; every read through `read_bytes`
    or `read_each`)."""
    listed: list[Real] = []
    read: list[Real] = []
    entries, read_bytes, read_each = Host.entries, Host.read_bytes, Host.read_each

    def listing(self: Host, real: Real) -> list[os.DirEntry[str]]:
        listed.append(real)
        return entries(self, real)

    def reading(self: Host, real: Real, limit: int = MAX_READ) -> bytes:
        read.append(real)
        return read_bytes(self, real, limit)

    def reading_each(
        self: Host,
        reals: Sequence[Real],
        start: int = 0,
        limit: int = MAX_READ,
        budget: int = MAX_READ,
    ) -> tuple[list[bytes], dict[int, HostReadError]]:
        datas, errors = read_each(self, reals, start, limit, budget)
        read.extend(reals[start : start + len(datas)])
        return datas, errors

    Host.entries, Host.read_bytes = listing, reading  # type: ignore[method-assign]
    Host.read_each = reading_each  # type: ignore[method-assign]
    try:
        scan(host, catalog)
    finally:
        Host.entries, Host.read_bytes = entries, read_bytes  # type: ignore[method-assign]
        Host.read_each = read_each  # type: ignore[method-assign]
    return listed, read


def strict_floor(listed: list[Real], read: list[Real]) -> int:
    """The floor of a scan: list the same folders and open and read the same files it did,
    nothing else (a file it found missing is tried too)."""
    total = 0
    for folder in listed:
        try:
            with os.scandir(folder) as it:
                total += sum(1 for _ in it)
        except OSError:
            pass
    for path in read:
        try:
            # open() of the str or Path the scan had: the floor pays for no Path of its own.
            with open(path, "rb", buffering=0) as fh:  # noqa: PTH123
                total += len(fh.read())
        except OSError:
            pass
    return total


def export_floor(export: Path) -> int:
    """The floor of reading a .reg export: read it, decode it, split it into lines."""
    with export.open("rb", buffering=0) as fh:
        return len(fh.read().decode("utf-16").splitlines())


# Scan targets against the strict floor (issue #20); Windows' floor is only read, decode and
# split, while the scan must also find each key's lines and parse the keys it reads.
SCAN_TARGETS = {"linux": 1.5, "macos": 2.0, "windows": 5.0}


def bench_scan(scales: list[float], repeat: int) -> list[Row]:
    """Each size's scan against its strict floor, and whether the scan's cost stays linear.

    Every timed sample does the same work: at ×1 the scan (and the floor) run four times in
    a row, at ×2 twice, at ×4 once, so a small size is not a 13 ms sample that one busy
    spell doubles. Linearity is judged from the ratio to the floor at each size, not from
    absolute times: the floor lists and reads exactly what the scan did, a cost linear in
    the files and bytes it read (shown per unit of size), and it takes turns with the scan,
    so a busy spell that stretches one size stretches both sides of its ratio (absolute
    times per unit read 75 / 122 / 83 ms for the same Windows code, their ratios 4.5 /
    5.1 / 3.9)."""
    catalog = load_catalog(catalog_dir()).catalog
    rows: list[Row] = []
    builders: list[tuple[Platform, Callable[[Path, Catalog, float], Path | None]]] = [
        ("linux", build_linux),
        ("macos", build_macos),
        ("windows", build_windows),
    ]
    units = max(scales)
    for platform, build in builders:
        ratios: list[float] = []
        work: list[str] = []
        for scale in scales:
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp) / "computer"
                root.mkdir()
                export = build(root, catalog, scale)

                def fresh(
                    root: Path = root, platform: Platform = platform, export: Path | None = export
                ) -> Host:
                    # A new Host, and a new mtime for the export, each time: nothing the
                    # last scan resolved or parsed is reused.
                    if export is not None:
                        os.utime(export, ns=(time.time_ns(), time.time_ns()))
                    return Host.at_root(root, platform, registry_file=export)

                found = scan(fresh(), catalog)
                listed, read = what_the_scan_touches(fresh(), catalog)
                times = max(1, round(units / scale))

                # CPU time (user + system) of this process, as for the PDF: other jobs on a
                # busy machine stretch the wall clock of both sides unevenly. Each result is
                # dropped before the next scan, as the floor keeps nothing it read and the
                # window keeps one result: four kept alive to the sample's end made the ×1
                # Windows sample allocate four parsed exports afresh (4.71× against 4.50×
                # with the rows before it run first).
                def ours_once(fresh: Callable[[], Host] = fresh, times: int = times) -> None:
                    for _ in range(times):
                        scan(fresh(), catalog)

                def floor(
                    ls: list[Real] = listed,
                    rd: list[Real] = read,
                    export: Path | None = export,
                    times: int = times,
                ) -> int:
                    return sum(
                        strict_floor(ls, rd) + (export_floor(export) if export else 0)
                        for _ in range(times)
                    )

                ours, least = least_times([ours_once, floor], repeat)
                ratio = ours / least
                target = SCAN_TARGETS[platform]
                rows.append(
                    Row(
                        f"scan {platform} ×{scale:g} ({len(found.installations)} found)",
                        f"{ours / times * 1000:.0f} ms CPU",
                        f"{least / times * 1000:.0f} ms",
                        f"{ratio:.2f}×",
                        f"≤ {target:g}×",
                        ratio <= target,
                    )
                )
                ratios.append(ratio)
                size = export.stat().st_size if export else sum(map(os.path.getsize, read))
                files = f"{len(read) / scale / 1000:.1f}k files, " if read else ""
                work.append(f"{files}{size / scale / 2**20:.1f} MiB")
        if len(ratios) > 1:
            spread = max(ratios) / min(ratios)
            rows.append(
                Row(
                    f"scan cost per unit of size ({platform}): ratio to the floor at "
                    + " / ".join(f"×{s:g}" for s in scales),
                    " / ".join(f"{r:.2f}" for r in ratios),
                    "",
                    f"{spread:.2f}× spread",
                    "linear (≤ 1.5×)",
                    spread <= 1.5,
                )
            )
            rows.append(
                Row(
                    f"scan floor's work per unit of size ({platform})",
                    " / ".join(dict.fromkeys(work)),
                    "",
                    "",
                    "(shown: the same at every size)",
                    None,
                )
            )
    return rows


def version_command() -> list[str]:
    """`meetguard --version` as a user runs it: the installed console script beside this
    interpreter (`python -m meetguard` where there is none; runpy adds ~3 ms of imports)."""
    script = Path(sys.executable).with_name("meetguard")
    if script.is_file():
        return [str(script), "--version"]
    return [sys.executable, "-m", "meetguard", "--version"]


def timed_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one whole child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_version(runs: int) -> list[Row]:
    """`meetguard --version` against `python -c pass`: whole processes, alternating, the median
    of the paired ratios (a busy machine slows both of a pair alike). Both sides run with
    compiled bytecode (`probe_env`), as an installed program has it."""
    with tempfile.TemporaryDirectory() as cache:
        env = probe_env(Path(cache))
        cmds = ([sys.executable, "-c", "pass"], version_command())
        for cmd in cmds:
            timed_run(cmd, env)  # warm-up: bytecode written, files in the page cache
        pairs = [tuple(timed_run(cmd, env) for cmd in cmds) for _ in range(runs)]
    rows = []
    for what, i, unit in (("wall clock", 0, "ms"), ("CPU time", 1, "ms CPU")):
        ratio = statistics.median(ours[i] / bare[i] for bare, ours in pairs)
        floor = statistics.median(bare[i] for bare, _ours in pairs)
        ours_median = statistics.median(ours[i] for _bare, ours in pairs)
        rows.append(
            Row(
                f"meetguard --version ({what})",
                f"{ours_median * 1000:.0f} {unit}",
                f"{floor * 1000:.0f} ms",
                f"{ratio:.2f}×",
                "≤ 2×" if i == 0 else "(shown)",
                ratio <= 2 if i == 0 else None,
            )
        )
    return rows


def bench_report(repeat: int) -> list[Row]:
    import datetime as dt

    from meetguard.report.model import build_report

    catalog = load_catalog(catalog_dir()).catalog
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        build_linux(root, catalog, 0)
        result = scan(Host.at_root(root, "linux"), catalog)
        store = Store(Path(tmp) / "s.sqlite3")
        for client in catalog.clients:
            for step in client.checklist:
                store.mark(client.id, step.id, step.revision, "done", "note")

        def all_formats() -> None:
            data = build_report(
                catalog, result, store.marks(), store.ledger(), {}, dt.datetime.now(dt.UTC)
            )
            for fmt in FORMATS:
                render(data, fmt)

        took = median_time(all_formats, repeat)
    return [
        Row(
            f"report, all formats ({', '.join(FORMATS)}), {len(result.installations)} clients",
            f"{took * 1000:.0f} ms",
            "",
            "",
            "< 1000 ms",
            took < 1,
        )
    ]


def bench_pdf(pages: int, repeat: int) -> list[Row]:
    """PDF time at about n and 4n pages: the cost per page must stay flat as the report grows."""
    from meetguard.report.pdf import page_count
    from tests.reportdata import copies_for, repeated, seven_app_report

    rows: list[Row] = []
    per_page: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = seven_app_report(Path(tmp))
        copies = copies_for(base, pages)
        for data in (repeated(base, copies), repeated(base, 4 * copies)):
            found = page_count(data)
            # CPU time of this process: other jobs on a busy machine stretch the wall clock.
            took = median_time(partial(render, data, "pdf"), repeat, time.process_time)
            per_page.append(took / found)
            rows.append(
                Row(
                    f"PDF report, {found} pages",
                    f"{took * 1000:.0f} ms CPU",
                    "",
                    "",
                    "(shown)",
                    None,
                )
            )
    growth = per_page[1] / per_page[0]
    rows.append(
        Row(
            f"PDF time per page, {rows[1].name.split(', ')[1]} vs {rows[0].name.split(', ')[1]}",
            " / ".join(f"{t * 1000:.1f}" for t in per_page) + " ms",
            "",
            f"{growth:.2f}×",
            "linear (≤ 2×)",
            growth <= 2,
        )
    )
    return rows


def bench_pdf_floor(repeat: int) -> list[Row]:
    """The 7-app report's PDF against Qt setting the same HTML itself: a QTextDocument laid
    out once at the page size and drawn once to a QPdfWriter (QTextDocument.print_), the
    HTML made inside both. CPU time, the two taking turns; the ratio is the median of pairs."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QFont, QPdfWriter, QTextDocument

    from meetguard.report.html import render_html
    from meetguard.report.model import ReportData
    from meetguard.report.pdf import (
        BODY_PT,
        RESOLUTION,
        ensure_application,
        page_count,
        page_layout,
        register_fonts,
    )
    from tests.reportdata import seven_app_report

    ensure_application()
    family = register_fonts()
    qt_pages: list[int] = []

    def qt_sets_it(data: ReportData) -> None:
        out = QBuffer()
        out.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(out)
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(page_layout("a4"))
        document = QTextDocument()
        document.setDefaultFont(QFont(family, BODY_PT))
        document.setHtml(render_html(data, screen=False))
        document.print_(writer)
        qt_pages.append(bytes(out.data().data()).count(b"/Type /Page\n"))

    with tempfile.TemporaryDirectory() as tmp:
        data = seven_app_report(Path(tmp))
        ours_pages = page_count(data)
        render(data, "pdf")  # a warm-up of each: fonts opened and cached by Qt
        qt_sets_it(data)
        pairs = []
        for _ in range(repeat):
            start = time.process_time()
            render(data, "pdf")
            ours = time.process_time() - start
            start = time.process_time()
            qt_sets_it(data)
            pairs.append((ours, time.process_time() - start))
    ratio = statistics.median(a / b for a, b in pairs)
    return [
        Row(
            f"PDF, 7-app report ({ours_pages} pages) vs Qt setting its HTML once"
            f" ({qt_pages[-1]} pages)",
            f"{statistics.median(a for a, _ in pairs) * 1000:.0f} ms CPU",
            f"{statistics.median(b for _, b in pairs) * 1000:.0f} ms",
            f"{ratio:.2f}×",
            "≤ 2×",
            ratio <= 2,
        )
    ]


def bench_pdf_thousand() -> list[Row]:
    """The issue's figure: one report of about 1,000 pages, CPU and wall time of one run."""
    from meetguard.report.pdf import page_count
    from tests.reportdata import long_report

    with tempfile.TemporaryDirectory() as tmp:
        data = long_report(Path(tmp), 1000)
        found = page_count(data)
        cpu, wall = time.process_time(), time.perf_counter()
        render(data, "pdf")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    # A whole number of copies overshoots 1,000 pages; the cost per page is linear (the row
    # above), so the time is judged per 1,000 pages.
    per_thousand = cpu * 1000 / found
    return [
        Row(
            f"PDF report, {found} pages (one run)",
            f"{cpu:.1f} s CPU, {wall:.1f} s wall",
            "",
            f"{per_thousand:.1f} s / 1,000 p",
            "a few seconds (≤ 3 s CPU per 1,000 pages)",
            per_thousand <= 3,
        )
    ]


def bench_catalog(repeat: int) -> list[Row]:
    """The catalog as the first start loads it (its TOML parsed) and as every later start does
    (the parsed TOML read back from the cache folder); both validate it whole."""
    # CPU time of this process: other jobs on a busy machine stretch the wall clock.
    cold = median_time(lambda: load_catalog(catalog_dir()), repeat, time.process_time)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        load_catalog(catalog_dir(), cache_dir=cache)  # the first start writes the cache
        cached = median_time(
            lambda: load_catalog(catalog_dir(), cache_dir=cache), repeat, time.process_time
        )
    return [
        Row(
            "catalog load and validation, first start (TOML parsed)",
            f"{cold * 1000:.1f} ms CPU",
            "",
            "",
            "≤ 50 ms",
            cold <= 0.05,
        ),
        Row(
            "catalog load and validation, later starts (parsed TOML cached)",
            f"{cached * 1000:.1f} ms CPU",
            "",
            "",
            "≤ 50 ms",
            cached <= 0.05,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths.use_base_dir(Path(tmp) / "user")
        catalog = load_catalog(catalog_dir()).catalog
        startup_root = Path(tmp) / "startup"
        build_linux(startup_root, catalog, 0.01 if args.quick else 1)
        rows = bench_version(3 if args.quick else 20)
        rows += bench_catalog(3 if args.quick else 20)
        rows += bench_report(1 if args.quick else 5)
        rows += bench_pdf(25 if args.quick else 100, 3)
        rows += bench_pdf_floor(1 if args.quick else 9)
        if not args.quick:
            rows += bench_pdf_thousand()
        rows += bench_scan([0.01, 0.02] if args.quick else [1, 2, 4], 1 if args.quick else 9)
        rows += bench_startup(startup_root, 1 if args.quick else 15)
    width = max(len(r.name) for r in rows)
    print(HEADER)
    print(f"{'benchmark':<{width}}  {'measured':>14}  {'floor':>10}  {'ratio':>12}  target")
    for r in rows:
        mark = "" if r.met is None else ("  ok" if r.met else "  MISSED")
        print(f"{r.name:<{width}}  {r.value:>14}  {r.floor:>10}  {r.ratio:>12}  {r.target}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

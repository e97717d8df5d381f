"""The window paints before the work it shows: what the first frame needs and nothing else.

A fresh process (sys.modules of this one has everything imported) starts the window as
`meetguard` does (app.open_core, then run_gui), records which modules are loaded when the main
window's first paint is done, then waits for the scan result to arrive after it.
"""

import json
import linecache
import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from meetguard.catalog.model import Catalog
from meetguard.host import Host
from meetguard.services import Services
from meetguard.ui.main_window import MainWindow
from tests.child import python_lines
from tests.fakehost import FakeLinux

CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
from meetguard import paths
from meetguard.app import open_core
from meetguard.host import Host
from meetguard.ui.application import run_gui
from meetguard.ui.main_window import SCANNING, MainWindow

paths.use_base_dir(Path(sys.argv[2]))
seen = {}


class FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if "modules" not in seen and event.type() == QEvent.Type.Paint and isinstance(
            watched, MainWindow
        ):
            seen["modules"] = sorted(sys.modules)
            maps = Path("/proc/self/maps")  # the libraries loaded by now (Linux)
            lines = maps.read_text().splitlines() if maps.exists() else []
            seen["libraries"] = sorted({line.split()[-1] for line in lines if ".so" in line})
            seen["page"] = "scanning" if watched.pages.currentIndex() == SCANNING else "other"
            watched.statusBar().messageChanged.connect(lambda _m: result(watched))
        return False


def result(window: MainWindow) -> None:
    if window.inspection is not None and "apps" not in seen:
        seen["apps"] = [a.key for a in window.journey.apps]
        QTimer.singleShot(0, done)


def done() -> None:
    seen["after_result"] = sorted(sys.modules)
    app.quit()


watcher = FirstPaint()
app.installEventFilter(watcher)
run_gui(open_core(None, Host.at_root(Path(sys.argv[1]), "linux")))
print(json.dumps(seen))
"""

# The catalog and the core's work load in the scan worker, after the paint; the rest only for
# what the window shows once the scan is in, an export or a terms check.
NOT_BEFORE_THE_FIRST_PAINT = (
    "meetguard.catalog",
    "meetguard.checklist",
    "meetguard.inventory.scanner",
    "meetguard.probes",
    "tomli",
    "meetguard.report",
    "meetguard.terms.check",
    "meetguard.store.store",
    "meetguard.ui.home_view",
    "meetguard.ui.app_view",
    "meetguard.ui.walk_view",
    "meetguard.ui.rights_view",
    "meetguard.ui.export_dialog",
    "keyring",
    "cryptography",
    "sqlite3",
    "datetime",
    "PySide6.QtNetwork",  # the single-instance socket is Python's own on Unix (~3 MiB less)
    "platform",  # nine regexes compiled on import; the host asks sys.platform
    "meetguard.inventory.registry",  # the .reg parser: only when a registry is read
)


def first_paint(tmp_path: Path) -> dict[str, list[str] | str]:
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(tmp_path / "user")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen: dict[str, list[str] | str] = json.loads(done.stdout.splitlines()[-1])
    return seen


def test_the_first_paint_loads_no_report_store_scan_or_result_views(tmp_path: Path) -> None:
    seen = first_paint(tmp_path)
    loaded = [
        name
        for name in seen["modules"]
        if any(name == m or name.startswith(m + ".") for m in NOT_BEFORE_THE_FIRST_PAINT)
    ]
    assert loaded == []
    assert seen["page"] == "scanning"
    # The window icon is drawn from PNGs: its SVG would load Qt's SVG module (~2 MiB).
    assert [lib for lib in seen["libraries"] if "Svg" in lib] == []
    # Nothing lost: the scan runs after the paint and its result reaches the window.
    assert seen["apps"] == ["zoom"]


def test_the_source_pyside_read_is_dropped_before_the_scan(qtbot: QtBot, tmp_path: Path) -> None:
    FakeLinux(tmp_path).zoom_deb()
    source = sys.modules[Services.__module__].__file__ or ""
    assert linecache.getlines(source) and source in linecache.cache
    window = MainWindow(Services.open(host=Host.at_root(tmp_path, "linux")))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.home.model.modelReset, timeout=10_000):
        window.start_scan()
    assert source not in linecache.cache


def test_start_and_the_first_scan_load_no_keyring_or_cipher(tmp_path: Path) -> None:
    """~20 MiB and ~100 ms: asked when the user comes to a note (tests/gui/test_notes_key.py)."""
    seen = first_paint(tmp_path)
    assert seen["apps"] == ["zoom"], "the scan result was shown"
    assert "meetguard.store.store" in seen["after_result"], "the store was opened"
    secrets = ("keyring", "cryptography", "meetguard.store.secrets")
    loaded = [m for m in seen["after_result"] if m.startswith(secrets)]
    assert loaded == []


def test_the_first_result_builds_the_home_view_only(tmp_path: Path) -> None:
    """One app's page and the guided walk are built when the user goes there (~1 MiB)."""
    seen = first_paint(tmp_path)
    assert seen["apps"] == ["zoom"]
    assert "meetguard.ui.home_view" in seen["after_result"]
    later = ("meetguard.ui.app_view", "meetguard.ui.walk_view", "meetguard.ui.rights_view")
    assert [m for m in seen["after_result"] if m in later] == []


# Not loaded by a Linux scan and its result either: what other platforms, other files or
# later pages need (each measured in the window's peak after its first scan).
NOT_FOR_A_LINUX_RESULT = (
    "html",  # entity tables ~0.5 MiB, only to escape: display_text.html_escaped
    "configparser",  # ~0.3 MiB: Firefox's profiles.ini and INI probes only
    "plistlib",  # with xml and pyexpat: macOS files only
    "meetguard.inventory.windows",
    "meetguard.inventory.macos",
    "meetguard.inventory.registry",
    "meetguard.ui.checklist_view",  # and its step editor: one app's page
    "meetguard.ui.step_editor",
)


def test_a_linux_result_loads_no_other_platform_or_later_page(tmp_path: Path) -> None:
    seen = first_paint(tmp_path)
    assert seen["apps"] == ["zoom"]
    loaded = [
        name
        for name in seen["after_result"]
        if any(name == m or name.startswith(m + ".") for m in NOT_FOR_A_LINUX_RESULT)
    ]
    assert loaded == []


def test_modules_imported_after_the_window_package_are_not_read_for_pyside() -> None:
    """Shiboken's import hook would read (and linecache keep) the source of every module
    imported after PySide6, to look for `from __feature__ import`; meetguard.ui turns that off.
    """
    probe = (
        "import linecache, sys\n"
        "import meetguard.ui\n"
        "import meetguard.ui.main_window\n"
        "seen = sys.modules['shibokensupport.feature'].pyside_feature_dict\n"
        "print(seen['meetguard.ui.workers'])\n"
        "print(sorted(f for f in linecache.cache if 'meetguard' in f))\n"
    )
    features, read = python_lines(probe)
    # workers.py imports PySide6: the hook's own check would have said 0 ("uses PySide").
    assert features == "-1", "registered by the hook as a module that selects no feature"
    assert read == "[]"


def test_a_note_kept_before_is_not_opened_by_start_and_the_first_scan(
    tmp_path: Path, catalog: Catalog
) -> None:
    """The journey leaves notes out: a user with notes also starts without the keyring."""
    from keyring.backends import fail

    from meetguard import paths
    from meetguard.store.secrets import NoteKeys
    from meetguard.store.store import Store

    zoom = catalog.get("zoom")
    assert zoom is not None
    step = zoom.checklist[0]
    paths.use_base_dir(tmp_path / "user")  # where the child's store will be
    store = Store(paths.store_path(), keys=NoteKeys(fail.Keyring()))
    store.mark("zoom", step.id, step.revision, "done", "told IT")
    store.close()
    paths.use_base_dir(tmp_path / "meetguard-user")
    seen = first_paint(tmp_path)
    assert seen["apps"] == ["zoom"]
    secrets = ("keyring", "cryptography", "meetguard.store.secrets")
    assert [m for m in seen["after_result"] if m.startswith(secrets)] == []

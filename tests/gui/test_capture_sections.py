"""The home view's note-taker and OS-capture sections, with real widgets."""

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.browserfake import OTTER, RECORDER, Ext, chromium_profile
from tests.gui.test_main_window import open_window


def _rows(window: object, section: str) -> list[str]:
    table = window.home.table_for(section)  # type: ignore[attr-defined]
    model = table.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_extensions_and_os_capture_have_their_own_sections(qtbot: QtBot, tmp_path: Path) -> None:
    linux = tmp_path / "linux"
    chrome = linux / "home/alice/.config/google-chrome"
    chromium_profile(
        chrome,
        "Default",
        [
            Ext(OTTER, "3.1.0", "Otter.ai"),
            Ext(RECORDER, "0.9", "Screen Recorder", permissions=["tabCapture"]),
        ],
        "Personal",
    )
    window = open_window(qtbot, linux)
    notetakers = _rows(window, "notetaker")
    assert "Otter.ai" in notetakers
    assert any(r.startswith("Screen Recorder (Google Chrome)") for r in notetakers)
    assert _rows(window, "os") == []
    assert window.home.sections["notetaker"][0].isVisible()

    windows = tmp_path / "windows"
    (windows / "Users/alice").mkdir(parents=True)
    window = open_window(qtbot, windows, "windows")
    assert set(_rows(window, "os")) == {"Windows Recall", "Copilot in Windows"}
    assert window.home.sections["os"][0].isVisible()


def test_a_turned_off_extension_says_so_and_the_status_bar_counts_every_row(
    qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "linux"
    chromium_profile(
        root / "home/alice/.config/google-chrome",
        "Default",
        [
            Ext(OTTER, "3.1.0", "Otter.ai", enabled=False),
            Ext(RECORDER, "0.9", "Screen Recorder", permissions=["tabCapture"]),
        ],
        "Personal",
    )
    window = open_window(qtbot, root)
    model = window.home.model
    found = {model.app(r).name: model.index(r, 1).data() for r in range(model.rowCount())}
    assert found["Otter.ai"] == "browser extension (turned off) · 3.1.0"
    assert found["Screen Recorder (Google Chrome)"] == "browser extension · 0.9"
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(f"Found {len(found)} app(s) that can touch a meeting")
    )

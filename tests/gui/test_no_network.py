"""The whole GUI path a user takes opens no network connection."""

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from meetguard.host import Host
from meetguard.services import Services
from meetguard.ui.export_dialog import ExportDialog
from meetguard.ui.main_window import MainWindow
from tests.conftest import NETWORK_ATTEMPTS, _real_socket
from tests.fakehost import FakeLinux


def _inet_sockets_held() -> set[str]:
    """This process's open IPv4/IPv6 sockets, bound or not, whoever made them (Qt included)."""
    found = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = str(fd.readlink())
            if not target.startswith("socket:"):
                continue
            held = _real_socket(fileno=int(fd.name))
        except OSError:
            continue  # closed meanwhile
        try:
            if held.family in (socket.AF_INET, socket.AF_INET6):
                found.add(target)
        finally:
            held.detach()
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
def test_scan_mark_export_opens_no_socket(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert NETWORK_ATTEMPTS == []
    held = [_inet_sockets_held()]
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb("6.2.11.5069")
    window = MainWindow(Services.open(host=Host.at_root(root, "linux")))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.home.model.modelReset, timeout=10_000):
        window.start_scan()
    held.append(_inet_sockets_held())
    window.open_app("zoom")
    window.app_view.tabs.setCurrentIndex(1)
    panel = window.app_view.checklist
    panel.table.selectRow(0)
    panel.editor.note.setText("<script>fetch('https://evil.example')</script>")
    qtbot.mouseClick(panel.editor.mark_buttons["done"], Qt.MouseButton.LeftButton)
    assert panel.model.status(0).state == "done"
    held.append(_inet_sockets_held())
    launched: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "launch", lambda self: launched.append(self))
    for fmt in ("html", "json", "md", "pdf"):
        target = tmp_path / f"report.{fmt}"
        window.export_action.trigger()
        dialog = launched.pop()
        dialog.format.setCurrentIndex(dialog.format.findData(fmt))

        def ask_save_path(_fmt: str, t: Path = target) -> Path:
            return t

        monkeypatch.setattr(dialog, "ask_save_path", ask_save_path)
        with qtbot.waitSignal(dialog.exported, timeout=20_000):
            dialog.save_button.click()
        assert target.stat().st_size > 0
        held.append(_inet_sockets_held())
    assert "<script>" not in (tmp_path / "report.html").read_text()
    assert NETWORK_ATTEMPTS == [], NETWORK_ATTEMPTS
    assert held == [set()] * len(held), "an IPv4/IPv6 socket was opened"

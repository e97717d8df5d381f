""" "Check terms now" in the window: confirmation, progress, cancel, and the card's result."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from meetguard.host import Host
from meetguard.services import Services
from meetguard.terms.check import CheckReport
from meetguard.ui.main_window import MainWindow
from meetguard.ui.rights_view import RightsPanel
from meetguard.ui.terms_dialog import TermsCheckDialog
from tests.terms.conftest import NetworkLog, write_catalog
from tests.terms.server import DocumentServer


def _services(tmp_path: Path, server: DocumentServer, routes: list[str]) -> Services:
    return Services.open(write_catalog(tmp_path / "catalog", server, routes))


def test_saying_no_connects_nowhere(
    qtbot: QtBot, tmp_path: Path, server: DocumentServer, loopback: NetworkLog
) -> None:
    services = _services(tmp_path, server, ["unchanged", "changed"])
    dialog = TermsCheckDialog(services, list(services.catalog.clients))
    qtbot.addWidget(dialog)
    asked: list[str] = []

    def no() -> bool:
        asked.append(dialog.confirm_text())
        return False

    dialog.ask = no  # type: ignore[method-assign]
    before = list(loopback.addresses)
    assert dialog.start() is False
    assert len(asked) == 1 and f"127.0.0.1:{server.port}" in asked[0]
    assert "2 document(s)" in asked[0]
    assert server.requests == [] and loopback.addresses == before
    assert not dialog.isVisible()


def test_progress_then_the_card_shows_each_result(
    qtbot: QtBot, tmp_path: Path, server: DocumentServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = _services(tmp_path, server, ["changed"])
    client = services.catalog.get("fx-changed")
    assert client is not None
    panel = RightsPanel(services)
    qtbot.addWidget(panel)
    panel.show_client(client)
    assert "re-checked" not in panel.browser.toPlainText()
    assert panel.check_button.isEnabled()
    unquoted = services.catalog.get("fx-changed")
    assert unquoted is not None
    panel.show_client(replace(unquoted, rights=()))
    assert not panel.check_button.isEnabled()
    panel.show_client(client)
    dialogs: list[TermsCheckDialog] = []

    def yes(self: TermsCheckDialog) -> bool:
        dialogs.append(self)
        return True

    monkeypatch.setattr(TermsCheckDialog, "ask", yes)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    (dialog,) = dialogs
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        pass
    assert dialog.progress.text() == "1 of 1 documents"
    assert dialog.close_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert "1 found, 1 not found" in dialog.summary.text()
    details = dialog.details.toPlainText()
    assert "fx-changed/terms: 1 of 2 quotes found" in details
    assert "Not found: Advertising and sale of data" in details
    card = panel.browser.toPlainText()
    assert "quote re-checked" in card and "found (the vendor's page)" in card
    assert "Quote not found" in card and "NOT FOUND, the terms may have changed" in card
    assert "The document now says: “We may sell your personal data to our partners.”" in card
    panel.grab().save(str(tmp_path / "card.png"))
    dialog.close()


def test_cancel_stops_the_document_being_read(
    qtbot: QtBot, tmp_path: Path, server: DocumentServer
) -> None:
    # files load in name order: fx-changed, fx-slow, fx-unchanged
    services = _services(tmp_path, server, ["changed", "slow", "unchanged"])
    dialog = TermsCheckDialog(services, list(services.catalog.clients))
    qtbot.addWidget(dialog)
    dialog.ask = lambda: True  # type: ignore[method-assign]
    assert dialog.start()
    assert dialog.isVisible() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: "fx-slow" in dialog.status.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "/slow" in server.requests, timeout=10_000)
    assert dialog.progress.value() == 1
    with qtbot.waitSignal(dialog.checked, timeout=20_000) as finished:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        # the window is free at once: it can be closed before the slow server answers
        assert dialog.close_button.isEnabled()
        assert "Cancelled" in dialog.status.text()
        # only now may the slow page answer: however loaded the machine, it comes after the cancel
        server.released.set()
    report = finished.args[0]
    assert isinstance(report, CheckReport)
    assert report.stopped == "cancelled by you"
    # the slow document was being read when the user cancelled: it is not judged
    assert [o.target.name for o in report.outcomes] == ["fx-changed/terms"]
    assert "/slow" in server.requests and "/unchanged" not in server.requests
    assert {c.client_id for c in services.store.terms_checks()} == {"fx-changed"}


def test_the_menu_checks_every_client_after_listing_hosts(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loopback: NetworkLog
) -> None:
    (tmp_path / "root" / "home" / "alice").mkdir(parents=True)
    services = Services.open(host=Host.at_root(tmp_path / "root", "linux"))
    window = MainWindow(services)
    qtbot.addWidget(window)
    asked: list[TermsCheckDialog] = []

    def no(self: TermsCheckDialog) -> bool:
        asked.append(self)
        return False

    monkeypatch.setattr(TermsCheckDialog, "ask", no)
    window.terms_action.trigger()
    (dialog,) = asked
    assert dialog.plan.hosts == services.terms_plan().hosts
    for host in dialog.plan.hosts:
        assert host in dialog.confirm_text()
    assert loopback.lookups == [] and loopback.outside == []

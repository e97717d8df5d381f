"""A step whose vendor page names no menu path says only where it is ("Desktop app"), in the
window and in every text report, never a surface followed by a dangling colon."""

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from meetguard.catalog.model import SURFACES, Catalog, Client
from meetguard.checklist import build_checklist
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from meetguard.report.model import build_report
from meetguard.report.render import render
from meetguard.ui.step_editor import step_html
from tests.fakehost import FakeLinux
from tests.reportdata import NOW

DANGLING = re.compile("(" + "|".join(re.escape(s) for s in SURFACES.values()) + r"):\s*(<|·|\.|$)")


def _jitsi(catalog: Catalog) -> Client:
    jitsi = catalog.get("jitsi-meet")
    assert jitsi is not None
    return jitsi


def test_the_catalog_has_steps_without_a_path(catalog: Catalog) -> None:
    jitsi = _jitsi(catalog)
    assert [s.id for s in jitsi.checklist if not s.path] == ["room-password", "recording-method"]


def test_the_window_names_only_the_surface_of_a_step_without_a_path(
    qtbot: QtBot, catalog: Catalog
) -> None:
    rows = build_checklist(_jitsi(catalog), None, None, {}, {}).rows
    for row in rows:
        where = step_html(row).split("</b> ", 2)[1]
        assert not DANGLING.search(where), where
        assert where.startswith(SURFACES[row.step.surface])


def test_the_reports_name_only_the_surface_of_a_step_without_a_path(
    catalog: Catalog, tmp_path: Path
) -> None:
    FakeLinux(tmp_path / "root").flatpak("org.jitsi.jitsi-meet", "2025.6.0")
    result = scan(Host.at_root(tmp_path / "root", "linux"), catalog)
    data = build_report(catalog, result, {}, [], {}, NOW)
    for fmt in ("html", "md"):
        text = render(data, fmt).decode()
        lines = [line for line in text.splitlines() if "Password for the room" in line]
        assert lines, fmt
        for line in lines:
            assert not DANGLING.search(line), (fmt, line)

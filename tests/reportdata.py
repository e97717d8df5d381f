"""A fake computer with two reviewed clients and one unknown calling app, and its report."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from meetguard.catalog.grading import Grade, grade, load_rubric
from meetguard.catalog.loader import load_catalog
from meetguard.catalog.model import Catalog
from meetguard.checklist import valid_account_type
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from meetguard.report.model import ReportData, build_report
from meetguard.resources import catalog_dir, rubric_path
from meetguard.store.store import Store
from tests.fakehost import FakeLinux

NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
EVIL = "<script>alert(1)</script> [x](javascript:x) **b** # h | @here \x1b[31m\x07 https://evil.example"

RIGHTS = "\n".join(
    f"""
[[rights]]
topic = "{topic}"
verdict = "{verdict}"
summary = "Example Meet's terms on {topic.replace("_", " ")}."
quote = "Example clause about {topic.replace("_", " ")}."
document = "terms"
verified = {verified}
"""
    for topic, verdict, verified in (
        ("content_licence", "broad", "true"),
        ("ai_training", "unknown", "false"),
        ("third_party_ai", "limited", "true"),
        ("service_data", "broad", "true"),
        ("retention", "protective", "true"),
        ("advertising_sale", "protective", "true"),
    )
)

EXAMPLE_MEET = f"""schema = 1

[client]
id = "examplemeet"
name = "Example Meet"
vendor = "Example Corp."
homepage = "https://meet.example.com"
kind = "desktop"
status = "active"
reviewed = 2026-03-01

[detect.linux]
flatpak = ["com.example.Meet"]

[[documents]]
id = "terms"
title = "Example Meet Terms"
url = "https://meet.example.com/terms"
kind = "terms"
last_updated = 2026-01-15
retrieved = 2026-03-01

[[documents]]
id = "help-ai"
title = "Example Meet help: AI notes"
url = "https://meet.example.com/help/ai"
kind = "help"
last_updated = 2026-02-10
retrieved = 2026-03-01

[[documents]]
id = "help-privacy"
title = "Example Meet help: privacy settings"
url = "https://meet.example.com/help/privacy"
kind = "help"
undated_reason = "the help page shows no date"
retrieved = 2026-03-01
{RIGHTS}
[[checklist]]
id = "ai-notes"
revision = 1
feature = "AI meeting notes"
what = "Writes notes from the transcript."
surface = "desktop"
path = ["Settings", "AI", "Meeting notes"]
recommended = "Off"
controlled_by = "user"
why = "Stops the transcript from leaving the meeting."
document = "help-ai"
verified = true

[[checklist]]
id = "telemetry"
revision = 1
feature = "Usage statistics"
what = "Sends usage data."
surface = "desktop"
path = ["Settings", "Privacy"]
recommended = "Off"
controlled_by = "user"
why = "Less service data."
document = "help-privacy"
verified = false
caveat = "Not checked on the newest release."
"""


def two_client_catalog(folder: Path) -> Catalog:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(catalog_dir() / "zoom.toml", folder / "zoom.toml")
    (folder / "examplemeet.toml").write_text(EXAMPLE_MEET, encoding="utf-8")
    result = load_catalog(folder)
    assert not result.errors, result.errors
    return result.catalog


def fake_computer(root: Path, user: str = "alice") -> Host:
    fake = FakeLinux(root, user)
    fake.zoom_deb("6.2.11.5069")
    fake.desktop(
        f"/home/{user}/.local/share/flatpak/exports/share/applications/com.example.Meet.desktop",
        "Example Meet",
        "flatpak run com.example.Meet",
        "VideoConference;",
    )
    fake.desktop("/usr/share/applications/evil.desktop", EVIL, "evil", "VideoConference;")
    return Host.at_root(root, "linux")


def sample_report(tmp_path: Path, redact: bool = False, grades: bool = True) -> ReportData:
    """The fake computer's report, with marks, notes and, unless told not to, the grades the
    shipped rubric gives (see `sample_grades` for what a face must show)."""
    catalog = two_client_catalog(tmp_path / "catalog")
    host = fake_computer(tmp_path / "root")
    store = Store(tmp_path / "store.sqlite3", clock=lambda: NOW)
    store.mark("zoom", "consent-settings", 1, "done", note=EVIL)
    store.mark("examplemeet", "telemetry", 1, "skipped", note="line one\nline two")
    result = scan(host, catalog)
    rubric = load_rubric(rubric_path()) if grades else None
    return build_report(
        catalog, result, store.marks(), store.ledger(), {}, NOW, redact, rubric=rubric
    )


def sample_grades(tmp_path: Path) -> dict[str, Grade]:
    """What the grading itself says of the sample's two clients, asked without the report."""
    rubric = load_rubric(rubric_path())
    found: dict[str, Grade] = {}
    for client in two_client_catalog(tmp_path / "grades-catalog").clients:
        graded = grade(client, valid_account_type(client, None), rubric)
        assert graded is not None and graded.letter, client.id
        found[client.id] = graded
    return found


SEVEN_APPS = ("zoom", "slack", "skype", "google-meet", "signal", "discord", "webex")


def seven_app_computer(root: Path, user: str = "alice") -> Host:
    """The issue's busy computer: seven reviewed apps installed seven ways, and qTox."""
    fake = FakeLinux(root, user)
    fake.busy_desktop()
    fake.snap("discord", "0.0.76")
    fake.file("/opt/Webex/bin/CiscoCollabHost", b"\x7fELF")
    fake.desktop("/usr/share/applications/webex.desktop", "Webex", "/opt/Webex/bin/CiscoCollabHost")
    return Host.at_root(root, "linux")


def seven_app_report(tmp_path: Path, catalog: Catalog | None = None) -> ReportData:
    """The seven-app computer with a mark of every kind, against the shipped catalog."""
    from meetguard.catalog.grading import load_rubric

    catalog = catalog or load_catalog(catalog_dir()).catalog
    host = seven_app_computer(tmp_path / "root")
    store = Store(tmp_path / "store.sqlite3", clock=lambda: NOW)
    states = ("done", "not-applicable", "skipped")
    for n, client_id in enumerate(SEVEN_APPS):
        client = catalog.get(client_id)
        assert client is not None, client_id
        for k, step in enumerate(client.checklist[:3]):
            note = "Asked IT on Monday." if (n + k) % 3 == 0 else ""
            store.mark(client_id, step.id, step.revision, states[(n + k) % 3], note=note)
    result = scan(host, catalog)
    assert {i.client_id for i in result.installations} == set(SEVEN_APPS)
    rubric = load_rubric(catalog_dir() / "rubric.toml")
    return build_report(catalog, result, store.marks(), store.ledger(), {}, NOW, rubric=rubric)


def repeated(data: ReportData, copies: int) -> ReportData:
    """The report with its apps and its ledger repeated, to make a long PDF."""
    from dataclasses import replace

    return replace(data, clients=data.clients * copies, ledger=data.ledger * copies)


def copies_for(data: ReportData, pages: int) -> int:
    """How many copies of the report make a PDF of at least `pages` pages.

    Pages grow linearly with the copies (the benchmark checks it), so two small
    typesettings give the line, and the long report is not typeset just to be counted.
    Each count is a whole number of pages, so their difference may be one page more than
    the copies really add: the slope is taken one page lower, never too steep.
    """
    from math import ceil

    from meetguard.report.pdf import page_count

    few, more = 2, 6
    low, high = page_count(repeated(data, few)), page_count(repeated(data, more))
    per_copy = (high - low - 1) / (more - few)
    if high >= pages or per_copy <= 0:
        return next(n for n in range(1, more + 1) if page_count(repeated(data, n)) >= pages)
    return more + ceil((pages - high) / per_copy * 1.03) + 1


def long_report(tmp_path: Path, pages: int) -> ReportData:
    """The seven-app report repeated until its PDF has at least `pages` pages."""
    data = seven_app_report(tmp_path)
    return repeated(data, copies_for(data, pages))

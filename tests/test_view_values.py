"""Every face reads one set of view values: breaking the shared rule changes every face.

The rule broken on purpose is the "unverified" one (meetguard.views): made to
flag every statement with a marker word, the marker must reach the rights card,
the command line (text and JSON), each report format and the checklist table.
A face that worked the flag out again on its own would keep its old output.
"""

import dataclasses
import datetime as dt
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from meetguard import views
from meetguard.app import main as run
from meetguard.catalog.model import VERDICT_LABELS, VERDICTS, Catalog, Client
from meetguard.checklist import STATE_LABELS_ALL, build_checklist
from meetguard.report.render import render
from meetguard.ui.models import ChecklistModel
from meetguard.ui.rights_view import rights_html
from tests.fakehost import FakeLinux
from tests.reportdata import sample_report

MARKER = "zzsharedflag"
# A face's text, and how many statements in it must carry the flag once the rule is broken.
Face = Callable[[Path, Catalog, pytest.CaptureFixture[str]], tuple[str, int]]


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert run(argv) == 0
    return capsys.readouterr().out


def _zoom(catalog: Catalog) -> Client:
    zoom = catalog.get("zoom")
    assert zoom is not None
    return zoom


def _card(_: Path, catalog: Catalog, __: pytest.CaptureFixture[str]) -> tuple[str, int]:
    zoom = _zoom(catalog)
    html = rights_html(zoom, "all", dt.date(2026, 11, 28), None, 180)
    return html, len(zoom.rights_for("all")) + len(zoom.history)


def _cli_text(_: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]) -> tuple[str, int]:
    return _cli(["rights", "zoom"], capsys), len(_zoom(catalog).rights_for("all"))


def _cli_json(_: Path, __: Catalog, capsys: pytest.CaptureFixture[str]) -> tuple[str, int]:
    (client,) = json.loads(_cli(["rights", "zoom", "--json"], capsys))["clients"]
    flagged = [x for x in client["rights"] + client["history"] if x["unverified"]]
    return MARKER * len(flagged), len(client["rights"]) + len(client["history"])


def _cli_checklist(
    tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> tuple[str, int]:
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb("6.2.11.5069")
    out = _cli(["checklist", "zoom", "--root", str(root), "--platform", "linux"], capsys)
    return out, len(_zoom(catalog).steps_for("all"))


def _report(fmt: str) -> Face:
    def face(tmp_path: Path, _: Catalog, __: pytest.CaptureFixture[str]) -> tuple[str, int]:
        data = sample_report(tmp_path)
        statements = sum(len(c.rights) + len(c.steps) for c in data.clients)
        body = render(data, fmt)
        if fmt == "json":
            found = json.loads(body)
            rows = [x for c in found["clients"] for x in c["rights"] + c["steps"]]
            return MARKER * sum(x["unverified"] for x in rows), statements
        if fmt == "pdf":
            path = tmp_path / "r.pdf"
            path.write_bytes(body)
            out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
            return out.stdout.decode("utf-8"), statements
        return body.decode("utf-8"), statements

    return face


FACES: dict[str, Face] = {
    "rights card": _card,
    "cli rights text": _cli_text,
    "cli rights json": _cli_json,
    "cli checklist text": _cli_checklist,
    "report html": _report("html"),
    "report md": _report("md"),
    "report pdf": _report("pdf"),
    "report json": _report("json"),
}


def _break_the_shared_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "UNVERIFIED", MARKER)
    monkeypatch.setattr(views, "is_unverified", lambda verified, verdict="": True)


@pytest.mark.parametrize("name", FACES)
def test_breaking_the_shared_unverified_rule_changes_the_face(
    name: str,
    qtbot: QtBot,  # the widgets' application, before the PDF writer would make its own
    tmp_path: Path,
    catalog: Catalog,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    face = FACES[name]
    text, statements = face(tmp_path / "before", catalog, capsys)
    before = text.lower().count(MARKER)
    _break_the_shared_rule(monkeypatch)
    text, _ = face(tmp_path / "after", catalog, capsys)
    after = text.lower().count(MARKER)
    assert before < statements <= after, (before, statements, after)


def test_breaking_the_shared_rule_changes_the_checklist_table(
    qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    zoom = catalog.get("zoom")
    assert zoom is not None
    model = ChecklistModel()
    model.set_rows(build_checklist(zoom, None, None, {}, {}).rows)
    shown = [str(model.data(model.index(r, model.FEATURE))) for r in range(model.rowCount())]
    assert not any(MARKER in s for s in shown)
    _break_the_shared_rule(monkeypatch)
    shown = [str(model.data(model.index(r, model.FEATURE))) for r in range(model.rowCount())]
    assert all(MARKER in s for s in shown)


def test_no_face_prints_a_raw_verdict_or_state_id(
    tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where a face names a verdict or a state it uses the label: "Broad", not "broad"."""
    labels = set(VERDICT_LABELS.values())
    text = _cli_text(tmp_path, catalog, capsys)[0]
    verdicts = re.findall(r"^  [^:\n]+: ([A-Za-z _]+?)(?: \[| —)", text, re.M)
    assert verdicts and set(verdicts) <= labels, set(verdicts) - labels
    card = _card(tmp_path, catalog, capsys)[0]
    shown = re.findall(r"<td [^>]*style=\"background:[^\"]*\"><b>([^<]+)</b>", card)
    assert shown and set(shown) <= labels, set(shown) - labels
    steps = _cli_checklist(tmp_path, catalog, capsys)[0]
    states = re.findall(r"^\[([^\]]+)\]", steps, re.M)
    assert states and not set(states) & set(STATE_LABELS_ALL), states
    for fmt in ("html", "md"):
        body = render(sample_report(tmp_path / fmt), fmt).decode("utf-8")
        for raw in [*VERDICTS, *STATE_LABELS_ALL]:
            # An id is written lower case; a label starts with a capital.
            assert not re.search(rf"[>|(\[] ?\*{{0,2}}{re.escape(raw)}\b", body), (fmt, raw)


@pytest.mark.parametrize("name", ["rights card", "cli checklist text", "report html", "report md"])
def test_a_step_or_event_shows_its_source_through_the_shared_source_view(
    name: str,
    qtbot: QtBot,
    tmp_path: Path,
    catalog: Catalog,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where a face names what a step or a history event rests on, it reads the SourceView."""
    face = FACES[name]
    before = face(tmp_path / "before", catalog, capsys)[0].lower().count(MARKER)
    shared = views.source_view
    monkeypatch.setattr(
        views,
        "source_view",
        lambda doc: dataclasses.replace(shared(doc), short=MARKER, kind_label=MARKER),
    )
    after = face(tmp_path / "after", catalog, capsys)[0].lower().count(MARKER)
    assert before == 0 and after > 0, (before, after)

import json
from pathlib import Path

import pytest

from meetguard.app import main as run
from meetguard.catalog.grading import grade, load_rubric
from meetguard.catalog.model import Catalog
from meetguard.resources import rubric_path
from tests.fakehost import FakeLinux


@pytest.fixture
def fake_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb("6.2.11.5069")
    return root


def test_scan_json(fake_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", "--root", str(fake_root), "--platform", "linux", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["host"]["home"] == "/home/alice"
    (inst,) = data["installations"]
    assert {inst["client"], inst["version"], inst["source"]} == {"zoom", "6.2.11.5069", "deb"}
    assert inst["evidence"] and data["warnings"] == []


def test_scan_text_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "home" / "bob").mkdir(parents=True)
    assert run(["scan", "--root", str(tmp_path), "--platform", "linux"]) == 0
    assert "No conferencing clients found" in capsys.readouterr().out


def test_rights_json(capsys: pytest.CaptureFixture[str], catalog: Catalog) -> None:
    assert run(["rights", "zoom", "--json"]) == 0
    (client,) = json.loads(capsys.readouterr().out)["clients"]
    assert client["id"] == "zoom"
    right = client["rights"][0]
    assert set(right) >= {
        "topic",
        "verdict",
        "summary",
        "quote",
        "document",
        "url",
        "document_date",
        "document_kind",
        "document_effective",
        "document_undated_reason",
        "document_retrieved",
        "verified",
    }
    assert (right["document_kind"], right["document_effective"]) == ("terms", "2023-08-11")
    assert {h["date"] for h in client["history"]} >= {"2023-03-31", "2023-08-07", "2023-08-11"}
    zoom = catalog.get("zoom")
    assert zoom is not None
    expected = grade(zoom, "all", load_rubric(rubric_path()))
    assert expected is not None and expected.letter
    assert client["grades"]["all"]["letter"] == expected.letter
    assert client["grades"]["all"]["reasons"]


def test_mark_then_checklist(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["mark", "zoom", "consent-settings", "done", "--note", "all off"]) == 0
    capsys.readouterr()
    assert run(["checklist", "zoom", "--json"]) == 0
    steps = {s["id"]: s for s in json.loads(capsys.readouterr().out)["steps"]}
    assert steps["consent-settings"]["state"] == "done"
    assert steps["consent-settings"]["note"] == "all off"
    assert steps["ai-companion-meeting-summary"]["state"] == "pending"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rights", "nosuch"], "unknown client 'nosuch'"),
        (["mark", "zoom", "nosuch", "done"], "has no step 'nosuch'"),
        (["scan", "--root", "/nonexistent/x"], "is not a folder"),
        (["report", "-o", "/nonexistent/dir/r.html"], "does not exist"),
        (["report", "-o", "r.txt"], "cannot tell the format"),
    ],
)
def test_user_errors_are_one_sentence(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], fake_root: Path
) -> None:
    if argv[0] == "report":
        argv = [*argv, "--root", str(fake_root), "--platform", "linux"]
    assert run(argv) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_report_html(fake_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert run(["report", "-o", str(out), "--root", str(fake_root), "--platform", "linux"]) == 0
    html = out.read_text()
    assert "Zoom Workplace" in html and "6.2.11.5069" in html


def test_catalog_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["catalog", "validate"]) == 0
    (tmp_path / "bad.toml").write_text("schema = 1\n[client]\nid = 'bad'\n")
    assert run(["catalog", "validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "bad.toml: client, field 'name': is missing" in out


def test_account_type_is_chosen_and_remembered(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["account", "teams"]) == 0
    assert "Personal" in capsys.readouterr().out
    assert run(["account", "teams", "business"]) == 0
    capsys.readouterr()
    assert run(["rights", "teams", "--json"]) == 0
    (client,) = json.loads(capsys.readouterr().out)["clients"]
    assert client["account_type"] == "business"
    assert set(client["grades"]) == {"personal", "business"}
    assert run(["account", "zoom", "business"]) == 1
    assert "do not differ" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "marker"), [("r.md", "# Personal privacy report"), ("r.json", '"schema_version": 2')]
)
def test_report_format_from_suffix(fake_root: Path, tmp_path: Path, name: str, marker: str) -> None:
    out = tmp_path / name
    argv = ["report", "-o", str(out), "--root", str(fake_root), "--platform", "linux", "--redact"]
    assert run(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert marker in text and "Zoom Workplace" in text and "alice" not in text


def test_scan_does_not_touch_the_users_store(fake_root: Path) -> None:
    from meetguard import paths

    assert run(["scan", "--root", str(fake_root), "--platform", "linux"]) == 0
    assert not paths.store_path().exists()


def test_checklist_shows_probe_results_for_the_inspected_computer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import plistlib

    root = tmp_path / "mac"
    (root / "Users" / "alice").mkdir(parents=True)
    prefs = root / "Library" / "Preferences"
    prefs.mkdir(parents=True)
    (prefs / "us.zoom.config.plist").write_bytes(plistlib.dumps({"zDisableCMR": True}))
    assert run(["checklist", "zoom", "--json", "--root", str(root), "--platform", "macos"]) == 0
    steps = {s["id"]: s for s in json.loads(capsys.readouterr().out)["steps"]}
    assert steps["cloud-recording"]["on_this_computer"]["state"] == "configured"
    assert steps["consent-settings"]["on_this_computer"] is None


def test_rights_text_names_source_kind_and_undated(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rights", "mumble"]) == 0
    out = capsys.readouterr().out
    assert "Vendor's help or marketing page (primary source); undated: A repository README" in out
    assert "read 2026-11-28" in out


def test_rights_without_enough_evidence_show_no_letter(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rights", "ringcentral"]) == 0
    out = capsys.readouterr().out
    assert "Not enough evidence" in out and "Grade " not in out
    assert run(["rights", "ringcentral", "--json"]) == 0
    (client,) = json.loads(capsys.readouterr().out)["clients"]
    graded = client["grades"]["all"]
    assert graded["letter"] is None and "ai_training" in graded["missing"]

"""`--catalog DIR`, before the command, loads another catalog folder for every face."""

import json
import shutil
from pathlib import Path

import pytest

from meetguard import app
from meetguard.app import main as run
from meetguard.resources import catalog_dir
from meetguard.services import Services
from tests.fakehost import FakeLinux


@pytest.fixture
def trial(tmp_path: Path) -> Path:
    """A contributor's folder: the rubric and one client file being tried under a new name."""
    folder = tmp_path / "trial"
    folder.mkdir()
    shutil.copy(catalog_dir() / "rubric.toml", folder)
    text = (catalog_dir() / "zoom.toml").read_text(encoding="utf-8")
    (folder / "zoom.toml").write_text(
        text.replace('name = "Zoom Workplace"', 'name = "Zoom (trial)"', 1), encoding="utf-8"
    )
    return folder


def test_rights_reads_the_given_catalog(trial: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--catalog", str(trial), "rights", "--json"]) == 0
    clients = json.loads(capsys.readouterr().out)["clients"]
    assert [(c["id"], c["name"]) for c in clients] == [("zoom", "Zoom (trial)")]
    assert clients[0]["grades"], "the folder's rubric grades its client"
    assert run(["rights", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["clients"]) > 1, "the shipped one otherwise"


def test_every_command_reads_it(
    trial: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "root"
    fake = FakeLinux(root)
    fake.zoom_deb()
    fake.web_app("Google Meet", "kjgfgldnnfoeklkmfkjfagphfepbbdan")  # not in the trial folder
    host = ["--root", str(root), "--platform", "linux"]
    given = ["--catalog", str(trial)]

    assert run([*given, "scan", "--json", *host]) == 0
    found = json.loads(capsys.readouterr().out)["installations"]
    assert {i["client"] for i in found} == {"zoom"}
    assert run([*given, "checklist", "--json", *host]) == 0
    assert {s["client"] for s in json.loads(capsys.readouterr().out)["steps"]} == {"zoom"}
    assert run([*given, "account", "google-meet"]) == 1
    assert "unknown client 'google-meet'" in capsys.readouterr().err
    report = tmp_path / "r.json"
    assert run([*given, "report", "-o", str(report), *host]) == 0
    assert [c["name"] for c in json.loads(report.read_text())["clients"]] == ["Zoom (trial)"]
    assert run([*given, "catalog", "validate"]) == 0
    assert "in " + str(trial) in capsys.readouterr().err


def test_the_window_opens_on_it(trial: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Services] = []

    def open_window(services: Services) -> int:
        opened.append(services)
        return 0

    monkeypatch.setattr(app, "open_window", open_window)
    assert run(["--catalog", str(trial)]) == 0
    assert run(["--catalog", str(trial), "gui"]) == 0
    assert run(["gui"]) == 0
    names = [[c.name for c in s.catalog.clients] for s in opened]
    assert names[0] == names[1] == ["Zoom (trial)"]
    assert len(names[2]) > 1


def test_a_folder_that_is_not_there_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--catalog", str(tmp_path / "nope"), "rights"]) == 1
    assert "--catalog" in capsys.readouterr().err


def test_help_says_where_it_goes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["--help"])
    assert "meetguard --catalog DIR rights" in " ".join(capsys.readouterr().out.split())

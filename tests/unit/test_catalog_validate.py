"""`catalog validate` fails, naming the files, on what would mislead a scan or a grade."""

import datetime as dt
import shutil
from dataclasses import fields
from pathlib import Path

import pytest

from meetguard.app import main as run
from meetguard.catalog.loader import load_catalog, validate_catalog
from meetguard.catalog.model import Footprints, footprint_fields
from meetguard.host import PLATFORMS, Host
from meetguard.inventory.scanner import scan
from meetguard.resources import catalog_dir
from tests.fakehost import FakeLinux

TODAY = dt.date(2026, 12, 1)
SHIPPED = load_catalog(catalog_dir()).catalog


def _folder(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for name in (*names, "rubric.toml"):
        shutil.copy(catalog_dir() / name, folder / name)
    return folder


def _clone(folder: Path, detect: str, client_id: str = "clone") -> None:
    """A client whose only footprint is `detect`; files load in name order, so whichever of
    two claimants comes second is the one refused."""
    (folder / f"{client_id}.toml").write_text(
        f'schema = 1\n\n[client]\nid = "{client_id}"\nname = "Clone"\nvendor = "V"\n'
        'homepage = "https://example.com"\nkind = "desktop"\nstatus = "retired"\n'
        f"status_date = 2026-01-01\nreviewed = 2026-11-01\n\n{detect}",
        encoding="utf-8",
    )


def test_a_copy_of_zoom_under_a_new_id_fails_naming_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, "zoom.toml")
    text = (folder / "zoom.toml").read_text(encoding="utf-8")
    (folder / "zoom-copy.toml").write_text(
        text.replace('id = "zoom"', 'id = "zoom-copy"', 1), encoding="utf-8"
    )
    problems = [str(p) for p in validate_catalog(folder, today=TODAY)]
    assert any(
        "detect.linux, field 'deb'" in p and "zoom.toml" in p and "zoom-copy.toml" in p
        for p in problems
    ), problems
    assert run(["catalog", "validate", str(folder)]) == 1
    said = capsys.readouterr()
    assert any(
        "zoom-copy.toml" in line and "zoom.toml:" in line for line in said.out.splitlines()
    ), said.out
    assert "problem(s)" in said.err


def test_a_shared_footprint_says_which_file_loaded_and_asks_to_fix_one_of_the_two(
    tmp_path: Path,
) -> None:
    """Files load in name order, so the copy (zoom-copy.toml) loads and the original is the one
    refused: the problem must say so, or the author goes to fix the wrong file."""
    folder = _folder(tmp_path, "zoom.toml")
    text = (folder / "zoom.toml").read_text(encoding="utf-8")
    (folder / "zoom-copy.toml").write_text(
        text.replace('id = "zoom"', 'id = "zoom-copy"', 1), encoding="utf-8"
    )
    loaded = load_catalog(folder)
    assert [c.id for c in loaded.catalog.clients] == ["zoom-copy"]
    deb = [str(e) for e in loaded.errors if e.field == "deb"]
    assert deb == [
        "zoom.toml: detect.linux, field 'deb': 'zoom' is also in zoom-copy.toml, which loaded "
        "first (files load in name order); one installation would show as two clients: take it "
        "out of one of the two files"
    ]
    assert all(
        e.file == "zoom.toml" and "zoom-copy.toml, which loaded" in str(e) for e in loaded.errors
    )


def test_a_zoom_deb_is_one_installation_even_with_a_copy_of_zoom(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "zoom.toml")
    text = (folder / "zoom.toml").read_text(encoding="utf-8")
    (folder / "zoom-copy.toml").write_text(
        text.replace('id = "zoom"', 'id = "zoom-copy"', 1), encoding="utf-8"
    )
    root = tmp_path / "root"
    FakeLinux(root).zoom_deb("6.2.11.5069")
    found = scan(Host.at_root(root, "linux"), load_catalog(folder).catalog)
    assert len(found.installations) == 1, found.installations


def _shipped_value(platform: str, kind: str) -> tuple[str, str] | None:
    """A value of this footprint kind from the shipped catalog, and the file that has it."""
    for client in SHIPPED.clients:
        values = getattr(client.footprints(platform), kind)
        if values and not client.terms_from:
            return client.source_file, values[0]
    return None


CLAIMS = [
    (platform, kind)
    for platform in PLATFORMS
    for kind in footprint_fields(platform)
    if kind != "uninstall_publishers" and _shipped_value(platform, kind) is not None
]


def test_every_footprint_kind_the_catalog_uses_is_checked() -> None:
    used = {(p, f.name) for c in SHIPPED.clients for p in c.detect for f in fields(Footprints)}
    used = {(p, k) for p, k in used if any(getattr(c.footprints(p), k) for c in SHIPPED.clients)}
    assert used - {(p, "uninstall_publishers") for p in PLATFORMS} == set(CLAIMS)
    assert len(CLAIMS) >= 12


@pytest.mark.parametrize(("platform", "kind"), CLAIMS)
def test_two_clients_claiming_one_footprint_fail(tmp_path: Path, platform: str, kind: str) -> None:
    found = _shipped_value(platform, kind)
    assert found is not None
    owner, value = found
    folder = _folder(tmp_path, owner)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    _clone(folder, f'[detect.{platform}]\n{kind} = ["{escaped}"]\n')
    problems = [str(p) for p in validate_catalog(folder, today=TODAY)]
    assert any(
        f"detect.{platform}, field '{kind}'" in p and owner in p and "clone.toml" in p
        for p in problems
    ), problems


def test_one_publisher_may_ship_several_clients(tmp_path: Path) -> None:
    found = _shipped_value("windows", "uninstall_publishers")
    assert found is not None
    owner, value = found
    folder = _folder(tmp_path, owner)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    _clone(
        folder,
        f'[detect.windows]\nuninstall_names = ["^Clone$"]\nuninstall_publishers = ["{escaped}"]\n',
    )
    assert validate_catalog(folder, today=TODAY) == []


@pytest.mark.parametrize(
    ("store", "ext_id"),
    [
        ("chromium", "a" * 32),
        ("edge", "b" * 32),
        ("firefox", "{12345678-abcd-4abc-8abc-123456789abc}"),
    ],
)
def test_two_clients_claiming_one_extension_id_fail(
    tmp_path: Path, store: str, ext_id: str
) -> None:
    folder = _folder(tmp_path)
    for client_id in ("first", "second"):
        _clone(folder, f'[detect.extensions]\n{store} = ["{ext_id}"]\n', client_id)
    problems = [str(p) for p in validate_catalog(folder, today=TODAY)]
    assert problems == [
        f"second.toml: detect.extensions, field '{store}': '{ext_id}' is also in first.toml, "
        "which loaded first (files load in name order); one installation would show as two "
        "clients: take it out of one of the two files"
    ]


def test_an_empty_folder_fails(tmp_path: Path) -> None:
    problems = [str(p) for p in validate_catalog(tmp_path, today=TODAY)]
    assert any(str(tmp_path) in p and "holds no client files" in p for p in problems), problems


RUBRIC = (catalog_dir() / "rubric.toml").read_text(encoding="utf-8")


def _rubric_line(key: str) -> str:
    return next(line for line in RUBRIC.splitlines() if line.startswith(f"{key} = "))


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (_rubric_line("retention") + "\n", "", "must weigh every topic"),
        (_rubric_line("retention"), 'retention = "heavy"', "finite"),
        (_rubric_line("broad") + "\n", "", "must give points for"),
        (_rubric_line("protective"), "protective = [4]", "finite"),
    ],
    ids=["weights miss a topic", "weight not a number", "verdict points missing", "points a list"],
)
def test_a_broken_rubric_fails_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, words: str
) -> None:
    folder = _folder(tmp_path, "zoom.toml")
    assert old in RUBRIC
    (folder / "rubric.toml").write_text(RUBRIC.replace(old, new, 1), encoding="utf-8")
    problems = [str(p) for p in validate_catalog(folder, today=TODAY)]
    assert any(p.startswith("rubric.toml: ") and words in p for p in problems), problems
    assert run(["catalog", "validate", str(folder)]) == 1
    assert "rubric.toml: " in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["uninstall_names", "uninstall_publishers"])
def test_a_regular_expression_that_does_not_compile_fails(tmp_path: Path, kind: str) -> None:
    folder = _folder(tmp_path)
    names = "" if kind == "uninstall_names" else 'uninstall_names = ["^Clone$"]\n'
    _clone(folder, f'[detect.windows]\n{names}{kind} = ["^Clone($"]\n')
    problems = [str(p) for p in validate_catalog(folder, today=TODAY)]
    assert any(
        p.startswith(f"clone.toml: detect.windows, field '{kind}'")
        and "not a regular expression" in p
        for p in problems
    ), problems

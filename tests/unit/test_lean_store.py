"""Commands that read no note load no keyring and leave the user's backups alone (#20)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from meetguard.store.store import Store
from tests.conftest import MemoryKeyring

_PROBE = (
    "import json, sys\n"
    "from meetguard.app import main as run\n"
    "code = run(sys.argv[1:])\n"
    "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('keyring', 'cryptography'))\n"
    "print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)\n"
)


def _run(tmp_path: Path, *argv: str) -> tuple[int, list[str]]:
    """Run one CLI command in a fresh process: (exit code, keyring/cipher modules it loaded)."""
    env = os.environ | {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    found = json.loads(result.stderr.splitlines()[-1])
    return int(found["code"]), list(found["heavy"])


def _backups(tmp_path: Path) -> dict[str, int]:
    folder = tmp_path / "data" / "MeetGuard" / "backups"
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_reading_commands_import_no_keyring_and_take_no_backup(tmp_path: Path) -> None:
    # Two writing runs: the second one's first write takes the day's backup.
    assert _run(tmp_path, "mark", "zoom", "consent-settings", "done")[0] == 0
    code, heavy = _run(tmp_path, "mark", "zoom", "consent-settings", "skipped")
    assert code == 0 and heavy == [], "a mark without a note needs no key"
    before = _backups(tmp_path)
    assert len(before) == 1
    for argv in (["rights", "--json"], ["rights"], ["scan", "--json"], ["checklist", "--json"]):
        code, heavy = _run(tmp_path, *argv)
        assert code == 0, argv
        assert heavy == [], f"{argv} imported {heavy}"
        assert _backups(tmp_path) == before, f"{argv} changed the backups"


def test_a_note_asks_the_keyring(tmp_path: Path) -> None:
    code, heavy = _run(tmp_path, "mark", "zoom", "consent-settings", "done", "--note", "n")
    assert code == 0 and "keyring" in heavy
    code, heavy = _run(tmp_path, "checklist", "--json")
    assert code == 0 and "keyring" in heavy, "reading a stored note needs the key"


@pytest.mark.parametrize("with_note", [False, True])
def test_the_key_is_asked_on_the_first_note_only(
    tmp_path: Path, memory_keyring: MemoryKeyring, with_note: bool
) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).mark("zoom", "a", 1, "done", note="sealed" if with_note else "")
    store = Store(path)
    assert store.account_type("zoom") is None and store.added_apps() == []
    assert bool(memory_keyring.secrets) is with_note, "a key is made for the first note only"
    asked: list[str] = []
    real_get = memory_keyring.get_password

    def counting_get(service: str, username: str) -> str | None:
        asked.append(username)
        return real_get(service, username)

    memory_keyring.get_password = counting_get  # type: ignore[method-assign]
    assert store.marks()[("zoom", "a")].note == ("sealed" if with_note else "")
    assert bool(asked) is with_note
    store.marks()
    assert len(asked) <= 1, "asked once per open store, not per read"

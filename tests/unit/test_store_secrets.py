"""Notes at rest: encrypted with a keyring-held key, and told plainly when that is not possible."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from meetguard import APP_ID
from meetguard.app import main as run
from meetguard.store.notes import UNREADABLE_NOTE
from meetguard.store.secrets import NoteKeys, is_secure
from meetguard.store.store import Store
from tests.conftest import LockedKeyring, MemoryKeyring

REPO = Path(__file__).resolve().parents[2]


def _raw(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _stored_notes(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return [r[0] for t in ("marks", "ledger") for r in db.execute(f"SELECT note FROM {t}")]


def test_notes_and_ledger_are_encrypted_at_rest(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "s.sqlite3"
    store = Store(path)
    assert store.notices == []
    store.mark("zoom", "a", 1, "skipped", note="HR said I must keep transcripts on")
    store.mark("zoom", "a", 1, "done", note="turned off with IT's approval")
    store.close()
    raw = _raw(path)
    assert b"transcripts" not in raw and b"approval" not in raw
    assert all(n.startswith("mgenc1:") for n in _stored_notes(path))
    ((service, account),) = memory_keyring.secrets
    assert service == APP_ID and account.startswith("notes-key-")
    again = Store(path)
    assert again.marks()[("zoom", "a")].note == "turned off with IT's approval"
    assert [m.note for m in again.ledger()] == [
        "HR said I must keep transcripts on",
        "turned off with IT's approval",
    ]


class _LowPriority(MemoryKeyring):
    priority = 0.5  # type: ignore[assignment]


class _AltLike(MemoryKeyring):
    pass


_AltLike.__module__ = "keyrings.alt.file"


@pytest.mark.parametrize(
    ("backend", "secure"),
    [
        (MemoryKeyring(), True),
        (fail.Keyring(), False),
        (null.Keyring(), False),
        (_LowPriority(), False),
        (_AltLike(), False),
    ],
)
def test_backend_classification(backend: KeyringBackend, secure: bool) -> None:
    assert is_secure(backend) is secure


def test_chainer_is_secure_only_when_every_backend_is(monkeypatch: pytest.MonkeyPatch) -> None:
    chain = chainer.ChainerBackend()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [MemoryKeyring(), fail.Keyring()])
    assert not is_secure(chain)
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [MemoryKeyring()])
    assert is_secure(chain)


def test_no_secure_store_is_said_once_and_notes_stay_plain(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    path = tmp_path / "s.sqlite3"
    store = Store(path)
    store.mark("zoom", "b", 1, "done")
    assert store.notices == [], "no note read or written yet: nothing to say"
    store.mark("zoom", "a", 1, "done", note="plain but private")
    (notice,) = store.notices
    assert "No secure password store" in notice and "keyring.backends.fail.Keyring" in notice
    assert "unencrypted" in notice
    store.close()
    assert sorted(_stored_notes(path)) == ["", "", "plain but private", "plain but private"]
    again = Store(path)
    assert again.marks()[("zoom", "a")].note == "plain but private"
    assert again.notices == []


def test_cli_prints_the_notice_once(capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(fail.Keyring())
    assert run(["mark", "zoom", "consent-settings", "done", "--note", "n"]) == 0
    first = capsys.readouterr().err.splitlines()
    assert len(first) == 1 and "No secure password store" in first[0]
    assert run(["mark", "zoom", "consent-settings", "skipped"]) == 0
    assert capsys.readouterr().err == ""


def test_key_deleted_between_two_runs(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    path = tmp_path / "s.sqlite3"
    store = Store(path)
    store.mark("zoom", "a", 1, "done", note="only I know this")
    store.mark("zoom", "b", 1, "skipped")
    store.close()
    saved = dict(memory_keyring.secrets)
    memory_keyring.secrets.clear()

    second = Store(path)
    marks = second.marks()
    (notice,) = second.notices
    assert "no longer in your keyring" in notice and "marks are kept" in notice
    assert (marks[("zoom", "a")].state, marks[("zoom", "a")].note) == ("done", UNREADABLE_NOTE)
    assert marks[("zoom", "b")].state == "skipped"
    assert [m.note for m in second.ledger()] == [UNREADABLE_NOTE, ""]
    # The form sends the placeholder back when the user re-marks: the sealed note is kept.
    second.mark("zoom", "a", 1, "done", note=UNREADABLE_NOTE)
    second.mark("zoom", "c", 1, "done", note="new note, new key")
    second.close()
    assert "only I know this" not in str(_raw(path))

    third = Store(path)
    assert third.marks()[("zoom", "c")].note == "new note, new key"
    assert third.notices == [], "the missing key is explained once"
    third.close()

    memory_keyring.secrets.update(saved)
    restored = Store(path)
    assert restored.marks()[("zoom", "a")].note == "only I know this"
    assert restored.marks()[("zoom", "c")].note == "new note, new key"


def test_keyring_error_is_told_and_marks_still_save(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    locked = LockedKeyring()
    store = Store(path, keys=NoteKeys(locked))
    store.mark("zoom", "a", 1, "done", note="written while locked")
    (notice,) = store.notices
    assert "locked" in notice and "unencrypted until the keyring works again" in notice
    store.close()
    again = Store(path, keys=NoteKeys(locked))
    assert again.marks()[("zoom", "a")].note == "written while locked"
    assert again.notices == [notice], "said each time it happens"
    healed = Store(path)
    assert healed.marks()[("zoom", "a")].note == "written while locked"
    healed.close()
    assert b"written while locked" not in _raw(path)


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus and gnome-keyring (scripts/system-deps.sh test installs them)",
)
def test_real_secret_service(tmp_path: Path) -> None:
    home = tmp_path / "keyring-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "XDG_", "GNOME_"))}
    env |= {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "share"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "PYTHONPATH": str(REPO),
    }
    (home / "run").mkdir(parents=True, mode=0o700)
    result = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-m", "tests.secret_service_child"],
        input=str(tmp_path / "store.sqlite3"),
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "all checks passed against gnome-keyring"

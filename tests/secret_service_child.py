"""Runs inside `dbus-run-session`: a throwaway gnome-keyring, then the store against it.

The test that starts this checks the exit status and the last line; every
check here names what failed.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from keyring.backends import SecretService

from meetguard import APP_ID
from meetguard.store.notes import UNREADABLE_NOTE
from meetguard.store.secrets import NoteKeys
from meetguard.store.store import Store


def check(ok: bool, what: str) -> None:
    if not ok:
        sys.exit(f"FAILED: {what}")


def main() -> None:
    path = Path(sys.stdin.read().strip())
    subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
        input=b"throwaway password",
        check=True,
        timeout=30,
        capture_output=True,
    )
    backend = SecretService.Keyring()
    keys = NoteKeys(backend)
    check(keys.secure, f"SecretService is classed as secure (priority {backend.priority})")
    store = Store(path, keys=keys)
    check(store.notices == [], f"no notice with a real keyring: {store.notices}")
    store.mark("zoom", "a", 1, "done", note="told my manager on Monday")
    check(store.notices == [], f"no notice with a real keyring: {store.notices}")
    store.close()
    with closing(sqlite3.connect(path)) as db:
        (note,) = db.execute("SELECT note FROM marks").fetchone()
    check(note.startswith("mgenc1:"), "the note is encrypted on disk")
    key_id = note.split(":")[1]
    check(
        backend.get_password(APP_ID, f"notes-key-{key_id}") is not None,
        "the key is in gnome-keyring",
    )
    again = Store(path, keys=NoteKeys(SecretService.Keyring()))
    check(again.marks()[("zoom", "a")].note == "told my manager on Monday", "read back")
    again.close()
    print("encrypted note read back through gnome-keyring")

    backend.delete_password(APP_ID, f"notes-key-{key_id}")
    lost = Store(path, keys=NoteKeys(SecretService.Keyring()))
    mark = lost.marks()[("zoom", "a")]
    check(len(lost.notices) == 1 and "no longer in your keyring" in lost.notices[0], "told")
    check((mark.state, mark.note) == ("done", UNREADABLE_NOTE), f"mark survives: {mark}")
    print("deleted key detected; mark kept")
    print("all checks passed against gnome-keyring")


if __name__ == "__main__":
    main()

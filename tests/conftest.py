"""Test setup: offscreen Qt, no network, and every MeetGuard folder under tmp_path."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked

if os.environ.get("MEETGUARD_ONSCREEN") != "1":
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from meetguard import paths
from meetguard.catalog.loader import load_catalog
from meetguard.catalog.model import Catalog
from meetguard.resources import catalog_dir

NETWORK_ATTEMPTS: list[tuple[int, int]] = []
_real_socket = socket.socket


class _GuardedSocket(_real_socket):
    """Local (AF_UNIX) sockets work; any other kind is a network attempt and fails the test."""

    def __init__(self, family: int = -1, type: int = -1, *args: object, **kwargs: object) -> None:
        fam = socket.AF_INET if family == -1 else family
        if fam != socket.AF_UNIX:
            NETWORK_ATTEMPTS.append((fam, type))
            raise OSError("network access is blocked in MeetGuard's tests")
        super().__init__(family, type, *args, **kwargs)  # type: ignore[arg-type]


socket.socket = _GuardedSocket  # type: ignore[misc]


class MemoryKeyring(KeyringBackend):
    """A secure-looking keyring held in memory, so no test touches the user's real keyring."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring leaves it unannotated
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.secrets[(service, username)]


class LockedKeyring(MemoryKeyring):
    """A secure keyring that is there but locked: every read fails."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the login keyring is locked")


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring; subprocesses get keyring's fail backend."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    yield backend


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    base = tmp_path / "meetguard-user"
    paths.use_base_dir(base)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    yield base
    paths.use_base_dir(None)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(catalog_dir()).catalog

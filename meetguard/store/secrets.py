"""The key that encrypts notes, kept in the system keyring and nowhere else.

Notes say which services a person uses and what they told their employer, so
they are encrypted at rest (AES-GCM from `cryptography`). The key lives in the
keyring through `keyring`; a backend that is not a real secret store (fail,
null, keyrings.alt's files, anything below priority 1) is named as such so the
user is told that notes are kept unencrypted instead of it happening silently.
Only `notes.NotesKey` imports this module, on the first note read or written.
"""

from __future__ import annotations

import base64
import os
import secrets as random_source
from dataclasses import dataclass

import keyring
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError

from meetguard import APP_ID
from meetguard.store.sealed import PREFIX, split_sealed

_AAD = b"meetguard note"


class KeyUnavailableError(Exception):
    """The keyring refused or failed; the message says which backend and why."""


def backend_name(backend: KeyringBackend) -> str:
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def is_secure(backend: KeyringBackend) -> bool:
    """True only for a backend that really keeps secrets away from the user's files."""
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if type(backend).__module__.startswith("keyrings.alt"):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends) and all(is_secure(b) for b in backend.backends)
    try:
        priority = float(backend.priority)
    except Exception:  # a backend's priority check raises when it cannot run here
        return False
    return priority >= 1


@dataclass(frozen=True)
class NoteCipher:
    """Encrypts notes with one key; every ciphertext names the key it needs."""

    key_id: str
    key: bytes

    def encrypt(self, text: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self.key).encrypt(nonce, text.encode("utf-8"), _AAD)
        return f"{PREFIX}:{self.key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, stored: str) -> str | None:
        """The note, or None when it was sealed with another key or is damaged."""
        key_id, blob = split_sealed(stored)
        if key_id != self.key_id:
            return None
        try:
            raw = base64.b64decode(blob, validate=True)
            return AESGCM(self.key).decrypt(raw[:12], raw[12:], _AAD).decode("utf-8")
        except (ValueError, InvalidTag):
            return None


class NoteKeys:
    """Reads and creates note keys in the keyring; every keyring error becomes one message."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend
        self.problem = ""

    @property
    def backend(self) -> KeyringBackend:
        if self._backend is not None:
            return self._backend
        try:
            return keyring.get_keyring()
        except Exception as exc:  # keyring reads its config file and plugins on first use
            self.problem = f"the keyring could not start ({exc})"
            self._backend = fail.Keyring()
            return self._backend

    @property
    def secure(self) -> bool:
        return is_secure(self.backend)

    def describe(self) -> str:
        name = backend_name(self.backend)
        return f"{name}; {self.problem}" if self.problem else name

    def get(self, key_id: str) -> NoteCipher | None:
        try:
            value = self.backend.get_password(APP_ID, _account(key_id))
        except (KeyringError, OSError) as exc:
            raise KeyUnavailableError(f"the keyring ({self.describe()}) failed: {exc}") from exc
        if value is None:
            return None
        try:
            key = base64.b64decode(value, validate=True)
        except ValueError:
            return None
        return NoteCipher(key_id, key) if len(key) == 32 else None

    def create(self) -> NoteCipher:
        cipher = NoteCipher(random_source.token_hex(8), AESGCM.generate_key(bit_length=256))
        try:
            self.backend.set_password(
                APP_ID, _account(cipher.key_id), base64.b64encode(cipher.key).decode("ascii")
            )
        except (KeyringError, OSError) as exc:
            raise KeyUnavailableError(
                f"the keyring ({self.describe()}) did not store the key: {exc}"
            ) from exc
        if self.get(cipher.key_id) != cipher:
            raise KeyUnavailableError(f"the keyring ({self.describe()}) did not keep the key")
        return cipher


def _account(key_id: str) -> str:
    return f"notes-key-{key_id}"

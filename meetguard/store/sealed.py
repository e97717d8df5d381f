"""How a sealed note is written in the store: `mgenc1:<key id>:<base64>`. Read by `notes`
(which never loads the cipher for a command that reads no note) and written by `secrets`,
so neither imports the other for it."""

PREFIX = "mgenc1"


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX + ":")


def key_id_of(stored: str) -> str:
    return split_sealed(stored)[0]


def split_sealed(stored: str) -> tuple[str, str]:
    """(key id, sealed text) of a stored note."""
    _, key_id, blob = [*stored.split(":", 2), "", ""][:3]
    return key_id, blob

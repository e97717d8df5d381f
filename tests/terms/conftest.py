"""Loopback-only networking for the terms-check tests, and a fixture catalog pointing at it.

The suite's conftest blocks every non-AF_UNIX socket. Here a test that asks for
`loopback` may open IPv4/IPv6 sockets, but connect(), bind() and sendto() reach only
127.0.0.0/8 and ::1, and a name lookup answers only for loopback names. Every address
and name tried is recorded, so a test can assert nothing else was contacted.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from meetguard.catalog.model import TOPICS
from tests.conftest import _real_socket
from tests.terms.server import (
    QUOTE_LATIN1,
    QUOTE_SELL,
    QUOTE_TRAIN,
    DocumentServer,
    serving,
)

_real_getaddrinfo = socket.getaddrinfo


@dataclass
class NetworkLog:
    addresses: list[str] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        return [a for a in self.addresses if not _is_loopback(a)]


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkLog]:
    log = NetworkLog()

    def check(family: int, address: Any) -> None:
        if family not in (socket.AF_INET, socket.AF_INET6):
            return
        host = str(address[0])
        log.addresses.append(host)
        if not _is_loopback(host):
            log.refused.append(host)
            raise OSError(f"tests reach only loopback, not {host}")

    class LoopbackSocket(_real_socket):
        def connect(self, address: Any) -> None:
            check(self.family, address)
            super().connect(address)

        def connect_ex(self, address: Any) -> int:
            check(self.family, address)
            return super().connect_ex(address)

        def bind(self, address: Any) -> None:
            check(self.family, address)
            super().bind(address)

        def sendto(self, data: Any, *args: Any) -> int:
            check(self.family, args[-1])
            return super().sendto(data, *args)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        log.lookups.append(name)
        if name != "localhost" and not _is_loopback(name.strip("[]")):
            log.refused.append(name)
            raise socket.gaierror(socket.EAI_NONAME, f"tests resolve only loopback, not {name}")
        return _real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "socket", LoopbackSocket)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield log


@pytest.fixture
def server(loopback: NetworkLog) -> Iterator[DocumentServer]:
    with serving() as running:
        yield running


# client id after "fx-" -> (route, check_source, {topic: quote}); other topics have no quote.
FIXTURES: dict[str, tuple[str, str, dict[str, str]]] = {
    "unchanged": (
        "/unchanged",
        "vendor",
        {"ai_training": QUOTE_TRAIN, "advertising_sale": QUOTE_SELL},
    ),
    "changed": ("/changed", "vendor", {"ai_training": QUOTE_TRAIN, "advertising_sale": QUOTE_SELL}),
    "moved": ("/moved", "vendor", {"ai_training": QUOTE_TRAIN}),
    "gone": ("/gone", "vendor", {"ai_training": QUOTE_TRAIN}),
    "slow": ("/slow", "vendor", {"ai_training": QUOTE_TRAIN}),
    "huge": ("/huge", "vendor", {"ai_training": QUOTE_TRAIN}),
    "elsewhere": ("/elsewhere", "vendor", {"ai_training": QUOTE_TRAIN}),
    "loop": ("/loop", "vendor", {"ai_training": QUOTE_TRAIN}),
    "pdf": ("/terms.pdf", "vendor", {"ai_training": QUOTE_TRAIN}),
    "archive": (
        "/archive/Acme/Terms%20of%20Service.md",
        "archive",
        {"ai_training": QUOTE_TRAIN, "advertising_sale": QUOTE_SELL},
    ),
    "bomb": ("/bomb", "vendor", {"ai_training": QUOTE_TRAIN}),
    "endless": ("/endless", "vendor", {"ai_training": QUOTE_TRAIN}),
    "drip": ("/drip", "vendor", {"ai_training": QUOTE_TRAIN}),
    "binary": ("/binary", "vendor", {"ai_training": QUOTE_TRAIN}),
    "nul": ("/nul", "vendor", {"ai_training": QUOTE_TRAIN}),
    "login": ("/login", "vendor", {"ai_training": QUOTE_TRAIN}),
    "error200": ("/error200", "vendor", {"ai_training": QUOTE_TRAIN}),
    "app": ("/app", "vendor", {"advertising_sale": QUOTE_SELL}),
    "jsonly": ("/jsonly", "vendor", {"ai_training": QUOTE_TRAIN}),
    "oneline": ("/oneline", "vendor", {"ai_training": QUOTE_TRAIN, "advertising_sale": QUOTE_SELL}),
    "malformed": (
        "/malformed",
        "vendor",
        {"ai_training": QUOTE_TRAIN, "advertising_sale": QUOTE_SELL},
    ),
    "latin1": ("/latin1", "vendor", {"advertising_sale": QUOTE_LATIN1}),
    "wrong-charset": (
        "/wrong-charset",
        "vendor",
        {"ai_training": QUOTE_TRAIN, "advertising_sale": QUOTE_SELL},
    ),
}


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def client_toml(cid: str, check_url: str, source: str, quotes: dict[str, str]) -> str:
    lines = [
        "schema = 1",
        "[client]",
        f'id = "{cid}"',
        f'name = "Acme {cid}"',
        'vendor = "Acme"',
        'homepage = "https://acme.example"',
        'kind = "desktop"',
        'status = "active"',
        "reviewed = 2026-11-28",
        "[[documents]]",
        'id = "terms"',
        'title = "Acme Terms"',
        f'url = "https://acme.example/{cid}"',
        'kind = "terms"',
        "last_updated = 2026-11-01",
        "retrieved = 2026-11-28",
        f"check_url = {_toml_string(check_url)}",
        f'check_source = "{source}"',
    ]
    for topic in TOPICS:
        quote = quotes.get(topic, "")
        lines += [
            "[[rights]]",
            f'topic = "{topic}"',
            f'verdict = "{"protective" if quote else "unknown"}"',
            'summary = "A fixture right."',
            f"quote = {_toml_string(quote)}",
            'document = "terms"',
            f"verified = {'true' if quote else 'false'}",
        ]
    return "\n".join(lines) + "\n"


def write_catalog(folder: Path, server: DocumentServer, routes: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for short, (route, source, quotes) in FIXTURES.items():
        if routes is not None and short not in routes:
            continue
        cid = f"fx-{short}"
        (folder / f"{cid}.toml").write_text(
            client_toml(cid, server.url(route), source, quotes), encoding="utf-8"
        )
    return folder


@pytest.fixture
def fixture_catalog(tmp_path: Path, server: DocumentServer) -> Path:
    return write_catalog(tmp_path / "catalog", server)

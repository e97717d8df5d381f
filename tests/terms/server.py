"""A document server on 127.0.0.1 with the pages a terms check meets: honest, moved, gone,
slow and hostile. Every endless response stops by itself after a few seconds."""

from __future__ import annotations

import functools
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

QUOTE_TRAIN = 'Acme does not use your "audio", video or chat to train AI models - ever.'
QUOTE_SELL = "We do not sell your personal data."
# The same clause as a web page writes it: other case, curly quotes, a non-breaking
# space, an em dash, a line break and inline tags in the middle.
HTML_TRAIN = (
    "ACME does <b>not</b> use your “audio”,\n&nbsp;video or chat to train "
    '<a href="/ai">AI</a> models — ever.'
)
QUOTE_LATIN1 = "Wir verkaufen Ihre Daten nicht für Werbung."
CHANGED_SELL = "We may sell your personal data to our partners."
FILLER = " ".join(
    f"Section {n}. This part of the agreement explains how the service works, who may use "
    "it and what happens when you close your account."
    for n in range(1, 13)
)
MAX_SECONDS = 5.0


def page(*clauses: str, title: str = "Acme Terms of Service") -> bytes:
    body = "".join(f"<p>{c}</p>\n" for c in (*clauses, FILLER))
    return (
        f"<!doctype html><html><head><title>{title}</title><meta charset=utf-8></head>"
        f"<body><nav>Home | Products</nav><main><h1>{title}</h1>{body}</main></body></html>"
    ).encode()


@functools.cache
def gzip_bomb(size: int = 64 * 1024 * 1024) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * (1 << 20)
    return b"".join(compressor.compress(block) for _ in range(size >> 20)) + compressor.flush()


class Response:
    def __init__(
        self,
        status: int = 200,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        stream: Callable[[], Iterator[bytes]] | None = None,
        delay: float = 0.0,
    ) -> None:
        self.status = status
        self.body = body
        self.headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        self.stream = stream
        self.delay = delay


def _endless(piece: bytes, pause: float) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        ends = time.monotonic() + MAX_SECONDS
        while time.monotonic() < ends:
            yield piece
            if pause:
                time.sleep(pause)

    return chunks


def routes(port: int) -> dict[str, Response]:
    unchanged = page(HTML_TRAIN, QUOTE_SELL)
    markdown = (
        "Acme Terms\n==========\n\n"
        + "ACME does **not** use your “audio”, video or chat to train "
        + "[AI](https://acme.example/ai) models — ever.\n\n"
        + "We do not sell your personal data\\.\n\n"
        + FILLER
    ).encode()
    oneline = (FILLER.replace(". ", "; ") + " ") * 5000 + QUOTE_TRAIN + " " + QUOTE_SELL
    return {
        "/unchanged": Response(body=unchanged),
        "/changed": Response(body=page(HTML_TRAIN, CHANGED_SELL)),
        "/moved": Response(302, headers={"Location": "/moved/here"}),
        "/moved/here": Response(body=unchanged),
        "/gone": Response(404, b"<html><title>404 Not Found</title></html>"),
        "/slow": Response(body=unchanged, delay=10.0),
        "/huge": Response(body=unchanged + b"<p>" + b"more words " * 900_000 + b"</p>"),
        "/elsewhere": Response(301, headers={"Location": "https://terms.example.net/acme"}),
        "/loop": Response(302, headers={"Location": f"http://127.0.0.1:{port}/loop"}),
        "/terms.pdf": Response(body=b"%PDF-1.7\n...", headers={"Content-Type": "application/pdf"}),
        "/archive/Acme/Terms%20of%20Service.md": Response(
            body=markdown, headers={"Content-Type": "text/plain; charset=utf-8"}
        ),
        # hostile bodies
        "/bomb": Response(body=gzip_bomb(), headers={"Content-Encoding": "gzip"}),
        "/endless": Response(stream=_endless(b"<p>and more</p>" * 4096, 0.0)),
        "/drip": Response(stream=_endless(b"<", 0.05)),
        "/binary": Response(body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64),
        "/nul": Response(body=b"<html>" + b"\x00\x01\x02" * 5000),
        "/login": Response(
            body=b"<html><head><title>Sign in</title></head><body><form>"
            b'<input name=user><input type="password" name=pw></form></body></html>'
        ),
        "/error200": Response(body=page(FILLER, title="Page not found")),
        "/jsonly": Response(
            body=b'<html><head><title>Terms</title></head><body><div id="root"></div>'
            b"<script>" + b"render();" * 5000 + b"</script></body></html>"
        ),
        "/app": Response(
            body=page(QUOTE_SELL.replace("not", "never"))
            + b"<script>"
            + b"window.__APP__ = {};" * 4000
            + b"</script>"
        ),
        "/oneline": Response(
            body=oneline.encode(), headers={"Content-Type": "text/plain; charset=utf-8"}
        ),
        "/malformed": Response(
            body=(
                "<html><body><div><p>ACME does <b>not <i>use</b> your “audio”,</i> video or chat "
                "to train <a href='/ai'>AI models — ever.<td><p>We do not sell your <span>personal"
                f" data.<table><tr><p>{FILLER}</div></div></span><<<>>&bogus;"
            ).encode()
        ),
        # says UTF-8, sends Latin-1 with a quote that has an umlaut in it
        "/latin1": Response(body=page(QUOTE_LATIN1).decode().encode("latin-1")),
        # says windows-1252 but sends UTF-8 (curly quotes would turn into mojibake)
        "/wrong-charset": Response(
            body=page(HTML_TRAIN, QUOTE_SELL),
            headers={"Content-Type": "text/html; charset=windows-1252"},
        ),
    }


class _Handler(BaseHTTPRequestHandler):
    server: DocumentServer

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        response = self.server.routes.get(self.path, Response(404, b"no such fixture"))
        if response.delay:
            self.server.released.wait(response.delay)
        try:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.stream is None:
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                self.wfile.write(response.body)
                return
            self.end_headers()
            for chunk in response.stream():
                if self.server.stopping.is_set():
                    return
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format: str, *args: object) -> None:
        return


class DocumentServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stopping = threading.Event()
        # a delayed answer is sent when its delay ends or a test releases it, whichever is first
        self.released = threading.Event()
        self.requests: list[str] = []
        self.routes = routes(self.port)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def handle_error(self, request: object, client_address: object) -> None:
        return


@contextmanager
def serving() -> Iterator[DocumentServer]:
    server = DocumentServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.released.set()
        server.shutdown()
        server.server_close()
        thread.join()

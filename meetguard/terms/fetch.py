"""Read one document over HTTPS, refusing everything a hostile or odd server might try.

urllib3 does the HTTP: it keeps no cookies at all, follows no redirect unless asked, and
since 2.6 decompresses a gzip or deflate body only as far as each read asks, so a
compression bomb costs no more memory than an honest page. Certificates are checked
against the operating system's own trust store through `truststore` (Keychain on macOS,
the certificate store on Windows, the system bundle on Linux). Plain HTTP is allowed only
to this computer's loopback addresses, which the tests serve on.
"""

from __future__ import annotations

import ssl
import threading
import time
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError, SSLError

from meetguard import __version__
from meetguard.terms.model import Cancelled, Fetched, Unchecked
from meetguard.terms.urls import refusal

USER_AGENT = (
    f"MeetGuard/{__version__} (terms check started by the user; "
    "+https://github.com/meetguard/meetguard)"
)
MAX_BYTES = 8 * 1024 * 1024
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")


def system_trust_context() -> ssl.SSLContext:
    import truststore

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class Fetcher:
    """One check's HTTP client: shared connection pool, one cancel flag, one deadline."""

    def __init__(
        self,
        cancel: threading.Event,
        deadline: float,
        request_seconds: float,
        max_bytes: int = MAX_BYTES,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.cancel = cancel
        self.deadline = deadline
        self.request_seconds = request_seconds
        self.max_bytes = max_bytes
        self._pool = urllib3.PoolManager(
            num_pools=4,
            retries=False,
            ssl_context=ssl_context or system_trust_context(),
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html, application/xhtml+xml, text/plain, text/markdown",
                "Accept-Encoding": "gzip, deflate",
            },
        )

    def close(self) -> None:
        self._pool.clear()

    def _left(self, ends: float) -> float:
        if self.cancel.is_set():
            raise Cancelled("cancelled by you")
        now = time.monotonic()
        if now >= self.deadline:
            raise Cancelled("the whole check's time limit passed")
        if now >= ends:
            raise TimeoutError
        return min(ends, self.deadline) - now

    def fetch(self, url: str) -> Fetched | Unchecked:
        """The document at `url`, following redirects only within its own host."""
        host = urlsplit(url).hostname
        ends = time.monotonic() + self.request_seconds
        for _ in range(MAX_REDIRECTS + 1):
            if refusal(url) is not None:
                return Unchecked("redirected", f"to a plain-HTTP address: {url}")
            try:
                outcome = self._get(url, ends)
            except SSLError as exc:
                return Unchecked("unreachable", f"secure connection failed: {_root(exc)}")
            except (HTTPError, OSError) as exc:
                if _timed_out(exc):
                    return Unchecked("unreachable", f"no answer within {self.request_seconds:g} s")
                return Unchecked("unreachable", _root(exc))
            if not isinstance(outcome, str):
                return outcome
            target = urljoin(url, outcome)
            new_host = urlsplit(target).hostname
            if new_host != host:
                return Unchecked("redirected", f"to another host: {new_host or target}")
            url = target
        return Unchecked("redirected", f"more than {MAX_REDIRECTS} redirects")

    def _get(self, url: str, ends: float) -> Fetched | Unchecked | str:
        """The document, why not, or where the server redirects to."""
        timeout = urllib3.Timeout(connect=self._left(ends), read=self._left(ends))
        response = self._pool.request(
            "GET", url, redirect=False, preload_content=False, timeout=timeout
        )
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location", "")
                return location or Unchecked("refused", f"HTTP {response.status}, no Location")
            if response.status != 200:
                return _status_failure(response)
            ctype, charset = _content_type(response.headers.get("Content-Type", ""))
            if ctype and ctype not in _TEXT_TYPES:
                return Unchecked("not_text", ctype)
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > self.max_bytes:
                return Unchecked(
                    "too_large", f"{_mib(int(length))} MiB; the limit is {_mib(self.max_bytes)} MiB"
                )
            body = bytearray()
            while chunk := response.read1(_CHUNK):
                body += chunk
                if len(body) > self.max_bytes:
                    return Unchecked("too_large", f"more than {_mib(self.max_bytes)} MiB")
                self._left(ends)
            return Fetched(url, ctype, charset, bytes(body))
        finally:
            response.release_conn()


def _status_failure(response: urllib3.BaseHTTPResponse) -> Unchecked:
    status = response.status
    if response.headers.get("cf-mitigated", "").lower() == "challenge":
        return Unchecked("needs_browser", f"HTTP {status}, a bot challenge that runs JavaScript")
    if status in (404, 410):
        return Unchecked("missing", f"HTTP {status}")
    if status >= 500:
        return Unchecked("unreachable", f"server error, HTTP {status}")
    return Unchecked("refused", f"HTTP {status}")


def _content_type(header: str) -> tuple[str, str]:
    """The media type and the declared charset, both lower-case ('' when absent)."""
    kind, _, params = header.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return kind.strip().lower(), charset


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


def _timed_out(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, NewConnectionError):  # a ConnectTimeoutError only by ancestry
            return False
        if isinstance(exc, TimeoutError | urllib3.exceptions.TimeoutError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _root(exc: BaseException) -> str:
    """The innermost cause's message: urllib3 wraps the socket error a user can act on."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = str(exc)
    return text.split(": ", 1)[-1] if text.startswith("<") else text or type(exc).__name__

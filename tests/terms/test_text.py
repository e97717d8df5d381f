"""From fetched bytes to the text a reader sees, for honest and hostile bodies."""

from __future__ import annotations

import pytest

from meetguard.terms.model import Fetched, Unchecked
from meetguard.terms.text import decode, document_body
from tests.terms.server import FILLER


def _body(
    body: bytes, ctype: str = "text/html", charset: str = "", url: str = "https://x/t"
) -> str:
    result = document_body(Fetched(url, ctype, charset, body))
    assert not isinstance(result, Unchecked), result
    return result.text


def test_blocks_are_separated_inline_tags_are_not() -> None:
    text = _body(
        f"<p>first</p><p>sec<b>ond</b></p><ul><li>a</li><li>b</li></ul>"
        f"<script>hidden()</script><style>p{{}}</style><p>{FILLER}</p>".encode()
    )
    words = text.split()
    assert words[:5] == ["first", "second", "a", "b", "Section"]
    assert "hidden()" not in text


def test_markdown_copies_lose_link_targets_and_emphasis() -> None:
    md = f"**10.2 Uses**. See our [Privacy](https://x.example/p) \\- and _more_.\n\n{FILLER}"
    text = _body(md.encode(), "text/plain", url="https://raw.example/Zoom/Terms%20of%20Service.md")
    assert "10.2 Uses. See our Privacy - and more." in " ".join(text.split())


def test_utf8_wins_over_a_wrong_declaration_and_a_right_one_is_used() -> None:
    assert decode("“quoted”".encode(), "windows-1252") == "“quoted”"
    assert decode("Привет".encode("cp1251"), "cp1251") == "Привет"
    assert decode("Gebühr für Daten".encode("latin-1"), "utf-8") == "Gebühr für Daten"
    assert decode("\ufeffbom".encode("utf-8"), "latin-1") == "bom"
    assert decode("x".encode("utf-16"), "") == "x"


@pytest.mark.parametrize(
    ("body", "ctype", "reason", "detail"),
    [
        (b"%PDF-1.4 binary", "", "not_text", "binary"),
        (b"<html>\x00\x00\x00", "text/html", "not_text", "binary"),
        (
            b"<title>Log in</title><form><input type=password></form>",
            "text/html",
            "needs_browser",
            "sign-in",
        ),
        (f"<title>404 Not Found</title><p>{FILLER}</p>".encode(), "text/html", "missing", "404"),
        (b"<div id=app></div><script>x()</script>", "text/html", "needs_browser", "JavaScript"),
        (b"Microsoft Privacy Statement\n=====", "text/plain", "missing", "empty"),
    ],
)
def test_pages_that_are_not_the_document_say_why(
    body: bytes, ctype: str, reason: str, detail: str
) -> None:
    result = document_body(Fetched("https://x/t", ctype, "", body))
    assert isinstance(result, Unchecked)
    assert result.reason == reason
    assert detail in result.detail


def test_malformed_html_keeps_its_words() -> None:
    text = _body(f"<p>We <b>do <i>not</b> sell</i> <td>data<p>{FILLER}<<<>>&bogus;".encode())
    assert "We do not sell data" in " ".join(text.split())

"""Turn a fetched document into the text a reader sees.

HTML goes through selectolax (the Lexbor engine, a WHATWG HTML5 parser: it repairs
malformed markup the way browsers do and needs no other package); Markdown, the form
Open Terms Archive keeps its copies in, goes through markdown-it-py first, so link
targets, emphasis marks and escapes do not sit between the words of a clause.
The encoding is decided from a byte-order mark, then UTF-8 if the bytes are valid UTF-8,
then the charset the server or the page declares if the bytes fit it, then the language
charset-normalizer recognises.
"""

from __future__ import annotations

import codecs
import re
from urllib.parse import urlsplit

from meetguard.terms.model import DocumentBody, Fetched, Unchecked

# A document shorter than this is not the page the catalog cites: a script shell, a
# sign-in form, an error page or an empty capture.
MIN_WORDS = 120
# A page with this many times more script than text is an app that renders in a browser.
_SCRIPTED = 4
_BLOCKS = (
    "address,article,aside,blockquote,br,dd,details,div,dl,dt,fieldset,figcaption,figure,"
    "footer,form,h1,h2,h3,h4,h5,h6,header,hr,li,main,nav,ol,p,pre,section,summary,table,"
    "td,th,tr,ul"
)
_HIDDEN = ["script", "style", "noscript", "template", "svg", "head"]
_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF")
_WESTERN = {
    "English",
    "German",
    "French",
    "Spanish",
    "Portuguese",
    "Italian",
    "Dutch",
    "Danish",
    "Swedish",
    "Norwegian",
    "Finnish",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_ERROR_TITLE = re.compile(r"\b(40[134]|410|50[0-4]|not found|access denied|forbidden)\b", re.I)
_SIGN_IN = re.compile(r"\b(sign[ -]?in|log[ -]?in)\b", re.I)
_PASSWORD_FIELD = re.compile(r"<input[^>]+type\s*=\s*[\"']?password", re.I)


def decode(body: bytes, declared: str) -> str:
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace")
    if body.startswith(codecs.BOM_UTF16_BE):
        return body.decode("utf-16", errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(body[:4096])
    for name in (declared, meta.group(1).decode("ascii") if meta else ""):
        if not name:
            continue
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    guess = from_bytes(body[: 1024 * 1024]).best()
    if guess is None:
        return body.decode("utf-8", errors="replace")
    # With few accented letters its code page is a coin toss among look-alikes; for
    # Western European text the web's legacy default, windows-1252, is the likely one.
    encoding = "cp1252" if guess.language in _WESTERN else guess.encoding
    return body.decode(encoding, errors="replace")


def _kind(fetched: Fetched, text: str) -> str:
    if fetched.content_type in ("text/html", "application/xhtml+xml"):
        return "html"
    if fetched.content_type == "text/markdown" or urlsplit(fetched.url).path.endswith(".md"):
        return "markdown"
    head = text[:1024].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or (not fetched.content_type and "<" in head):
        return "html"
    return "text"


def html_text(html: str) -> DocumentBody:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node is not None else ""
    script = sum(len(node.text()) for node in tree.css("script"))
    tree.strip_tags(_HIDDEN)
    for node in tree.css(_BLOCKS):
        node.insert_before("\n")
        node.insert_after("\n")
    root = tree.body or tree.root
    text = root.text() if root is not None else ""
    return DocumentBody(text, title, scripted=script > _SCRIPTED * len(text.strip()))


def markdown_text(markdown: str) -> DocumentBody:
    from markdown_it import MarkdownIt

    return html_text(MarkdownIt("commonmark").render(markdown))


def document_body(fetched: Fetched) -> DocumentBody | Unchecked:
    """The readable text of `fetched`, or why it has none worth searching."""
    head = fetched.body[:8192]
    if head.startswith(_MAGIC) or (
        b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    ):
        return Unchecked("not_text", "binary data")
    text = decode(fetched.body, fetched.charset)
    kind = _kind(fetched, text)
    if kind == "html":
        doc = html_text(text)
    elif kind == "markdown":
        doc = markdown_text(text)
    else:
        doc = DocumentBody(text, "")
    title = doc.title[:80]
    words = len(doc.text.split())
    if _SIGN_IN.search(title) or (words < MIN_WORDS and _PASSWORD_FIELD.search(text)):
        return Unchecked("needs_browser", f"a sign-in page ('{title}')")
    if _ERROR_TITLE.search(title):
        return Unchecked("missing", f"the server sent a page titled '{title}'")
    if words >= MIN_WORDS:
        return doc
    if kind == "html":
        return Unchecked("needs_browser", f"only {words} words without JavaScript")
    return Unchecked("missing", f"only {words} words; the copy is empty or cut short")

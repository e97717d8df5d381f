"""Find a quote in a document's text, tolerant of typography, never of changed words.

Whitespace, case, quote marks, dashes, soft hyphens and Unicode compatibility forms
(ligatures, full-width letters, non-breaking spaces) do not matter; every word and every
other punctuation mark must be the same and in the same order. When the quote is not
there, the closest passage is the stretch of the document, as long as the quote, that
shares the most words with it, so the user can read what the terms say now.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

_QUOTES = "'‘’‚‛′`´\"“”„‟″«»‹›"
_DASHES = "‐‑‒–—―−﹘﹣－"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TABLE = str.maketrans(
    {**dict.fromkeys(_QUOTES, "'"), **dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_INVISIBLE, "")}
)
_WORD_EDGE = re.compile(r"^\W+|\W+$")
_SENTENCE_END = (".", "!", "?", ";", ":")
_WIDEN = 40


def normalize(text: str) -> str:
    """The form both sides are compared in: one space between words, typography folded."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(_TABLE).split())


@dataclass(frozen=True)
class Match:
    found: bool
    passage: str = ""
    shared_words: float = 0.0


class DocumentText:
    """A document's text prepared once for looking up many quotes."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._joined = normalize(text)
        self._tokens: tuple[list[str], list[str]] | None = None

    def _words(self) -> tuple[list[str], list[str]]:
        """The normalized words, and for each the original text it came from."""
        if self._tokens is None:
            words = self._joined.split()
            originals = self._text.split()
            if len(originals) != len(words):  # a token folded to nothing or to two words
                pairs = [(w, o) for o in originals for w in normalize(o).split()]
                words, originals = [w for w, _ in pairs], [o for _, o in pairs]
            self._tokens = (words, originals)
        return self._tokens

    def find(self, quote: str) -> Match:
        wanted = normalize(quote)
        if wanted and self._contains(wanted):
            return Match(True)
        return self._closest(wanted.split())

    def _contains(self, wanted: str) -> bool:
        """`wanted` appears in the text and starts and ends on word boundaries."""
        start = self._joined.find(wanted)
        while start >= 0:
            end = start + len(wanted)
            before = self._joined[start - 1] if start else " "
            after = self._joined[end] if end < len(self._joined) else " "
            if not (wanted[0].isalnum() and before.isalnum()) and not (
                wanted[-1].isalnum() and after.isalnum()
            ):
                return True
            start = self._joined.find(wanted, start + 1)
        return False

    def _closest(self, quote_words: list[str]) -> Match:
        size = len(quote_words)
        words, originals = self._words()
        if not size or not words:
            return Match(False)
        wanted = Counter(_bare(w) for w in quote_words)
        bare = [_bare(w) for w in words]
        window: Counter[str] = Counter()
        shared = best = best_end = 0
        for end, word in enumerate(bare):
            window[word] += 1
            if window[word] <= wanted[word]:
                shared += 1
            if end >= size:
                old = bare[end - size]
                if window[old] <= wanted[old]:
                    shared -= 1
                window[old] -= 1
            if shared > best:
                best, best_end = shared, end
        if best == 0:
            return Match(False)
        first, last = max(0, best_end - size + 1), best_end
        while bare[first] not in wanted:
            first += 1
        while bare[last] not in wanted:
            last -= 1
        first, last = _sentence(words, first, last)
        return Match(False, " ".join(originals[first : last + 1]), best / size)


def _sentence(words: list[str], first: int, last: int) -> tuple[int, int]:
    """Widen [first, last] to whole sentences, by at most _WIDEN words each way."""
    for _ in range(_WIDEN):
        if first == 0 or words[first - 1].endswith(_SENTENCE_END):
            break
        first -= 1
    for _ in range(_WIDEN):
        if last + 1 >= len(words) or words[last].endswith(_SENTENCE_END):
            break
        last += 1
    return first, last


def _bare(word: str) -> str:
    return _WORD_EDGE.sub("", word) or word

"""Quote matching: typography never matters, words always do."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.terms.match import DocumentText, normalize
from tests.scaling import best_cpu_seconds

QUOTE = 'Zoom does not use any of your audio, video or chat to train "AI" models - ever.'


def test_typography_is_folded() -> None:
    page = (
        "Intro.\nZOOM  does\u00a0not u\u00adse any of your audio,\n video or chat to train "
        "“AI” models — ever. Outro."
    )
    assert DocumentText(page).find(QUOTE).found
    assert normalize("ﬁnal ＡＢＣ ‘x’ – y") == "final abc 'x' - y"


def test_a_changed_word_is_not_found_and_the_new_sentence_is_shown() -> None:
    page = (
        "Intro sentence here. Zoom does not use any of your audio, video or chat to train "
        '"AI" models - unless you agree. Later text follows.'
    )
    match = DocumentText(page).find(QUOTE)
    assert not match.found
    assert match.passage.startswith("Zoom does not use")
    assert match.passage.endswith("unless you agree.")
    assert 0.8 < match.shared_words < 1


def test_quote_must_start_and_end_on_word_boundaries() -> None:
    text = DocumentText("Azoom does not sell data. We resell your data.")
    assert not text.find("zoom does not sell data").found
    assert not text.find("sell your data").found
    assert text.find("resell your data.").found
    assert text.find("We resell").found


def test_punctuation_other_than_quotes_and_dashes_counts() -> None:
    text = DocumentText("We do not sell your data, or share it.")
    assert text.find("We do not sell your data, or share it.").found
    assert not text.find("We do not sell your data; or share it.").found


def test_nothing_in_common_gives_no_passage() -> None:
    match = DocumentText("Completely unrelated words.").find("Zoom owns service data")
    assert (match.found, match.passage) == (False, "")


_words = st.lists(st.sampled_from(["data", "your", "we", "use", "sell", "audio", "the", "and"]))
_space = st.sampled_from([" ", "\n", "\t ", "\u00a0", "  \n  "])


@settings(max_examples=150, deadline=None)
@given(before=_words, after=_words, quote=_words.filter(bool), data=st.data())
def test_any_quote_inside_any_text_is_found(
    before: list[str], after: list[str], quote: list[str], data: st.DataObject
) -> None:
    styled = [w.upper() if data.draw(st.booleans()) else w for w in quote]
    gaps = [data.draw(_space) for _ in styled]
    page = " ".join(before) + " " + "".join(w + g for w, g in zip(styled, gaps, strict=True))
    page += " ".join(after)
    assert DocumentText(page).find(" ".join(quote)).found


@settings(max_examples=60, deadline=None)
@given(
    quote=st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta"]), min_size=2),
    i=st.integers(0),
)
def test_replacing_any_word_of_the_quote_is_noticed(quote: list[str], i: int) -> None:
    changed = list(quote)
    changed[i % len(quote)] = "omega"
    assert not DocumentText("start " + " ".join(changed) + " end").find(" ".join(quote)).found


def _check(page: str) -> None:
    text = DocumentText(page)
    assert text.find(QUOTE).found
    assert not text.find(QUOTE.replace("not", "now")).found


def _seconds(size: int) -> float:
    page = ("We keep your content only as long as needed to provide the service. " * size) + QUOTE
    return best_cpu_seconds(lambda: _check(page), repeat=3)


def test_time_grows_linearly_with_the_document() -> None:
    small, large = _seconds(2_000), _seconds(20_000)
    assert large < 30 * small + 0.05, (small, large)

"""The window's own HTML escape: the standard library's, without its `html` package."""

import html

from hypothesis import given
from hypothesis import strategies as st

from meetguard.display_text import html_escaped


@given(st.text(), st.booleans())
def test_it_escapes_as_the_standard_library_does(text: str, quote: bool) -> None:
    assert html_escaped(text, quote) == html.escape(text, quote)


def test_markup_and_both_quotes_come_out_inert() -> None:
    given = "<b>AT&T</b> \"said\" 'no'"
    assert html_escaped(given) == "&lt;b&gt;AT&amp;T&lt;/b&gt; &quot;said&quot; &#x27;no&#x27;"
    assert html_escaped(given, quote=False) == "&lt;b&gt;AT&amp;T&lt;/b&gt; \"said\" 'no'"

"""The report's HTML read back as paragraphs and tables, as the PDF typesetter sets them."""

import re
from html import escape, unescape
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from meetguard.report.flow import (
    HEADER_BACKGROUND,
    LINE_BREAK,
    LINK,
    Para,
    Table,
    read_flow,
)
from meetguard.report.html import render_html
from tests.reportdata import sample_report
from tests.scaling import best_cpu_seconds

PAGE = (
    "<!DOCTYPE html><html><head><style>p{color:red}</style><title>t</title></head><body>"
    '<h2 class="newpage" id="x">Zoom &amp; co</h2>\n'
    '<p class="meta">Made <b>today</b>,   by <a href="https://zoom.us/terms">terms</a> '
    '<a href="javascript:x">no link</a><br> next line</p>\n'
    "<ol><li>one</li><li>two</li></ol>"
    '<table width="100%"><thead><tr><th scope="col">A</th><th class="n">B</th></tr></thead>'
    '<tr><td width="19%" class="broad">x</td><td class="n nowrap">2</td></tr>'
    '<tr><th colspan="2">all</th></tr></table>'
    "</body></html>"
)


def test_headings_paragraphs_lists_and_tables_are_read_with_their_styles() -> None:
    heading, para, first, second, table = read_flow(PAGE)
    assert isinstance(heading, Para) and heading.kind == "h2" and heading.break_before
    assert heading.text == "Zoom & co" and heading.runs[0][1].size == 12
    assert isinstance(para, Para)
    assert para.text == f"Made today, by terms no link{LINE_BREAK}next line"
    styles = {text: style for text, style in para.runs}
    assert styles["today"].bold and styles["today"].color == "#555555"
    assert styles["terms"].href == "https://zoom.us/terms" and styles["terms"].color == LINK
    assert not any(s.href for t, s in para.runs if "no link" in t)
    assert isinstance(first, Para) and isinstance(second, Para)
    assert (first.bullet, first.text, second.bullet) == ("1.", "one", "2.")
    assert isinstance(table, Table) and table.header_rows == 1 and len(table.rows) == 3
    head, row, total = table.rows
    assert head[0].header and head[0].background == HEADER_BACKGROUND and head[1].right
    assert row[0].width == 0.19 and row[0].background == "#fde2e1" and not row[0].header
    assert row[1].right and row[1].nowrap and row[1].width is None
    assert total[0].span == 2 and total[0].para.runs[0][1].bold


def test_every_letter_of_the_report_reaches_the_flow_in_reading_order(tmp_path: Path) -> None:
    html = render_html(sample_report(tmp_path), screen=False)
    body = html[html.index("<body>") :]
    shown = "".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
    texts: list[str] = []
    for item in read_flow(html):
        paras = [c.para for row in item.rows for c in row] if isinstance(item, Table) else [item]
        texts.extend(p.text for p in paras)
    flowed = "".join("".join(texts).replace(LINE_BREAK, " ").split())
    assert len(shown) > 5000 and flowed == shown


@given(st.text(max_size=200))
def test_any_text_is_read_back_as_html_shows_it(text: str) -> None:
    found = read_flow(f"<p>{escape(text)}</p>")
    expected = re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")
    assert all(isinstance(p, Para) for p in found)
    assert "".join(p.text for p in found if isinstance(p, Para)) == expected
    assert len(found) == (1 if expected else 0)


def test_reading_time_grows_linearly_with_the_report() -> None:
    page = PAGE[PAGE.index("<body>") + 6 : PAGE.index("</body>")]
    small, large = page * 100, page * 1600
    ratio = best_cpu_seconds(lambda: read_flow(large)) / max(
        best_cpu_seconds(lambda: read_flow(small)), 1e-6
    )
    assert ratio < 16 * 3, ratio  # 16x the markup; quadratic work would be ~256x


def test_entities_html_escape_does_not_write_are_read_as_a_browser_reads_them() -> None:
    (para,) = read_flow("<p>a&nbsp;b &copy; &amp;lt; &#x27;x&#x27; &quot;y&quot;</p>")
    assert isinstance(para, Para)
    assert para.text == "a\u00a0b © &lt; 'x' \"y\""
    (plain,) = read_flow("<p>&amp;lt; &lt;b&gt; &#x27;x&#x27;</p>")
    assert isinstance(plain, Para) and plain.text == "&lt; <b> 'x'"

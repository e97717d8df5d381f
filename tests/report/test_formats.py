import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetguard.report.html import render_html
from meetguard.report.json_report import SCHEMA_VERSION, render_json
from meetguard.report.md import md, render_markdown
from meetguard.report.render import UnknownFormatError, format_for, render
from meetguard.resources import resource_dir
from tests.reportdata import EVIL, sample_grades, sample_report

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def test_summary_comes_first_with_grades_and_top_actions(tmp_path: Path) -> None:
    html = render_html(sample_report(tmp_path))
    summary = html.index(">Summary<")
    assert summary < html.index("<h2", summary + 1)
    head = html[summary : html.index("<h2", summary + 1)]
    assert "Zoom Workplace" in head and "Example Meet" in head
    for graded in sample_grades(tmp_path).values():
        assert f'"grade">{graded.letter}<' in head, graded.letter
    assert "The most important open steps" in head and head.count("<li>") == 3
    assert "review over 180 days old" in head


def test_client_sections_have_every_part(tmp_path: Path) -> None:
    html = render_html(sample_report(tmp_path))
    grades = [f"Grade {g.letter}" for g in sample_grades(tmp_path).values()]
    for text in (
        *grades,
        "6.2.11.5069",
        "Installed: deb, version 6.2.11.5069",
        "perpetual, worldwide",
        "10.2 Permitted Uses",
        "Terms reviewed 276 days ago",
        "Skipped",
        "line one<br>line two",
        "Appendix A: your consent ledger",
        "Other calling apps, whose terms MeetGuard has not reviewed",
        "Appendix B: documents cited",
        "/var/lib/dpkg/status",
    ):
        assert text in html, text


def test_html_escapes_everything_and_makes_no_external_requests(tmp_path: Path) -> None:
    html = render_html(sample_report(tmp_path))
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html.replace("(javascript:x)", "")
    assert not re.search(r"<(img|script|link|iframe|object|embed|base)\b", html)
    assert not re.search(r"\b(src|srcset|action)\s*=", html)
    assert "url(" not in html and "@import" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("https://", "#client-")) for h in hrefs)
    assert "Content-Security-Policy" in html


def test_markdown_makes_user_text_inert(tmp_path: Path) -> None:
    text = render_markdown(sample_report(tmp_path))
    assert "<script>" not in text and "\\<script\\>" in text
    assert "[x](javascript" not in text and "\\[x\\](javascript:x)" in text
    assert "**b**" not in text and "\\@here" in text and "https\\://evil" in text
    assert "line one line two" in text
    assert "[Zoom Terms of Service](<https://zoom.us/terms>)" in text
    for block in re.findall(r"(?m)(?:^\|.*\n)+", text):
        cells = {len(re.findall(r"(?<!\\)\|", line)) for line in block.splitlines()}
        assert len(cells) == 1, block


def test_md_escape_and_tables() -> None:
    assert md("a|b\nc") == "a\\|b c"
    assert md("www.x.org") == "www\\.x.org"
    assert md("1.2.3") == "1.2.3"


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_same_inputs_give_byte_identical_output(tmp_path: Path, fmt: str) -> None:
    # The one difference allowed: the folder read as the computer's file system is named.
    def rooted(folder: Path) -> bytes:
        out = render(sample_report(folder), fmt).decode("utf-8")
        return out.replace(md(str(folder)), "ROOT").replace(str(folder), "ROOT").encode()

    a, b = rooted(tmp_path / "a"), rooted(tmp_path / "b")
    assert a == b and b"ROOT" in a


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_no_control_characters_in_any_format(tmp_path: Path, fmt: str) -> None:
    out = render(sample_report(tmp_path), fmt).decode("utf-8")
    assert "\x1b" in EVIL and not CONTROL.search(out)
    assert "\\u001b" not in out and "\\u0007" not in out


def test_json_matches_its_schema(tmp_path: Path) -> None:
    schema = json.loads((resource_dir() / "report-schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for redact in (False, True):
        data = json.loads(render_json(sample_report(tmp_path / str(redact), redact=redact)))
        jsonschema.validate(data, schema)
        assert (
            data["schema_version"]
            == SCHEMA_VERSION
            == schema["properties"]["schema_version"]["const"]
        )
    assert data["summary"]["top_actions"][0]["step"] == "ai-companion-meeting-summary"
    bad = {**data, "clients": [{**data["clients"][0], "stale": "no"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("r.pdf", "pdf"), ("R.HTML", "html"), ("r.htm", "html"), ("r.md", "md"), ("r.json", "json")],
)
def test_format_from_suffix(name: str, fmt: str) -> None:
    assert format_for(Path(name), None) == fmt


def test_unknown_format() -> None:
    with pytest.raises(UnknownFormatError, match="cannot tell the format"):
        format_for(Path("r.txt"), None)
    with pytest.raises(UnknownFormatError, match="unknown format"):
        format_for(Path("r.pdf"), "docx")


@given(st.text())
def test_md_never_leaves_a_metacharacter_bare(text: str) -> None:
    out = md(text)
    assert "\n" not in out and "\r" not in out and not CONTROL.search(out)
    bare = re.sub(r"\\.", "", out)
    assert not re.search(r"[`*_\[\]<>#|!~&@$\\]", bare)
    assert not re.search(r"(?i)https?://|www\.", bare)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_an_installation_prints_the_evidence_that_adds_to_its_location(
    tmp_path: Path, fmt: str
) -> None:
    """Evidence under the location repeats it; with no location (a desktop entry that runs
    `flatpak run`) the evidence is all that says where the app is, and no empty "at" is shown."""
    from dataclasses import replace

    data = sample_report(tmp_path)
    client = data.clients[0]
    first = client.installations[0]
    placed = replace(
        first,
        version="",
        location="/opt/example",
        evidence=("/opt/example/bin/app-binary", "catalogued by dpkg-evidence-x"),
    )
    unplaced = replace(first, version="2.1", location="", evidence=("/usr/share/x/meet.desktop",))
    body = replace(data, clients=(replace(client, installations=(placed, unplaced)),))
    text = render(body, fmt).decode("utf-8")
    assert "dpkg-evidence-x" in text and "app-binary" not in text
    assert "version unknown, at /opt/example" in text
    assert "meet.desktop" in text and "version 2.1, at" not in text

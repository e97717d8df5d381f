"""What the terms check prints comes from the network: it reaches the terminal inert."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from meetguard.cli_terms import print_report, report_json
from meetguard.display_text import inert_values
from meetguard.terms.check import CheckReport, CheckTarget, DocumentOutcome
from meetguard.terms.model import QuoteCheck

HOSTILE = "now \x1b]0;pwned\x07says \u202eevil\x9b2J"


def _report() -> CheckReport:
    when = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    check = QuoteCheck(
        "zoom",
        "ai_training",
        "all",
        "tos",
        "a quote",
        "not_found",
        when,
        "vendor",
        "https://zoom.us/terms",
        passage=HOSTILE,
    )
    target = CheckTarget("https://zoom.us/terms", "vendor", (), ())
    return CheckReport(when, 1, (DocumentOutcome(target, (check,)),), ())


def _active(text: str) -> list[str]:
    return [c for c in text if c in "\x1b\x07\x9b\u202e"]


def test_a_closest_passage_is_printed_inert(capsys: pytest.CaptureFixture[str]) -> None:
    print_report(_report())
    out = capsys.readouterr().out
    assert "closest passage now" in out and "pwned" in out
    assert _active(out) == []


def test_the_json_of_a_check_is_inert() -> None:
    text = json.dumps(inert_values(report_json(_report())), ensure_ascii=False)
    assert "pwned" in text
    assert _active(text) == []
    assert _active(json.dumps(report_json(_report()), ensure_ascii=False)) != []

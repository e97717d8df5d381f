"""Every parser of untrusted bytes: only its typed error escapes, and time grows linearly.

Each parser gets a hypothesis test over arbitrary bytes and mutated real files, and next to
it a size-scaling test: the parser's worst known shape at n and at 4n, timed, with the ratio
bounded well below the 16 a quadratic parser would show.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.fuzz import mutate
from tests.hostile.parsers_under_test import PARSERS, Parser
from tests.scaling import best_cpu_seconds

_IDS = [p.name for p in PARSERS]
# 4x the input may cost at most this many times the time (linear: about 4; quadratic: 16).
MAX_RATIO = 9.0


def _run(parser: Parser, data: bytes) -> None:
    try:
        parser.parse(data)
    except parser.errors as exc:
        assert str(exc), "a typed error says what is wrong"


@pytest.mark.parametrize("parser", PARSERS, ids=_IDS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), seed=st.integers(0, 2**32 - 1), raw=st.booleans())
def test_only_the_typed_error_escapes(parser: Parser, data: bytes, seed: int, raw: bool) -> None:
    _run(parser, data if raw else mutate(parser.seeds, random.Random(seed)))


def _seconds(parser: Parser, data: bytes) -> float:
    return best_cpu_seconds(lambda: _run(parser, data), repeat=3)


@pytest.mark.parametrize("parser", PARSERS, ids=_IDS)
def test_time_grows_linearly_with_size(parser: Parser) -> None:
    n = parser.scale_n
    small, large = parser.worst(n), parser.worst(4 * n)
    assert len(large) >= 3 * len(small)
    ratio = _seconds(parser, large) / max(_seconds(parser, small), 1e-4)
    assert ratio < MAX_RATIO, f"{parser.name}: 4x the input took {ratio:.1f}x the time"

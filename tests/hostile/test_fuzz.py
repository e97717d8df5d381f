"""Long fuzz runs, one per parser: `pytest -m fuzz -s tests/hostile/test_fuzz.py`.

Not in the default run (addopts has -m "not fuzz"). MEETGUARD_FUZZ_INPUTS sets the inputs per
parser (default 100,000) and MEETGUARD_FUZZ_SEED the seed; each run prints its counts.
"""

from __future__ import annotations

import os
import random

import pytest

from tests.hostile.fuzz import mutate
from tests.hostile.parsers_under_test import PARSERS, Parser

INPUTS = int(os.environ.get("MEETGUARD_FUZZ_INPUTS", "100000"))
SEED = int(os.environ.get("MEETGUARD_FUZZ_SEED", "20261201"))


@pytest.mark.fuzz
@pytest.mark.timeout(0)
@pytest.mark.parametrize("parser", PARSERS, ids=[p.name for p in PARSERS])
def test_fuzz(parser: Parser) -> None:
    rng = random.Random(f"{SEED}:{parser.name}")
    typed = 0
    untyped: list[tuple[bytes, BaseException]] = []
    for i in range(INPUTS):
        data = mutate(parser.seeds, rng) if i % 10 else rng.randbytes(rng.randint(0, 512))
        try:
            parser.parse(data)
        except parser.errors:
            typed += 1
        except Exception as exc:  # the point: anything else is a bug
            untyped.append((data[:200], exc))
    print(
        f"\nfuzz {parser.name}: {INPUTS} inputs, {typed} typed errors, "
        f"{len(untyped)} untyped errors"
    )
    assert not untyped, [f"{type(e).__name__}: {e} on {d!r}" for d, e in untyped[:3]]

"""A small mutation fuzzer: real files, bent the ways hostile files are bent."""

from __future__ import annotations

import random
from collections.abc import Sequence

# Bytes that mean something to one parser or another.
TOKENS = (
    b"\\",
    b"\\\r\n",
    b"[",
    b"]",
    b'"',
    b"=",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\xe9",
    b"\x1b[31m",
    b"\xe2\x80\xae",
    b"<",
    b">",
    b"</",
    b"<release version='",
    b"dword:",
    b"hex(7):",
    b"hex:",
    b"{",
    b"}",
    b"[[",
    b'"""',
    b"9" * 40,
    b"-1",
    b"nan",
    b"\xff\xff\xff\xff",
)


def mutate(seeds: Sequence[bytes], rng: random.Random) -> bytes:
    data = bytearray(rng.choice(seeds))
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[pos:pos] = rng.randbytes(rng.randint(1, 8))
        elif op == 2:
            del data[pos : pos + rng.randint(1, 32)]
        elif op == 3:
            other = rng.choice(seeds)
            start = rng.randrange(len(other) + 1)
            data[pos:pos] = other[start : start + rng.randint(1, 64)]
        elif op == 4:
            data[pos:pos] = rng.choice(TOKENS)
        elif op == 5:
            del data[pos:]
        else:
            chunk = bytes(data[pos : pos + rng.randint(1, 32)])
            data[pos:pos] = chunk * rng.randint(2, 40)
    return bytes(data)

"""The rpm database as Fedora, RHEL and openSUSE keep it: SQLite `rpmdb.sqlite` (Fedora,
RHEL), one row per installed package in table `Packages`, or rpm's own "ndb" format
`Packages.db` (openSUSE, SUSE), slots pointing at blobs; either way each package is its
header blob.

A header blob is `il` and `dl` (big-endian 32-bit), then `il` index entries of 16 bytes
(tag, type, offset, count), then `dl` bytes of data the entries point into. Only the tags
that name a package are read; every offset is checked against the blob before it is used.
"""

from __future__ import annotations

import sqlite3
import struct
import zlib
from dataclasses import dataclass

from meetguard.inventory.parsers import ParseError

TAG_NAME, TAG_VERSION, TAG_RELEASE, TAG_EPOCH = 1000, 1001, 1002, 1003
TYPE_INT32, TYPE_STRING, TYPE_STRING_ARRAY, TYPE_I18NSTRING = 4, 6, 8, 9
# rpm's own limits (lib/header.c): at most 0xffff tags and 256 MiB of data per header.
MAX_TAGS = 0xFFFF
MAX_DATA = 0x0FFFFFFF
MAX_TEXT = 256


@dataclass(frozen=True)
class RpmPackage:
    name: str
    version: str
    release: str
    epoch: int | None = None

    @property
    def evr(self) -> str:
        """Version as rpm prints it: [epoch:]version-release."""
        text = f"{self.version}-{self.release}" if self.release else self.version
        return f"{self.epoch}:{text}" if self.epoch else text


def parse_rpm_header(blob: bytes) -> RpmPackage:
    """Name, version, release and epoch from one header blob; raises only ParseError."""
    if len(blob) < 8:
        raise ParseError("rpm header shorter than its 8-byte preamble")
    il, dl = struct.unpack_from(">II", blob)
    if not 0 < il <= MAX_TAGS or dl > MAX_DATA:
        raise ParseError(f"rpm header claims {il} tags and {dl} bytes")
    start = 8 + 16 * il
    if start + dl > len(blob):
        raise ParseError("rpm header is shorter than its index says")
    data = memoryview(blob)[start : start + dl]
    texts: dict[int, str] = {}
    epoch: int | None = None
    for tag, kind, offset, _count in struct.iter_unpack(">IIII", blob[8:start]):
        if tag not in (TAG_NAME, TAG_VERSION, TAG_RELEASE, TAG_EPOCH):
            continue
        if tag == TAG_EPOCH:
            if kind != TYPE_INT32 or offset + 4 > dl:
                raise ParseError("rpm header has a malformed epoch")
            epoch = int.from_bytes(data[offset : offset + 4], "big")
        elif kind in (TYPE_STRING, TYPE_STRING_ARRAY, TYPE_I18NSTRING) and offset < dl:
            end = bytes(data[offset : min(dl, offset + MAX_TEXT + 1)]).find(b"\0")
            if end < 0:
                raise ParseError(f"rpm header tag {tag} is not a terminated string")
            texts[tag] = bytes(data[offset : offset + end]).decode("utf-8", errors="replace")
        else:
            raise ParseError(f"rpm header tag {tag} has type {kind} or points outside")
    name, version = texts.get(TAG_NAME, ""), texts.get(TAG_VERSION, "")
    if not name or not version:
        raise ParseError("rpm header has no name or version")
    return RpmPackage(name, version, texts.get(TAG_RELEASE, ""), epoch)


@dataclass(frozen=True)
class RpmDatabase:
    packages: tuple[RpmPackage, ...]
    unreadable: int


def read_rpmdb_sqlite(data: bytes, wanted: set[str] | None = None) -> RpmDatabase:
    """Every package in an `rpmdb.sqlite` file's bytes (or only those named in `wanted`).

    The bytes are opened as an in-memory copy, so the inspected file is never opened for
    writing and no lock or journal is created beside it. Raises only ParseError.
    """
    # rpm keeps the database in WAL mode (bytes 18 and 19 = 2); an in-memory copy cannot
    # use a WAL, so the copy is marked as a rollback-journal database, which reads the same.
    image = bytearray(data)
    if len(image) >= 100 and image[:16] == b"SQLite format 3\0":
        image[18:20] = b"\x01\x01"
    con = sqlite3.connect(":memory:")
    try:
        con.deserialize(bytes(image))
        rows = con.execute("SELECT blob FROM Packages")
        found: list[RpmPackage] = []
        bad = 0
        for (blob,) in rows:
            if not isinstance(blob, bytes):
                bad += 1
                continue
            try:
                package = parse_rpm_header(blob)
            except ParseError:
                bad += 1
                continue
            if wanted is None or package.name in wanted:
                found.append(package)
        return RpmDatabase(tuple(found), bad)
    except sqlite3.Error as exc:
        raise ParseError(f"not an rpm SQLite database ({exc})") from exc
    finally:
        con.close()


# ndb (rpm's lib/backend/ndb/rpmpkg.c): little-endian words. A 32-byte file header, then
# `slotnpages` pages of 4096 bytes holding 16-byte slots (magic, pkgidx, blkoff, blkcnt);
# each used slot points, in 16-byte blocks, at a blob: a 16-byte head (magic, pkgidx,
# timestamp, length), the header blob, zero padding, a 12-byte tail (adler32 of all that
# precedes it, length, magic).
NDB_MAGIC, SLOT_MAGIC, BLOB_HEAD, BLOB_TAIL = b"RpmP", b"Slot", b"BlbS", b"BlbE"
PAGE, BLOCK = 4096, 16


def _ndb_blob(data: bytes, pkgidx: int, blkoff: int, blkcnt: int) -> bytes:
    start, end = blkoff * BLOCK, (blkoff + blkcnt) * BLOCK
    head = data[start : start + 16]
    if len(head) < 16 or head[:4] != BLOB_HEAD:
        raise ParseError("ndb blob has no head")
    owner, _stamp, length = struct.unpack_from("<III", head, 4)
    if owner != pkgidx or blkcnt != (16 + length + 12 + BLOCK - 1) // BLOCK:
        raise ParseError("ndb blob does not match its slot")
    adler, tail_length = struct.unpack_from("<II", data, end - 12)
    if data[end - 4 : end] != BLOB_TAIL or tail_length != length:
        raise ParseError("ndb blob has no tail")
    if zlib.adler32(data[start : end - 12]) != adler:
        raise ParseError("ndb blob checksum does not match")
    return data[start + 16 : start + 16 + length]


def read_rpmdb_ndb(data: bytes, wanted: set[str] | None = None) -> RpmDatabase:
    """Every package in an ndb `Packages.db` file's bytes (or those named in `wanted`).
    Raises ParseError when the file is not one; a damaged blob only counts as unreadable."""
    if len(data) < PAGE or data[:4] != NDB_MAGIC:
        raise ParseError("not an rpm ndb database")
    version, _generation, pages = struct.unpack_from("<III", data, 4)
    if version != 0 or not 0 < pages <= len(data) // PAGE:
        raise ParseError(f"rpm ndb database of version {version} with {pages} slot pages")
    first_block = pages * PAGE // BLOCK
    total_blocks = len(data) // BLOCK
    found: list[RpmPackage] = []
    bad = 0
    for magic, pkgidx, blkoff, blkcnt in struct.iter_unpack("<4sIII", data[32 : pages * PAGE]):
        if magic != SLOT_MAGIC:
            raise ParseError("rpm ndb database has a damaged slot")
        if not blkoff:
            continue
        try:
            if not pkgidx or blkoff < first_block or blkoff + blkcnt > total_blocks:
                raise ParseError("ndb slot points outside the file")
            package = parse_rpm_header(_ndb_blob(data, pkgidx, blkoff, blkcnt))
        except ParseError:
            bad += 1
            continue
        if wanted is None or package.name in wanted:
            found.append(package)
    return RpmDatabase(tuple(found), bad)

"""Hashing and compressing bytes for the blob store, without a database in sight: worker processes
that read pages pack new bodies and texts with it.

Two codecs, told apart by their first bytes: raw pages use zlib (fast, and markup compresses well),
extracted texts use bz2 (prose compresses to ~0.33 of its size against zlib's ~0.35, for ~1 ms more
per new version). Either decompresses with :func:`unpack_bytes`.
"""

from __future__ import annotations

import bz2
import hashlib
import zlib

from policywatch.storage.records import Packed

ZLIB_LEVEL = 6
BZ2_MAGIC = b"BZh"  # a zlib stream never starts with it: its first byte would name compression method 2


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pack(data: bytes, *, prose: bool = False) -> Packed:
    """``prose``: an extracted text rather than a raw page."""
    packed = bz2.compress(data, 9) if prose else zlib.compress(data, ZLIB_LEVEL)
    return Packed(sha256_hex(data), len(data), packed)


def unpack_bytes(packed: bytes) -> bytes:
    """Raises ``ValueError`` on bytes that are not a whole stream of either codec."""
    try:
        if packed.startswith(BZ2_MAGIC):
            return bz2.decompress(packed)
        return zlib.decompress(packed)
    except (zlib.error, OSError, EOFError) as exc:
        raise ValueError(str(exc)) from exc

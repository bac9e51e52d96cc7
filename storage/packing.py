"""Hashing and compressing bytes for the blob store, without a database in sight: worker processes
that read pages pack new bodies and texts with it."""

from __future__ import annotations

import hashlib
import zlib

from storage.records import Packed

LEVEL = 6


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pack(data: bytes) -> Packed:
    return Packed(sha256_hex(data), len(data), zlib.compress(data, LEVEL))

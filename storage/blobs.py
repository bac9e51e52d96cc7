"""Content-addressed compressed blobs: the one place bytes are packed and verified."""

from __future__ import annotations

import hashlib
import zlib

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.errors import CorruptBlobError
from storage.models import Blob


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_blob(session: Session, data: bytes) -> str:
    """Store ``data`` once; a second put of the same bytes writes nothing."""
    digest = sha256_hex(data)
    values = {"sha256": digest, "size": len(data), "data": zlib.compress(data, 6)}
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        stmt = sqlite.insert(Blob).values(**values).on_conflict_do_nothing()
    elif dialect == "postgresql":
        stmt = postgresql.insert(Blob).values(**values).on_conflict_do_nothing()
    else:
        if session.get(Blob, digest) is not None:
            return digest
        stmt = Blob.__table__.insert().values(**values)
    session.execute(stmt)
    return digest


def get_blob(session: Session, digest: str) -> bytes:
    packed = session.execute(select(Blob.data).where(Blob.sha256 == digest)).scalar_one_or_none()
    if packed is None:
        raise CorruptBlobError(f"blob {digest[:12]} is missing")
    return unpack(digest, packed)


def unpack(digest: str, packed: bytes) -> bytes:
    """The stored bytes, checked against the hash they are filed under."""
    try:
        data = zlib.decompress(packed)
    except zlib.error as exc:
        raise CorruptBlobError(f"blob {digest[:12]} cannot be decompressed: {exc}") from exc
    if sha256_hex(data) != digest:
        raise CorruptBlobError(f"blob {digest[:12]} does not match its hash")
    return data

"""Content-addressed compressed blobs: the one place bytes are stored and verified (packed by
:mod:`storage.packing`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from policywatch.storage.errors import CorruptBlobError
from policywatch.storage.models import Blob, table
from policywatch.storage.packing import pack, sha256_hex, unpack_bytes
from policywatch.storage.records import Packed

# built once: a statement with its values bound at execution is compiled once and cached
_INSERT_NEW = {
    "sqlite": sqlite.insert(table(Blob)).on_conflict_do_nothing(),
    "postgresql": postgresql.insert(table(Blob)).on_conflict_do_nothing(),
}


def put_blob(session: Session, data: bytes | Packed) -> str:
    """Store ``data`` once; a second put of the same bytes writes nothing."""
    packed = data if isinstance(data, Packed) else pack(data)
    digest = packed.sha256
    values = {"sha256": digest, "size": packed.size, "data": packed.data}
    dialect = session.get_bind().dialect.name
    if dialect in _INSERT_NEW:
        session.connection().execute(_INSERT_NEW[dialect], values)
    elif session.get(Blob, digest) is None:
        session.connection().execute(table(Blob).insert(), values)
    return digest


def get_blob(session: Session, digest: str) -> bytes:
    packed = session.execute(select(Blob.data).where(Blob.sha256 == digest)).scalar_one_or_none()
    if packed is None:
        raise CorruptBlobError(f"blob {digest[:12]} is missing")
    return unpack(digest, packed)


def unpack(digest: str, packed: bytes) -> bytes:
    """The stored bytes, checked against the hash they are filed under."""
    try:
        data = unpack_bytes(packed)
    except ValueError as exc:
        raise CorruptBlobError(f"blob {digest[:12]} cannot be decompressed: {exc}") from exc
    if sha256_hex(data) != digest:
        raise CorruptBlobError(f"blob {digest[:12]} does not match its hash")
    return data

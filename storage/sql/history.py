"""What a watch's history holds: versions, their texts and snapshots, and checks."""

from __future__ import annotations

import json

from sqlalchemy import select

from policywatch.storage.blobs import get_blob
from policywatch.storage.errors import StorageError
from policywatch.storage.models import Check, Snapshot, Version
from policywatch.storage.records import (
    CheckRecord,
    SnapshotData,
    VersionRecord,
)
from policywatch.storage.sql.base import SessionBase
from policywatch.storage.sql.rows import check_record, version_record


class HistorySQL(SessionBase):
    def versions(self, watch_id: int) -> list[VersionRecord]:
        """Newest first."""
        with self.reading() as s:
            rows = s.scalars(select(Version).where(Version.watch_id == watch_id).order_by(Version.number.desc()))
            return [version_record(v) for v in rows]

    def latest_version(self, watch_id: int) -> VersionRecord | None:
        with self.reading() as s:
            row = s.scalar(select(Version).where(Version.watch_id == watch_id).order_by(Version.number.desc()).limit(1))
            return version_record(row) if row else None

    def recent_fingerprints(self, watch_id: int, limit: int = 6) -> list[str]:
        """Fingerprints of the latest versions, newest first (for recognising flip-flops)."""
        with self.reading() as s:
            return list(
                s.scalars(
                    select(Version.fingerprint)
                    .where(Version.watch_id == watch_id)
                    .order_by(Version.number.desc())
                    .limit(limit)
                )
            )

    def version(self, watch_id: int, number: int) -> VersionRecord | None:
        with self.reading() as s:
            row = s.scalar(select(Version).where(Version.watch_id == watch_id, Version.number == number))
            return version_record(row) if row else None

    def version_by_id(self, version_id: int) -> VersionRecord | None:
        with self.reading() as s:
            row = s.get(Version, version_id)
            return version_record(row) if row else None

    def version_text(self, version: VersionRecord) -> str:
        with self.reading() as s:
            return get_blob(s, version.text_sha256).decode("utf-8")

    def snapshot(self, snapshot_id: int) -> SnapshotData:
        with self.reading() as s:
            snap = s.get(Snapshot, snapshot_id)
            if snap is None:
                raise StorageError(f"snapshot {snapshot_id} is missing")
            return SnapshotData(
                url=snap.url,
                final_url=snap.final_url,
                status=snap.status,
                headers=json.loads(snap.headers),
                redirects=json.loads(snap.redirects),
                body=get_blob(s, snap.body_sha256),
                content_type=snap.content_type,
                etag=snap.etag,
                last_modified=snap.last_modified,
                fetched_at=snap.fetched_at,
            )

    def checks(self, watch_id: int, limit: int = 50) -> list[CheckRecord]:
        with self.reading() as s:
            rows = s.scalars(select(Check).where(Check.watch_id == watch_id).order_by(Check.id.desc()).limit(limit))
            return [check_record(c) for c in rows]

    # -- recording the outcome of one check ------------------------------------------------

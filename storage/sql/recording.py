"""Each check's outcome, written in one transaction with the alerts it causes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from policywatch.storage.blobs import put_blob
from policywatch.storage.errors import DuplicateVersionError
from policywatch.storage.models import Version, Watch
from policywatch.storage.packing import pack
from policywatch.storage.records import (
    AlertSpec,
    CheckRecord,
    NewVersion,
    SnapshotData,
    UnchangedCheck,
    VersionRecord,
)
from policywatch.storage.sql.base import SessionBase
from policywatch.storage.sql.rows import (
    INSERT_CHECK,
    INSERT_VERSION,
    LOCK_WATCH,
    NEWEST_VERSION,
    UPDATE_WATCH,
    add_alerts,
    add_check,
    add_snapshot,
    released,
    utcnow,
    version_record,
)
from policywatch.storage.vocabulary import VersionKind


class RecordingSQL(SessionBase):
    def record_unchanged(
        self,
        watch_id: int,
        *,
        started_at: datetime,
        duration_ms: int,
        outcome: str,
        http_status: int | None,
        etag: str | None = None,
        last_modified: str | None = None,
        body_sha256: str | None = None,
        alerts: Sequence[AlertSpec] = (),
        next_due_at: datetime | None = None,
    ) -> CheckRecord:
        """A check that found nothing new: one small row, no text."""
        with self.writing() as s:
            check = add_check(s, watch_id, started_at, duration_ms, outcome, http_status, worker=self.worker)
            add_alerts(s, watch_id, None, started_at, alerts)
            values: dict = {
                "last_checked_at": started_at,
                "last_outcome": outcome,
                "last_error": None,
                "consecutive_failures": 0,
                "persistent_failures": 0,
            }
            if outcome != "not_modified":
                values.update(etag=etag, last_modified=last_modified, body_sha256=body_sha256)
            s.execute(update(Watch).where(Watch.id == watch_id).values(**values, **released(next_due_at)))
        return check

    def record_unchanged_many(self, checks: Sequence[UnchangedCheck]) -> None:
        """Many checks that found nothing new, in one transaction: an unchanged pass is mostly these."""
        if not checks:
            return
        with self.writing() as s:
            c = s.connection()
            c.execute(
                INSERT_CHECK,
                [
                    {
                        "watch_id": u.watch_id,
                        "started_at": u.started_at,
                        "duration_ms": u.duration_ms,
                        "outcome": u.outcome,
                        "http_status": u.http_status,
                        "error": None,
                        "version_id": None,
                        "snapshot_id": None,
                        "worker": self.worker,
                    }
                    for u in checks
                ],
            )
            groups: dict[tuple, list[dict]] = {}  # one executemany per set of columns
            for u in checks:
                row = {
                    "wid": u.watch_id,
                    "last_checked_at": u.started_at,
                    "last_outcome": u.outcome,
                    "last_error": None,
                    "consecutive_failures": 0,
                    "persistent_failures": 0,
                }
                if u.outcome != "not_modified":
                    row.update(etag=u.etag, last_modified=u.last_modified, body_sha256=u.body_sha256)
                row.update(released(u.next_due_at))
                groups.setdefault(tuple(sorted(row)), []).append(row)
            for rows in groups.values():
                c.execute(UPDATE_WATCH, rows)

    def record_failure(
        self,
        watch_id: int,
        *,
        started_at: datetime,
        duration_ms: int,
        error: str,
        http_status: int | None = None,
        outcome: str = "failed",
        alerts: Sequence[AlertSpec] = (),
        snapshot: SnapshotData | None = None,
        next_due_at: datetime | None = None,
        transient: bool = False,
    ) -> CheckRecord:
        """``snapshot``: the raw page a suspect or unreadable 2xx answer served, kept until housekeeping.
        ``transient``: a fault likely to pass (a timeout, a 5xx): counted, but not as persistent."""
        with self.writing() as s:
            snapshot_id = add_snapshot(s, watch_id, started_at, snapshot)[0] if snapshot is not None else None
            check = add_check(
                s,
                watch_id,
                started_at,
                duration_ms,
                outcome,
                http_status,
                error=error,
                worker=self.worker,
                snapshot_id=snapshot_id,
            )
            add_alerts(s, watch_id, None, started_at, alerts)
            s.execute(
                update(Watch)
                .where(Watch.id == watch_id)
                .values(
                    last_checked_at=started_at,
                    last_outcome=outcome,
                    last_error=error,
                    consecutive_failures=Watch.consecutive_failures + 1,
                    persistent_failures=Watch.persistent_failures + (0 if transient else 1),
                    **released(next_due_at),
                )
            )
        return check

    def record_version(
        self,
        watch_id: int,
        *,
        started_at: datetime,
        duration_ms: int,
        snapshot: SnapshotData,
        version: NewVersion,
        kind: str = "fetched",
        alerts: Sequence[AlertSpec] = (),
        next_due_at: datetime | None = None,
    ) -> tuple[CheckRecord, VersionRecord]:
        """Snapshot, text, version, check and outbox rows in one transaction: all or nothing,
        so a stored change can never lose its alerts."""
        with self.writing() as s:
            c = s.connection()
            c.execute(LOCK_WATCH, {"wid": watch_id})  # one writer per watch (PostgreSQL; SQLite locks the file)
            newest = c.execute(NEWEST_VERSION, {"wid": watch_id}).first()
            if newest is not None and newest.fingerprint == version.fingerprint:
                raise DuplicateVersionError(f"watch {watch_id}: this text is already the newest version")
            number = (newest.number if newest is not None else 0) + 1
            snapshot_id, body_sha = add_snapshot(s, watch_id, started_at, snapshot)
            values: dict[str, Any] = dict(
                watch_id=watch_id,
                number=number,
                created_at=started_at,
                snapshot_id=snapshot_id,
                text_sha256=put_blob(s, version.packed_text or pack(version.text.encode("utf-8"), prose=True)),
                fingerprint=version.fingerprint,
                extractor=version.extractor,
                kind=kind,
                title=version.title,
                level=version.level,
                events=json.dumps(version.events) if version.events else None,
            )
            version_id = c.execute(INSERT_VERSION, values).inserted_primary_key[0]  # type: ignore[index]
            add_alerts(s, watch_id, version_id, started_at, alerts, number=number)
            outcome = "new" if number == 1 else "changed"
            check = add_check(
                s,
                watch_id,
                started_at,
                duration_ms,
                outcome,
                snapshot.status,
                version_id=version_id,
                worker=self.worker,
            )
            watch = dict(
                wid=watch_id,
                last_checked_at=started_at,
                last_outcome=outcome,
                last_error=None,
                consecutive_failures=0,
                persistent_failures=0,
                etag=snapshot.etag,
                last_modified=snapshot.last_modified,
                body_sha256=body_sha,
                **released(next_due_at),
            )
            if number > 1:
                watch["last_changed_at"] = started_at
            c.execute(UPDATE_WATCH, watch)
        return check, VersionRecord(id=version_id, events_json=values.pop("events"), **values)

    def record_reextracted(self, watch_id: int, snapshot_id: int, version: NewVersion) -> VersionRecord:
        """A version re-derived from a stored snapshot by a newer extractor: a technical upgrade, no alerts."""
        now = utcnow()
        with self.writing() as s:
            number = (s.scalar(select(func.max(Version.number)).where(Version.watch_id == watch_id)) or 0) + 1
            row = Version(
                watch_id=watch_id,
                number=number,
                created_at=now,
                snapshot_id=snapshot_id,
                text_sha256=put_blob(s, pack(version.text.encode("utf-8"), prose=True)),
                fingerprint=version.fingerprint,
                extractor=version.extractor,
                kind=VersionKind.REEXTRACTED,
                title=version.title,
                level="none",
                events=None,
            )
            s.add(row)
            s.flush()
            return version_record(row)

    # -- verification ----------------------------------------------------------------------------

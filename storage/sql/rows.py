"""Rows to records, the compiled Core statements of the check path, and the helpers the SQL
store's parts share."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from policywatch.storage.blobs import put_blob
from policywatch.storage.models import Alert, Check, Snapshot, Version, Watch, table
from policywatch.storage.records import (
    AlertRecord,
    AlertSpec,
    CheckRecord,
    SnapshotData,
    VersionRecord,
    WatchRecord,
)
from policywatch.storage.vocabulary import AlertStatus

SYNC_LOCK, CLAIM_LOCK = 7_270_002, 7_270_003  # PostgreSQL advisory lock keys


def utcnow() -> datetime:
    return datetime.now(UTC)


def alert_record(a: Alert, watch_name: str | None) -> AlertRecord:
    return AlertRecord(
        id=a.id,
        key=a.key,
        watch_id=a.watch_id,
        watch_name=watch_name or "(test alert)",
        version_id=a.version_id,
        destination=a.destination,
        kind=a.kind,
        level=a.level,
        status=a.status,
        created_at=a.created_at,
        next_attempt_at=a.next_attempt_at,
        attempts=a.attempts,
        last_error=a.last_error,
        sent_at=a.sent_at,
        message=a.message,
        claimed_by=a.claimed_by,
        notice=a.notice,
    )


# Core statements on the check path, values bound at execution: compiled once, no ORM unit of work
INSERT_VERSION = insert(table(Version))
INSERT_ALERT = insert(table(Alert))
INSERT_CHECK = insert(table(Check))
INSERT_SNAPSHOT = insert(table(Snapshot))
UPDATE_WATCH = update(table(Watch)).where(table(Watch).c.id == bindparam("wid"))  # SET: the keys given
LOCK_WATCH = select(table(Watch).c.id).where(table(Watch).c.id == bindparam("wid")).with_for_update()
NEWEST_VERSION = (
    select(table(Version).c.number, table(Version).c.fingerprint)
    .where(table(Version).c.watch_id == bindparam("wid"))
    .order_by(table(Version).c.number.desc())
    .limit(1)
)


def add_alerts(
    s: Session,
    watch_id: int,
    version_id: int | None,
    at: datetime,
    alerts: Sequence[AlertSpec],
    number: int | None = None,
) -> None:
    if alerts:
        s.connection().execute(
            INSERT_ALERT,
            [
                {
                    "key": a.key.format(number=number),
                    "watch_id": watch_id,
                    "version_id": version_id,
                    "destination": a.destination,
                    "kind": a.kind,
                    "level": a.level,
                    "status": AlertStatus.PENDING,
                    "created_at": at,
                    "next_attempt_at": at,
                    "attempts": 0,
                    "message": a.message,
                    "notice": a.notice,
                }
                for a in alerts
            ],
        )


def add_check(
    s: Session,
    watch_id: int,
    started_at: datetime,
    duration_ms: int,
    outcome: str,
    http_status: int | None,
    *,
    error: str | None = None,
    version_id: int | None = None,
    snapshot_id: int | None = None,
    worker: str | None = None,
) -> CheckRecord:
    values: dict[str, Any] = dict(
        watch_id=watch_id,
        started_at=started_at,
        duration_ms=duration_ms,
        outcome=outcome,
        http_status=http_status,
        error=error,
        version_id=version_id,
        snapshot_id=snapshot_id,
    )
    check_id = s.connection().execute(INSERT_CHECK, {**values, "worker": worker}).inserted_primary_key[0]  # type: ignore[index]
    return CheckRecord(id=check_id, **values)


def watch_record(
    w: Watch, versions: int, fingerprint: str | None, extractor: str | None, text_sha256: str | None
) -> WatchRecord:
    return WatchRecord(
        id=w.id,
        name=w.name,
        url=w.url,
        active=w.active,
        etag=w.etag,
        last_modified=w.last_modified,
        body_sha256=w.body_sha256,
        last_checked_at=w.last_checked_at,
        last_outcome=w.last_outcome,
        last_error=w.last_error,
        last_changed_at=w.last_changed_at,
        consecutive_failures=w.consecutive_failures,
        persistent_failures=w.persistent_failures or 0,
        versions=versions,
        latest_fingerprint=fingerprint,
        latest_extractor=extractor,
        latest_text_sha256=text_sha256,
    )


def version_record(v: Version) -> VersionRecord:
    return VersionRecord(
        id=v.id,
        watch_id=v.watch_id,
        number=v.number,
        created_at=v.created_at,
        snapshot_id=v.snapshot_id,
        text_sha256=v.text_sha256,
        fingerprint=v.fingerprint,
        extractor=v.extractor,
        kind=v.kind,
        title=v.title,
        level=v.level,
        events_json=v.events,
    )


def check_record(c: Check) -> CheckRecord:
    return CheckRecord(
        id=c.id,
        watch_id=c.watch_id,
        started_at=c.started_at,
        duration_ms=c.duration_ms,
        outcome=c.outcome,
        http_status=c.http_status,
        error=c.error,
        version_id=c.version_id,
        snapshot_id=c.snapshot_id,
    )


def released(next_due_at: datetime | None) -> dict:
    """With a schedule, a recorded check also ends its lease, in the same transaction: a process that
    dies after recording it cannot make the watch come back early."""
    if next_due_at is None:
        return {}
    return {"next_due_at": next_due_at, "lease_owner": None, "lease_until": None}


def add_snapshot(s: Session, watch_id: int, at: datetime, snapshot: SnapshotData) -> tuple[int, str]:
    """(snapshot id, body hash)."""
    body_sha = put_blob(s, snapshot.packed_body or snapshot.body)
    snapshot_id = (
        s.connection()
        .execute(
            INSERT_SNAPSHOT,
            dict(
                watch_id=watch_id,
                fetched_at=at,
                url=snapshot.url,
                final_url=snapshot.final_url,
                status=snapshot.status,
                headers=json.dumps(snapshot.headers, sort_keys=True),
                redirects=json.dumps(snapshot.redirects),
                content_type=snapshot.content_type,
                etag=snapshot.etag,
                last_modified=snapshot.last_modified,
                body_sha256=body_sha,
            ),
        )
        .inserted_primary_key[0]  # type: ignore[index]
    )
    return snapshot_id, body_sha

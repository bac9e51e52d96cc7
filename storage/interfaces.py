"""What each part of policywatch needs from storage, as narrow Protocols.

:class:`storage.store.Store` (SQLite or PostgreSQL) implements all of them; a caller names the one it
uses, so a stand-in need only implement that one (the tests' in-memory store runs the check pipeline
in milliseconds). The groups follow the store's concerns: the watches, their history, the recording
of checks, the scheduling leases, the alert outbox and the maintenance of the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from policywatch.storage.records import (
    AlertRecord,
    AlertSpec,
    CheckRecord,
    HousekeepingReport,
    NewVersion,
    ReviewRecord,
    SnapshotData,
    UnchangedCheck,
    VersionRecord,
    WatchRecord,
)


class Watches(Protocol):
    def sync_watches(self, watches: Sequence[tuple[str, str]]) -> None: ...
    def watches(self, names: Iterable[str] | None = None, *, active_only: bool = True) -> list[WatchRecord]: ...
    def watch(self, name: str) -> WatchRecord: ...


class History(Protocol):
    """The versions of a watch and what they were read from."""

    def versions(self, watch_id: int) -> list[VersionRecord]: ...
    def latest_version(self, watch_id: int) -> VersionRecord | None: ...
    def recent_fingerprints(self, watch_id: int, limit: int = 6) -> list[str]: ...
    def version(self, watch_id: int, number: int) -> VersionRecord | None: ...
    def version_by_id(self, version_id: int) -> VersionRecord | None: ...
    def version_text(self, version: VersionRecord) -> str: ...
    def snapshot(self, snapshot_id: int) -> SnapshotData: ...
    def checks(self, watch_id: int, limit: int = 50) -> list[CheckRecord]: ...


class CheckRecorder(Protocol):
    """Each check's outcome, written in one transaction with the alerts it causes."""

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
    ) -> CheckRecord: ...

    def record_unchanged_many(self, checks: Sequence[UnchangedCheck]) -> None: ...

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
    ) -> CheckRecord: ...

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
    ) -> tuple[CheckRecord, VersionRecord]: ...

    def record_reextracted(self, watch_id: int, snapshot_id: int, version: NewVersion) -> VersionRecord: ...


class PipelineStore(CheckRecorder, Protocol):
    """What the check pipeline reads and writes: the recorder, and the history it compares with."""

    def latest_version(self, watch_id: int) -> VersionRecord | None: ...
    def recent_fingerprints(self, watch_id: int, limit: int = 6) -> list[str]: ...
    def version_text(self, version: VersionRecord) -> str: ...
    def snapshot(self, snapshot_id: int) -> SnapshotData: ...


class Outbox(Protocol):
    def add_alert(
        self,
        destination: str,
        *,
        kind: str,
        level: str,
        key: str,
        watch_id: int | None = None,
        version_id: int | None = None,
        message: str | None = None,
        notice: str | None = None,
        at: datetime | None = None,
    ) -> AlertRecord: ...
    def alert_keys(self, keys: list[str]) -> set[str]: ...
    def alerts(
        self, status: str | None = None, *, due_before: datetime | None = None, limit: int = 500
    ) -> list[AlertRecord]: ...
    def claimable_alerts(self, now: datetime, *, due_only: bool = True, limit: int = 500) -> list[AlertRecord]: ...
    def claim_alert(self, alert: AlertRecord, owner: str, until: datetime) -> bool: ...
    def alert_sent(self, alert_id: int, at: datetime) -> None: ...
    def alert_failed(self, alert_id: int, at: datetime, error: str, *, retry_at: datetime | None) -> None: ...
    def retry_failed_alerts(self) -> int: ...


class Reviews(Protocol):
    """The review log of material changes: appended to, never changed."""

    def add_review(
        self, version_id: int, *, status: str, note: str, by: str, via: str, at: datetime | None = None
    ) -> ReviewRecord: ...
    def reviews(
        self, *, watch_ids: Iterable[int] | None = None, version_id: int | None = None
    ) -> list[ReviewRecord]: ...


class Maintenance(Protocol):
    def schema_version(self) -> str: ...
    def housekeep(
        self, now: datetime, *, keep_failed_snapshots: timedelta | None, keep_checks: timedelta | None
    ) -> HousekeepingReport: ...
    def release_idle(self) -> None: ...
    def close(self) -> None: ...


if TYPE_CHECKING:  # mypy checks that the SQL store implements every interface
    from policywatch.storage.store import Store

    def _conforms(
        store: Store,
    ) -> tuple[Watches, History, CheckRecorder, PipelineStore, Outbox, Reviews, Maintenance]:
        return store, store, store, store, store, store, store


__all__ = ["CheckRecorder", "History", "Maintenance", "Outbox", "PipelineStore", "Reviews", "Watches"]

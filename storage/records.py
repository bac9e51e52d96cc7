"""Plain records handed out by the store, so callers never hold ORM objects or sessions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Packed:
    """Bytes hashed and compressed ahead of the write (``storage.packing.pack``), e.g. in the process
    that read the page, so the writing process only inserts them."""

    sha256: str
    size: int
    data: bytes  # compressed (storage.packing)


@dataclass(frozen=True)
class WatchRecord:
    id: int
    name: str
    url: str
    active: bool
    etag: str | None
    last_modified: str | None
    body_sha256: str | None
    last_checked_at: datetime | None
    last_outcome: str | None
    last_error: str | None
    last_changed_at: datetime | None
    consecutive_failures: int
    versions: int = 0
    latest_fingerprint: str | None = None
    latest_extractor: str | None = None
    latest_text_sha256: str | None = None  # of the newest version's text (UTF-8)
    persistent_failures: int = 0  # failed checks in a row that were no transient fault

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "url": self.url,
            "versions": self.versions,
            "last_checked_at": _iso(self.last_checked_at),
            "last_outcome": self.last_outcome,
            "last_error": self.last_error,
            "last_changed_at": _iso(self.last_changed_at),
            "consecutive_failures": self.consecutive_failures,
        }


@dataclass(frozen=True)
class VersionRecord:
    id: int
    watch_id: int
    number: int
    created_at: datetime
    snapshot_id: int
    text_sha256: str
    fingerprint: str
    extractor: str
    kind: str
    title: str | None
    level: str | None
    events_json: str | None

    @property
    def events(self) -> list[dict]:
        return json.loads(self.events_json) if self.events_json else []

    def to_json(self) -> dict:
        """A version as the API shows it: ``level`` and ``events`` in the contract's event format."""
        return {
            "number": self.number,
            "created_at": _iso(self.created_at),
            "kind": self.kind,
            "title": self.title,
            "level": self.level or "none",
            "events": self.events,
        }


@dataclass(frozen=True)
class CheckRecord:
    id: int
    watch_id: int
    started_at: datetime
    duration_ms: int
    outcome: str
    http_status: int | None
    error: str | None
    version_id: int | None
    snapshot_id: int | None = None


@dataclass(frozen=True)
class SnapshotData:
    """What the fetcher saw; stored only when it yields a new version."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    redirects: list[str]
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    packed_body: Packed | None = None  # ``body`` already hashed and compressed
    fetched_at: datetime | None = None  # when it was fetched (UTC), once stored


@dataclass(frozen=True)
class NewVersion:
    text: str
    fingerprint: str
    extractor: str
    title: str | None = None
    level: str | None = None
    events: list[dict] = field(default_factory=list)
    packed_text: Packed | None = None  # ``text`` (UTF-8) already hashed and compressed


@dataclass(frozen=True)
class AlertRecord:
    id: int
    key: str
    watch_id: int | None
    watch_name: str
    version_id: int | None
    destination: str
    kind: str
    level: str
    status: str
    created_at: datetime
    next_attempt_at: datetime
    attempts: int
    last_error: str | None
    sent_at: datetime | None
    message: str | None = None
    claimed_by: str | None = None  # host:pid of the deliverer holding it while status is "sending"
    notice: str | None = None  # for kind "notice": broken, recovered or unstable (storage.vocabulary.Notice)


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    watch_id: int
    watch_name: str
    version_id: int
    version_number: int
    at: datetime
    status: str  # storage.vocabulary.ReviewStatus
    note: str
    by: str
    via: str

    def to_json(self) -> dict:
        return {
            "watch": self.watch_name,
            "version": self.version_number,
            "at": _iso(self.at),
            "status": self.status,
            "note": self.note,
            "by": self.by,
            "via": self.via,
        }


@dataclass(frozen=True)
class AlertSpec:
    """An alert to write in the same transaction as the check that causes it."""

    destination: str
    kind: str  # storage.vocabulary.AlertKind
    level: str
    key: str
    message: str | None = None
    notice: str | None = None  # storage.vocabulary.Notice, for kind "notice"


@dataclass(frozen=True)
class HousekeepingReport:
    snapshots: int = 0  # raw snapshots of failed/suspect checks dropped
    checks: int = 0  # check rows dropped
    blobs: int = 0  # stored bodies no longer referenced, dropped
    bytes: int = 0  # their size before compression


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass(frozen=True)
class UnchangedCheck:
    """A check that found nothing new, waiting to be written with others in one transaction."""

    watch_id: int
    started_at: datetime
    duration_ms: int
    outcome: str  # "unchanged" | "not_modified"
    http_status: int | None
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    next_due_at: datetime | None = None

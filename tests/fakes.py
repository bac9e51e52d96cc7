"""An in-memory stand-in for the check pipeline's store (storage.interfaces.PipelineStore).

It keeps what the SQL store keeps for the pipeline (checks, versions with their texts and snapshots,
alerts, each watch's failure counts and validators) in lists, so pipeline behaviours (noise, flip-flops,
broken watches, re-extraction) run in milliseconds. tests/test_pipeline_fakes.py runs one scenario
on this and on the real store and requires the same outcome, so the fake cannot drift.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from policywatch.monitor.fetch import CheckTarget, FetchResult
from policywatch.storage.errors import DuplicateVersionError, StorageError
from policywatch.storage.records import AlertSpec, CheckRecord, NewVersion, SnapshotData, UnchangedCheck, VersionRecord


def fetched(
    body: bytes = b"",
    *,
    at: datetime | None = None,
    url: str = "https://a.example/p",
    status: int | None = 200,
    error: str | None = None,
    transient: bool = False,
) -> FetchResult:
    """What a fetcher hands the pipeline: a response (``body``, ``status``) or, with ``error``, none."""
    return FetchResult(
        url=url,
        started_at=at or datetime.now(UTC),
        duration_ms=3,
        status=None if error else status,
        final_url=None if error else url,
        headers={} if error else {"content-type": "text/html"},
        body=b"" if error else body,
        error=error,
        transient=transient,
    )


@dataclass
class _Watch:
    id: int
    name: str
    url: str
    consecutive_failures: int = 0
    persistent_failures: int = 0
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None


@dataclass
class MemoryStore:
    watches: dict[int, _Watch] = field(default_factory=dict)
    checks: list[CheckRecord] = field(default_factory=list)
    versions: list[VersionRecord] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    snapshots: list[SnapshotData] = field(default_factory=list)
    alerts: list[AlertSpec] = field(default_factory=list)

    # -- what the tests use to set up and look ------------------------------------------------------
    def watch(self, name: str, url: str = "https://supplier.example/privacy") -> int:
        for w in self.watches.values():
            if w.name == name:
                return w.id
        watch_id = len(self.watches) + 1
        self.watches[watch_id] = _Watch(watch_id, name, url)
        return watch_id

    def target(self, watch_id: int) -> CheckTarget:
        """The watch as a pass hands it to the pipeline (as policywatch.app.check_targets does)."""
        w = self.watches[watch_id]
        latest = self.latest_version(watch_id)
        return CheckTarget(
            watch_id=w.id,
            name=w.name,
            url=w.url,
            etag=w.etag,
            last_modified=w.last_modified,
            body_sha256=w.body_sha256,
            latest_fingerprint=latest.fingerprint if latest else None,
            latest_extractor=latest.extractor if latest else None,
            latest_text_sha256=latest.text_sha256 if latest else None,
            consecutive_failures=w.consecutive_failures,
            persistent_failures=w.persistent_failures,
        )

    def keys(self) -> list[str]:
        return [a.key for a in self.alerts]

    # -- storage.interfaces.PipelineStore -----------------------------------------------------------
    def latest_version(self, watch_id: int) -> VersionRecord | None:
        found = [v for v in self.versions if v.watch_id == watch_id]
        return found[-1] if found else None

    def recent_fingerprints(self, watch_id: int, limit: int = 6) -> list[str]:
        return [v.fingerprint for v in self.versions if v.watch_id == watch_id][::-1][:limit]

    def version_text(self, version: VersionRecord) -> str:
        return self.texts[version.text_sha256]

    def snapshot(self, snapshot_id: int) -> SnapshotData:
        if not 0 < snapshot_id <= len(self.snapshots):
            raise StorageError(f"snapshot {snapshot_id} is missing")
        return self.snapshots[snapshot_id - 1]

    def _check(self, watch_id, started_at, duration_ms, outcome, http_status, error=None, version_id=None):
        check = CheckRecord(
            len(self.checks) + 1, watch_id, started_at, duration_ms, outcome, http_status, error, version_id
        )
        self.checks.append(check)
        return check

    def _alerts(self, alerts: Sequence[AlertSpec], number: int | None = None) -> None:
        for a in alerts:
            key = a.key.format(number=number) if number is not None else a.key
            if key not in self.keys():  # the key is unique, as in the database
                self.alerts.append(replace(a, key=key))

    def record_unchanged(
        self,
        watch_id,
        *,
        started_at,
        duration_ms,
        outcome,
        http_status,
        etag=None,
        last_modified=None,
        body_sha256=None,
        alerts=(),
        next_due_at=None,
    ) -> CheckRecord:
        check = self._check(watch_id, started_at, duration_ms, outcome, http_status)
        self._alerts(alerts)
        w = self.watches[watch_id]
        w.consecutive_failures = w.persistent_failures = 0
        if outcome != "not_modified":
            w.etag, w.last_modified, w.body_sha256 = etag, last_modified, body_sha256
        return check

    def record_unchanged_many(self, checks: Sequence[UnchangedCheck]) -> None:
        for u in checks:
            self.record_unchanged(
                u.watch_id,
                started_at=u.started_at,
                duration_ms=u.duration_ms,
                outcome=u.outcome,
                http_status=u.http_status,
                etag=u.etag,
                last_modified=u.last_modified,
                body_sha256=u.body_sha256,
            )

    def record_failure(
        self,
        watch_id,
        *,
        started_at,
        duration_ms,
        error,
        http_status=None,
        outcome="failed",
        alerts=(),
        snapshot=None,
        next_due_at=None,
        transient=False,
    ) -> CheckRecord:
        check = self._check(watch_id, started_at, duration_ms, outcome, http_status, error)
        self._alerts(alerts)
        w = self.watches[watch_id]
        w.consecutive_failures += 1
        w.persistent_failures += 0 if transient else 1
        return check

    def _add_version(self, watch_id: int, snapshot_id: int, version: NewVersion, kind: str) -> VersionRecord:
        latest = self.latest_version(watch_id)
        if latest is not None and latest.fingerprint == version.fingerprint and kind == "fetched":
            raise DuplicateVersionError(f"watch {watch_id} already has this text as its newest version")
        sha = hashlib.sha256(version.text.encode("utf-8")).hexdigest()
        self.texts[sha] = version.text
        record = VersionRecord(
            id=len(self.versions) + 1,
            watch_id=watch_id,
            number=(latest.number if latest else 0) + 1,
            created_at=datetime.now(),
            snapshot_id=snapshot_id,
            text_sha256=sha,
            fingerprint=version.fingerprint,
            extractor=version.extractor,
            kind=kind,
            title=version.title,
            level=version.level,
            events_json=json.dumps(version.events) if version.events else None,
        )
        self.versions.append(record)
        return record

    def record_version(
        self, watch_id, *, started_at, duration_ms, snapshot, version, kind="fetched", alerts=(), next_due_at=None
    ) -> tuple[CheckRecord, VersionRecord]:
        self.snapshots.append(snapshot)
        record = self._add_version(watch_id, len(self.snapshots), version, kind)
        self._alerts(alerts, number=record.number)
        check = self._check(
            watch_id,
            started_at,
            duration_ms,
            "new" if record.number == 1 else "changed",
            snapshot.status,
            version_id=record.id,
        )
        w = self.watches[watch_id]
        w.consecutive_failures = w.persistent_failures = 0
        w.etag, w.last_modified = snapshot.etag, snapshot.last_modified
        w.body_sha256 = hashlib.sha256(snapshot.body).hexdigest()
        return check, record

    def record_reextracted(self, watch_id: int, snapshot_id: int, version: NewVersion) -> VersionRecord:
        return self._add_version(watch_id, snapshot_id, version, "reextracted")

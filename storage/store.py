"""The one interface to persistent state: watches, checks, snapshots, versions and blobs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from storage.blobs import get_blob, put_blob, sha256_hex, unpack
from storage.engine import ReadOnlyUnavailable, create_db_engine
from storage.errors import CorruptBlobError, DuplicateVersionError, StorageError, UnknownWatchError
from storage.hosts import host_key
from storage.migrate import HEAD, current_revisions, upgrade
from storage.models import Alert, AlertAttempt, Blob, Check, Snapshot, Version, Watch, table
from storage.packing import pack
from storage.records import (
    AlertRecord,
    AlertSpec,
    CheckRecord,
    HousekeepingReport,
    NewVersion,
    SnapshotData,
    UnchangedCheck,
    VersionRecord,
    WatchRecord,
)
from storage.vocabulary import AlertStatus, VersionKind

SYNC_LOCK, CLAIM_LOCK = 7_270_002, 7_270_003  # PostgreSQL advisory lock keys


def utcnow() -> datetime:
    return datetime.now(UTC)


class Store:
    """Opens (and migrates) a database given by an SQLAlchemy URL."""

    def __init__(self, url: str, *, migrate: bool = True, worker: str | None = None, read_only: bool = False) -> None:
        """``read_only`` writes nothing, not even the schema (a database that needs migrating is
        opened normally instead): what reading commands use, so they work on a full disk."""
        self.url = url
        self.worker = worker  # recorded on every check: which process (host:pid) did it
        self.read_only = False
        self._anchor: Any = None  # see release_idle
        try:
            if read_only and self._open_read_only():
                pass
            else:
                self.engine = create_db_engine(url)
                if migrate:
                    upgrade(self.engine)
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot open database {self._safe_url()}: {getattr(exc, 'orig', None) or exc}") from exc
        except OSError as exc:
            raise StorageError(f"cannot open database {self._safe_url()}: {exc}") from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")

    def _open_read_only(self) -> bool:
        try:
            engine = create_db_engine(self.url, read_only=True)
        except ReadOnlyUnavailable:
            return False
        if current_revisions(engine) != {HEAD}:
            engine.dispose()
            return False
        self.engine, self.read_only = engine, True
        return True

    def probe_write(self) -> None:
        """A real, harmless write (the schema row rewritten as it is): whether the database takes
        writes again after a full disk or a read-only spell. Raises StorageError when it does not."""
        with self.writing() as s:
            s.execute(text("UPDATE alembic_version SET version_num = version_num"))

    def _safe_url(self) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    def schema_version(self) -> str:
        with self.reading() as s:
            return s.scalar(text("SELECT version_num FROM alembic_version")) or "none"

    def close(self) -> None:
        if self._anchor is not None:
            self._anchor.close()
            self._anchor = None
        self.engine.dispose()

    def release_idle(self) -> None:
        """Close the idle pooled connections of an SQLite database: each keeps a page cache of up
        to 2 MB and its prepared statements, which fill as the file grows; a long-running process
        calls this between bursts of work so its memory stays flat (``PRAGMA shrink_memory`` frees
        less: measured +7 % over 140 passes against +2 %). One connection stays open for good, so
        that the pool's last close never checkpoints and deletes the write-ahead log, which a full
        disk could not create again. Connections in use are left alone. PostgreSQL keeps its cache
        in the server: nothing to do."""
        database = self.engine.url.database or ""
        if self.engine.dialect.name != "sqlite" or database in ("", ":memory:") or "mode=memory" in database:
            return
        if self._anchor is None:
            self._anchor = self.engine.raw_connection()  # held, never used: the log stays while the pool is renewed
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction that commits on success and leaves nothing behind on error."""
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as exc:
            raise StorageError(f"database write failed: {exc.orig}") from exc

    # -- watches ---------------------------------------------------------------------------

    def sync_watches(self, watches: Sequence[tuple[str, str]]) -> None:
        """Make the stored watch list match the config; removed watches keep their history."""
        wanted = dict(watches)
        now = utcnow()
        if self.watches_in_sync(watches):  # usually: then nothing is written (a full disk still reads)
            return
        with self.writing() as s:
            self._serialize(s, SYNC_LOCK)  # workers starting together must not insert the same watch twice
            stored = {w.name: w for w in s.scalars(select(Watch))}
            for name, url in wanted.items():
                row = stored.get(name)
                if row is None:
                    s.add(
                        Watch(
                            name=name, url=url, host=host_key(url), active=True, created_at=now, consecutive_failures=0
                        )
                    )
                    continue
                row.active = True
                if row.url != url:
                    row.url, row.host = url, host_key(url)
                    row.etag = row.last_modified = row.body_sha256 = None
            for name, row in stored.items():
                if name not in wanted and row.active:
                    row.active = False

    def watches_in_sync(self, watches: Sequence[tuple[str, str]]) -> bool:
        """Whether the stored watch list already matches the config (sync_watches would write nothing)."""
        wanted = dict(watches)
        with self.reading() as s:
            stored = {
                name: (url, active) for name, url, active in s.execute(select(Watch.name, Watch.url, Watch.active))
            }
        return all(stored.get(name) == (url, True) for name, url in wanted.items()) and not any(
            active and name not in wanted for name, (_, active) in stored.items()
        )

    def watches(self, names: Iterable[str] | None = None, *, active_only: bool = True) -> list[WatchRecord]:
        latest = (
            select(Version.watch_id, func.max(Version.number).label("n"), func.count().label("count"))
            .group_by(Version.watch_id)
            .subquery()
        )
        stmt = (
            select(Watch, latest.c.count, Version.fingerprint, Version.extractor, Version.text_sha256)
            .outerjoin(latest, latest.c.watch_id == Watch.id)
            .outerjoin(Version, (Version.watch_id == Watch.id) & (Version.number == latest.c.n))
            .order_by(Watch.name)
        )
        if active_only:
            stmt = stmt.where(Watch.active.is_(True))
        if names is not None:
            stmt = stmt.where(Watch.name.in_(list(names)))
        with self.reading() as s:
            return [_watch_record(w, n or 0, fp, ex, text) for w, n, fp, ex, text in s.execute(stmt)]

    def watch(self, name: str) -> WatchRecord:
        found = self.watches([name], active_only=False)
        if not found:
            raise UnknownWatchError(f"no watch named {name!r} is stored")
        return found[0]

    # -- versions and checks ---------------------------------------------------------------

    def versions(self, watch_id: int) -> list[VersionRecord]:
        """Newest first."""
        with self.reading() as s:
            rows = s.scalars(select(Version).where(Version.watch_id == watch_id).order_by(Version.number.desc()))
            return [_version_record(v) for v in rows]

    def latest_version(self, watch_id: int) -> VersionRecord | None:
        with self.reading() as s:
            row = s.scalar(select(Version).where(Version.watch_id == watch_id).order_by(Version.number.desc()).limit(1))
            return _version_record(row) if row else None

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
            return _version_record(row) if row else None

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
            )

    def checks(self, watch_id: int, limit: int = 50) -> list[CheckRecord]:
        with self.reading() as s:
            rows = s.scalars(select(Check).where(Check.watch_id == watch_id).order_by(Check.id.desc()).limit(limit))
            return [_check_record(c) for c in rows]

    # -- recording the outcome of one check ------------------------------------------------

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
            check = _add_check(s, watch_id, started_at, duration_ms, outcome, http_status, worker=self.worker)
            _add_alerts(s, watch_id, None, started_at, alerts)
            values: dict = {
                "last_checked_at": started_at,
                "last_outcome": outcome,
                "last_error": None,
                "consecutive_failures": 0,
                "persistent_failures": 0,
            }
            if outcome != "not_modified":
                values.update(etag=etag, last_modified=last_modified, body_sha256=body_sha256)
            s.execute(update(Watch).where(Watch.id == watch_id).values(**values, **_released(next_due_at)))
        return check

    def record_unchanged_many(self, checks: Sequence[UnchangedCheck]) -> None:
        """Many checks that found nothing new, in one transaction: an unchanged pass is mostly these."""
        if not checks:
            return
        with self.writing() as s:
            c = s.connection()
            c.execute(
                _INSERT_CHECK,
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
                row.update(_released(u.next_due_at))
                groups.setdefault(tuple(sorted(row)), []).append(row)
            for rows in groups.values():
                c.execute(_UPDATE_WATCH, rows)

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
            snapshot_id = _add_snapshot(s, watch_id, started_at, snapshot)[0] if snapshot is not None else None
            check = _add_check(
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
            _add_alerts(s, watch_id, None, started_at, alerts)
            s.execute(
                update(Watch)
                .where(Watch.id == watch_id)
                .values(
                    last_checked_at=started_at,
                    last_outcome=outcome,
                    last_error=error,
                    consecutive_failures=Watch.consecutive_failures + 1,
                    persistent_failures=Watch.persistent_failures + (0 if transient else 1),
                    **_released(next_due_at),
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
            c.execute(_LOCK_WATCH, {"wid": watch_id})  # one writer per watch (PostgreSQL; SQLite locks the file)
            newest = c.execute(_NEWEST_VERSION, {"wid": watch_id}).first()
            if newest is not None and newest.fingerprint == version.fingerprint:
                raise DuplicateVersionError(f"watch {watch_id}: this text is already the newest version")
            number = (newest.number if newest is not None else 0) + 1
            snapshot_id, body_sha = _add_snapshot(s, watch_id, started_at, snapshot)
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
            version_id = c.execute(_INSERT_VERSION, values).inserted_primary_key[0]  # type: ignore[index]
            _add_alerts(s, watch_id, version_id, started_at, alerts, number=number)
            outcome = "new" if number == 1 else "changed"
            check = _add_check(
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
                **_released(next_due_at),
            )
            if number > 1:
                watch["last_changed_at"] = started_at
            c.execute(_UPDATE_WATCH, watch)
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
            return _version_record(row)

    # -- verification ----------------------------------------------------------------------------

    def verify(self, progress=None) -> tuple[int, list[str]]:
        """Every stored body against its hash, and every reference to one: (blobs checked, problems)."""
        problems: list[str] = []
        checked = 0
        with self.reading() as s:
            if self.engine.dialect.name == "sqlite":
                problems += [
                    f"database: {row[0]}" for row in s.execute(text("PRAGMA integrity_check")) if row[0] != "ok"
                ]
                problems += [
                    f"database: row {row[1]} of {row[0]} points at a missing {row[2]} row"
                    for row in s.execute(text("PRAGMA foreign_key_check"))
                ]
            total = s.scalar(select(func.count()).select_from(Blob)) or 0
            last = ""
            while True:
                rows = s.execute(
                    select(Blob.sha256, Blob.data, Blob.size).where(Blob.sha256 > last).order_by(Blob.sha256).limit(200)
                ).all()
                if not rows:
                    break
                for digest, packed, size in rows:
                    try:
                        if len(unpack(digest, packed)) != size:
                            problems.append(f"blob {digest[:12]}: its recorded size is wrong")
                    except CorruptBlobError as exc:
                        problems.append(f"{exc}{self._blob_users(s, digest)}")
                checked += len(rows)
                last = rows[-1][0]
                if progress:
                    progress(checked, total)
            known = select(Blob.sha256)
            for v, name in s.execute(
                select(Version, Watch.name)
                .join(Watch, Watch.id == Version.watch_id)
                .where(Version.text_sha256.not_in(known))
            ):
                problems.append(f"{name} v{v.number}: its text (blob {v.text_sha256[:12]}) is missing")
            for snap, name in s.execute(
                select(Snapshot, Watch.name)
                .join(Watch, Watch.id == Snapshot.watch_id)
                .where(Snapshot.body_sha256.not_in(known))
            ):
                problems.append(f"{name} snapshot {snap.id}: its body (blob {snap.body_sha256[:12]}) is missing")
        return checked, problems

    @staticmethod
    def _blob_users(s: Session, digest: str) -> str:
        users = [
            f"{name} v{number} text"
            for number, name in s.execute(
                select(Version.number, Watch.name)
                .join(Watch, Watch.id == Version.watch_id)
                .where(Version.text_sha256 == digest)
            )
        ]
        users += [
            f"{name} snapshot {sid}"
            for sid, name in s.execute(
                select(Snapshot.id, Watch.name)
                .join(Watch, Watch.id == Snapshot.watch_id)
                .where(Snapshot.body_sha256 == digest)
            )
        ]
        return f" (used by {', '.join(users)})" if users else " (unused)"

    # -- housekeeping ----------------------------------------------------------------------------

    def housekeep(
        self, now: datetime, *, keep_failed_snapshots: timedelta | None, keep_checks: timedelta | None
    ) -> HousekeepingReport:
        """Drop what only explains old failures; versions and the snapshots behind them are never touched."""
        snapshots = checks = blobs = size = 0
        with self.writing() as s:
            if keep_failed_snapshots is not None:
                kept = select(Version.snapshot_id)
                old = select(Snapshot.id).where(
                    Snapshot.fetched_at < now - keep_failed_snapshots, Snapshot.id.not_in(kept)
                )
                ids = list(s.scalars(old))
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    s.execute(update(Check).where(Check.snapshot_id.in_(chunk)).values(snapshot_id=None))
                    snapshots += s.execute(delete(Snapshot).where(Snapshot.id.in_(chunk))).rowcount  # type: ignore[attr-defined]
            if keep_checks is not None:
                checks = s.execute(
                    delete(Check).where(Check.started_at < now - keep_checks, Check.version_id.is_(None))
                ).rowcount  # type: ignore[attr-defined]
            if snapshots:
                used = select(Snapshot.body_sha256).union(select(Version.text_sha256))
                orphans = select(Blob.sha256, Blob.size).where(Blob.sha256.not_in(used))
                rows = s.execute(orphans).all()
                for start in range(0, len(rows), 500):
                    chunk = [r.sha256 for r in rows[start : start + 500]]
                    blobs += s.execute(delete(Blob).where(Blob.sha256.in_(chunk))).rowcount  # type: ignore[attr-defined]
                size = sum(r.size for r in rows)
        return HousekeepingReport(snapshots=snapshots, checks=checks, blobs=blobs, bytes=size)

    # -- scheduling: due watches and leases ---------------------------------------------------

    def claim_due(
        self,
        owner: str,
        now: datetime,
        lease: timedelta,
        limit: int = 10_000,
        *,
        exclusive_hosts: bool = False,
        skip_hosts: Iterable[str] = (),
    ) -> list[str]:
        """Names of active watches that are due and not leased, now leased to ``owner``.

        A crashed owner's leases expire, so its watches come back. With ``exclusive_hosts`` (several
        workers on one database) no host is claimed while another owner holds a lease on it, so each
        site is crawled by one worker at a time and its per-host limit holds across workers.
        ``skip_hosts``: hosts this owner is fetching from right now (in a pass still running).
        """
        skip = sorted(h for h in skip_hosts if h)
        with self.writing() as s:
            self._serialize(s, CLAIM_LOCK)
            due = (
                (Watch.active.is_(True))
                & ((Watch.next_due_at.is_(None)) | (Watch.next_due_at <= now))
                & ((Watch.lease_until.is_(None)) | (Watch.lease_until < now))
            )
            if exclusive_hosts:
                busy = select(Watch.host).where(
                    Watch.lease_until >= now, Watch.lease_owner != owner, Watch.host.is_not(None)
                )
                due = due & (Watch.host.is_(None) | Watch.host.not_in(busy))
            if skip:
                due = due & (Watch.host.is_(None) | Watch.host.not_in(skip))
            query = select(Watch.id, Watch.name).where(due).order_by(Watch.next_due_at, Watch.id).limit(limit)
            rows = s.execute(query.with_for_update(skip_locked=True, of=Watch)).all()
            if rows:
                s.execute(
                    update(Watch)
                    .where(Watch.id.in_([r.id for r in rows]))
                    .values(lease_owner=owner, lease_until=now + lease)
                )
            return [r.name for r in rows]

    def _serialize(self, s: Session, key: int) -> None:
        """One writer at a time for this kind of write (SQLite writers are serialised already)."""
        if self.engine.dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def release(self, owner: str, next_due: dict[str, datetime]) -> None:
        """End ``owner``'s leases; each named watch is next due at the given time."""
        with self.writing() as s:
            for name, due in next_due.items():
                s.execute(
                    update(Watch)
                    .where(Watch.name == name, Watch.lease_owner == owner)
                    .values(lease_owner=None, lease_until=None, next_due_at=due)
                )

    def reschedule(self, next_due: dict[str, datetime]) -> int:
        """Move the next due time of watches nobody holds (a schedule changed in the config)."""
        with self.writing() as s:
            return sum(
                s.execute(
                    update(Watch).where(Watch.name == name, Watch.lease_owner.is_(None)).values(next_due_at=due)
                ).rowcount  # type: ignore[attr-defined]
                for name, due in next_due.items()
            )

    def renew(self, owner: str, until: datetime) -> int:
        """Keep ``owner``'s leases alive while a long pass is still working through them."""
        with self.writing() as s:
            return s.execute(update(Watch).where(Watch.lease_owner == owner).values(lease_until=until)).rowcount  # type: ignore[attr-defined]

    def lease_owners(self) -> set[str]:
        with self.reading() as s:
            return set(s.scalars(select(Watch.lease_owner).where(Watch.lease_owner.is_not(None)).distinct()))

    def drop_leases(self, owner: str) -> int:
        """Free a dead owner's leases at once; its watches become due now."""
        with self.writing() as s:
            return s.execute(
                update(Watch)
                .where(Watch.lease_owner == owner)
                .values(lease_owner=None, lease_until=None, next_due_at=utcnow())
            ).rowcount  # type: ignore[attr-defined]

    def next_due(self) -> dict[str, datetime | None]:
        with self.reading() as s:
            return dict(s.execute(select(Watch.name, Watch.next_due_at).where(Watch.active.is_(True))).all())

    # -- the alert outbox ----------------------------------------------------------------------

    def add_alert(
        self,
        destination: str,
        *,
        kind: str,
        level: str,
        key: str,
        watch_id: int | None = None,
        version_id: int | None = None,
    ) -> AlertRecord:
        now = utcnow()
        with self.writing() as s:
            row = Alert(
                key=key,
                watch_id=watch_id,
                version_id=version_id,
                destination=destination,
                kind=kind,
                level=level,
                status=AlertStatus.PENDING,
                created_at=now,
                next_attempt_at=now,
                attempts=0,
            )
            s.add(row)
            s.flush()
            watch = s.get(Watch, watch_id) if watch_id is not None else None
            return _alert_record(row, watch.name if watch else None)

    def alerts(
        self, status: str | None = None, *, due_before: datetime | None = None, limit: int = 500
    ) -> list[AlertRecord]:
        stmt = select(Alert, Watch.name).outerjoin(Watch, Watch.id == Alert.watch_id).order_by(Alert.id).limit(limit)
        if status:
            stmt = stmt.where(Alert.status == status)
        if due_before is not None:
            stmt = stmt.where(Alert.next_attempt_at <= due_before)
        with self.reading() as s:
            return [_alert_record(a, name) for a, name in s.execute(stmt)]

    def claimable_alerts(self, now: datetime, *, due_only: bool = True, limit: int = 500) -> list[AlertRecord]:
        """Pending alerts (due, or all for a manual run) and every current claim: the deliverer
        decides which claims are stale (lease ran out, or their process is gone)."""
        pending = Alert.status == AlertStatus.PENDING
        if due_only:
            pending = pending & (Alert.next_attempt_at <= now)
        stmt = (
            select(Alert, Watch.name)
            .outerjoin(Watch, Watch.id == Alert.watch_id)
            .where(pending | (Alert.status == AlertStatus.SENDING))
            .order_by(Alert.id)
            .limit(limit)
        )
        with self.reading() as s:
            return [_alert_record(a, name) for a, name in s.execute(stmt)]

    def claim_alert(self, alert: AlertRecord, owner: str, until: datetime) -> bool:
        """Take ``alert`` as read for sending, in one statement: False when another deliverer
        (thread, process or machine) took it first or it changed since it was read."""
        same_owner = Alert.claimed_by.is_(None) if alert.claimed_by is None else Alert.claimed_by == alert.claimed_by
        with self.writing() as s:
            taken = s.execute(
                update(Alert)
                .where(
                    Alert.id == alert.id,
                    Alert.status == alert.status,
                    Alert.attempts == alert.attempts,
                    same_owner,
                )
                .values(status=AlertStatus.SENDING, next_attempt_at=until, claimed_by=owner)
            )
            return taken.rowcount == 1  # type: ignore[attr-defined]

    def alert_attempts(self, alert_id: int) -> list[tuple[datetime, bool, str | None]]:
        with self.reading() as s:
            rows = s.execute(
                select(AlertAttempt.at, AlertAttempt.ok, AlertAttempt.error)
                .where(AlertAttempt.alert_id == alert_id)
                .order_by(AlertAttempt.id)
            )
            return [(r[0], r[1], r[2]) for r in rows]

    def alert_sent(self, alert_id: int, at: datetime) -> None:
        with self.writing() as s:
            s.add(AlertAttempt(alert_id=alert_id, at=at, ok=True, error=None))
            s.execute(
                update(Alert)
                .where(Alert.id == alert_id)
                .values(
                    status=AlertStatus.SENT, sent_at=at, attempts=Alert.attempts + 1, last_error=None, claimed_by=None
                )
            )

    def alert_failed(self, alert_id: int, at: datetime, error: str, *, retry_at: datetime | None) -> None:
        """Record a failed attempt; ``retry_at`` None means give up (status failed)."""
        with self.writing() as s:
            s.add(AlertAttempt(alert_id=alert_id, at=at, ok=False, error=error))
            values = {"attempts": Alert.attempts + 1, "last_error": error, "claimed_by": None}
            if retry_at is None:
                values["status"] = "failed"
            else:
                values["status"], values["next_attempt_at"] = AlertStatus.PENDING, retry_at
            s.execute(update(Alert).where(Alert.id == alert_id).values(**values))

    def retry_failed_alerts(self) -> int:
        with self.writing() as s:
            result = s.execute(
                update(Alert)
                .where(Alert.status == AlertStatus.FAILED)
                .values(status=AlertStatus.PENDING, next_attempt_at=utcnow())
            )
            return result.rowcount  # type: ignore[attr-defined]

    def version_by_id(self, version_id: int) -> VersionRecord | None:
        with self.reading() as s:
            row = s.get(Version, version_id)
            return _version_record(row) if row else None


def _alert_record(a: Alert, watch_name: str | None) -> AlertRecord:
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
_INSERT_VERSION = insert(table(Version))
_INSERT_ALERT = insert(table(Alert))
_INSERT_CHECK = insert(table(Check))
_INSERT_SNAPSHOT = insert(table(Snapshot))
_UPDATE_WATCH = update(table(Watch)).where(table(Watch).c.id == bindparam("wid"))  # SET: the keys given
_LOCK_WATCH = select(table(Watch).c.id).where(table(Watch).c.id == bindparam("wid")).with_for_update()
_NEWEST_VERSION = (
    select(table(Version).c.number, table(Version).c.fingerprint)
    .where(table(Version).c.watch_id == bindparam("wid"))
    .order_by(table(Version).c.number.desc())
    .limit(1)
)


def _add_alerts(
    s: Session,
    watch_id: int,
    version_id: int | None,
    at: datetime,
    alerts: Sequence[AlertSpec],
    number: int | None = None,
) -> None:
    if alerts:
        s.connection().execute(
            _INSERT_ALERT,
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


def _add_check(
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
    check_id = s.connection().execute(_INSERT_CHECK, {**values, "worker": worker}).inserted_primary_key[0]  # type: ignore[index]
    return CheckRecord(id=check_id, **values)


def _watch_record(
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


def _version_record(v: Version) -> VersionRecord:
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


def _check_record(c: Check) -> CheckRecord:
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


def _released(next_due_at: datetime | None) -> dict:
    """With a schedule, a recorded check also ends its lease, in the same transaction: a process that
    dies after recording it cannot make the watch come back early."""
    if next_due_at is None:
        return {}
    return {"next_due_at": next_due_at, "lease_owner": None, "lease_until": None}


def _add_snapshot(s: Session, watch_id: int, at: datetime, snapshot: SnapshotData) -> tuple[int, str]:
    """(snapshot id, body hash)."""
    body_sha = put_blob(s, snapshot.packed_body or snapshot.body)
    snapshot_id = (
        s.connection()
        .execute(
            _INSERT_SNAPSHOT,
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


__all__ = ["Store", "StorageError", "sha256_hex", "utcnow"]

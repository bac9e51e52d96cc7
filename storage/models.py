"""SQLAlchemy tables. Only storage/ imports these; others get plain records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Stores UTC without a zone (SQLite drops zones) and hands back aware datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class Blob(Base):
    """Content-addressed, compressed bytes (see packing.py) shared by snapshots and version texts."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Watch(Base):
    __tablename__ = "watches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(Text)
    host: Mapped[str | None] = mapped_column(
        String(255), nullable=True, index=True
    )  # scheme://host:port, for politeness
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Fetch state: validators for conditional GET and the last raw body seen.
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    body_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    # of those, the ones that were not transient faults (timeouts, 5xx, 429, dropped connections)
    persistent_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Scheduling: when the watch is next due, and who holds it while a pass checks it.
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lease_owner: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Snapshot(Base):
    """A raw HTTP response body kept apart from what was extracted from it."""

    __tablename__ = "snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id"), index=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[str] = mapped_column(Text)  # JSON object
    redirects: Mapped[str] = mapped_column(Text)  # JSON list of URLs
    content_type: Mapped[str | None] = mapped_column(Text, nullable=True)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    body_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))


class Version(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("watch_id", "number", name="uq_versions_watch_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id"))
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    text_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    extractor: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20), default="fetched")
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    level: Mapped[str | None] = mapped_column(String(10), nullable=True)
    events: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON list


class Check(Base):
    """One small row per attempt; never holds page text."""

    __tablename__ = "checks"
    __table_args__ = (Index("ix_checks_watch_started", "watch_id", "started_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    http_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"), nullable=True)
    # the raw page of a failed or suspect 2xx check, kept for a while to show what the site served
    snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("snapshots.id", name="fk_checks_snapshot_id"), nullable=True
    )
    worker: Mapped[str | None] = mapped_column(String(100), nullable=True)  # host:pid of the daemon that checked


class Alert(Base):
    """The outbox: one row per (version, destination), written with the version in one transaction."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_status_next", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # idempotency key, also the Message-ID
    watch_id: Mapped[int | None] = mapped_column(ForeignKey("watches.id"), nullable=True)  # None: a test alert
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"), nullable=True)
    destination: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # storage.vocabulary.AlertKind
    level: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))  # storage.vocabulary.AlertStatus
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)  # what a notice says
    claimed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)  # host:pid while "sending"
    notice: Mapped[str | None] = mapped_column(String(20), nullable=True)  # a notice's Notice kind


class AlertAttempt(Base):
    """Every delivery attempt, successful or not, with its error."""

    __tablename__ = "alert_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class Review(Base):
    """The review log: append-only, one row per review written (who, when, what); never updated."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))  # storage.vocabulary.ReviewStatus
    note: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(200))  # who: the --by name or the viewer login
    via: Mapped[str] = mapped_column(String(20))  # cli | viewer


def table(model: type[Base]) -> Table:
    """A model's Core table, typed as one (``__table__`` is typed as any FromClause)."""
    return cast(Table, model.__table__)

"""The alert outbox: rows written with their versions, claimed, sent, retried."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from policywatch.storage.models import Alert, AlertAttempt, Watch
from policywatch.storage.records import (
    AlertRecord,
)
from policywatch.storage.sql.base import SessionBase
from policywatch.storage.sql.rows import alert_record, utcnow
from policywatch.storage.vocabulary import AlertStatus


class OutboxSQL(SessionBase):
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
    ) -> AlertRecord:
        now = at or utcnow()
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
                message=message,
                notice=notice,
            )
            s.add(row)
            s.flush()
            watch = s.get(Watch, watch_id) if watch_id is not None else None
            return alert_record(row, watch.name if watch else None)

    def alert_keys(self, keys: list[str]) -> set[str]:
        """Which of ``keys`` the outbox holds already: alerts meant to go out once are added once."""
        if not keys:
            return set()
        with self.reading() as s:
            return set(s.scalars(select(Alert.key).where(Alert.key.in_(keys))))

    def alerts(
        self, status: str | None = None, *, due_before: datetime | None = None, limit: int = 500
    ) -> list[AlertRecord]:
        stmt = select(Alert, Watch.name).outerjoin(Watch, Watch.id == Alert.watch_id).order_by(Alert.id).limit(limit)
        if status:
            stmt = stmt.where(Alert.status == status)
        if due_before is not None:
            stmt = stmt.where(Alert.next_attempt_at <= due_before)
        with self.reading() as s:
            return [alert_record(a, name) for a, name in s.execute(stmt)]

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
            return [alert_record(a, name) for a, name in s.execute(stmt)]

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

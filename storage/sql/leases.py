"""Which worker checks which watch when: due times and leases."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select, update

from policywatch.storage.models import Watch
from policywatch.storage.sql.base import SessionBase
from policywatch.storage.sql.rows import CLAIM_LOCK, utcnow


class LeasesSQL(SessionBase):
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

"""The review log: appended to, never changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from policywatch.storage.errors import StorageError
from policywatch.storage.models import Review, Version, Watch
from policywatch.storage.records import ReviewRecord
from policywatch.storage.sql.base import SessionBase
from policywatch.storage.sql.rows import utcnow
from policywatch.storage.vocabulary import ReviewStatus


class ReviewsSQL(SessionBase):
    def add_review(
        self,
        version_id: int,
        *,
        status: str,
        note: str,
        by: str,
        via: str,
        at: datetime | None = None,
    ) -> ReviewRecord:
        ReviewStatus(status)  # a misspelt status is refused here, not stored
        with self.writing() as s:
            version = s.get(Version, version_id)
            if version is None:
                raise StorageError(f"version {version_id} is missing")
            row = Review(
                watch_id=version.watch_id,
                version_id=version_id,
                at=at or utcnow(),
                status=status,
                note=note,
                reviewer=by,
                via=via,
            )
            s.add(row)
            s.flush()
            watch = s.get(Watch, version.watch_id)
            return _record(row, watch.name if watch else "?", version.number)

    def reviews(self, *, watch_ids: Iterable[int] | None = None, version_id: int | None = None) -> list[ReviewRecord]:
        """Every entry of the log (of some watches, or of one version), oldest first."""
        stmt = (
            select(Review, Watch.name, Version.number)
            .join(Watch, Watch.id == Review.watch_id)
            .join(Version, Version.id == Review.version_id)
            .order_by(Review.id)
        )
        if watch_ids is not None:
            stmt = stmt.where(Review.watch_id.in_(list(watch_ids)))
        if version_id is not None:
            stmt = stmt.where(Review.version_id == version_id)
        with self.reading() as s:
            return [_record(r, name, number) for r, name, number in s.execute(stmt)]


def _record(r: Review, watch_name: str, number: int) -> ReviewRecord:
    return ReviewRecord(
        id=r.id,
        watch_id=r.watch_id,
        watch_name=watch_name,
        version_id=r.version_id,
        version_number=number,
        at=r.at,
        status=r.status,
        note=r.note,
        by=r.reviewer,
        via=r.via,
    )

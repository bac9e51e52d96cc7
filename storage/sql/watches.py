"""The watches: kept in step with the config, listed with their latest version."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select

from policywatch.storage.errors import UnknownWatchError
from policywatch.storage.hosts import host_key
from policywatch.storage.models import Version, Watch
from policywatch.storage.records import (
    WatchRecord,
)
from policywatch.storage.sql.base import SessionBase
from policywatch.storage.sql.rows import SYNC_LOCK, utcnow, watch_record


class WatchesSQL(SessionBase):
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
            return [watch_record(w, n or 0, fp, ex, text) for w, n, fp, ex, text in s.execute(stmt)]

    def watch(self, name: str) -> WatchRecord:
        found = self.watches([name], active_only=False)
        if not found:
            raise UnknownWatchError(f"no watch named {name!r} is stored")
        return found[0]

    # -- versions and checks ---------------------------------------------------------------

"""The engine and its sessions: what every part of the SQL store builds on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from policywatch.storage.engine import ReadOnlyUnavailable, create_db_engine
from policywatch.storage.errors import StorageError
from policywatch.storage.migrate import HEAD, current_revisions, upgrade


class SessionBase:
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

    def _safe_url(self) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

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

    def _serialize(self, s: Session, key: int) -> None:
        """One writer at a time for this kind of write (SQLite writers are serialised already)."""
        if self.engine.dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

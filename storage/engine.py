"""Engine creation with the settings each database needs to be safe under concurrent use."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

SQLITE_BUSY_TIMEOUT_MS = 10_000


def create_db_engine(url: str, *, read_only: bool = False) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout, foreign keys and BEGIN IMMEDIATE writers.

    ``read_only`` opens without writing anything, so reading commands work on a full disk or a
    read-only mount: SQLite through ``mode=ro`` (see :func:`_sqlite_read_only_uri`), PostgreSQL with
    read-only transactions.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        if read_only:
            return create_engine(
                url, pool_pre_ping=True, future=True, connect_args={"options": "-c default_transaction_read_only=on"}
            )
        return create_engine(url, pool_pre_ping=True, future=True)
    if read_only:
        return _sqlite_engine(_sqlite_read_only_url(parsed), read_only=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return _sqlite_engine(parsed, read_only=False)


def _sqlite_engine(url: URL, *, read_only: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        if not read_only:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # Writers take the lock up front so two writers never deadlock on upgrade.
        mode = "DEFERRED" if read_only else conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class ReadOnlyUnavailable(Exception):
    """The database cannot be opened without writing (it does not exist yet, say): open it normally."""


def _sqlite_read_only_url(parsed: URL) -> URL:
    path = parsed.database
    if not path or path == ":memory:" or path.startswith("file:"):
        raise ReadOnlyUnavailable("not a plain database file")
    if not Path(path).is_file():
        raise ReadOnlyUnavailable(f"{path} does not exist yet")
    return parsed.set(
        database=f"file:{_uri_path(Path(path))}",
        query={**parsed.query, **_sqlite_read_only_options(Path(path)), "uri": "true"},
    )


def _sqlite_read_only_options(path: Path) -> dict[str, str]:
    """``mode=ro``, which still creates the WAL index (``-shm``) when no connection holds it, and
    that fails on a full disk. Then, when the write-ahead log holds nothing (every change is in the
    database file, as after a clean close), ``immutable=1`` reads the file without any index; with
    a non-empty log and no index the log cannot be read safely, so the normal error stands."""
    plain = {"mode": "ro"}
    try:
        probe = sqlite3.connect(f"file:{_uri_path(path)}?mode=ro", uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return plain
        finally:
            probe.close()
    except sqlite3.OperationalError:
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return plain
        return {"mode": "ro", "immutable": "1"}


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.resolve()), safe="/")

"""Copy a whole history from one database to another (SQLite to PostgreSQL when one machine is not enough)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select, text

from policywatch.storage.errors import StorageError
from policywatch.storage.models import Base

TABLES = ("watches", "blobs", "snapshots", "versions", "checks", "alerts", "alert_attempts", "reviews")  # parents first
BATCH = 500


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)
    digest: str = ""


def table_digest(engine, name: str) -> tuple[int, str]:
    """Row count and a hash over every row in primary-key order, the same whatever the database."""
    table = Base.metadata.tables[name]
    digest, count = hashlib.sha256(), 0
    with engine.connect() as conn:
        for row in conn.execute(select(table).order_by(*table.primary_key.columns)).yield_per(BATCH):
            digest.update(repr(tuple(row)).encode("utf-8"))
            count += 1
    return count, digest.hexdigest()


def copy_database(source_url: str, target, progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy every table from ``source_url`` into ``target`` (a Store whose database must be empty), then verify."""
    from policywatch.storage.store import Store

    source = Store(source_url)
    try:
        with target.engine.connect() as conn:
            if any(conn.execute(select(func.count()).select_from(Base.metadata.tables[t])).scalar() for t in TABLES):
                raise StorageError("the target database is not empty; migrate-from only fills a new database")
        report = CopyReport()
        with target.engine.begin() as dst, source.engine.connect() as src:
            for name in TABLES:
                table = Base.metadata.tables[name]
                count, batch = 0, []
                for row in src.execute(select(table).order_by(*table.primary_key.columns)).yield_per(BATCH):
                    batch.append(dict(row._mapping))
                    if len(batch) == BATCH:
                        dst.execute(insert(table), batch)
                        count, batch = count + len(batch), []
                if batch:
                    dst.execute(insert(table), batch)
                    count += len(batch)
                report.rows[name] = count
                if progress:
                    progress(name, count)
            if target.engine.dialect.name == "postgresql":  # ids were copied: move the sequences past them
                for name in TABLES:
                    if "id" in Base.metadata.tables[name].columns:
                        dst.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"
                            )
                        )
        overall = hashlib.sha256()
        for name in TABLES:
            expected, got = table_digest(source.engine, name), table_digest(target.engine, name)
            if expected != got:
                raise StorageError(
                    f"verification failed for {name}: {expected[0]} rows in the source, {got[0]} "
                    "copied, or their contents differ; the target is left as it is for inspection"
                )
            overall.update(got[1].encode())
        report.digest = overall.hexdigest()
        return report
    finally:
        source.close()

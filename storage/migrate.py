"""Bring a database to the newest schema; run on every open, cheap when already there.

Alembic loads only when a database is behind: on every `policywatch check` it would cost
~0.15 s of imports to learn that nothing needs doing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 7_270_001  # PostgreSQL advisory lock keys used by policywatch: 7_270_00x
HEAD = "0011"  # the newest revision in migrations/versions (a test keeps the two in step)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        try:
            return {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
        except SQLAlchemyError:  # a new database: no version table yet
            return set()


def upgrade(engine: Engine) -> None:
    if current_revisions(engine) == {HEAD}:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    cfg = alembic_config()
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
        with conn.begin():
            if conn.dialect.name == "postgresql":  # several workers may start at once: one migrates
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                if set(MigrationContext.configure(conn).get_current_heads()) == {HEAD}:
                    return
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

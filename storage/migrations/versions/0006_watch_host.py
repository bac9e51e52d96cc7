"""the host of each watch, so workers can keep to one host each

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from policywatch.storage.hosts import host_key

    with op.batch_alter_table("watches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("host", sa.String(length=255), nullable=True))
        batch_op.create_index(batch_op.f("ix_watches_host"), ["host"], unique=False)
    conn = op.get_bind()
    watches = sa.table("watches", sa.column("id", sa.Integer), sa.column("url", sa.Text), sa.column("host", sa.String))
    for row in conn.execute(sa.select(watches.c.id, watches.c.url)).all():
        conn.execute(watches.update().where(watches.c.id == row.id).values(host=host_key(row.url)))


def downgrade() -> None:
    with op.batch_alter_table("watches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watches_host"))
        batch_op.drop_column("host")

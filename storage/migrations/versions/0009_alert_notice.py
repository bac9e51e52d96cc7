"""the kind of a notice alert in its own column

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

KNOWN = ("broken", "recovered", "unstable")


def upgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice", sa.String(length=20), nullable=True))
    # rows written before: the kind was only in the key, policywatch-<watch>-<notice>-...
    alerts = sa.table(
        "alerts",
        sa.column("id", sa.Integer),
        sa.column("key", sa.String),
        sa.column("kind", sa.String),
        sa.column("notice", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(alerts.c.id, alerts.c.key).where(alerts.c.kind == "notice")).all()
    for alert_id, key in rows:
        parts = key.split("-")
        notice = parts[2] if len(parts) >= 4 and parts[2] in KNOWN else None
        if notice:
            connection.execute(sa.update(alerts).where(alerts.c.id == alert_id).values(notice=notice))


def downgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_column("notice")

"""the review log

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("watch_id", sa.Integer(), sa.ForeignKey("watches.id"), nullable=False),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("via", sa.String(length=20), nullable=False),
    )
    op.create_index("ix_reviews_watch_id", "reviews", ["watch_id"])
    op.create_index("ix_reviews_version_id", "reviews", ["version_id"])


def downgrade() -> None:
    op.drop_index("ix_reviews_version_id", table_name="reviews")
    op.drop_index("ix_reviews_watch_id", table_name="reviews")
    op.drop_table("reviews")

"""referral suggested level and queue index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

The level suggested by Form 2 is kept on the referral so the triage queue can be sorted and
filtered by it in the database, and the queue is read by status and date received.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suggested_level", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_referrals_suggested_level"),
            "suggested_level IS NULL OR suggested_level BETWEEN 1 AND 3",
        )
        batch_op.create_index("ix_referrals_queue", ["status", "received_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index("ix_referrals_queue")
        batch_op.drop_constraint(op.f("ck_referrals_suggested_level"), type_="check")
        batch_op.drop_column("suggested_level")

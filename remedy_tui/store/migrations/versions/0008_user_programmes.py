"""the programmes a TPD or head of school leads

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

On a team server a TPD or head of school sees, for trainees in their programmes, only the
cases' level and status and the actions shared with the TPD; which programmes are theirs is
kept here, one row per user and programme.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_programmes",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("programme", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_programmes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "programme", name=op.f("pk_user_programmes")),
    )


def downgrade() -> None:
    op.drop_table("user_programmes")

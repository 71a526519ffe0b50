"""who chairs each CSG agenda item

Revision ID: 0016
Revises: 0013
Create Date: 2026-11-29

A member of the group who chairs one item in place of the meeting's chair, when the chair has
declared a conflict of interest on it (the Clinical Support Group paper makes the chair's
decision on a dispute final, so who decided must be on the record). Empty: the meeting's chair.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chaired_by_member_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_items_chaired_by_member_id_csg_members"),
            "csg_members",
            ["chaired_by_member_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_agenda_items_chaired_by_member_id_csg_members"), type_="foreignkey"
        )
        batch_op.drop_column("chaired_by_member_id")

"""who chairs each CSG agenda item, and papers attached to an item

Revision ID: 0016
Revises: 0013
Create Date: 2026-11-29

A member of the group who chairs one item in place of the meeting's chair, when the chair has
declared a conflict of interest on it (the Clinical Support Group paper makes the chair's
decision on a dispute final, so who decided must be on the record). Empty: the meeting's chair.
A document may belong to one agenda item (``documents.agenda_item_id``, indexed, without a
foreign key: agenda items already reach documents through their referral's signed agreement,
and a cycle of keys leaves no order to create or copy the tables in): the papers the group
reads for it.
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
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agenda_item_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_documents_agenda_item_id"), ["agenda_item_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_agenda_item_id"))
        batch_op.drop_column("agenda_item_id")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_agenda_items_chaired_by_member_id_csg_members"), type_="foreignkey"
        )
        batch_op.drop_column("chaired_by_member_id")

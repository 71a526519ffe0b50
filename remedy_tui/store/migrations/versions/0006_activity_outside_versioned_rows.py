"""activity outside the versioned rows

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

Every timeline entry, note, checklist answer or document set ``last_activity_at`` on its
case (or referral), which moved the row's version: a colleague's note made your level change,
read a moment before, fail as "changed by a colleague". The moment of the last activity now
lives in a table of its own for cases and for referrals, keyed by the record's id. Its index
on the moment carries the id (the rowid), so the last-activity sorts of 100,000 cases still
read the index alone, as they did from the old ``ix_*_last_activity_at`` indexes, which go
with their columns.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (activity table, its key, the record's table)
_KINDS = (("case_activity", "case_id", "cases"), ("referral_activity", "referral_id", "referrals"))


def upgrade() -> None:
    for table, key, records in _KINDS:
        op.create_table(
            table,
            sa.Column(key, sa.Integer(), nullable=False),
            sa.Column("last_activity_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(
                [key], [f"{records}.id"], name=op.f(f"fk_{table}_{key}_{records}")
            ),
            sa.PrimaryKeyConstraint(key, name=op.f(f"pk_{table}")),
        )
        op.execute(
            f"INSERT INTO {table} ({key}, last_activity_at) "
            f"SELECT id, last_activity_at FROM {records}"
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f(f"ix_{table}_last_activity_at"), ["last_activity_at"], unique=False
            )
        with op.batch_alter_table(records, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{records}_last_activity_at"))
            batch_op.drop_column("last_activity_at")


def downgrade() -> None:
    for table, key, records in reversed(_KINDS):
        with op.batch_alter_table(records, schema=None) as batch_op:
            batch_op.add_column(sa.Column("last_activity_at", sa.DateTime(), nullable=True))
        op.execute(
            f"UPDATE {records} SET last_activity_at = coalesce("
            f"(SELECT a.last_activity_at FROM {table} AS a WHERE a.{key} = {records}.id), "
            "created_at)"
        )
        with op.batch_alter_table(records, schema=None) as batch_op:
            batch_op.alter_column("last_activity_at", existing_type=sa.DateTime(), nullable=False)
            batch_op.create_index(
                batch_op.f(f"ix_{records}_last_activity_at"), ["last_activity_at"], unique=False
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_last_activity_at"))
        op.drop_table(table)

"""key slots on a team server

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

A team database keeps the team key's slots in a table, one row per user (``user:NAME``) and
one for the recovery code, so each person's row can be guarded on its own. The local file keeps
its slots in the file beside the database, as before: this table is made on PostgreSQL only.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE key_slots ("
        " name VARCHAR(64) NOT NULL CONSTRAINT pk_key_slots PRIMARY KEY,"
        " slot TEXT NOT NULL)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE key_slots")

"""equality-monitoring answers in a table of their own

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29

The role matrix shows a practitioner's equality-monitoring answers only to the case managers
and senior owner of that practitioner's cases. Row-level security decides by row, not by
column, so the seven answers move from ``practitioners`` to ``practitioner_equality``, one
row per practitioner who has any answer, keyed by the practitioner's id.

The columns are dropped with SQLite's own ``ALTER TABLE ... DROP COLUMN`` (3.35 and newer), not
by batch mode: batch mode copies the table and drops the old one, and with it the triggers
that keep the name search (0002) in step. No trigger, index or constraint names these columns,
so SQLite drops them in place.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWERS = (
    "ethnicity",
    "sex",
    "age_band",
    "disability",
    "religion",
    "sexual_orientation",
    "international_graduate",
)


def _answer(name: str) -> sa.Column[str]:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True)


def upgrade() -> None:
    op.create_table(
        "practitioner_equality",
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        *(_answer(name) for name in ANSWERS),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_practitioner_equality_practitioner_id_practitioners"),
        ),
        sa.PrimaryKeyConstraint("practitioner_id", name=op.f("pk_practitioner_equality")),
    )
    listed = ", ".join(ANSWERS)
    answered = " OR ".join(f"{name} IS NOT NULL" for name in ANSWERS)
    op.execute(
        f"INSERT INTO practitioner_equality (practitioner_id, {listed}) "
        f"SELECT id, {listed} FROM practitioners WHERE {answered}"
    )
    for name in ANSWERS:
        op.drop_column("practitioners", name)


def downgrade() -> None:
    for name in ANSWERS:
        op.add_column("practitioners", _answer(name))
    copied = ", ".join(
        f"{name} = (SELECT e.{name} FROM practitioner_equality AS e "
        "WHERE e.practitioner_id = practitioners.id)"
        for name in ANSWERS
    )
    op.execute(
        f"UPDATE practitioners SET {copied} "
        "WHERE id IN (SELECT practitioner_id FROM practitioner_equality)"
    )
    op.drop_table("practitioner_equality")

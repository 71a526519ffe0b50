"""a decision keeps its reasons against each factor the framework lists

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29

Principle 5 of the fairness framework asks an immediate or interim action (5.1.1) and a
substantive disposal (5.2.3) to be documented by reference to listed factors. ``decisions.factors``
holds them in the framework's order, each factor's words with the reasons given against it. It
is nullable: every earlier decision, and every decision of another kind, has none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column is added in place (no copy of the table, however many decisions).
    op.add_column("decisions", sa.Column("factors", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("factors")

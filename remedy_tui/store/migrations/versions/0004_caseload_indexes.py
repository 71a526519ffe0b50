"""caseload indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

A caseload is read by case manager (first or second), status and next review date. With
these indexes the ordering is done on the index alone, so a person with tens of thousands of
active cases still gets the first page in milliseconds (services.caseload).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_caseload", ["case_manager_id", "status", "next_review_on"], unique=False
        )
        # With the first case manager too, so "not also the first" is read from the index.
        batch_op.create_index(
            "ix_cases_caseload_second",
            ["second_case_manager_id", "status", "next_review_on", "case_manager_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_caseload_second")
        batch_op.drop_index("ix_cases_caseload")

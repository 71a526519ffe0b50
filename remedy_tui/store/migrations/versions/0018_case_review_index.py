"""an index of the cases' review dates and statuses, for the case list read by key

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29

The case list pages by key along the review-date index (services.case.case_list). The cases
without a review date come after the others in id order; found through this index, by status,
they are read in that order without sorting every closed case.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_review_status", "cases", ["next_review_on", "status"])


def downgrade() -> None:
    op.drop_index("ix_cases_review_status", table_name="cases")

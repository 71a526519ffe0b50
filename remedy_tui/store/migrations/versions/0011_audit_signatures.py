"""each audit entry signed by the person who made the change

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29

Every person's key slot now holds an Ed25519 key pair (see ``store/keyslots.py``); the entries
of what they change carry a signature over the entry's chained MAC, base64 in ``signature``.
Entries written before are left unsigned (NULL): ``remedy check`` counts them apart and
requires a signature on every entry after the first signed one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_entries", sa.Column("signature", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_entries", "signature")

"""subject access requests, retention classes, legal holds, reviews and the destruction log

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29

Six tables for keeping records lawfully (services.records). ``retention_classes`` holds only
the periods the team has changed: the classes and the periods Remedy starts from are
services.records.retention's, so a new store, a salvaged one and a team database a store is
moved into start empty. No existing row changes: the audit chain's seals (store.audit) need no
migration,
since entries written before them verify as they always did and are sealed, with the trail
chained again, the first time a disposal must scrub one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _users_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def _subject_table(
    table: str, first: list[sa.Column[object]], then: list[sa.Column[object]]
) -> None:
    """A table about a case or a referral, with a reason and the people who acted."""
    people = [c.name for c in then if c.name.endswith("_by_id")]
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        *first,
        *then,
        sa.CheckConstraint(
            "case_id IS NOT NULL OR referral_id IS NOT NULL", name=op.f(f"ck_{table}_subject")
        ),
        sa.CheckConstraint("length(trim(reason)) > 0", name=op.f(f"ck_{table}_reason_required")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f(f"fk_{table}_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f(f"fk_{table}_referral_id_referrals")
        ),
        *(_users_fk(table, column) for column in people),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_case_id"), table, ["case_id"])
    op.create_index(op.f(f"ix_{table}_referral_id"), table, ["referral_id"])


def upgrade() -> None:
    op.create_table(
        "subject_access_requests",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", _string(20), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("requested_by", _string(200), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("extended", sa.Boolean(), nullable=False),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("person_told_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("signed_off_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(), nullable=True),
        sa.Column("released_by_id", sa.Integer(), nullable=True),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "NOT extended OR length(trim(coalesce(extension_reason, ''))) > 0",
            name=op.f("ck_subject_access_requests_extension_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_subject_access_requests_practitioner_id_practitioners"),
        ),
        _users_fk("subject_access_requests", "signed_off_by_id"),
        _users_fk("subject_access_requests", "released_by_id"),
        _users_fk("subject_access_requests", "created_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_requests")),
        sa.UniqueConstraint("reference", name=op.f("uq_subject_access_requests_reference")),
    )
    for column in ("practitioner_id", "received_on", "due_on", "status"):
        op.create_index(
            op.f(f"ix_subject_access_requests_{column}"), "subject_access_requests", [column]
        )
    op.create_table(
        "sar_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("record_table", _string(60), nullable=False),
        sa.Column("record_id", _string(60), nullable=False),
        sa.Column("treatment", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("redactions", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "treatment = 'include' OR length(trim(coalesce(reason, ''))) > 0",
            name=op.f("ck_sar_items_reason_for_redaction_or_withholding"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["subject_access_requests.id"],
            name=op.f("fk_sar_items_request_id_subject_access_requests"),
        ),
        _users_fk("sar_items", "decided_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sar_items")),
        sa.UniqueConstraint(
            "request_id",
            "record_table",
            "record_id",
            name=op.f("uq_sar_items_request_id_record_table_record_id"),
        ),
    )
    op.create_index(op.f("ix_sar_items_request_id"), "sar_items", ["request_id"])
    op.create_table(
        "retention_classes",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", _string(40), nullable=False),
        sa.Column("label", _string(200), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("counted_from", _string(200), nullable=False),
        sa.CheckConstraint("years > 0", name=op.f("ck_retention_classes_years")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_retention_classes")),
    )
    _subject_table(
        "legal_holds",
        [sa.Column("reason", sa.Text(), nullable=False)],
        [
            sa.Column("placed_by_id", sa.Integer(), nullable=False),
            sa.Column("placed_at", sa.DateTime(), nullable=False),
            sa.Column("lifted_by_id", sa.Integer(), nullable=True),
            sa.Column("lifted_at", sa.DateTime(), nullable=True),
        ],
    )
    _subject_table(
        "retention_reviews",
        [
            sa.Column("outcome", sa.String(length=40), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
        ],
        [
            sa.Column("keep_until", sa.Date(), nullable=True),
            sa.Column("reviewed_by_id", sa.Integer(), nullable=False),
            sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        ],
    )
    op.create_table(
        "destruction_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("retention_class", _string(40), nullable=False),
        sa.Column("rows_destroyed", sa.Integer(), nullable=False),
        sa.Column("documents_destroyed", sa.Integer(), nullable=False),
        sa.Column("audit_entries_scrubbed", sa.Integer(), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(), nullable=False),
        sa.Column("destroyed_by_id", sa.Integer(), nullable=False),
        sa.Column("authorised_by_id", sa.Integer(), nullable=False),
        _users_fk("destruction_log", "destroyed_by_id"),
        _users_fk("destruction_log", "authorised_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destruction_log")),
    )


def downgrade() -> None:
    for table in (
        "destruction_log",
        "retention_reviews",
        "legal_holds",
        "retention_classes",
        "sar_items",
        "subject_access_requests",
    ):
        op.drop_table(table)

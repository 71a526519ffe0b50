"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 19:34:53.112510
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("table_name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("prev_mac", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("mac", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_at"), ["at"], unique=False)

    op.create_table(
        "practitioners",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("given_names", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("family_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("registration_body", sa.String(length=40), nullable=True),
        sa.Column(
            "registration_number", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True
        ),
        sa.Column("grade", sa.String(length=40), nullable=False),
        sa.Column("specialty", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("programme", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("employer", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column(
            "place_of_qualification", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("tpd_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column(
            "educational_supervisor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("address_as", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("contact_method", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("contact_frequency", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("times_to_avoid", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column(
            "representative_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column(
            "representative_contact", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True
        ),
        sa.Column("copy_representative", sa.Boolean(), nullable=False),
        sa.Column("ethnicity", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("sex", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("age_band", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("disability", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("religion", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("sexual_orientation", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column(
            "international_graduate", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practitioners")),
        sa.UniqueConstraint(
            "registration_body",
            "registration_number",
            name=op.f("uq_practitioners_registration_body_registration_number"),
        ),
    )
    with op.batch_alter_table("practitioners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practitioners_employer"), ["employer"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_practitioners_family_name"), ["family_name"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_practitioners_programme"), ["programme"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_practitioners_registration_number"),
            ["registration_number"],
            unique=False,
        )

    op.create_table(
        "store_meta",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_store_meta")),
    )
    op.create_table(
        "users",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("full_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_username"), ["username"], unique=True)

    op.create_table(
        "cases",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closure_reason", sa.Text(), nullable=True),
        sa.Column("case_manager_id", sa.Integer(), nullable=True),
        sa.Column("second_case_manager_id", sa.Integer(), nullable=True),
        sa.Column("senior_owner_id", sa.Integer(), nullable=True),
        sa.Column("escalated_to_dean", sa.Boolean(), nullable=False),
        sa.Column("escalated_on", sa.Date(), nullable=True),
        sa.Column("follow_up_interval_days", sa.Integer(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("checklist_edition", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "follow_up_interval_days IS NULL OR follow_up_interval_days > 0",
            name=op.f("ck_cases_follow_up_interval"),
        ),
        sa.CheckConstraint("level BETWEEN 1 AND 3", name=op.f("ck_cases_level")),
        sa.ForeignKeyConstraint(
            ["case_manager_id"], ["users.id"], name=op.f("fk_cases_case_manager_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_cases_practitioner_id_practitioners"),
        ),
        sa.ForeignKeyConstraint(
            ["second_case_manager_id"],
            ["users.id"],
            name=op.f("fk_cases_second_case_manager_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["senior_owner_id"], ["users.id"], name=op.f("fk_cases_senior_owner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("reference", name=op.f("uq_cases_reference")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cases_case_manager_id"), ["case_manager_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cases_last_activity_at"), ["last_activity_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cases_next_review_on"), ["next_review_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cases_opened_on"), ["opened_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cases_practitioner_id"), ["practitioner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cases_second_case_manager_id"), ["second_case_manager_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cases_status"), ["status"], unique=False)

    op.create_table(
        "csg_members",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_csg_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_csg_members")),
    )
    op.create_table(
        "triage_meetings",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("minutes_markdown", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["chair_id"], ["users.id"], name=op.f("fk_triage_meetings_chair_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triage_meetings")),
    )
    with op.batch_alter_table("triage_meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_triage_meetings_held_on"), ["held_on"], unique=False)

    op.create_table(
        "checklist_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("edition", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("question_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("response", sa.String(length=40), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "response = 'yes' OR length(trim(coalesce(rationale, ''))) > 0",
            name=op.f("ck_checklist_answers_rationale_for_no_or_unknown"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_checklist_answers_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_checklist_answers_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_answers")),
    )
    with op.batch_alter_table("checklist_answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_checklist_case_question", ["case_id", "question_id", "id"], unique=False
        )

    op.create_table(
        "csg_meetings",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("video_link", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("chair_member_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chair_member_id"],
            ["csg_members.id"],
            name=op.f("fk_csg_meetings_chair_member_id_csg_members"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_csg_meetings_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_csg_meetings")),
    )
    with op.batch_alter_table("csg_meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_csg_meetings_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "referrals",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("referrer_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("referrer_contact", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("trust", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("programme", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("form1_received_on", sa.Date(), nullable=True),
        sa.Column(
            "form1_completed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("form1_incident_on", sa.Date(), nullable=True),
        sa.Column("form1_what_happened", sa.Text(), nullable=True),
        sa.Column("form2_received_on", sa.Date(), nullable=True),
        sa.Column(
            "form2_completed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("form_e_received_on", sa.Date(), nullable=True),
        sa.Column("form_e_exam", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("form_e_attempt", sa.Integer(), nullable=True),
        sa.Column("form_e_sat_on", sa.Date(), nullable=True),
        sa.Column("form_e_details", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("last_activity_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "level IS NULL OR level BETWEEN 1 AND 3", name=op.f("ck_referrals_level")
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_referrals_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_referrals_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_referrals_practitioner_id_practitioners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
        sa.UniqueConstraint("reference", name=op.f("uq_referrals_reference")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referrals_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referrals_last_activity_at"), ["last_activity_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_referrals_practitioner_id"), ["practitioner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referrals_programme"), ["programme"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_trust"), ["trust"], unique=False)

    op.create_table(
        "risk_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("patients_likelihood", sa.Integer(), nullable=False),
        sa.Column("patients_impact", sa.Integer(), nullable=False),
        sa.Column("practitioner_likelihood", sa.Integer(), nullable=False),
        sa.Column("practitioner_impact", sa.Integer(), nullable=False),
        sa.Column("colleagues_likelihood", sa.Integer(), nullable=False),
        sa.Column("colleagues_impact", sa.Integer(), nullable=False),
        sa.Column("organisation_likelihood", sa.Integer(), nullable=False),
        sa.Column("organisation_impact", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("mitigations", sa.Text(), nullable=True),
        sa.Column("assessed_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "colleagues_impact BETWEEN 1 AND 5", name=op.f("ck_risk_assessments_colleagues_impact")
        ),
        sa.CheckConstraint(
            "colleagues_likelihood BETWEEN 1 AND 5",
            name=op.f("ck_risk_assessments_colleagues_likelihood"),
        ),
        sa.CheckConstraint(
            "organisation_impact BETWEEN 1 AND 5",
            name=op.f("ck_risk_assessments_organisation_impact"),
        ),
        sa.CheckConstraint(
            "organisation_likelihood BETWEEN 1 AND 5",
            name=op.f("ck_risk_assessments_organisation_likelihood"),
        ),
        sa.CheckConstraint(
            "patients_impact BETWEEN 1 AND 5", name=op.f("ck_risk_assessments_patients_impact")
        ),
        sa.CheckConstraint(
            "patients_likelihood BETWEEN 1 AND 5",
            name=op.f("ck_risk_assessments_patients_likelihood"),
        ),
        sa.CheckConstraint(
            "practitioner_impact BETWEEN 1 AND 5",
            name=op.f("ck_risk_assessments_practitioner_impact"),
        ),
        sa.CheckConstraint(
            "practitioner_likelihood BETWEEN 1 AND 5",
            name=op.f("ck_risk_assessments_practitioner_likelihood"),
        ),
        sa.ForeignKeyConstraint(
            ["assessed_by_id"], ["users.id"], name=op.f("fk_risk_assessments_assessed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_risk_assessments_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_assessments")),
    )
    with op.batch_alter_table("risk_assessments", schema=None) as batch_op:
        batch_op.create_index("ix_risk_case_when", ["case_id", "assessed_on"], unique=False)

    op.create_table(
        "csg_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["csg_meetings.id"],
            name=op.f("fk_csg_attendance_meeting_id_csg_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["csg_members.id"], name=op.f("fk_csg_attendance_member_id_csg_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_csg_attendance")),
        sa.UniqueConstraint(
            "meeting_id", "member_id", name=op.f("uq_csg_attendance_meeting_id_member_id")
        ),
    )
    with op.batch_alter_table("csg_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_csg_attendance_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("triage_meeting_id", sa.Integer(), nullable=True),
        sa.Column("csg_meeting_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("media_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_documents_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["csg_meeting_id"],
            ["csg_meetings.id"],
            name=op.f("fk_documents_csg_meeting_id_csg_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_documents_referral_id_referrals")
        ),
        sa.ForeignKeyConstraint(
            ["triage_meeting_id"],
            ["triage_meetings.id"],
            name=op.f("fk_documents_triage_meeting_id_triage_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_documents_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_documents_csg_meeting_id"), ["csg_meeting_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "form2_concerns",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("area", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("severity", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_form2_concerns_referral_id_referrals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form2_concerns")),
        sa.UniqueConstraint("referral_id", "area", name=op.f("uq_form2_concerns_referral_id_area")),
    )
    with op.batch_alter_table("form2_concerns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_form2_concerns_referral_id"), ["referral_id"], unique=False
        )

    op.create_table(
        "document_contents",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_contents_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_contents")),
    )
    op.create_table(
        "external_referrals",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=True),
        sa.Column("status_changed_on", sa.Date(), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("consent_given", sa.Boolean(), nullable=True),
        sa.Column("consent_recorded_on", sa.Date(), nullable=True),
        sa.Column("route", sa.String(length=40), nullable=True),
        sa.Column("route_context", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("referrer_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("expected_outcomes", sa.Text(), nullable=True),
        sa.Column("in_place_of_formal_action", sa.Boolean(), nullable=False),
        sa.Column("non_cooperation_explained", sa.Boolean(), nullable=False),
        sa.Column("agreement_document_id", sa.Integer(), nullable=True),
        sa.Column("mediation_conditions", sa.JSON(), nullable=True),
        sa.Column("regulator", sa.String(length=40), nullable=True),
        sa.Column("mandatory_matter", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_document_id"],
            ["documents.id"],
            name=op.f("fk_external_referrals_agreement_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_external_referrals_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_external_referrals_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_referrals")),
    )
    with op.batch_alter_table("external_referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_external_referrals_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_external_referrals_kind"), ["kind"], unique=False)

    op.create_table(
        "agenda_items",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("external_referral_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("minutes_allotted", sa.Integer(), nullable=False),
        sa.Column("practitioner_attending", sa.Boolean(), nullable=True),
        sa.Column("representative", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("discussion_summary", sa.Text(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("chair_decision", sa.Text(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_agenda_items_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["external_referral_id"],
            ["external_referrals.id"],
            name=op.f("fk_agenda_items_external_referral_id_external_referrals"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["csg_meetings.id"],
            name=op.f("fk_agenda_items_meeting_id_csg_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_items_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_agenda_items_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "actions",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("triage_meeting_id", sa.Integer(), nullable=True),
        sa.Column("csg_meeting_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("checklist_edition", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("checklist_question", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("shared_with_tpd", sa.Boolean(), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_actions_agenda_item_id_agenda_items"),
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_actions_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_actions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["csg_meeting_id"],
            ["csg_meetings.id"],
            name=op.f("fk_actions_csg_meeting_id_csg_meetings"),
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_actions_owner_id_users")),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_actions_referral_id_referrals")
        ),
        sa.ForeignKeyConstraint(
            ["triage_meeting_id"],
            ["triage_meetings.id"],
            name=op.f("fk_actions_triage_meeting_id_triage_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_actions_csg_meeting_id"), ["csg_meeting_id"], unique=False
        )
        batch_op.create_index("ix_actions_open_due", ["status", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_referral_id"), ["referral_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_actions_triage_meeting_id"), ["triage_meeting_id"], unique=False
        )

    op.create_table(
        "conflict_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("declared_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_conflict_declarations_agenda_item_id_agenda_items"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["csg_members.id"],
            name=op.f("fk_conflict_declarations_member_id_csg_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_declarations")),
        sa.UniqueConstraint(
            "agenda_item_id",
            "member_id",
            name=op.f("uq_conflict_declarations_agenda_item_id_member_id"),
        ),
    )
    with op.batch_alter_table("conflict_declarations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conflict_declarations_agenda_item_id"), ["agenda_item_id"], unique=False
        )

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("triage_meeting_id", sa.Integer(), nullable=True),
        sa.Column("csg_meeting_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("from_value", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("to_value", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("checklist_snapshot", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            "case_id IS NOT NULL OR referral_id IS NOT NULL", name=op.f("ck_decisions_subject")
        ),
        sa.CheckConstraint(
            "length(trim(rationale)) > 0", name=op.f("ck_decisions_rationale_required")
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_decisions_agenda_item_id_agenda_items"),
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_decisions_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["csg_meeting_id"],
            ["csg_meetings.id"],
            name=op.f("fk_decisions_csg_meeting_id_csg_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_decisions_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_decisions_referral_id_referrals")
        ),
        sa.ForeignKeyConstraint(
            ["triage_meeting_id"],
            ["triage_meetings.id"],
            name=op.f("fk_decisions_triage_meeting_id_triage_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decisions_csg_meeting_id"), ["csg_meeting_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_decisions_referral_id"), ["referral_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decisions_triage_meeting_id"), ["triage_meeting_id"], unique=False
        )

    op.create_table(
        "timeline_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_timeline_entries_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_timeline_entries_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_timeline_entries_decision_id_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_timeline_entries_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_entries")),
    )
    with op.batch_alter_table("timeline_entries", schema=None) as batch_op:
        batch_op.create_index("ix_timeline_case_when", ["case_id", "occurred_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("timeline_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_timeline_case_when")

    op.drop_table("timeline_entries")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_triage_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_referral_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_csg_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_case_id"))

    op.drop_table("decisions")
    with op.batch_alter_table("conflict_declarations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_declarations_agenda_item_id"))

    op.drop_table("conflict_declarations")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_triage_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_actions_referral_id"))
        batch_op.drop_index(batch_op.f("ix_actions_owner_id"))
        batch_op.drop_index("ix_actions_open_due")
        batch_op.drop_index(batch_op.f("ix_actions_csg_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_actions_case_id"))

    op.drop_table("actions")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_items_case_id"))

    op.drop_table("agenda_items")
    with op.batch_alter_table("external_referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_referrals_kind"))
        batch_op.drop_index(batch_op.f("ix_external_referrals_case_id"))

    op.drop_table("external_referrals")
    op.drop_table("document_contents")
    with op.batch_alter_table("form2_concerns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form2_concerns_referral_id"))

    op.drop_table("form2_concerns")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_referral_id"))
        batch_op.drop_index(batch_op.f("ix_documents_csg_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_documents_case_id"))

    op.drop_table("documents")
    with op.batch_alter_table("csg_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_csg_attendance_meeting_id"))

    op.drop_table("csg_attendance")
    with op.batch_alter_table("risk_assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_case_when")

    op.drop_table("risk_assessments")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_trust"))
        batch_op.drop_index(batch_op.f("ix_referrals_status"))
        batch_op.drop_index(batch_op.f("ix_referrals_source"))
        batch_op.drop_index(batch_op.f("ix_referrals_received_on"))
        batch_op.drop_index(batch_op.f("ix_referrals_programme"))
        batch_op.drop_index(batch_op.f("ix_referrals_practitioner_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_last_activity_at"))
        batch_op.drop_index(batch_op.f("ix_referrals_case_id"))

    op.drop_table("referrals")
    with op.batch_alter_table("csg_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_csg_meetings_starts_at"))

    op.drop_table("csg_meetings")
    with op.batch_alter_table("checklist_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_checklist_case_question")

    op.drop_table("checklist_answers")
    with op.batch_alter_table("triage_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_triage_meetings_held_on"))

    op.drop_table("triage_meetings")
    op.drop_table("csg_members")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_status"))
        batch_op.drop_index(batch_op.f("ix_cases_second_case_manager_id"))
        batch_op.drop_index(batch_op.f("ix_cases_practitioner_id"))
        batch_op.drop_index(batch_op.f("ix_cases_opened_on"))
        batch_op.drop_index(batch_op.f("ix_cases_next_review_on"))
        batch_op.drop_index(batch_op.f("ix_cases_last_activity_at"))
        batch_op.drop_index(batch_op.f("ix_cases_case_manager_id"))

    op.drop_table("cases")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_username"))

    op.drop_table("users")
    op.drop_table("store_meta")
    with op.batch_alter_table("practitioners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practitioners_registration_number"))
        batch_op.drop_index(batch_op.f("ix_practitioners_programme"))
        batch_op.drop_index(batch_op.f("ix_practitioners_family_name"))
        batch_op.drop_index(batch_op.f("ix_practitioners_employer"))

    op.drop_table("practitioners")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_at"))

    op.drop_table("audit_entries")

"""Keeping records lawfully: subject access requests, retention classes, legal holds, retention
reviews and the destruction log."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from remedy_tui.store.models.base import aware, enum_of, utcnow
from remedy_tui.store.models.versioned import Versioned


class SarStatus(StrEnum):
    """Where a subject access request has got to."""

    OPEN = "open"
    SIGNED_OFF = "signed_off"
    RELEASED = "released"


class SarTreatment(StrEnum):
    """What is done with one record in a subject access pack."""

    INCLUDE = "include"
    REDACT = "redact"
    WITHHOLD = "withhold"


class ReviewOutcome(StrEnum):
    """What a retention review decided: destroy, or keep with a reason until a later review."""

    DESTROY = "destroy"
    KEEP = "keep"


class SubjectAccessRequest(Versioned, table=True):
    """A request by a practitioner (or someone for them) for what Remedy holds about them,
    with its deadline: one calendar month, extendable by two for a complex request."""

    __tablename__ = "subject_access_requests"
    __table_args__ = (
        CheckConstraint(
            "NOT extended OR length(trim(coalesce(extension_reason, ''))) > 0",
            name="extension_reason",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=20, unique=True)
    practitioner_id: int | None = Field(default=None, foreign_key="practitioners.id", index=True)
    requested_by: str = Field(max_length=200)
    received_on: date = Field(index=True)
    due_on: date = Field(index=True)
    extended: bool = False
    extension_reason: str | None = Field(default=None, sa_type=Text)
    person_told_on: date | None = None
    status: SarStatus = Field(sa_type=enum_of(SarStatus), index=True)
    signed_off_by_id: int | None = Field(default=None, foreign_key="users.id")
    signed_off_at: datetime | None = Field(default=None, sa_type=aware())
    released_by_id: int | None = Field(default=None, foreign_key="users.id")
    released_at: datetime | None = Field(default=None, sa_type=aware())
    created_by_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=aware())


class SarItem(SQLModel, table=True):
    """One record in a subject access pack: included, redacted or withheld, and why."""

    __tablename__ = "sar_items"
    __table_args__ = (
        UniqueConstraint("request_id", "record_table", "record_id"),
        CheckConstraint(
            "treatment = 'include' OR length(trim(coalesce(reason, ''))) > 0",
            name="reason_for_redaction_or_withholding",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="subject_access_requests.id", index=True)
    record_table: str = Field(max_length=60)
    record_id: str = Field(max_length=60)
    treatment: SarTreatment = Field(sa_type=enum_of(SarTreatment))
    reason: str | None = Field(default=None, sa_type=Text)
    redactions: list[str] = Field(default_factory=list, sa_type=JSON(none_as_null=True))
    decided_by_id: int = Field(foreign_key="users.id")
    decided_at: datetime = Field(default_factory=utcnow, sa_type=aware())


class RetentionClass(Versioned, table=True):
    """A class of record and how long the team keeps it, counted from which event."""

    __tablename__ = "retention_classes"
    __table_args__ = (CheckConstraint("years > 0", name="years"),)

    code: str = Field(primary_key=True, max_length=40)
    label: str = Field(max_length=200)
    years: int
    counted_from: str = Field(max_length=200)


class LegalHold(SQLModel, table=True):
    """A hold on a case or referral (litigation, an inquiry, a regulator): no disposal while
    it stands."""

    __tablename__ = "legal_holds"
    __table_args__ = (
        CheckConstraint("case_id IS NOT NULL OR referral_id IS NOT NULL", name="subject"),
        CheckConstraint("length(trim(reason)) > 0", name="reason_required"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    referral_id: int | None = Field(default=None, foreign_key="referrals.id", index=True)
    reason: str = Field(sa_type=Text)
    placed_by_id: int = Field(foreign_key="users.id")
    placed_at: datetime = Field(default_factory=utcnow, sa_type=aware())
    lifted_by_id: int | None = Field(default=None, foreign_key="users.id")
    lifted_at: datetime | None = Field(default=None, sa_type=aware())


class RetentionReview(SQLModel, table=True):
    """A review of a record whose retention period has run: destroy it, or keep it with a
    reason until a later review."""

    __tablename__ = "retention_reviews"
    __table_args__ = (
        CheckConstraint("case_id IS NOT NULL OR referral_id IS NOT NULL", name="subject"),
        CheckConstraint("length(trim(reason)) > 0", name="reason_required"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    referral_id: int | None = Field(default=None, foreign_key="referrals.id", index=True)
    outcome: ReviewOutcome = Field(sa_type=enum_of(ReviewOutcome))
    reason: str = Field(sa_type=Text)
    keep_until: date | None = None
    reviewed_by_id: int = Field(foreign_key="users.id")
    reviewed_at: datetime = Field(default_factory=utcnow, sa_type=aware())


class DestructionRecord(SQLModel, table=True):
    """What a disposal destroyed, with no personal data: the class of record, how many rows
    and documents, when, by whom and on whose authority."""

    __tablename__ = "destruction_log"

    id: int | None = Field(default=None, primary_key=True)
    retention_class: str = Field(max_length=40)
    rows_destroyed: int
    documents_destroyed: int
    audit_entries_scrubbed: int
    destroyed_at: datetime = Field(default_factory=utcnow, sa_type=aware())
    destroyed_by_id: int = Field(foreign_key="users.id")
    authorised_by_id: int = Field(foreign_key="users.id")

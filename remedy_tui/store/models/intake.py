"""Intake: referrals with their forms, and the weekly triage meeting."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field

from remedy_tui.store.models.base import aware, enum_of, utcnow
from remedy_tui.store.models.enums import (
    ReferralSource,
    ReferralStatus,
    Severity,
    TriageMeetingStatus,
    TriageOutcome,
)
from remedy_tui.store.models.versioned import Versioned


class Referral(Versioned, table=True):
    """A concern as it arrives, with Form 1, Form 2 and Form E (seed 004)."""

    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint("level IS NULL OR level BETWEEN 1 AND 3", name="level"),
        CheckConstraint(
            "suggested_level IS NULL OR suggested_level BETWEEN 1 AND 3", name="suggested_level"
        ),
        Index("ix_referrals_queue", "status", "received_on"),
        # A queue search by practitioner, filtered by status, read from the index alone.
        Index("ix_referrals_practitioner", "practitioner_id", "status", "received_on"),
        # Equality by stage reads each referral's stage from the index alone.
        Index(
            "ix_referrals_stages",
            "practitioner_id",
            "received_on",
            "level",
            "outcome",
            "case_id",
            "form1_received_on",
            "form2_received_on",
            "trust",
            "programme",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=20, unique=True)
    practitioner_id: int = Field(foreign_key="practitioners.id")
    source: ReferralSource = Field(sa_type=enum_of(ReferralSource), index=True)
    referrer_name: str | None = Field(default=None, max_length=200)
    referrer_contact: str | None = Field(default=None, max_length=320)
    received_on: date = Field(index=True)
    triggers: list[str] = Field(default_factory=list, sa_type=JSON(none_as_null=True))
    trust: str | None = Field(default=None, max_length=200, index=True)
    programme: str | None = Field(default=None, max_length=200, index=True)

    # Form 1: what happened, by whom, when.
    form1_received_on: date | None = None
    form1_completed_by: str | None = Field(default=None, max_length=200)
    form1_incident_on: date | None = None
    form1_what_happened: str | None = Field(default=None, sa_type=Text)

    # Form 2: the concern in seven areas (rows in Form2Concern).
    form2_received_on: date | None = None
    form2_completed_by: str | None = Field(default=None, max_length=200)

    # Form E: exam failure, completed by the trainee.
    form_e_received_on: date | None = None
    form_e_exam: str | None = Field(default=None, max_length=200)
    form_e_attempt: int | None = None
    form_e_sat_on: date | None = None
    form_e_details: str | None = Field(default=None, sa_type=Text)

    status: ReferralStatus = Field(sa_type=enum_of(ReferralStatus), index=True)
    # Worked out from Form 2 when it changes (services.levels), kept for sorting the queue.
    suggested_level: int | None = None
    level: int | None = None
    outcome: TriageOutcome | None = Field(default=None, sa_type=enum_of(TriageOutcome))
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    decided_at: datetime | None = Field(default=None, sa_type=aware())
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=aware())


class Form2Concern(Versioned, table=True):
    """One of the seven Form 2 concern areas for a referral, with severity and description."""

    __tablename__ = "form2_concerns"
    __table_args__ = (UniqueConstraint("referral_id", "area"),)

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referrals.id", index=True)
    area: str = Field(max_length=60)
    severity: Severity = Field(sa_type=enum_of(Severity))
    description: str | None = Field(default=None, sa_type=Text)


class TriageMeeting(Versioned, table=True):
    """The weekly triage meeting chaired by the Deputy Postgraduate Dean."""

    __tablename__ = "triage_meetings"

    id: int | None = Field(default=None, primary_key=True)
    held_on: date = Field(index=True)
    chair_id: int = Field(foreign_key="users.id")
    attendees: list[str] = Field(default_factory=list, sa_type=JSON(none_as_null=True))
    status: TriageMeetingStatus = Field(sa_type=enum_of(TriageMeetingStatus))
    started_at: datetime = Field(default_factory=utcnow, sa_type=aware())
    ended_at: datetime | None = Field(default=None, sa_type=aware())
    minutes_markdown: str | None = Field(default=None, sa_type=Text)

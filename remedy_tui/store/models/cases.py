"""Case work: the case, its decisions, actions, timeline, risk, documents and onward referrals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, LargeBinary, Text
from sqlmodel import Field, SQLModel

from remedy_tui.store.models.base import aware, enum_of, utcnow
from remedy_tui.store.models.enums import (
    ActionKind,
    ActionStatus,
    CaseStatus,
    CsgRoute,
    DecisionKind,
    DecisionOutcome,
    ExternalReferralKind,
    ExternalReferralStatus,
    RegistrationBody,
    TimelineKind,
)
from remedy_tui.store.models.versioned import Versioned


class Case(Versioned, table=True):
    """A case opened at triage and worked by its case managers; it may never formally close."""

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 3", name="level"),
        CheckConstraint(
            "follow_up_interval_days IS NULL OR follow_up_interval_days > 0",
            name="follow_up_interval",
        ),
        # A caseload: by manager, status and next review, ordered on the index alone.
        Index("ix_cases_caseload", "case_manager_id", "status", "next_review_on"),
        Index(
            "ix_cases_caseload_second",
            "second_case_manager_id",
            "status",
            "next_review_on",
            "case_manager_id",
        ),
        # A search by practitioner, filtered and ordered by review, read from the index alone.
        Index("ix_cases_practitioner", "practitioner_id", "status", "next_review_on"),
        # The level sort and filter, read from the index alone.
        Index("ix_cases_level", "level", "status", "next_review_on"),
        # The case list's cases without a review date, by status, in id order (the list
        # pages by key: services.case.case_list).
        Index("ix_cases_review_status", "next_review_on", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=20, unique=True)
    practitioner_id: int = Field(foreign_key="practitioners.id")
    summary: str | None = Field(default=None, max_length=500)
    level: int
    status: CaseStatus = Field(sa_type=enum_of(CaseStatus), index=True)
    opened_on: date = Field(index=True)
    closed_on: date | None = None
    closure_reason: str | None = Field(default=None, sa_type=Text)
    case_manager_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    second_case_manager_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    senior_owner_id: int | None = Field(default=None, foreign_key="users.id")
    escalated_to_dean: bool = False
    escalated_on: date | None = None
    follow_up_interval_days: int | None = None
    next_review_on: date | None = Field(default=None, index=True)
    checklist_edition: str = Field(max_length=60)
    created_at: datetime = Field(default_factory=utcnow, sa_type=aware())


class Decision(SQLModel, table=True):
    """A decision with who, when and why; a decision without a rationale cannot be stored."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint("length(trim(rationale)) > 0", name="rationale_required"),
        CheckConstraint("case_id IS NOT NULL OR referral_id IS NOT NULL", name="subject"),
        # Equality by stage: the decisions that move a case to a stage, read from the index.
        Index("ix_decisions_stages", "case_id", "kind", "code", "level"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    referral_id: int | None = Field(default=None, foreign_key="referrals.id", index=True)
    triage_meeting_id: int | None = Field(
        default=None, foreign_key="triage_meetings.id", index=True
    )
    csg_meeting_id: int | None = Field(default=None, foreign_key="csg_meetings.id", index=True)
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_items.id")
    kind: DecisionKind = Field(sa_type=enum_of(DecisionKind))
    # The coded outcome (what is counted), and apart from it the words shown with it.
    code: DecisionOutcome = Field(sa_type=enum_of(DecisionOutcome))
    outcome: str = Field(max_length=200)
    level: int | None = None
    from_value: str | None = Field(default=None, max_length=200)
    to_value: str | None = Field(default=None, max_length=200)
    rationale: str = Field(sa_type=Text)
    evidence: str | None = Field(default=None, sa_type=Text)
    decided_by_id: int = Field(foreign_key="users.id")
    decided_at: datetime = Field(default_factory=utcnow, sa_type=aware())
    checklist_snapshot: list[dict[str, Any]] | None = Field(
        default=None, sa_type=JSON(none_as_null=True)
    )
    #: The reasons given against each factor the framework lists for the decision's kind
    #: (5.1.1 for immediate action, 5.2.3 for a substantive disposal), in the framework's
    #: order: ``[{"factor": "An assessment of the evidence", "reasons": "..."}, ...]``.
    factors: list[dict[str, str]] | None = Field(default=None, sa_type=JSON(none_as_null=True))


class Action(Versioned, table=True):
    """An action, follow-up or information request with an owner and a due date."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_open_due", "status", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: ActionKind = Field(sa_type=enum_of(ActionKind))
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    referral_id: int | None = Field(default=None, foreign_key="referrals.id", index=True)
    triage_meeting_id: int | None = Field(
        default=None, foreign_key="triage_meetings.id", index=True
    )
    csg_meeting_id: int | None = Field(default=None, foreign_key="csg_meetings.id", index=True)
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_items.id")
    checklist_edition: str | None = Field(default=None, max_length=60)
    checklist_question: str | None = Field(default=None, max_length=20)
    description: str = Field(sa_type=Text)
    owner_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    owner_name: str | None = Field(default=None, max_length=200)
    due_on: date | None = None
    status: ActionStatus = Field(sa_type=enum_of(ActionStatus))
    shared_with_tpd: bool = False
    outcome_note: str | None = Field(default=None, sa_type=Text)
    completed_on: date | None = None
    created_by_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=aware())


class TimelineEntry(SQLModel, table=True):
    """One dated event in a case: a meeting, call, letter, email, note, decision or document."""

    __tablename__ = "timeline_entries"
    __table_args__ = (Index("ix_timeline_case_when", "case_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    kind: TimelineKind = Field(sa_type=enum_of(TimelineKind))
    occurred_at: datetime = Field(sa_type=aware())
    title: str = Field(max_length=300)
    body: str | None = Field(default=None, sa_type=Text)
    confidential: bool = False
    author_id: int | None = Field(default=None, foreign_key="users.id")
    document_id: int | None = Field(default=None, foreign_key="documents.id")
    decision_id: int | None = Field(default=None, foreign_key="decisions.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=aware())


class RiskAssessment(SQLModel, table=True):
    """A dated risk assessment; earlier ones are kept, so review can be shown (question 4.3)."""

    __tablename__ = "risk_assessments"
    __table_args__ = (
        Index("ix_risk_case_when", "case_id", "assessed_on"),
        *(
            CheckConstraint(f"{column} BETWEEN 1 AND 5", name=column)
            for column in (
                "patients_likelihood",
                "patients_impact",
                "practitioner_likelihood",
                "practitioner_impact",
                "colleagues_likelihood",
                "colleagues_impact",
                "organisation_likelihood",
                "organisation_impact",
            )
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    assessed_on: date
    review_on: date
    patients_likelihood: int
    patients_impact: int
    practitioner_likelihood: int
    practitioner_impact: int
    colleagues_likelihood: int
    colleagues_impact: int
    organisation_likelihood: int
    organisation_impact: int
    summary: str | None = Field(default=None, sa_type=Text)
    mitigations: str | None = Field(default=None, sa_type=Text)
    assessed_by_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=aware())


class Document(SQLModel, table=True):
    """A file kept inside the encrypted store; its bytes live in DocumentContent."""

    __tablename__ = "documents"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    referral_id: int | None = Field(default=None, foreign_key="referrals.id", index=True)
    triage_meeting_id: int | None = Field(default=None, foreign_key="triage_meetings.id")
    csg_meeting_id: int | None = Field(default=None, foreign_key="csg_meetings.id", index=True)
    # A paper for one item of a CSG agenda (a report, a statement), listed with that item. No
    # foreign key: agenda items already reach documents through their referral's signed
    # agreement, and a cycle of keys would leave no order to create or copy the tables in.
    agenda_item_id: int | None = Field(default=None, index=True)
    kind: str = Field(max_length=40)
    filename: str = Field(max_length=255)
    media_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64)
    description: str | None = Field(default=None, max_length=500)
    uploaded_by_id: int = Field(foreign_key="users.id")
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=aware())


class DocumentContent(SQLModel, table=True):
    """The bytes of a document, apart from its listing so lists stay light."""

    __tablename__ = "document_contents"

    document_id: int = Field(foreign_key="documents.id", primary_key=True)
    content: bytes = Field(sa_type=LargeBinary)


class ExternalReferral(Versioned, table=True):
    """An onward referral: OH, CSG, mediation, Practitioner Performance Advice, regulator."""

    __tablename__ = "external_referrals"
    __table_args__ = (
        # CSG referrals waiting for an agenda, found from the index alone (csg.proposals).
        Index(
            "ix_external_referrals_waiting", "kind", "status", "consent_given", "case_id", "made_on"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: ExternalReferralKind = Field(sa_type=enum_of(ExternalReferralKind))
    status: ExternalReferralStatus = Field(sa_type=enum_of(ExternalReferralStatus))
    proposed_on: date
    made_on: date | None = None
    status_changed_on: date
    provider: str | None = Field(default=None, max_length=200)
    reason: str | None = Field(default=None, sa_type=Text)
    consent_given: bool | None = None
    consent_recorded_on: date | None = None
    # CSG (seed 000): route, context, agreed outcomes, in place of formal action.
    route: CsgRoute | None = Field(default=None, sa_type=enum_of(CsgRoute))
    route_context: str | None = Field(default=None, max_length=60)
    referrer_name: str | None = Field(default=None, max_length=200)
    expected_outcomes: str | None = Field(default=None, sa_type=Text)
    in_place_of_formal_action: bool = False
    non_cooperation_explained: bool = False
    agreement_document_id: int | None = Field(default=None, foreign_key="documents.id")
    # Assisted mediation (seed 003): the six suitability conditions, answered and noted.
    mediation_conditions: dict[str, Any] | None = Field(
        default=None, sa_type=JSON(none_as_null=True)
    )
    # Regulator: which one, and the matter that must always go to it, if any.
    regulator: RegistrationBody | None = Field(default=None, sa_type=enum_of(RegistrationBody))
    mandatory_matter: str | None = Field(default=None, max_length=200)
    created_by_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=aware())

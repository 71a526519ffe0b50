"""The Clinical Support Group (seed 000): members, meetings, agendas and conflicts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from remedy_tui.store.models.base import aware, enum_of, utcnow
from remedy_tui.store.models.enums import AgendaItemKind, Attendance, CsgMeetingStatus
from remedy_tui.store.models.versioned import Versioned


class CsgMember(Versioned, table=True):
    """A member of the CSG in one of the roles the seed lists; members come and go with dates."""

    __tablename__ = "csg_members"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    role: str = Field(max_length=60)
    organisation: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    user_id: int | None = Field(default=None, foreign_key="users.id")
    joined_on: date
    left_on: date | None = None


class CsgMeeting(Versioned, table=True):
    """A meeting of the CSG with its place, chair and status."""

    __tablename__ = "csg_meetings"

    id: int | None = Field(default=None, primary_key=True)
    starts_at: datetime = Field(sa_type=aware(), index=True)
    duration_minutes: int = 120
    location: str | None = Field(default=None, max_length=300)
    video_link: str | None = Field(default=None, max_length=500)
    status: CsgMeetingStatus = Field(sa_type=enum_of(CsgMeetingStatus))
    chair_member_id: int | None = Field(default=None, foreign_key="csg_members.id")
    notes: str | None = Field(default=None, sa_type=Text)
    created_by_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=aware())


class CsgAttendance(SQLModel, table=True):
    """Whether a member attended a meeting or sent apologies."""

    __tablename__ = "csg_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="csg_meetings.id", index=True)
    member_id: int = Field(foreign_key="csg_members.id")
    attendance: Attendance = Field(sa_type=enum_of(Attendance))


class AgendaItem(Versioned, table=True):
    """One item on a CSG agenda, usually a case, with its time and recorded outcome."""

    __tablename__ = "agenda_items"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="csg_meetings.id", index=True)
    position: int
    kind: AgendaItemKind = Field(sa_type=enum_of(AgendaItemKind))
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    external_referral_id: int | None = Field(default=None, foreign_key="external_referrals.id")
    title: str = Field(max_length=300)
    minutes_allotted: int = 15
    practitioner_attending: bool | None = None
    representative: str | None = Field(default=None, max_length=200)
    discussion_summary: str | None = Field(default=None, sa_type=Text)
    outcome: str | None = Field(default=None, sa_type=Text)
    chair_decision: str | None = Field(default=None, sa_type=Text)
    next_review_on: date | None = None
    # Who chairs this item in place of the meeting's chair, who declared a conflict on it.
    chaired_by_member_id: int | None = Field(default=None, foreign_key="csg_members.id")


class ConflictDeclaration(SQLModel, table=True):
    """A member's declared conflict of interest for one agenda item: they step out of it."""

    __tablename__ = "conflict_declarations"
    __table_args__ = (UniqueConstraint("agenda_item_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    agenda_item_id: int = Field(foreign_key="agenda_items.id", index=True)
    member_id: int = Field(foreign_key="csg_members.id")
    details: str = Field(sa_type=Text)
    declared_at: datetime = Field(default_factory=utcnow, sa_type=aware())

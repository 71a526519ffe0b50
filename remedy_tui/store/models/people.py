"""The people: Remedy's users and the practitioners whose cases they manage."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from remedy_tui.store.models.base import aware, enum_of, utcnow
from remedy_tui.store.models.enums import Grade, RegistrationBody, Role
from remedy_tui.store.models.versioned import Versioned


class User(Versioned, table=True):
    """A member of the team who signs in to Remedy."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    full_name: str = Field(max_length=200)
    role: Role = Field(sa_type=enum_of(Role))
    email: str | None = Field(default=None, max_length=320)
    is_admin: bool = False
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=aware())
    disabled_at: datetime | None = Field(default=None, sa_type=aware())


class UserProgramme(SQLModel, table=True):
    """A training programme a TPD or head of school leads: what the team server lets them see
    of trainees' cases (the level, the status and the actions shared with the TPD)."""

    __tablename__ = "user_programmes"

    user_id: int = Field(foreign_key="users.id", primary_key=True)
    programme: str = Field(max_length=200, primary_key=True)


class Practitioner(Versioned, table=True):
    """A doctor, dentist or pharmacist about whom a concern has been raised."""

    __tablename__ = "practitioners"
    __table_args__ = (
        UniqueConstraint("registration_body", "registration_number"),
        # Equality by stage reads each practitioner's grade from the index alone.
        Index("ix_practitioners_grade", "id", "grade"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str | None = Field(default="Dr", max_length=20)
    given_names: str = Field(max_length=200)
    family_name: str = Field(max_length=200, index=True)
    registration_body: RegistrationBody | None = Field(
        default=None, sa_type=enum_of(RegistrationBody)
    )
    registration_number: str | None = Field(default=None, max_length=20, index=True)
    grade: Grade = Field(sa_type=enum_of(Grade))
    specialty: str | None = Field(default=None, max_length=200)
    programme: str | None = Field(default=None, max_length=200, index=True)
    employer: str | None = Field(default=None, max_length=200, index=True)
    place_of_qualification: str | None = Field(default=None, max_length=200)
    tpd_name: str | None = Field(default=None, max_length=200)
    educational_supervisor: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=40)

    # Contact preferences, as framework question 1.3 asks.
    address_as: str | None = Field(default=None, max_length=200)
    contact_method: str | None = Field(default=None, max_length=40)
    contact_frequency: str | None = Field(default=None, max_length=200)
    times_to_avoid: str | None = Field(default=None, max_length=500)
    representative_name: str | None = Field(default=None, max_length=200)
    representative_contact: str | None = Field(default=None, max_length=320)
    copy_representative: bool = False

    created_at: datetime = Field(default_factory=utcnow, sa_type=aware())

    @property
    def display_name(self) -> str:
        """The name as the team writes it: title, given names, family name."""
        parts = [self.title or "", self.given_names, self.family_name]
        return " ".join(p for p in parts if p)


class PractitionerEquality(SQLModel, table=True):
    """A practitioner's optional equality-monitoring answers (seed 001), in a table of their
    own so that the team server shows them only to the case managers and senior owner of
    the practitioner's cases. None is "not recorded", and every field offers
    "prefer_not_to_say" as a value of its own.

    Not versioned by itself: the answers are part of the practitioner's record, and a change
    to them moves the practitioner's version (the form saves both with one check).
    """

    __tablename__ = "practitioner_equality"

    practitioner_id: int = Field(foreign_key="practitioners.id", primary_key=True)
    ethnicity: str | None = Field(default=None, max_length=60)
    sex: str | None = Field(default=None, max_length=60)
    age_band: str | None = Field(default=None, max_length=60)
    disability: str | None = Field(default=None, max_length=60)
    religion: str | None = Field(default=None, max_length=60)
    sexual_orientation: str | None = Field(default=None, max_length=60)
    international_graduate: str | None = Field(default=None, max_length=60)

"""The practitioner: details, contact preferences as framework question 1.3 asks, and optional
equality monitoring in which every field allows "prefer not to say".

The role matrix shows equality-monitoring answers only to the case managers and senior owner
of the practitioner's cases. On a team server its policies return no row to anyone else; the
services decide the same in SQL on the local file, and say so (``equality_withheld``), so that
a form never offers, nor blanks, answers its user may not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from remedy_tui.services.common.access import Access
from remedy_tui.services.common.conflicts import check_version
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.reference_data import Option, equality_monitoring
from remedy_tui.services.common.validation import clean_text, required_text
from remedy_tui.store.audit import record_event
from remedy_tui.store.models import Grade, Practitioner, PractitionerEquality, RegistrationBody

# Framework question 1.3: "the preferred method and frequency of communication".
CONTACT_METHODS: tuple[Option, ...] = (
    Option("email", "Email"),
    Option("phone", "Telephone"),
    Option("face to face", "Face to face"),
    Option("video", "Video call"),
    Option("letter", "Letter"),
)
_REGISTRATION_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Free-text fields: (name, label, limit, required, multiline).
_TEXT_FIELDS: tuple[tuple[str, str, int, bool, bool], ...] = (
    ("title", "The title", 20, False, False),
    ("given_names", "The given names", 200, True, False),
    ("family_name", "The family name", 200, True, False),
    ("specialty", "The specialty", 200, False, False),
    ("programme", "The programme", 200, False, False),
    ("employer", "The employer or trust", 200, False, False),
    ("place_of_qualification", "The place of qualification", 200, False, False),
    ("tpd_name", "The TPD", 200, False, False),
    ("educational_supervisor", "The educational supervisor", 200, False, False),
    ("phone", "The phone number", 40, False, False),
    ("address_as", "How to address them", 200, False, False),
    ("contact_frequency", "How often to communicate", 200, False, False),
    ("times_to_avoid", "Times to avoid", 500, False, True),
    ("representative_name", "The representative", 200, False, False),
    ("representative_contact", "The representative's contact", 320, False, False),
)
EQUALITY_FIELDS: tuple[str, ...] = (
    "ethnicity",
    "sex",
    "age_band",
    "disability",
    "religion",
    "sexual_orientation",
    "international_graduate",
)
EQUALITY_WITHHELD = (
    "Equality-monitoring answers are shown only to this practitioner's case managers and "
    "senior owner."
)


@dataclass(frozen=True)
class PractitionerDetails:
    """Everything recorded about a practitioner, as plain values; codes where a form needs them.

    Equality fields hold their codes (None when not recorded); ``equality_labels`` gives the
    words to show. When ``equality_withheld``, the signed-in person may not read them (they are
    on none of the practitioner's cases) and every equality field is None.
    """

    id: int
    version: int
    title: str
    given_names: str
    family_name: str
    registration_body: str
    registration_number: str
    grade: str
    specialty: str
    programme: str
    employer: str
    place_of_qualification: str
    tpd_name: str
    educational_supervisor: str
    email: str
    phone: str
    address_as: str
    contact_method: str
    contact_frequency: str
    times_to_avoid: str
    representative_name: str
    representative_contact: str
    copy_representative: bool
    ethnicity: str | None
    sex: str | None
    age_band: str | None
    disability: str | None
    religion: str | None
    sexual_orientation: str | None
    international_graduate: str | None
    equality_withheld: bool = False

    @property
    def name(self) -> str:
        """The name as the team writes it."""
        return " ".join(p for p in (self.title, self.given_names, self.family_name) if p)

    @property
    def contact_method_label(self) -> str:
        """The preferred way of communicating, in words."""
        labels = {o.code: o.label for o in CONTACT_METHODS}
        return labels.get(self.contact_method, self.contact_method)

    @property
    def grade_label(self) -> str:
        """The grade, in words."""
        return Grade(self.grade).label if self.grade else ""

    def equality_labels(self) -> tuple[tuple[str, str], ...]:
        """(question, answer in words) for each equality-monitoring field."""
        monitoring = equality_monitoring()
        return tuple(
            (item.label, monitoring.label_for(item.field, getattr(self, item.field)))
            for item in monitoring.fields
        )


@dataclass(frozen=True)
class PractitionerChanges:
    """A practitioner's details as typed in the form (text as typed, codes as chosen)."""

    title: str = ""
    given_names: str = ""
    family_name: str = ""
    registration_body: str = ""
    registration_number: str = ""
    grade: str = ""
    specialty: str = ""
    programme: str = ""
    employer: str = ""
    place_of_qualification: str = ""
    tpd_name: str = ""
    educational_supervisor: str = ""
    email: str = ""
    phone: str = ""
    address_as: str = ""
    contact_method: str = ""
    contact_frequency: str = ""
    times_to_avoid: str = ""
    representative_name: str = ""
    representative_contact: str = ""
    copy_representative: bool = False
    ethnicity: str = ""
    sex: str = ""
    age_band: str = ""
    disability: str = ""
    religion: str = ""
    sexual_orientation: str = ""
    international_graduate: str = ""

    @classmethod
    def of(cls, details: PractitionerDetails) -> PractitionerChanges:
        """The form's starting values: the details as they are."""
        values: dict[str, Any] = {}
        for item in fields(cls):
            value = getattr(details, item.name)  # None for answers withheld: left blank
            values[item.name] = "" if value is None else value
        return cls(**values)


def practitioner_details(
    *, session: Session, practitioner_id: int, access: Access | None = None
) -> PractitionerDetails:
    """A practitioner's details, contact preferences and equality monitoring; with ``access``
    (the desk gives it), the equality answers only if the signed-in person may read them."""
    practitioner = session.get(Practitioner, practitioner_id)
    if practitioner is None:
        raise NotFoundError("That practitioner is no longer in the store.")
    if _withheld(session, practitioner_id, access):
        return _details(practitioner, None, withheld=True)
    return _details(practitioner, session.get(PractitionerEquality, practitioner_id))


def _withheld(session: Session, practitioner_id: int, access: Access | None) -> bool:
    """Whether the role matrix keeps this practitioner's equality answers from the signed-in
    person (asked in SQL, on either backend, so that a form knows not to offer them)."""
    if access is None:
        return False
    return not session.execute(sa_select(access.sees_equality_of(practitioner_id))).scalar_one()


def _details(
    p: Practitioner, answers: PractitionerEquality | None, *, withheld: bool = False
) -> PractitionerDetails:
    assert p.id is not None
    text = {name: getattr(p, name) or "" for name, *_ in _TEXT_FIELDS}
    equality: dict[str, Any] = {name: getattr(answers, name, None) for name in EQUALITY_FIELDS}
    return PractitionerDetails(
        id=p.id,
        version=p.version,
        registration_body=p.registration_body.value if p.registration_body else "",
        registration_number=p.registration_number or "",
        grade=p.grade.value,
        email=p.email or "",
        contact_method=p.contact_method or "",
        copy_representative=p.copy_representative,
        **text,
        **equality,
        equality_withheld=withheld,
    )


def _checked(
    changes: PractitionerChanges, session: Session, current: Practitioner
) -> dict[str, Any]:
    """Every field checked and converted, or the first problem as a ValidationError."""
    values: dict[str, Any] = {}
    for name, label, limit, required, multiline in _TEXT_FIELDS:
        typed = getattr(changes, name)
        if required:
            values[name] = required_text(typed, field=name, label=label, max_length=limit)
        else:
            values[name] = clean_text(
                typed, field=name, label=label, max_length=limit, multiline=multiline
            )
    grade = changes.grade.strip()
    if grade not in {g.value for g in Grade}:
        raise ValidationError("grade", "Choose the practitioner's grade.")
    values["grade"] = Grade(grade)
    body = changes.registration_body.strip()
    if body and body not in {b.value for b in RegistrationBody}:
        raise ValidationError("registration_body", f"{body!r} is not a regulator Remedy knows.")
    values["registration_body"] = RegistrationBody(body) if body else None
    number = changes.registration_number.strip()
    if number and not _REGISTRATION_NUMBER.match(number):
        raise ValidationError(
            "registration_number", "A registration number is letters, digits or '-', up to 20."
        )
    if number and not body:
        raise ValidationError("registration_body", "Say which regulator the number is with.")
    values["registration_number"] = number or None
    if number:
        clash = session.exec(
            select(Practitioner.id).where(
                col(Practitioner.registration_body) == body,
                col(Practitioner.registration_number) == number,
                col(Practitioner.id) != current.id,
            )
        ).first()
        if clash is not None:
            raise ValidationError(
                "registration_number",
                f"Another practitioner already has {body} number {number}; nothing was saved.",
            )
    email = clean_text(changes.email, field="email", label="The email address", max_length=320)
    if email and not _EMAIL.match(email):
        raise ValidationError("email", f"{email!r} does not look like an email address.")
    values["email"] = email
    method = changes.contact_method.strip()
    known = {o.code for o in CONTACT_METHODS} | {current.contact_method}
    if method and method not in known:
        raise ValidationError("contact_method", "Choose how they prefer to be contacted.")
    values["contact_method"] = method or None
    values["copy_representative"] = bool(changes.copy_representative)
    monitoring = equality_monitoring()
    for item in monitoring.fields:
        code = (getattr(changes, item.field, "") or "").strip()
        allowed = {o.code for o in item.options} | {monitoring.prefer_not_to_say.code}
        if code and code not in allowed:
            raise ValidationError(item.field, f"{item.label}: choose one of the answers given.")
        values[item.field] = code or None
    return values


def update_practitioner(
    *,
    session: Session,
    practitioner_id: int,
    expected_version: int,
    changes: PractitionerChanges,
    access: Access | None = None,
) -> PractitionerDetails:
    """Save the details as typed, refusing a stale edit; only changed fields are written.

    Equality answers the signed-in person may not read are left as they are (the form shows
    them blank); an answer typed for them is refused.
    """
    practitioner = session.get(Practitioner, practitioner_id)
    if practitioner is None:
        raise NotFoundError("That practitioner is no longer in the store; nothing was saved.")
    values = _checked(changes, session, practitioner)
    answers = {name: values.pop(name) for name in EQUALITY_FIELDS}
    withheld = _withheld(session, practitioner_id, access)
    typed = [name for name, value in answers.items() if value]
    if withheld and typed:
        raise ValidationError(
            typed[0],
            "Equality-monitoring answers are recorded only by this practitioner's case "
            "managers and senior owner; nothing was saved.",
        )
    check_version(
        session=session,
        record=practitioner,
        expected_version=expected_version,
        what=f"The details of {practitioner.display_name}",
        access=access,
    )
    for name, value in values.items():
        if getattr(practitioner, name) != value:
            setattr(practitioner, name, value)
    stored = None
    if not withheld:
        with session.no_autoflush:  # the details are flushed with the answers, not before
            stored = _save_answers(session, practitioner, answers)
    session.add(practitioner)
    session.commit()
    return _details(practitioner, stored, withheld=withheld)


def _save_answers(
    session: Session, practitioner: Practitioner, answers: dict[str, str | None]
) -> PractitionerEquality | None:
    """Write the equality answers that changed (a row is made at the first answer). They are
    part of the practitioner's record: a change to them moves the practitioner's version, so
    a colleague's form opened before it is refused as stale."""
    assert practitioner.id is not None
    stored = session.get(PractitionerEquality, practitioner.id)
    if stored is None:
        if not any(answers.values()):
            return None
        stored = PractitionerEquality(practitioner_id=practitioner.id)
    changed = {name: value for name, value in answers.items() if getattr(stored, name) != value}
    if not changed:
        return stored
    for name, value in changed.items():
        setattr(stored, name, value)
    session.add(stored)
    if not session.is_modified(practitioner):
        # Only the answers changed: the practitioner's version is moved by hand, and the step
        # recorded in the trail as the flush would record it (naming the questions, not the
        # answers), so that a stale form is refused naming who changed them.
        step = [practitioner.version, practitioner.version + 1]
        practitioner.version += 1
        record_event(
            session,
            "update",
            Practitioner.__tablename__,
            str(practitioner.id),
            {"version": step, "equality_monitoring": sorted(changed)},
        )
    return stored

"""Finding a practitioner at intake by name or registration number, and adding a new one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select as sa_select
from sqlalchemy import true
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.validation import clean_text, required_text
from remedy_tui.store.backend import backend_of
from remedy_tui.store.models import (
    Case,
    CaseStatus,
    Grade,
    Practitioner,
    RegistrationBody,
    UserProgramme,
)

# The shapes of the regulators' numbers: GMC seven digits, GDC up to six, GPhC seven.
REGISTRATION_SHAPES = {
    RegistrationBody.GMC: (re.compile(r"\d{7}"), "seven digits"),
    RegistrationBody.GDC: (re.compile(r"\d{1,6}"), "up to six digits"),
    RegistrationBody.GPHC: (re.compile(r"\d{7}"), "seven digits"),
}
ACTIVE = (CaseStatus.OPEN.value, CaseStatus.QUIET.value)


def check_registration(body: RegistrationBody | None, number: str | None) -> str | None:
    """A registration number in the right shape for its regulator, or a clear error."""
    text = (number or "").strip().replace(" ", "")
    if not text:
        return None
    if body is None:
        raise ValidationError(
            "registration_body", "Say which regulator the registration number is with."
        )
    pattern, shape = REGISTRATION_SHAPES[body]
    if not pattern.fullmatch(text):
        raise ValidationError(
            "registration_number",
            f"{body.value} numbers are {shape}; {number!r} is not in that shape.",
        )
    return text


@dataclass(frozen=True)
class PractitionerMatch:
    """A practitioner as intake shows them, with any case they already have open."""

    id: int
    name: str
    registration: str
    grade: str
    programme: str
    employer: str
    open_case_id: int | None
    open_case_reference: str | None


def find_practitioners(
    *, session: Session, text: str, limit: int = 10, access: Access | None = None
) -> list[PractitionerMatch]:
    """Practitioners whose name or registration number matches what was typed (of those the
    signed-in person may see: a TPD, their programmes' trainees)."""
    condition = backend_of(session).matches_practitioner(col(Practitioner.id), text)
    if condition is None:
        return []
    visible = true() if access is None else access.person_filter()
    practitioners = session.exec(
        select(Practitioner)
        .where(condition, visible)
        .order_by(col(Practitioner.family_name))
        .limit(limit)
    ).all()
    return _with_open_cases(session, list(practitioners))


def practitioner_match(
    *, session: Session, practitioner_id: int, access: Access | None = None
) -> PractitionerMatch | None:
    """One practitioner, with any open case."""
    visible = true() if access is None else access.person_filter()
    practitioner = session.exec(
        select(Practitioner).where(col(Practitioner.id) == practitioner_id, visible)
    ).first()
    if practitioner is None:
        return None
    return _with_open_cases(session, [practitioner])[0]


def open_case_of(session: Session, practitioner_id: int) -> tuple[int, str] | None:
    """The practitioner's open (or quiet) case, if they have one."""
    row = session.execute(
        sa_select(col(Case.id), col(Case.reference))
        .where(col(Case.practitioner_id) == practitioner_id, col(Case.status).in_(ACTIVE))
        .order_by(col(Case.opened_on).desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def _with_open_cases(
    session: Session, practitioners: list[Practitioner]
) -> list[PractitionerMatch]:
    ids = [p.id for p in practitioners if p.id is not None]
    open_cases: dict[int, tuple[int, str]] = {}
    if ids:
        for practitioner_id, case_id, reference in session.execute(
            sa_select(col(Case.practitioner_id), col(Case.id), col(Case.reference))
            .where(col(Case.practitioner_id).in_(ids), col(Case.status).in_(ACTIVE))
            .order_by(col(Case.opened_on))
        ).all():
            open_cases[practitioner_id] = (case_id, reference)
    matches = []
    for p in practitioners:
        assert p.id is not None
        case = open_cases.get(p.id)
        matches.append(
            PractitionerMatch(
                id=p.id,
                name=p.display_name,
                registration=(
                    f"{p.registration_body.value} {p.registration_number}"
                    if p.registration_body and p.registration_number
                    else ""
                ),
                grade=p.grade.label,
                programme=p.programme or "",
                employer=p.employer or "",
                open_case_id=case[0] if case else None,
                open_case_reference=case[1] if case else None,
            )
        )
    return matches


def my_programmes(*, session: Session, access: Access) -> tuple[str, ...]:
    """The programmes the signed-in person leads (for a TPD or head of school)."""
    return tuple(
        session.exec(
            select(UserProgramme.programme)
            .where(col(UserProgramme.user_id) == access.user_id)
            .order_by(col(UserProgramme.programme))
        ).all()
    )


@dataclass(frozen=True)
class PractitionerDraft:
    """What intake asks about a practitioner new to Remedy."""

    given_names: str
    family_name: str
    grade: Grade
    title: str = "Dr"
    registration_body: RegistrationBody | None = None
    registration_number: str = ""
    specialty: str = ""
    programme: str = ""
    employer: str = ""
    tpd_name: str = ""
    educational_supervisor: str = ""
    email: str = ""
    phone: str = ""


def practitioner_from_draft(draft: PractitionerDraft) -> Practitioner:
    """A new practitioner checked field by field (not yet added to any session): the checks
    intake and an import from a spreadsheet share."""

    def short(value: str, field: str, label: str, limit: int = 200) -> str | None:
        return clean_text(value, field=field, label=label, max_length=limit)

    given = required_text(
        draft.given_names, field="given_names", label="Given names", max_length=200
    )
    family = required_text(
        draft.family_name, field="family_name", label="Family name", max_length=200
    )
    number = check_registration(draft.registration_body, draft.registration_number)
    email = short(draft.email, "email", "Email", 320)
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise ValidationError("email", f"{email!r} is not an email address.")
    return Practitioner(
        title=short(draft.title, "title", "Title", 20),
        given_names=given,
        family_name=family,
        registration_body=draft.registration_body if number else None,
        registration_number=number,
        grade=draft.grade,
        specialty=short(draft.specialty, "specialty", "Specialty"),
        programme=short(draft.programme, "programme", "Programme"),
        employer=short(draft.employer, "employer", "Employer or trust"),
        tpd_name=short(draft.tpd_name, "tpd_name", "TPD"),
        educational_supervisor=short(
            draft.educational_supervisor, "educational_supervisor", "Educational supervisor"
        ),
        email=email,
        phone=short(draft.phone, "phone", "Phone", 40),
    )


def add_practitioner(
    *, session: Session, draft: PractitionerDraft, access: Access | None = None
) -> PractitionerMatch:
    """Add a practitioner; a registration number already on file is refused, naming whose.
    A TPD or head of school adds trainees of the programmes they lead (the team server would
    not let them see anyone else they added)."""
    practitioner = practitioner_from_draft(draft)
    programme = practitioner.programme
    number = practitioner.registration_number
    if access is not None and access.leads_programmes:
        led = my_programmes(session=session, access=access)
        if programme not in led:
            raise ValidationError(
                "programme",
                "You may add trainees of the programmes you lead: "
                + (", ".join(led) or "none yet; ask an administrator to record yours")
                + ".",
            )
    if number is not None:
        existing = session.exec(
            select(Practitioner).where(
                col(Practitioner.registration_body) == draft.registration_body,
                col(Practitioner.registration_number) == number,
            )
        ).first()
        if existing is not None:
            assert draft.registration_body is not None
            raise ValidationError(
                "registration_number",
                f"{draft.registration_body.value} {number} is already on file for "
                f"{existing.display_name}; choose them instead of adding them again.",
            )
    session.add(practitioner)
    try:
        session.flush()
    except IntegrityError:
        # The number is on file for someone this person may not see (a TPD: a doctor outside
        # their programmes); the check above found nobody because nobody was visible.
        raise ValidationError(
            "registration_number",
            "That registration number is already on file for someone outside what you may "
            "see; ask a case manager to submit the referral.",
        ) from None
    session.commit()
    assert practitioner.id is not None
    return _with_open_cases(session, [practitioner])[0]

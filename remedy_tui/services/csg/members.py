"""The group's members: who holds which role (data/csg_roles.json), joining and leaving."""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import Session, col, or_, select

from remedy_tui.services.common.access import Access
from remedy_tui.services.common.conflicts import check_version
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.reference_data import CsgRole, csg_roles
from remedy_tui.services.common.validation import clean_text, parse_date, required_text
from remedy_tui.store.models import CsgMeeting, CsgMeetingStatus, CsgMember, User
from remedy_tui.views.csg import MemberView, day_text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def role_label(code: str) -> str:
    """The words for a role code (the code itself if the data file no longer has it)."""
    try:
        return csg_roles().role(code).label
    except KeyError:
        return code


def is_chair_role(code: str) -> bool:
    """True for the role that chairs the group."""
    return code == csg_roles().chair.code


def member_view(member: CsgMember) -> MemberView:
    """A member row as a view."""
    assert member.id is not None
    return MemberView(
        id=member.id,
        name=member.name,
        role=member.role,
        role_label=role_label(member.role),
        is_chair=is_chair_role(member.role),
        organisation=member.organisation or "",
        email=member.email or "",
        joined_on=member.joined_on,
        left_on=member.left_on,
        version=member.version,
        user_id=member.user_id,
    )


def _role_order(code: str) -> int:
    codes = [role.code for role in csg_roles().roles]
    return codes.index(code) if code in codes else len(codes)


def list_members(*, session: Session, today: date, include_past: bool = False) -> list[MemberView]:
    """The members, chair first then in the data file's role order; past ones if asked."""
    statement = select(CsgMember)
    if not include_past:
        statement = statement.where(
            or_(col(CsgMember.left_on).is_(None), col(CsgMember.left_on) > today)
        )
    members = [member_view(m) for m in session.exec(statement).all()]
    members.sort(
        key=lambda m: (
            not m.current_on(today),
            not m.is_chair,
            _role_order(m.role),
            m.name.casefold(),
        )
    )
    return members


def members_on(*, session: Session, day: date) -> list[CsgMember]:
    """The members who belong to the group on ``day``."""
    return list(
        session.exec(
            select(CsgMember).where(
                col(CsgMember.joined_on) <= day,
                or_(col(CsgMember.left_on).is_(None), col(CsgMember.left_on) > day),
            )
        ).all()
    )


def chair_on(*, session: Session, day: date) -> CsgMember | None:
    """The member in the chair role on ``day``, if there is one."""
    chair = csg_roles().chair.code
    return next((m for m in members_on(session=session, day=day) if m.role == chair), None)


def _same_person(member: CsgMember, name: str, email: str | None) -> bool:
    if " ".join(member.name.split()).casefold() == " ".join(name.split()).casefold():
        return True
    return bool(email and member.email and member.email.casefold() == email.casefold())


def _checked(
    session: Session,
    name: str,
    role: str,
    organisation: str,
    email: str,
    joined_on: str,
    user_id: int | None,
    member_id: int | None = None,
) -> tuple[str, str | None, str | None, CsgRole, date]:
    """A member's particulars as typed, checked: the name, organisation, e-mail, role and the
    day they join; a clash with a role the same person holds is refused (``member_id``: the
    member being changed, not compared with themself)."""
    roles = csg_roles()
    if user_id is not None:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise ValidationError(
                "user", "Choose one of the team's active users, or none. Nothing was saved."
            )
    clean_name = required_text(name, field="name", label="The name", max_length=200)
    try:
        new_role = roles.role(role)
    except KeyError:
        raise ValidationError("role", "Choose one of the CSG's roles.") from None
    clean_org = clean_text(
        organisation, field="organisation", label="The organisation", max_length=200
    )
    clean_email = clean_text(email, field="email", label="The email address", max_length=320)
    if clean_email and not _EMAIL.match(clean_email):
        raise ValidationError("email", f"{clean_email!r} is not an email address.")
    joined = parse_date(joined_on, field="joined_on", label="Joined on", required=True)
    assert joined is not None
    overlapping = [
        m
        for m in session.exec(
            select(CsgMember).where(
                or_(col(CsgMember.left_on).is_(None), col(CsgMember.left_on) > joined)
            )
        ).all()
        if m.id != member_id
    ]
    for member in overlapping:
        if not _same_person(member, clean_name, clean_email):
            continue
        if member.role == new_role.code:
            raise ValidationError(
                "role",
                f"{member.name} is already a member as {new_role.label}. Nothing was saved.",
            )
        for pair, reason in roles.incompatible:
            if pair == frozenset({member.role, new_role.code}):
                raise ValidationError(
                    "role",
                    f"{member.name} already holds the role {role_label(member.role)}, which "
                    f"cannot be held together with {new_role.label}: {reason} Nothing was saved.",
                )
    if new_role.max_members is not None:
        holders = [m for m in overlapping if m.role == new_role.code]
        if len(holders) >= new_role.max_members:
            names = ", ".join(m.name for m in holders)
            raise ValidationError(
                "role",
                f"The role {new_role.label} is held by at most {new_role.max_members} "
                f"(now: {names}). Record when they leave first. Nothing was saved.",
            )
    return clean_name, clean_org, clean_email, new_role, joined


def update_member(
    *,
    session: Session,
    member_id: int,
    expected_version: int,
    name: str,
    organisation: str = "",
    email: str = "",
    user_id: int | None = None,
    access: Access | None = None,
) -> MemberView:
    """Correct a member's name, organisation, e-mail address or the Remedy user they sign in
    as; a change of role is a leaving and a joining, so the record of who sat when stays."""
    member = session.get(CsgMember, member_id)
    if member is None:
        raise NotFoundError("That member is no longer in the store.")
    clean_name, clean_org, clean_email, _role, _joined = _checked(
        session,
        name,
        member.role,
        organisation,
        email,
        member.joined_on.isoformat(),
        user_id,
        member_id=member_id,
    )
    check_version(
        session=session,
        record=member,
        expected_version=expected_version,
        what="The member",
        access=access,
    )
    member.name = clean_name
    member.organisation = clean_org
    member.email = clean_email
    member.user_id = user_id
    session.add(member)
    session.commit()
    return member_view(member)


def add_member(
    *,
    session: Session,
    name: str,
    role: str,
    joined_on: str,
    organisation: str = "",
    email: str = "",
    user_id: int | None = None,
) -> MemberView:
    """Add a member in a role; a clash with a role the same person holds is refused. With
    ``user_id``, the member signs in to Remedy as that user and, while a member, sees the
    group's area and the cases on its agendas (the role matrix)."""
    clean_name, clean_org, clean_email, new_role, joined = _checked(
        session, name, role, organisation, email, joined_on, user_id
    )
    member = CsgMember(
        name=clean_name,
        role=new_role.code,
        organisation=clean_org,
        email=clean_email,
        joined_on=joined,
        user_id=user_id,
    )
    session.add(member)
    session.flush()
    if new_role.is_chair:
        _hand_over_chair(session, member)
    session.commit()
    return member_view(member)


def _hand_over_chair(session: Session, chair: CsgMember) -> None:
    """Planned meetings from the new chair's first day, left without a chair, pass to them."""
    meetings = session.exec(
        select(CsgMeeting).where(col(CsgMeeting.status) == CsgMeetingStatus.PLANNED)
    ).all()
    for meeting in meetings:
        day = meeting.starts_at.astimezone().date()
        if day < chair.joined_on:
            continue
        current = (
            session.get(CsgMember, meeting.chair_member_id) if meeting.chair_member_id else None
        )
        if current is None or (current.left_on is not None and current.left_on <= day):
            meeting.chair_member_id = chair.id
            session.add(meeting)


def record_leaving(
    *,
    session: Session,
    member_id: int,
    left_on: str,
    expected_version: int,
    access: Access | None = None,
) -> MemberView:
    """Record the day a member leaves the group (their past meetings keep them)."""
    member = session.get(CsgMember, member_id)
    if member is None:
        raise NotFoundError("That member is no longer in the store.")
    left = parse_date(left_on, field="left_on", label="Left on", required=True)
    assert left is not None
    check_version(
        session=session,
        record=member,
        expected_version=expected_version,
        what="The member",
        access=access,
    )
    if member.left_on is not None:
        raise ValidationError(
            "left_on",
            f"{member.name} is already recorded as leaving on {day_text(member.left_on)}.",
        )
    if left < member.joined_on:
        raise ValidationError(
            "left_on",
            f"{member.name} joined on {day_text(member.joined_on)}; they cannot leave before "
            "that. Nothing was saved.",
        )
    member.left_on = left
    session.add(member)
    session.commit()
    return member_view(member)

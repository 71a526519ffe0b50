"""A meeting as its agenda screen, meeting mode and documents show it: the items in order with
their cases, practitioners, CSG referrals, conflicts, actions and decisions, and attendance."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from remedy_tui.services.common.access import Access
from remedy_tui.services.csg.allowed import seen_cases
from remedy_tui.services.csg.meetings import attendance, get_meeting
from remedy_tui.services.csg.members import role_label
from remedy_tui.store.models import (
    Action,
    AgendaItem,
    Case,
    ConflictDeclaration,
    CsgMember,
    Decision,
    DecisionKind,
    ExternalReferral,
    ExternalReferralKind,
    Grade,
    Practitioner,
    RegistrationBody,
)
from remedy_tui.views.csg import (
    ActionView,
    AgendaItemView,
    ConflictView,
    MeetingDetail,
    PractitionerView,
    ReferralSummary,
    initials,
    route_text,
)

# The practitioner's columns the agenda and letters use, by name: a CSG member's role may not
# read the whole row (its equality-monitoring answers are hidden from them).
_PERSON = (
    col(Practitioner.title),
    col(Practitioner.given_names),
    col(Practitioner.family_name),
    col(Practitioner.registration_body),
    col(Practitioner.registration_number),
    col(Practitioner.grade),
    col(Practitioner.employer),
)


def practitioner_view(row: Any) -> PractitionerView:
    """A practitioner (their ``_PERSON`` columns, in order) as the agenda and letters show
    them."""
    title, given_names, family_name, body, number, grade, employer = row
    registration = f"{RegistrationBody(body).value} {number}" if body and number else ""
    return PractitionerView(
        name=" ".join(part for part in (title or "", given_names, family_name) if part),
        given_names=given_names,
        family_name=family_name,
        initials=initials(given_names, family_name),
        registration=registration,
        grade=Grade(grade).label,
        employer=employer or "",
    )


def _cases_seen(
    session: Session, case_ids: set[int], access: Access | None
) -> dict[int, tuple[str, PractitionerView]]:
    """The reference and practitioner of each case the signed-in person may see (named
    columns only: a whole case row holds its summary, which not every role may read)."""
    if not case_ids:
        return {}
    rows = session.execute(
        sa_select(col(Case.id), col(Case.reference), *_PERSON)
        .join(Practitioner, col(Practitioner.id) == col(Case.practitioner_id))
        .where(col(Case.id).in_(case_ids), *seen_cases(access, Case.id))
    ).all()
    return {row[0]: (row[1], practitioner_view(row[2:])) for row in rows}


def referral_summary(referral: ExternalReferral) -> ReferralSummary:
    """A CSG referral as the agenda and letters show it."""
    assert referral.id is not None
    return ReferralSummary(
        id=referral.id,
        route=referral.route,
        route_label=route_text(referral.route, referral.route_context),
        referrer_name=referral.referrer_name or "",
        expected_outcomes=referral.expected_outcomes or "",
        made_on=referral.made_on,
        in_place_of_formal_action=referral.in_place_of_formal_action,
    )


def latest_csg_referrals(
    session: Session, case_ids: list[int], access: Access | None = None
) -> dict[int, ExternalReferral]:
    """The most recent CSG referral of each case (of those the signed-in person may see)."""
    if not case_ids:
        return {}
    latest: dict[int, ExternalReferral] = {}
    rows = session.exec(
        select(ExternalReferral)
        .where(
            col(ExternalReferral.case_id).in_(case_ids),
            col(ExternalReferral.kind) == ExternalReferralKind.CSG,
            *seen_cases(access, ExternalReferral.case_id),
        )
        .order_by(col(ExternalReferral.proposed_on), col(ExternalReferral.id))
    ).all()
    for referral in rows:
        latest[referral.case_id] = referral
    return latest


def meeting_detail(
    *, session: Session, meeting_id: int, access: Access | None = None
) -> MeetingDetail:
    """The meeting, its items in order with everything the agenda shows, and attendance; with
    ``access`` (the desk gives it), only the case records the signed-in person may see."""
    meeting = get_meeting(session=session, meeting_id=meeting_id)
    rows = session.exec(
        select(AgendaItem)
        .where(col(AgendaItem.meeting_id) == meeting_id)
        .order_by(col(AgendaItem.position), col(AgendaItem.id))
    ).all()
    item_ids = [item.id for item in rows]
    cases = _cases_seen(session, {item.case_id for item in rows if item.case_id}, access)
    case_ids = list(cases)
    by_id = {
        r.id: r
        for r in session.exec(
            select(ExternalReferral).where(
                col(ExternalReferral.id).in_(
                    [item.external_referral_id for item in rows if item.external_referral_id]
                ),
                *seen_cases(access, ExternalReferral.case_id),
            )
        ).all()
    }
    latest = latest_csg_referrals(session, case_ids, access)
    conflicts: dict[int, list[ConflictView]] = defaultdict(list)
    for declaration, member in session.exec(
        select(ConflictDeclaration, CsgMember)
        .join(CsgMember, col(CsgMember.id) == col(ConflictDeclaration.member_id))
        .where(col(ConflictDeclaration.agenda_item_id).in_(item_ids))
        .order_by(col(CsgMember.name))
    ).all():
        conflicts[declaration.agenda_item_id].append(
            ConflictView(
                member_id=member.id or 0,
                member_name=member.name,
                role_label=role_label(member.role),
                details=declaration.details,
            )
        )
    actions: dict[int, list[ActionView]] = defaultdict(list)
    for action in session.exec(
        # By meeting (indexed), not by item: the actions table holds every case's actions.
        select(Action)
        .where(
            col(Action.csg_meeting_id) == meeting_id,
            col(Action.agenda_item_id).in_(item_ids),
            *seen_cases(access, Action.case_id),
        )
        .order_by(col(Action.id))
    ).all():
        assert action.id is not None and action.agenda_item_id is not None
        actions[action.agenda_item_id].append(
            ActionView(
                id=action.id,
                description=action.description,
                owner=action.owner_name or "",
                due_on=action.due_on,
            )
        )
    reasons = {
        decision.agenda_item_id: decision.rationale
        for decision in session.exec(
            select(Decision)
            .where(
                col(Decision.csg_meeting_id) == meeting_id,
                col(Decision.agenda_item_id).in_(item_ids),
                col(Decision.kind) == DecisionKind.CHAIR_DISPUTE,
                *seen_cases(access, Decision.case_id),
            )
            .order_by(col(Decision.id))
        ).all()
    }
    chairs = {
        member.id: member.name
        for member in session.exec(
            select(CsgMember).where(
                col(CsgMember.id).in_(
                    [item.chaired_by_member_id for item in rows if item.chaired_by_member_id]
                )
            )
        ).all()
    }
    items = []
    start = meeting.starts_at
    for item in rows:
        assert item.id is not None
        reference, practitioner = cases.get(item.case_id or 0, ("", None))
        referral = by_id.get(item.external_referral_id or 0) or latest.get(item.case_id or 0)
        items.append(
            AgendaItemView(
                id=item.id,
                position=item.position,
                kind=item.kind,
                title=item.title,
                minutes_allotted=item.minutes_allotted,
                planned_start=start,
                case_id=item.case_id,
                case_reference=reference,
                practitioner=practitioner,
                referral=referral_summary(referral) if referral is not None else None,
                external_referral_id=item.external_referral_id,
                practitioner_attending=item.practitioner_attending,
                representative=item.representative or "",
                discussion_summary=item.discussion_summary or "",
                outcome=item.outcome or "",
                chair_decision=item.chair_decision or "",
                chair_reasons=reasons.get(item.id, ""),
                next_review_on=item.next_review_on,
                conflicts=tuple(conflicts[item.id]),
                actions=tuple(actions[item.id]),
                version=item.version,
                chaired_by_id=item.chaired_by_member_id,
                chaired_by=chairs.get(item.chaired_by_member_id or 0, ""),
            )
        )
        start += timedelta(minutes=item.minutes_allotted)
    return MeetingDetail(
        meeting=meeting,
        items=tuple(items),
        attendance=tuple(attendance(session=session, meeting_id=meeting_id)),
    )

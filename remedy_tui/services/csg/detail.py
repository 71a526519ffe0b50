"""A meeting as its agenda screen, meeting mode and documents show it: the items in order with
their cases, practitioners, CSG referrals, conflicts, actions and decisions, and attendance."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlmodel import Session, col, select

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


def practitioner_view(practitioner: Practitioner) -> PractitionerView:
    """A practitioner as the agenda and letters show them."""
    registration = (
        f"{practitioner.registration_body.value} {practitioner.registration_number}"
        if practitioner.registration_body and practitioner.registration_number
        else ""
    )
    return PractitionerView(
        name=practitioner.display_name,
        given_names=practitioner.given_names,
        family_name=practitioner.family_name,
        initials=initials(practitioner.given_names, practitioner.family_name),
        registration=registration,
        grade=Grade(practitioner.grade).label,
        employer=practitioner.employer or "",
    )


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


def latest_csg_referrals(session: Session, case_ids: list[int]) -> dict[int, ExternalReferral]:
    """The most recent CSG referral of each case."""
    if not case_ids:
        return {}
    latest: dict[int, ExternalReferral] = {}
    rows = session.exec(
        select(ExternalReferral)
        .where(
            col(ExternalReferral.case_id).in_(case_ids),
            col(ExternalReferral.kind) == ExternalReferralKind.CSG,
        )
        .order_by(col(ExternalReferral.proposed_on), col(ExternalReferral.id))
    ).all()
    for referral in rows:
        latest[referral.case_id] = referral
    return latest


def meeting_detail(*, session: Session, meeting_id: int) -> MeetingDetail:
    """The meeting, its items in order with everything the agenda shows, and attendance."""
    meeting = get_meeting(session=session, meeting_id=meeting_id)
    rows = session.exec(
        select(AgendaItem, Case, Practitioner)
        .outerjoin(Case, col(Case.id) == col(AgendaItem.case_id))
        .outerjoin(Practitioner, col(Practitioner.id) == col(Case.practitioner_id))
        .where(col(AgendaItem.meeting_id) == meeting_id)
        .order_by(col(AgendaItem.position), col(AgendaItem.id))
    ).all()
    item_ids = [item.id for item, _, _ in rows]
    case_ids = [case.id for _, case, _ in rows if case is not None and case.id is not None]
    by_id = {
        r.id: r
        for r in session.exec(
            select(ExternalReferral).where(
                col(ExternalReferral.id).in_(
                    [item.external_referral_id for item, _, _ in rows if item.external_referral_id]
                )
            )
        ).all()
    }
    latest = latest_csg_referrals(session, case_ids)
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
        .where(col(Action.csg_meeting_id) == meeting_id, col(Action.agenda_item_id).in_(item_ids))
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
            )
            .order_by(col(Decision.id))
        ).all()
    }
    items = []
    start = meeting.starts_at
    for item, case, practitioner in rows:
        assert item.id is not None
        referral = by_id.get(item.external_referral_id or 0) or (
            latest.get(case.id) if case is not None and case.id is not None else None
        )
        items.append(
            AgendaItemView(
                id=item.id,
                position=item.position,
                kind=item.kind,
                title=item.title,
                minutes_allotted=item.minutes_allotted,
                planned_start=start,
                case_id=item.case_id,
                case_reference=case.reference if case is not None else "",
                practitioner=practitioner_view(practitioner) if practitioner else None,
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
            )
        )
        start += timedelta(minutes=item.minutes_allotted)
    return MeetingDetail(
        meeting=meeting,
        items=tuple(items),
        attendance=tuple(attendance(session=session, meeting_id=meeting_id)),
    )

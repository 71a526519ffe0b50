"""Triage and case work as a deanery runs them (issue 15): ownership that cannot fall through,
one case per concern, rules the service enforces, closing with eyes open, mediation against its
six conditions, and the days and activity lists show. Every refusal changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from remedy_tui.services.case import cases
from remedy_tui.services.case.case_list import CaseQuery, case_page
from remedy_tui.services.case.closing import OpenActions, still_open
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.oversight.caseload import CaseloadQuery, caseload_page, count_caseload
from remedy_tui.services.triage.decide import TriageChoice, decide, referral_detail
from remedy_tui.services.triage.intake import create_referral, practitioner_work
from remedy_tui.services.triage.meetings import end_meeting, start_meeting
from remedy_tui.services.triage.queue import QueueQuery, QueueStatus, queue_page
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Action,
    ActionKind,
    ActionStatus,
    AuditEntry,
    Case,
    CaseActivity,
    Decision,
    DecisionKind,
    ExternalReferral,
    ExternalReferralKind,
    ExternalReferralStatus,
    Referral,
    ReferralStatus,
    Role,
    TimelineEntry,
    TriageOutcome,
)
from tests.conftest import TODAY
from tests.helpers.cases import add_colleague, make_case, session_as
from tests.intake_helpers import complete_draft, new_practitioner

REASONS = "Discussed at triage: the supervisor's account and Form 2 agree."


def _referral(store: Store, practitioner_id: int, **changes: object) -> int:
    with store.session() as session:
        return create_referral(
            session=session,
            actor_id=store.user.id,
            draft=complete_draft(practitioner_id, **changes),
        ).referral_id


def _version(store: Store, referral_id: int) -> int:
    with store.session() as session:
        referral = session.get(Referral, referral_id)
        assert referral is not None
        return referral.version


def _decide(
    store: Store, referral_id: int, meeting_id: int | None = None, **choice: object
) -> object:
    with store.session() as session:
        return decide(
            session=session,
            actor_id=store.user.id,
            referral_id=referral_id,
            expected_version=_version(store, referral_id),
            meeting_id=meeting_id,
            choice=TriageChoice(**choice),  # type: ignore[arg-type]
        )


def _meeting(store: Store) -> int:
    with store.session() as session:
        return start_meeting(
            session=session,
            actor_id=store.user.id,
            held_on=TODAY.isoformat(),
            chair_id=store.user.id,
            attendees=[],
        ).id


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session() as session:
        return (
            len(session.exec(select(Decision)).all()),
            len(session.exec(select(Case)).all()),
            len(session.exec(select(AuditEntry)).all()),
        )


def _caseload(store: Store, user_id: int, *, senior: bool = False) -> list[tuple[str, str]]:
    with store.session() as session:
        page = caseload_page(
            session=session,
            query=CaseloadQuery(user_id=user_id, senior=senior),
            offset=0,
            limit=50,
            today=TODAY,
        )
        total = count_caseload(session=session, query=CaseloadQuery(user_id=user_id, senior=senior))
    assert total == len(page.rows)
    return [(row.reference, row.why) for row in page.rows]


# 1. Ownership that cannot fall through -------------------------------------------------------


def test_a_level_3_case_without_a_case_manager_is_in_its_senior_owners_caseload(
    store: Store, frozen_clock: object
) -> None:
    dpd = add_colleague(store, "dpd", "Dr Deputy Dean", role=Role.DEPUTY_POSTGRADUATE_DEAN)
    dean = add_colleague(store, "dean", "Prof Dean", role=Role.POSTGRADUATE_DEAN)
    first = _referral(store, new_practitioner(store, "9100001", "Owned"))
    second = _referral(store, new_practitioner(store, "9100002", "Escalated"))
    meeting = _meeting(store)
    owned = _decide(
        store,
        first,
        meeting,
        outcome=TriageOutcome.SENIOR_OWNER,
        level=3,
        rationale=REASONS,
        senior_owner_id=dpd,
    )
    escalated = _decide(
        store,
        second,
        meeting,
        outcome=TriageOutcome.ESCALATE_TO_DEAN,
        level=3,
        rationale=REASONS,
        senior_owner_id=dpd,
        case_manager_id=store.user.id,
    )
    owned_ref = owned.case_reference  # type: ignore[attr-defined]
    escalated_ref = escalated.case_reference  # type: ignore[attr-defined]
    # Before: "No active cases" for the senior owner. Now the case is theirs, and the
    # escalation is in the Dean's and the Deputy Dean's lists too, each once.
    assert sorted(_caseload(store, dpd)) == sorted(
        [(owned_ref, "senior owner"), (escalated_ref, "escalated")]
    )
    assert _caseload(store, dean) == [(escalated_ref, "escalated")]
    assert _caseload(store, store.user.id) == [(escalated_ref, "")]
    # The case list's "mine" (m) shows it to the senior owner too.
    with store.session() as session:
        mine = case_page(
            session=session, query=CaseQuery(case_manager_id=dpd), offset=0, limit=10, today=TODAY
        )
    assert [row.reference for row in mine.rows] == [owned_ref]
    # The senior view: every level 3 and escalated case, whoever has it, by next review.
    senior = _caseload(store, store.user.id, senior=True)
    assert sorted(senior) == sorted([(owned_ref, "no case manager"), (escalated_ref, "escalated")])


def test_a_case_whose_people_have_all_left_shows_in_the_senior_view(store: Store) -> None:
    gone = add_colleague(store, "gone", "Gone Colleague", active=False)
    case_id = make_case(store, level=2)
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.case_manager_id = gone
        session.add(case)
        session.commit()
    assert _caseload(store, store.user.id, senior=True) == [("C-000001", "nobody active on it")]


def test_a_case_with_nobody_to_own_it_is_refused(store: Store, frozen_clock: object) -> None:
    referral = _referral(store, new_practitioner(store))
    before = _counts(store)
    with pytest.raises(ValidationError, match="Choose the case manager"):
        _decide(store, referral, outcome=TriageOutcome.OPEN_CASE, level=2, rationale=REASONS)
    case_id = make_case(store)
    with store.session() as session, pytest.raises(ValidationError, match="Choose the case"):
        cases.reassign(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            case_manager_id=None,
            second_case_manager_id=None,
            rationale="Leaving the team.",
        )
    assert _counts(store)[:2] == (before[0], before[1] + 1)


# 2. One case per concern ---------------------------------------------------------------------


def test_two_referrals_for_one_doctor_in_one_meeting_end_in_one_case(
    store: Store, frozen_clock: object
) -> None:
    practitioner = new_practitioner(store)
    first = _referral(store, practitioner)
    with store.session() as session:
        second_result = create_referral(
            session=session,
            actor_id=store.user.id,
            draft=complete_draft(practitioner, form1_what_happened="Late to clinics."),
        )
        work = practitioner_work(session=session, practitioner_id=practitioner)
    second = second_result.referral_id
    # Intake warns: a referral for her is already waiting.
    assert second_result.waiting_referrals == (f"R-{first:06d}",)
    assert "a referral already waiting" in work.warning and work.open_case_reference is None
    meeting = _meeting(store)
    opened = _decide(
        store,
        first,
        meeting,
        outcome=TriageOutcome.OPEN_CASE,
        level=2,
        rationale=REASONS,
        case_manager_id=store.user.id,
    )
    case_ref = opened.case_reference  # type: ignore[attr-defined]
    with store.session() as session:
        detail = referral_detail(session=session, referral_id=second, today=TODAY)
    assert detail.linked_case_reference == case_ref
    # A second open case is not opened by default ...
    before = _counts(store)
    with pytest.raises(ValidationError, match=f"already has an open case, {case_ref}") as no:
        _decide(
            store,
            second,
            meeting,
            outcome=TriageOutcome.OPEN_CASE,
            level=2,
            rationale=REASONS,
            case_manager_id=store.user.id,
        )
    assert no.value.field == "second_case_reason" and _counts(store) == before
    # ... and the join, refused before (the link was fixed at intake), now works.
    joined = _decide(
        store, second, meeting, outcome=TriageOutcome.LINK_TO_CASE, level=2, rationale=REASONS
    )
    assert joined.case_reference == case_ref  # type: ignore[attr-defined]
    with store.session() as session:
        referrals = session.exec(select(Referral).order_by(col(Referral.id))).all()
        assert {r.case_id for r in referrals} == {opened.case_id}  # type: ignore[attr-defined]
        assert len(session.exec(select(Case)).all()) == 1


def test_a_second_open_case_needs_an_explicit_choice_and_its_reason_on_the_record(
    store: Store, frozen_clock: object
) -> None:
    practitioner = new_practitioner(store)
    first = _referral(store, practitioner)
    second = _referral(store, practitioner)
    meeting = _meeting(store)
    _decide(
        store,
        first,
        meeting,
        outcome=TriageOutcome.OPEN_CASE,
        level=2,
        rationale=REASONS,
        case_manager_id=store.user.id,
    )
    result = _decide(
        store,
        second,
        meeting,
        outcome=TriageOutcome.OPEN_CASE,
        level=2,
        rationale=REASONS,
        case_manager_id=store.user.id,
        second_case_reason="A separate health concern, managed by the clinical lead.",
    )
    with store.session() as session:
        decision = session.exec(select(Decision).where(col(Decision.referral_id) == second)).one()
        audited = session.exec(
            select(AuditEntry).where(col(AuditEntry.table_name) == "decisions")
        ).all()
        assert len(session.exec(select(Case)).all()) == 2
    assert decision.case_id == result.case_id  # type: ignore[attr-defined]
    assert decision.rationale.endswith(
        "A second open case beside C-000001: A separate health concern, managed by the "
        "clinical lead."
    )
    assert len(audited) == 2


def test_keeping_on_file_does_not_join_the_open_case(store: Store, frozen_clock: object) -> None:
    practitioner = new_practitioner(store)
    first = _referral(store, practitioner)
    meeting = _meeting(store)
    _decide(
        store,
        first,
        meeting,
        outcome=TriageOutcome.OPEN_CASE,
        level=2,
        rationale=REASONS,
        case_manager_id=store.user.id,
    )
    later = _referral(store, practitioner, form2=complete_draft(practitioner).form2)
    with store.session() as session:
        assert session.get(Referral, later).case_id is not None  # type: ignore[union-attr]
    _decide(
        store, later, outcome=TriageOutcome.NO_FURTHER_ACTION, level=1, rationale="Kept on file."
    )
    with store.session() as session:
        referral = session.get(Referral, later)
        assert referral is not None and referral.case_id is None


# 3. Rules the service enforces --------------------------------------------------------------


def test_an_incomplete_referral_cannot_be_referred_back_to_the_trust(
    store: Store, frozen_clock: object
) -> None:
    referral = _referral(
        store,
        new_practitioner(store),
        form1_received_on="",
        form1_completed_by="",
        form1_incident_on="",
        form1_what_happened="",
    )
    before = _counts(store)
    with pytest.raises(ValidationError, match="Form 1 missing") as no:
        _decide(
            store,
            referral,
            outcome=TriageOutcome.REFER_BACK_TO_TRUST,
            level=1,
            rationale="Low impact.",
        )
    assert "keep on file" in str(no.value) and _counts(store) == before
    with store.session() as session:
        stored = session.get(Referral, referral)
        assert stored is not None and stored.status is ReferralStatus.AWAITING_INFORMATION


def test_referring_back_to_the_trust_is_for_level_1(store: Store, frozen_clock: object) -> None:
    referral = _referral(store, new_practitioner(store))
    before = _counts(store)
    with pytest.raises(ValidationError, match="level 1") as no:
        _decide(
            store, referral, outcome=TriageOutcome.REFER_BACK_TO_TRUST, level=2, rationale=REASONS
        )
    assert no.value.field == "level" and _counts(store) == before
    _decide(store, referral, outcome=TriageOutcome.REFER_BACK_TO_TRUST, level=1, rationale=REASONS)


def test_level_3_outside_a_meeting_is_the_deputy_deans_to_decide(
    store: Store, frozen_clock: object
) -> None:
    dpd = add_colleague(store, "dpd", "Dr Deputy Dean", role=Role.DEPUTY_POSTGRADUATE_DEAN)
    referral = _referral(store, new_practitioner(store))
    before = _counts(store)
    for outcome in (TriageOutcome.SENIOR_OWNER, TriageOutcome.OPEN_CASE):
        with pytest.raises(ValidationError, match="Deputy Postgraduate Dean"):
            _decide(
                store,
                referral,
                outcome=outcome,
                level=3,
                rationale=REASONS,
                senior_owner_id=dpd,
                case_manager_id=store.user.id,
            )
    assert _counts(store) == before
    # Deferring it, or asking for information, is anyone's to record.
    _decide(store, referral, outcome=TriageOutcome.DEFER, level=3, rationale="Next week.")
    with session_as(store, "dpd") as session:
        decide(
            session=session,
            actor_id=dpd,
            referral_id=referral,
            expected_version=_version(store, referral),
            choice=TriageChoice(
                outcome=TriageOutcome.SENIOR_OWNER,
                level=3,
                rationale=REASONS,
                senior_owner_id=dpd,
            ),
        )
    with store.session() as session:
        case = session.exec(select(Case)).one()
        assert case.senior_owner_id == dpd and case.case_manager_id is None


def test_a_decision_in_an_ended_meeting_is_refused(store: Store, frozen_clock: object) -> None:
    referral = _referral(store, new_practitioner(store))
    meeting = _meeting(store)
    with store.session() as session:
        end_meeting(session=session, actor_id=store.user.id, meeting_id=meeting)
    before = _counts(store)
    with pytest.raises(ValidationError, match="meeting has ended"):
        _decide(
            store,
            referral,
            meeting,
            outcome=TriageOutcome.NO_FURTHER_ACTION,
            level=1,
            rationale=REASONS,
        )
    assert _counts(store) == before


def test_escalation_to_the_dean_is_for_level_3(store: Store) -> None:
    case_id = make_case(store, level=2)
    with store.session() as session, pytest.raises(ValidationError, match="level 3") as no:
        cases.escalate(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            rationale="Very serious.",
        )
    assert "raise its level first" in str(no.value)
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None and not case.escalated_to_dean and case.version == 1
        assert session.exec(select(Decision)).all() == []


# 6. Closing with eyes open -------------------------------------------------------------------


def _open_things(store: Store, case_id: int) -> None:
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.escalated_to_dean = True
        session.add(case)
        session.add(
            Action(
                kind=ActionKind.ACTION,
                case_id=case_id,
                description="Meet the practitioner with the TPD",
                due_on=TODAY + timedelta(days=7),
                status=ActionStatus.OPEN,
                created_by_id=store.user.id,
            )
        )
        session.add(
            ExternalReferral(
                case_id=case_id,
                kind=ExternalReferralKind.OCCUPATIONAL_HEALTH,
                status=ExternalReferralStatus.MADE,
                proposed_on=TODAY,
                status_changed_on=TODAY,
                created_by_id=store.user.id,
            )
        )
        session.commit()


def _close(store: Store, case_id: int, version: int, **extra: object) -> int:
    with store.session() as session:
        return cases.close_case(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=version,
            reason="Support plan completed",
            rationale="Practitioner and TPD content.",
            **extra,  # type: ignore[arg-type]
        )


def test_closing_lists_what_is_still_open_and_needs_it_confirmed(
    store: Store, frozen_clock: object
) -> None:
    case_id = make_case(store, level=3)
    _open_things(store, case_id)
    with store.session() as session:
        found = still_open(session=session, case_id=case_id)
        version = session.get(Case, case_id).version  # type: ignore[union-attr]
    assert found.lines() == [
        f"Open action: Meet the practitioner with the TPD (due {TODAY + timedelta(days=7)})",
        "Onward referral still under way: Occupational Health (made)",
        "Escalated to the Dean",
        f"Fairness framework: {found.questions} of {found.questions} questions unanswered",
    ]
    before = _counts(store)
    with pytest.raises(ValidationError, match="1 open action") as no:
        _close(store, case_id, version)
    assert no.value.field == "open_actions"
    with pytest.raises(ValidationError, match="Still open: Open action: Meet") as no:
        _close(store, case_id, version, open_actions=OpenActions.CLOSE)
    assert no.value.field == "confirmed" and "Escalated to the Dean" in str(no.value)
    assert _counts(store) == before
    with store.session() as session:
        assert session.get(Case, case_id).status.value == "open"  # type: ignore[union-attr]
    decision_id = _close(store, case_id, version, open_actions=OpenActions.CLOSE, confirmed=True)
    with store.session() as session:
        decision = session.get(Decision, decision_id)
        action = session.exec(select(Action).where(col(Action.kind) == ActionKind.ACTION)).one()
    assert decision is not None and decision.kind is DecisionKind.CLOSURE
    assert "Still open at closing, confirmed:" in decision.rationale
    assert "- Onward referral still under way: Occupational Health (made)" in decision.rationale
    assert "The open actions were closed with the case" in decision.rationale
    assert action.status is ActionStatus.CANCELLED
    assert action.outcome_note == f"Closed with the case on {TODAY.isoformat()}."


def test_carried_actions_stay_open_and_say_so(store: Store, frozen_clock: object) -> None:
    case_id = make_case(store)
    _open_things(store, case_id)
    with store.session() as session:
        version = session.get(Case, case_id).version  # type: ignore[union-attr]
    decision_id = _close(store, case_id, version, open_actions="carry", confirmed=True)
    with store.session() as session:
        decision = session.get(Decision, decision_id)
        action = session.exec(select(Action).where(col(Action.kind) == ActionKind.ACTION)).one()
    assert decision is not None and "The open actions are carried" in decision.rationale
    assert action.status is ActionStatus.OPEN
    assert action.outcome_note == f"Carried when the case closed on {TODAY.isoformat()}."


def test_a_case_with_nothing_open_closes_without_a_confirmation(
    store: Store, frozen_clock: object
) -> None:
    case_id = make_case(store)
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.checklist_edition = "no-such-edition"  # no questions to answer
        session.add(case)
        session.commit()
        version = case.version
        assert still_open(session=session, case_id=case_id).empty
    decision_id = _close(store, case_id, version)
    with store.session() as session:
        decision = session.get(Decision, decision_id)
        assert decision is not None and "Still open" not in decision.rationale


# 10. Days to the decision; the last activity -------------------------------------------------


def test_days_count_to_the_decision_for_decided_referrals(
    store: Store, frozen_clock: object
) -> None:
    referral = _referral(store, new_practitioner(store), received_on="2026-11-01")
    _decide(store, referral, outcome=TriageOutcome.NO_FURTHER_ACTION, level=1, rationale=REASONS)
    with store.session() as session:
        stored = session.get(Referral, referral)
        assert stored is not None
        stored.decided_at = datetime(2026, 11, 5, 12, tzinfo=UTC)
        session.add(stored)
        session.commit()
        later = TODAY + timedelta(days=30)
        page = queue_page(
            session=session,
            query=QueueQuery(status=QueueStatus.ALL),
            offset=0,
            limit=10,
            today=later,
        )
        detail = referral_detail(session=session, referral_id=referral, today=later)
    assert [row.days_waiting for row in page.rows] == [4]
    assert detail.days_waiting == 4


def test_the_demos_cases_were_last_active_at_their_last_timeline_entry(
    demo_store: Store,
) -> None:
    with demo_store.session() as session:
        activity = {a.case_id: a.last_activity_at for a in session.exec(select(CaseActivity))}
        times: dict[int, set[datetime]] = {}
        for case_id, when in session.exec(
            select(TimelineEntry.case_id, TimelineEntry.occurred_at)
        ).all():
            times.setdefault(case_id, set()).add(when)
    # Each case was last active at its last timeline entry (or a CSG outcome after it), not
    # all of them today.
    assert all(when >= max(times[case_id]) for case_id, when in activity.items())
    assert sum(when in times[case_id] for case_id, when in activity.items()) > 0.9 * len(activity)
    assert len({when.date() for when in activity.values()}) > 30
    assert sum(when.date() == TODAY for when in activity.values()) < len(activity) / 10

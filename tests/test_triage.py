"""Triage decisions: every outcome, refusals that change nothing, and the weekly meeting."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document as WordDocument
from sqlmodel import select

from remedy_tui.documents.triage_minutes import minutes_docx, minutes_markdown
from remedy_tui.services.common import users
from remedy_tui.services.common.errors import ConflictError, ValidationError
from remedy_tui.services.triage.decide import TriageChoice, decide, referral_detail
from remedy_tui.services.triage.intake import create_referral
from remedy_tui.services.triage.meetings import (
    add_action,
    end_meeting,
    meeting_agenda,
    start_meeting,
)
from remedy_tui.services.triage.queue import (
    Completeness,
    QueueQuery,
    QueueSort,
    QueueStatus,
    queue_page,
)
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Case,
    Decision,
    Referral,
    ReferralStatus,
    Role,
    Severity,
    TriageOutcome,
)
from tests.conftest import TODAY
from tests.helpers.users import add_colleague
from tests.intake_helpers import complete_draft, form2, new_practitioner

REASONS = "Discussed at triage: two moderate areas, engaged trainee."


def _referral(store: Store, **changes: object) -> tuple[int, int]:
    pid = new_practitioner(store, number=str(changes.pop("number", "9123456")))
    with store.session() as session:
        result = create_referral(
            session=session, actor_id=store.user.id, draft=complete_draft(pid, **changes)
        )
        referral = session.get(Referral, result.referral_id)
        assert referral is not None
        return result.referral_id, referral.version


def _decide(
    store: Store, referral_id: int, version: int, meeting_id: int | None = None, **choice: object
) -> object:
    with store.session() as session:
        return decide(
            session=session,
            actor_id=store.user.id,
            referral_id=referral_id,
            expected_version=version,
            meeting_id=meeting_id,
            choice=TriageChoice(**choice),
        )  # type: ignore[arg-type]


def _state(store: Store) -> tuple[list[Referral], list[Decision], list[Case]]:
    with store.session() as session:
        return (
            list(session.exec(select(Referral)).all()),
            list(session.exec(select(Decision)).all()),
            list(session.exec(select(Case)).all()),
        )


def test_opening_a_case_assigns_the_case_manager_and_a_follow_up(
    store: Store, frozen_clock: object
) -> None:
    referral_id, version = _referral(store)
    result = _decide(
        store,
        referral_id,
        version,
        outcome=TriageOutcome.OPEN_CASE,
        level=2,
        rationale=REASONS,
        case_manager_id=store.user.id,
    )
    referrals, decisions, cases = _state(store)
    case = cases[0]
    assert result.case_reference == case.reference == f"C-{case.id:06d}"  # type: ignore[attr-defined]
    assert case.level == 2 and case.case_manager_id == store.user.id
    assert case.follow_up_interval_days == 28 and case.next_review_on == date(2026, 12, 20)
    assert referrals[0].status is ReferralStatus.DECIDED and referrals[0].case_id == case.id
    assert decisions[0].rationale == REASONS and decisions[0].case_id == case.id
    with store.session() as session:
        detail = referral_detail(session=session, referral_id=referral_id, today=TODAY)
    assert detail.decisions[0].outcome == "Open a case"


@pytest.mark.parametrize(
    ("outcome", "level", "status"),
    [
        (TriageOutcome.NO_FURTHER_ACTION, 1, ReferralStatus.DECIDED),
        (TriageOutcome.REFER_BACK_TO_TRUST, 1, ReferralStatus.DECIDED),
        (TriageOutcome.DEFER, None, ReferralStatus.DEFERRED),
    ],
)
def test_outcomes_without_a_case(
    store: Store,
    frozen_clock: object,
    outcome: TriageOutcome,
    level: int | None,
    status: ReferralStatus,
) -> None:
    referral_id, version = _referral(store)
    _decide(store, referral_id, version, outcome=outcome, level=level, rationale=REASONS)
    referrals, decisions, cases = _state(store)
    assert referrals[0].status is status and cases == [] and len(decisions) == 1


def _meeting(store: Store) -> int:
    with store.session() as session:
        return start_meeting(
            session=session,
            actor_id=store.user.id,
            held_on="2026-11-22",
            chair_id=store.user.id,
            attendees=[],
        ).id


def _dpd(store: Store) -> int:
    add_colleague(
        store, "dpd", "Dr Deputy Dean", Role.DEPUTY_POSTGRADUATE_DEAN, "a long passphrase"
    )
    with store.session() as session:
        return [
            p for p in users.list_users(session=session, keys=store.keys) if p.username == "dpd"
        ][0].id


def test_level_3_goes_to_the_senior_owner_and_escalation_flags_the_dean(
    store: Store, frozen_clock: object
) -> None:
    dpd = _dpd(store)
    first, v1 = _referral(store)
    second, v2 = _referral(store, number="9123457")
    meeting = _meeting(store)
    with pytest.raises(ValidationError, match="level 3"):
        _decide(
            store,
            first,
            v1,
            meeting_id=meeting,
            outcome=TriageOutcome.SENIOR_OWNER,
            level=2,
            rationale=REASONS,
            senior_owner_id=dpd,
        )
    _decide(
        store,
        first,
        v1,
        meeting_id=meeting,
        outcome=TriageOutcome.SENIOR_OWNER,
        level=3,
        rationale=REASONS,
        senior_owner_id=dpd,
    )
    _decide(
        store,
        second,
        v2,
        meeting_id=meeting,
        outcome=TriageOutcome.ESCALATE_TO_DEAN,
        level=3,
        rationale=REASONS,
        senior_owner_id=dpd,
    )
    _, _, cases = _state(store)
    assert [(c.senior_owner_id, c.escalated_to_dean, c.level) for c in cases] == [
        (dpd, False, 3),
        (dpd, True, 3),
    ]


def test_request_information_records_what_of_whom_and_when(
    store: Store, frozen_clock: object
) -> None:
    referral_id, version = _referral(store)
    _decide(
        store,
        referral_id,
        version,
        outcome=TriageOutcome.REQUEST_INFORMATION,
        rationale="Need the supervisor's account.",
        request_what="Supervisor's account",
        request_of_whom="Dr Sample Mentor",
        request_due_on="2026-12-06",
    )
    with store.session() as session:
        detail = referral_detail(session=session, referral_id=referral_id, today=TODAY)
    assert detail.status is ReferralStatus.AWAITING_INFORMATION
    request = detail.requests[0]
    assert (request.what, request.of_whom, request.due_on) == (
        "Supervisor's account",
        "Dr Sample Mentor",
        date(2026, 12, 6),
    )


def test_an_empty_rationale_is_refused_and_nothing_changes(
    store: Store, frozen_clock: object
) -> None:
    referral_id, version = _referral(store)
    before = _state(store)
    for empty in ("", "   "):
        with pytest.raises(ValidationError, match="needs its rationale"):
            _decide(
                store,
                referral_id,
                version,
                outcome=TriageOutcome.OPEN_CASE,
                level=2,
                rationale=empty,
                case_manager_id=store.user.id,
            )
    after = _state(store)
    assert [r.status for r in after[0]] == [r.status for r in before[0]]
    assert after[1] == [] and after[2] == []


def test_a_stale_decision_is_refused_saying_who_changed_what(
    store: Store, frozen_clock: object
) -> None:
    referral_id, version = _referral(store)
    with store.session() as session:  # a colleague edits the referral meanwhile
        referral = session.get(Referral, referral_id)
        assert referral is not None
        referral.trust = "Lowmoor Teaching Hospitals (Demo)"
        session.add(referral)
        session.commit()
    with pytest.raises(ConflictError) as refused:
        _decide(
            store,
            referral_id,
            version,
            outcome=TriageOutcome.NO_FURTHER_ACTION,
            level=1,
            rationale=REASONS,
        )
    assert "Asha Example" in str(refused.value) and "trust" in str(refused.value)
    referrals, decisions, _ = _state(store)
    assert referrals[0].status is ReferralStatus.AWAITING_TRIAGE and decisions == []


def test_an_incomplete_referral_cannot_open_a_case(store: Store, frozen_clock: object) -> None:
    referral_id, version = _referral(store, form2_received_on="", form2_completed_by="", form2=())
    with pytest.raises(ValidationError, match="not a valid referral yet"):
        _decide(
            store,
            referral_id,
            version,
            outcome=TriageOutcome.OPEN_CASE,
            level=2,
            rationale=REASONS,
            case_manager_id=store.user.id,
        )
    _decide(
        store,
        referral_id,
        version,
        outcome=TriageOutcome.NO_FURTHER_ACTION,
        level=1,
        rationale="Not a valid case: kept on file.",
    )


def test_the_queue_filters_sorts_and_counts_overdue_requests(
    store: Store, frozen_clock: object
) -> None:
    low, _ = _referral(store, form2=form2(clinical=Severity.LOW))
    high, _ = _referral(
        store,
        number="9123457",
        form2=form2(clinical=Severity.HIGH),
        received_on="2026-11-15",
        form1_received_on="2026-11-15",
    )
    incomplete, v = _referral(
        store,
        number="9123458",
        form2_received_on="",
        form2_completed_by="",
        form2=(),
        received_on="2026-11-01",
        form1_received_on="2026-11-01",
        form1_incident_on="2026-10-30",
    )
    with store.session() as session:
        from remedy_tui.services.triage.information_requests import request_information

        request_information(
            session=session,
            actor_id=store.user.id,
            referral_id=incomplete,
            expected_version=v,
            what="Form 2",
            of_whom="Supervisor",
            due_on="2026-11-22",
        )

    def ids(query: QueueQuery, today: date = TODAY) -> list[int]:
        with store.session() as session:
            page = queue_page(session=session, query=query, offset=0, limit=50, today=today)
            return [row.id for row in page.rows]

    assert ids(QueueQuery()) == [incomplete, low, high]  # waiting longest first
    assert ids(QueueQuery(sort=QueueSort.SUGGESTED_LEVEL))[:2] == [high, low]
    assert ids(QueueQuery(completeness=Completeness.INCOMPLETE)) == [incomplete]
    assert ids(QueueQuery(status=QueueStatus.AWAITING_INFORMATION)) == [incomplete]
    assert ids(QueueQuery(search="R-2")) == [high]
    with store.session() as session:
        later = queue_page(
            session=session, query=QueueQuery(), offset=0, limit=50, today=date(2026, 12, 1)
        )
    assert later.overdue_requests == 1
    assert [r.request_overdue for r in later.rows] == [True, False, False]
    assert later.rows[0].missing == "Form 2" and later.rows[0].days_waiting == 30


def test_a_whole_meeting_produces_minutes_with_decisions_and_actions(
    store: Store, frozen_clock: object
) -> None:
    first, v1 = _referral(store, form1_what_happened="[bold]Markup[/] stays literal")
    second, v2 = _referral(store, number="9123457")
    with store.session() as session:
        meeting = start_meeting(
            session=session,
            actor_id=store.user.id,
            held_on="2026-11-22",
            chair_id=store.user.id,
            attendees=["Jo Sample", " ", "Jo Sample"],
        )
        with pytest.raises(ValidationError, match="still in progress"):
            start_meeting(
                session=session,
                actor_id=store.user.id,
                held_on="2026-11-22",
                chair_id=store.user.id,
                attendees=[],
            )
        assert meeting_agenda(session=session, meeting_id=meeting.id) == [first, second]
    _decide(
        store,
        first,
        v1,
        meeting_id=meeting.id,
        outcome=TriageOutcome.OPEN_CASE,
        level=2,
        rationale="Reasons *with* markdown_chars",
        case_manager_id=store.user.id,
    )
    _decide(
        store,
        second,
        v2,
        meeting_id=meeting.id,
        outcome=TriageOutcome.DEFER,
        rationale="Waiting for the trust's report.",
    )
    with store.session() as session:
        add_action(
            session=session,
            actor_id=store.user.id,
            meeting_id=meeting.id,
            description="Write to the TPD",
            owner_id=None,
            owner_name="Jo Sample",
            due_on="2026-11-29",
            referral_id=first,
        )
        with pytest.raises(ValidationError, match="before the meeting"):
            add_action(
                session=session,
                actor_id=store.user.id,
                meeting_id=meeting.id,
                description="Too early",
                owner_id=store.user.id,
                owner_name="",
                due_on="2026-11-01",
            )
        data = end_meeting(session=session, actor_id=store.user.id, meeting_id=meeting.id)
        assert meeting_agenda(session=session, meeting_id=meeting.id) == [first, second]
    assert data.attendees == ("Asha Example", "Jo Sample")
    assert [(i.reference, i.outcome) for i in data.items] == [
        ("R-000001", "Open a case"),
        ("R-000002", "Defer to next week"),
    ]
    text = minutes_markdown(data)
    assert "Reasons \\*with\\* markdown\\_chars" in text
    assert "Write to the TPD (R-000001): Jo Sample, by 2026-11-29" in text
    word = WordDocument(io.BytesIO(minutes_docx(data)))
    body = "\n".join(p.text for p in word.paragraphs)
    assert (
        "Waiting for the trust's report." in body and "Attendees: Asha Example, Jo Sample" in body
    )
    assert [c.text for c in word.tables[0].rows[1].cells] == [
        "Write to the TPD",
        "R-000001",
        "Jo Sample",
        "2026-11-29",
    ]

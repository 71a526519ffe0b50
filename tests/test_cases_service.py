"""The case services: header, decisions on the case, follow-ups, actions and the timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from remedy_tui.services.case import actions, cases, timeline
from remedy_tui.services.case.case_summary import case_summary
from remedy_tui.services.common.errors import ConflictError, ValidationError
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Action,
    ActionKind,
    ActionStatus,
    Case,
    CaseStatus,
    Decision,
    DecisionKind,
    ExternalReferral,
    ExternalReferralKind,
    ExternalReferralStatus,
    Role,
    TimelineEntry,
    TimelineKind,
)
from tests.conftest import TODAY
from tests.helpers.cases import OPENED, add_colleague, make_case, session_as

pytestmark = pytest.mark.usefixtures("frozen_clock")


def _version(store: Store, case_id: int) -> int:
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.version


def _count(store: Store, model: type) -> int:
    with store.session() as session:
        return len(session.exec(select(model)).all())


# The header ------------------------------------------------------------------------------------


def test_the_header_says_where_the_case_stands(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.next_review_on = TODAY - timedelta(days=3)
        case.escalated_to_dean = True
        session.add(case)
        for kind, status in (
            (ExternalReferralKind.OCCUPATIONAL_HEALTH, ExternalReferralStatus.IN_PROGRESS),
            (ExternalReferralKind.MEDIATION, ExternalReferralStatus.COMPLETED),
            (ExternalReferralKind.REGULATOR, ExternalReferralStatus.MADE),
        ):
            session.add(
                ExternalReferral(
                    case_id=case_id,
                    kind=kind,
                    status=status,
                    proposed_on=OPENED,
                    status_changed_on=OPENED,
                    created_by_id=store.user.id,
                )
            )
        session.commit()
        summary = case_summary(session=session, case_id=case_id, today=TODAY)
    assert summary.practitioner == "Dr Ada Casewell"
    assert summary.registration == "GMC 7000001"
    assert summary.grade == "Specialty registrar"
    assert summary.trust == "Northgate Example Trust"
    assert summary.case_managers == "Asha Example"
    assert summary.days_open == (TODAY - OPENED).days
    assert summary.follow_up_overdue and summary.next_follow_up_on == TODAY - timedelta(days=3)
    assert summary.risk == "Not assessed"
    assert summary.fairness == "0/41 answered, 0 No, 0 Unknown"
    # A completed mediation is no longer "in mediation".
    assert summary.flags.labels == ("Escalated to the Dean", "With OH", "Regulator involved")


def test_an_open_follow_up_earlier_than_the_review_date_is_the_next_follow_up(
    store: Store,
) -> None:
    case_id = make_case(store)
    with store.session() as session:
        actions.add_action(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            description="Call the practitioner",
            due_on=TODAY - timedelta(days=1),
            kind=ActionKind.FOLLOW_UP,
        )
        summary = case_summary(session=session, case_id=case_id, today=TODAY)
    assert summary.next_follow_up_on == TODAY - timedelta(days=1)
    assert summary.follow_up_overdue and summary.overdue_actions == 1


# Decisions -----------------------------------------------------------------------------------


def test_a_level_change_is_a_decision_on_the_timeline(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        decision_id = cases.change_level(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            level="3",
            rationale="The trust reported a second serious incident.",
            evidence="Datix report of 2 March.",
        )
    with store.session() as session:
        case = session.get(Case, case_id)
        decision = session.get(Decision, decision_id)
        entry = session.exec(select(TimelineEntry)).one()
    assert case is not None and case.level == 3 and case.version == 2
    assert decision is not None and decision.kind is DecisionKind.LEVEL_CHANGE
    assert (decision.from_value, decision.to_value, decision.evidence) == (
        "2",
        "3",
        "Datix report of 2 March.",
    )
    assert entry.decision_id == decision_id and entry.title == "Level 2 to 3"


@pytest.mark.parametrize("rationale", ["", "   ", None])
def test_a_decision_without_a_rationale_changes_nothing(
    store: Store, rationale: str | None
) -> None:
    case_id = make_case(store)
    with store.session() as session, pytest.raises(ValidationError, match="needs its rationale"):
        cases.close_case(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            reason="Support completed",
            rationale=rationale,
        )
    assert _version(store, case_id) == 1
    assert _count(store, Decision) == 0 and _count(store, TimelineEntry) == 0


def test_a_stale_change_is_refused_naming_who_changed_what(store: Store) -> None:
    case_id = make_case(store)
    add_colleague(store)
    with session_as(store, "bo") as session:
        cases.change_level(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            level=1,
            rationale="Concerns resolved locally.",
        )
    with store.session() as session, pytest.raises(ConflictError) as refused:
        cases.escalate(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            rationale="Very serious.",
        )
    assert "Bo Colleague" in str(refused.value) and "level" in str(refused.value)
    assert "nothing was saved" in str(refused.value)
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None and not case.escalated_to_dean and case.level == 1


def test_closing_needs_a_reason_and_cancels_scheduled_follow_ups(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        cases.set_follow_up_interval(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            interval_days=28,
        )
    with store.session() as session, pytest.raises(ValidationError, match="reason for closing"):
        cases.close_case(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=2,
            reason="  ",
            rationale="All done.",
        )
    with store.session() as session:
        cases.close_case(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=2,
            reason="Support plan completed",
            rationale="Practitioner and TPD content; ARCP outcome 1.",
            confirmed=True,
        )
    with store.session() as session:
        case = session.get(Case, case_id)
        follow_up = session.exec(select(Action)).one()
        summary = case_summary(session=session, case_id=case_id, today=TODAY)
    assert case is not None and case.status is CaseStatus.CLOSED
    assert (case.closed_on, case.closure_reason, case.next_review_on) == (
        TODAY,
        "Support plan completed",
        None,
    )
    assert follow_up.status is ActionStatus.CANCELLED
    assert summary.is_closed and not summary.follow_up_overdue


def test_a_closed_case_can_be_reopened_and_follow_up_starts_again(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        cases.set_follow_up_interval(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            interval_days=14,
        )
        cases.close_case(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=2,
            reason="Moved deanery",
            rationale="Transferred to another deanery with a handover letter.",
            confirmed=True,
        )
        with pytest.raises(ValidationError, match="is closed; reopen it"):
            cases.change_level(
                session=session,
                actor_id=store.user.id,
                case_id=case_id,
                expected_version=3,
                level=3,
                rationale="x",
            )
        cases.reopen_case(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=3,
            rationale="Returned to the deanery; the concerns have resurfaced.",
        )
    with store.session() as session:
        case = session.get(Case, case_id)
        kinds = [d.kind for d in session.exec(select(Decision).order_by(col(Decision.id))).all()]
        open_follow_ups = session.exec(
            select(Action).where(col(Action.status) == ActionStatus.OPEN.value)
        ).all()
    assert case is not None and case.status is CaseStatus.OPEN and case.closed_on is None
    assert case.next_review_on == TODAY + timedelta(days=14)
    assert kinds == [DecisionKind.CLOSURE, DecisionKind.REOPENING]
    assert [a.due_on for a in open_follow_ups] == [TODAY + timedelta(days=14)]


def test_support_can_go_quiet_and_wake(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        cases.change_status(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            status=CaseStatus.QUIET,
            rationale="Settled in new placement; light-touch contact only.",
        )
        with pytest.raises(ValidationError, match="already quiet"):
            cases.change_status(
                session=session,
                actor_id=store.user.id,
                case_id=case_id,
                expected_version=2,
                status=CaseStatus.QUIET,
                rationale="again",
            )
        cases.change_status(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=2,
            status=CaseStatus.OPEN,
            rationale="New concern from the supervisor.",
        )
    with store.session() as session:
        outcomes = [d.outcome for d in session.exec(select(Decision).order_by(col(Decision.id)))]
    assert outcomes == ["Support gone quiet", "Support active again"]


def test_reassignment_and_escalation_are_recorded(store: Store) -> None:
    case_id = make_case(store, level=3)
    bo = add_colleague(store)
    with store.session() as session:
        with pytest.raises(ValidationError, match="must be someone else"):
            cases.reassign(
                session=session,
                actor_id=store.user.id,
                case_id=case_id,
                expected_version=1,
                case_manager_id=bo,
                second_case_manager_id=bo,
                rationale="x",
            )
        cases.reassign(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            case_manager_id=bo,
            second_case_manager_id=store.user.id,
            rationale="Clinical case manager needed for the health aspects.",
        )
        cases.escalate(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=2,
            rationale="Patient safety concern reported by two consultants.",
        )
    with store.session() as session:
        summary = case_summary(session=session, case_id=case_id, today=TODAY)
        reassignment = session.exec(
            select(Decision).where(col(Decision.kind) == DecisionKind.REASSIGNMENT.value)
        ).one()
    assert summary.case_managers == "Bo Colleague and Asha Example"
    assert summary.flags.escalated and summary.escalated_on == TODAY
    assert reassignment.from_value == "Asha Example"
    assert reassignment.to_value == "Bo Colleague and Asha Example"


# Follow-ups and actions ----------------------------------------------------------------------


def test_the_next_review_follows_from_the_interval_and_each_follow_up_done(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        due = cases.set_follow_up_interval(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            interval_days="42",
        )
    assert due == TODAY + timedelta(days=42)
    with store.session() as session:
        follow_up = session.exec(select(Action)).one()
        assert follow_up.kind is ActionKind.FOLLOW_UP and follow_up.due_on == due
        done = actions.complete_action(
            session=session,
            actor_id=store.user.id,
            action_id=follow_up.id or 0,
            expected_version=follow_up.version,
            outcome_note="Spoke by phone; settling well.",
        )
    assert done.next_follow_up_on == TODAY + timedelta(days=42)
    with store.session() as session:
        case = session.get(Case, case_id)
        rows = actions.action_page(
            session=session, case_id=case_id, query=actions.ActionQuery(), offset=0, limit=10
        ).rows
    assert case is not None and case.next_review_on == TODAY + timedelta(days=42)
    assert [(r.status, r.kind) for r in rows] == [
        (ActionStatus.OPEN, ActionKind.FOLLOW_UP),
        (ActionStatus.DONE, ActionKind.FOLLOW_UP),
    ]


@pytest.mark.parametrize(
    ("interval", "message"),
    [("0", "from 1 to 365"), ("fortnightly", "not a whole number"), ("", "is required")],
)
def test_a_bad_interval_is_refused(store: Store, interval: str, message: str) -> None:
    case_id = make_case(store)
    with store.session() as session, pytest.raises(ValidationError, match=message):
        cases.set_follow_up_interval(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            interval_days=interval,
        )
    assert _version(store, case_id) == 1 and _count(store, Action) == 0


@pytest.mark.parametrize(
    ("due", "field", "message"),
    [
        ("2026-02-30", "due_on", "not a real date"),
        ("next week", "due_on", "not a date"),
        ("", "due_on", "is required"),
        ((OPENED - timedelta(days=1)).isoformat(), "due_on", "before the case was opened"),
    ],
)
def test_an_action_with_a_bad_due_date_is_refused(
    store: Store, due: str, field: str, message: str
) -> None:
    case_id = make_case(store)
    with store.session() as session, pytest.raises(ValidationError, match=message) as refused:
        actions.add_action(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            description="Ask the trust for the rota",
            due_on=due,
        )
    assert refused.value.field == field
    assert _count(store, Action) == 0 and _count(store, TimelineEntry) == 0


def test_action_text_is_checked_like_all_free_text(store: Store) -> None:
    case_id = make_case(store)
    due = (TODAY + timedelta(days=7)).isoformat()
    for text, message in (
        ("x" * 1_000_000, "too long"),
        ("\x1b[31mred\x1b[0m", "control characters"),
        ("", "is required"),
    ):
        with store.session() as session, pytest.raises(ValidationError, match=message):
            actions.add_action(
                session=session,
                actor_id=store.user.id,
                case_id=case_id,
                description=text,
                due_on=due,
            )
    assert _count(store, Action) == 0
    with store.session() as session:
        actions.add_action(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            description="[bold]Review[/] the rota",
            due_on=due,
            owner_name="Dr Tess TPD",
            shared_with_tpd=True,
        )
        row = actions.action_page(
            session=session, case_id=case_id, query=actions.ActionQuery(), offset=0, limit=5
        ).rows[0]
    assert row.description == "[bold]Review[/] the rota"
    assert (row.owner, row.shared_with_tpd, row.overdue) == ("Dr Tess TPD", True, False)


def test_open_actions_come_first_overdue_ones_marked(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        for days, text in ((10, "later"), (-2, "overdue"), (3, "soon")):
            actions.add_action(
                session=session,
                actor_id=store.user.id,
                case_id=case_id,
                description=text,
                due_on=TODAY + timedelta(days=days),
            )
        first = session.exec(select(Action).where(col(Action.description) == "later")).one()
        actions.complete_action(
            session=session,
            actor_id=store.user.id,
            action_id=first.id or 0,
            expected_version=1,
        )
        page = actions.action_page(
            session=session, case_id=case_id, query=actions.ActionQuery(), offset=0, limit=10
        )
        open_only = actions.action_page(
            session=session,
            case_id=case_id,
            query=actions.ActionQuery(open_only=True),
            offset=0,
            limit=10,
        )
    assert [(r.description, r.overdue) for r in page.rows] == [
        ("overdue", True),
        ("soon", False),
        ("later", False),
    ]
    assert [r.description for r in open_only.rows] == ["overdue", "soon"]


def test_marking_an_action_done_twice_or_stale_is_refused(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        action_id = actions.add_action(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            description="Book OH appointment",
            due_on=TODAY,
        )
        actions.set_shared_with_tpd(
            session=session,
            actor_id=store.user.id,
            action_id=action_id,
            expected_version=1,
            shared=True,
        )
        with pytest.raises(ConflictError, match="Asha Example .*shared with tpd"):
            actions.complete_action(
                session=session, actor_id=store.user.id, action_id=action_id, expected_version=1
            )
        actions.complete_action(
            session=session, actor_id=store.user.id, action_id=action_id, expected_version=2
        )
        with pytest.raises(ValidationError, match="already done"):
            actions.complete_action(
                session=session, actor_id=store.user.id, action_id=action_id, expected_version=3
            )


# The timeline --------------------------------------------------------------------------------


def test_entries_page_in_date_order_and_filter_by_kind(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        for n in range(30):
            timeline.record_entry(
                session=session,
                actor_id=store.user.id,
                case_id=case_id,
                kind=TimelineKind.CALL if n % 3 == 0 else TimelineKind.NOTE,
                title=f"Entry {n}",
                body=f"Body of entry {n}\nsecond line",
                occurred_on=OPENED + timedelta(days=n),
            )
        newest = timeline.timeline_page(
            session=session, case_id=case_id, query=timeline.TimelineQuery(), offset=0, limit=10
        )
        oldest = timeline.timeline_page(
            session=session,
            case_id=case_id,
            query=timeline.TimelineQuery(newest_first=False),
            offset=20,
            limit=10,
        )
        calls = timeline.timeline_page(
            session=session,
            case_id=case_id,
            query=timeline.TimelineQuery(kind=TimelineKind.CALL),
            offset=0,
            limit=100,
        )
        counts = timeline.kind_counts(session=session, case_id=case_id)
    assert newest.total == 30 and [r.title for r in newest.rows[:2]] == ["Entry 29", "Entry 28"]
    assert newest.rows[0].preview == "Body of entry 29" and newest.rows[0].author == "Asha Example"
    assert [r.title for r in oldest.rows] == [f"Entry {n}" for n in range(20, 30)]
    assert calls.total == 10 and {r.kind for r in calls.rows} == {TimelineKind.CALL}
    assert counts == {TimelineKind.CALL: 10, TimelineKind.NOTE: 20}


def test_a_confidential_note_is_kept_with_its_flag(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        entry_id = timeline.record_entry(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            kind=TimelineKind.NOTE,
            title="Health disclosure",
            body="Disclosed a health condition in confidence.",
            confidential=True,
        )
        detail = timeline.entry_detail(session=session, entry_id=entry_id)
    assert detail.row.confidential and detail.body == "Disclosed a health condition in confidence."
    assert detail.row.occurred_at.date() == TODAY


def test_a_confidential_note_is_read_only_by_the_cases_managers_on_either_store(
    store: Store,
) -> None:
    """The role matrix through the desk: on the team server its policies hide the note, on a
    local file the desk does; a colleague case manager not on the case never meets it."""
    from remedy_tui.services.common.errors import NotFoundError
    from remedy_tui.services.desk import Desk
    from tests.conftest import PASSPHRASE
    from tests.helpers.users import add_colleague as add_signed_in_colleague

    case_id = make_case(store)
    mine = Desk(store)
    for confidential in (False, True):
        last = mine.change(
            timeline.record_entry,
            case_id=case_id,
            kind=TimelineKind.NOTE,
            title="Health disclosure" if confidential else "Met the trainee",
            confidential=confidential,
        )
    query = timeline.TimelineQuery()
    page = mine.read(timeline.timeline_page, case_id=case_id, query=query, offset=0, limit=50)
    assert {"Health disclosure", "Met the trainee"} <= {r.title for r in page.rows}
    assert mine.read(timeline.entry_detail, entry_id=last).row.confidential
    add_signed_in_colleague(store, "bo", "Bo Colleague", Role.CLINICAL_CASE_MANAGER, PASSPHRASE)
    bo = Desk(Store.open(store.where, "bo", PASSPHRASE))
    try:
        page = bo.read(timeline.timeline_page, case_id=case_id, query=query, offset=0, limit=50)
        titles = [r.title for r in page.rows]
        assert "Met the trainee" in titles and "Health disclosure" not in titles
        assert page.total == len(titles)
        counts = bo.read(timeline.kind_counts, case_id=case_id)
        assert counts[TimelineKind.NOTE] == 1
        with pytest.raises(NotFoundError):
            bo.read(timeline.entry_detail, entry_id=last)
    finally:
        bo.close()


@pytest.mark.parametrize(
    ("title", "body", "when", "message"),
    [
        ("Note", "x" * 1_000_000, None, "too long"),
        ("Note \x1b[31m", None, None, "control characters"),
        ("", "text", None, "title is required"),
        ("Note", None, (TODAY + timedelta(days=1)).isoformat(), "in the future"),
        ("Note", None, "2026-13-01", "not a real date"),
        ("Note", None, (OPENED - timedelta(days=1)).isoformat(), "before the case was opened"),
    ],
)
def test_a_bad_entry_stores_nothing(
    store: Store, title: str, body: str | None, when: str | None, message: str
) -> None:
    case_id = make_case(store)
    with store.session() as session, pytest.raises(ValidationError, match=message):
        timeline.record_entry(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            kind=TimelineKind.NOTE,
            title=title,
            body=body,
            occurred_on=when,
        )
    assert _count(store, TimelineEntry) == 0


def test_markup_in_an_entry_is_kept_as_typed(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        entry_id = timeline.record_entry(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            kind=TimelineKind.MEETING,
            title="[bold]Meeting[/]",
            body="[red]not red[/red]",
            occurred_on=date(2026, 5, 1),
        )
        detail = timeline.entry_detail(session=session, entry_id=entry_id)
    assert (detail.row.title, detail.body) == ("[bold]Meeting[/]", "[red]not red[/red]")

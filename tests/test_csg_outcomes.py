"""Meeting mode's record: outcomes with their reasons, actions on the case, the chair's final
decision on a dispute, and the next review."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from remedy_tui import clock
from remedy_tui.services.common.errors import ConflictError, ValidationError
from remedy_tui.services.csg import agenda, detail, outcomes
from remedy_tui.services.csg.proposals import proposals
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    Decision,
    DecisionKind,
    ExternalReferral,
    ExternalReferralStatus,
    TimelineEntry,
    TimelineKind,
)
from remedy_tui.views.csg import AgendaItemView
from tests.helpers.csg import add_case, add_group, agreement, refer, schedule


@pytest.fixture
def items(store: Store, frozen_clock: object, tmp_path: Path) -> list[AgendaItemView]:
    """A meeting with a new referral and a dispute about the same case."""
    add_group(store)
    case_id = add_case(store, "Ada", "Lovelace", 1)
    refer(store, case_id, agreement(tmp_path))
    meeting = schedule(store)
    with store.session() as session:
        (proposal,) = proposals(session=session, meeting_id=meeting.id, offset=0, limit=5).rows
        agenda.add_proposal(session=session, meeting_id=meeting.id, proposal=proposal)
        agenda.add_item(
            session=session,
            meeting_id=meeting.id,
            kind=AgendaItemKind.DISPUTE,
            title="Disputes the expected outcomes",
            case_reference="C-000001",
        )
        found = list(detail.meeting_detail(session=session, meeting_id=meeting.id).items)
    clock.freeze(datetime(2026, 12, 6, 18, 0, tzinfo=UTC))  # the meeting has met
    return found


def _record(store: Store, item: AgendaItemView, **fields: object) -> None:
    with store.session() as session:
        outcomes.record_item(
            session=session,
            actor_id=store.user.id,
            item_id=item.id,
            expected_version=item.version,
            **fields,  # type: ignore[arg-type]
        )


def _timeline(store: Store) -> list[tuple[TimelineKind, str]]:
    with store.session() as session:
        entries = session.exec(select(TimelineEntry).order_by(col(TimelineEntry.id))).all()
        return [(e.kind, e.title) for e in entries]


def test_an_outcome_lands_on_the_case_with_the_discussion_as_its_reasons(
    store: Store, items: list[AgendaItemView]
) -> None:
    _record(
        store,
        items[0],
        practitioner_attending=True,
        representative="Sam Rep",
        discussion_summary="Reflective log shows progress.",
        outcome="Accepted for CSG support; mentor to be found.",
        next_review_on="2027-01-10",
    )
    with store.session() as session:
        decision = session.exec(select(Decision)).one()
        row = session.get(AgendaItem, items[0].id)
        referral = session.exec(select(ExternalReferral)).one()
    assert decision.kind is DecisionKind.CSG_OUTCOME
    assert decision.rationale == "Reflective log shows progress."
    assert decision.csg_meeting_id == row.meeting_id and decision.agenda_item_id == row.id
    assert row is not None and row.next_review_on == date(2027, 1, 10)
    assert row.practitioner_attending is True and row.representative == "Sam Rep"
    assert referral.status is ExternalReferralStatus.IN_PROGRESS
    titles = [title for _, title in _timeline(store)]
    assert "CSG meeting of Sun 6 Dec 2026: Accepted for CSG support; mentor to be found." in titles
    assert "Next CSG review: Sun 10 Jan 2027" in titles
    # Saving the same outcome again adds no second decision.
    with store.session() as session:
        fresh = detail.meeting_detail(session=session, meeting_id=row.meeting_id).items[0]
    _record(
        store,
        fresh,
        discussion_summary="Reflective log shows progress.",
        outcome="Accepted for CSG support; mentor to be found.",
        next_review_on="2027-01-10",
    )
    with store.session() as session:
        assert len(session.exec(select(Decision)).all()) == 1


def test_an_outcome_without_the_discussion_is_refused_and_nothing_is_stored(
    store: Store, items: list[AgendaItemView]
) -> None:
    with pytest.raises(ValidationError, match="Record what was discussed") as refused:
        _record(store, items[0], outcome="Accepted", next_review_on="2027-01-10")
    assert refused.value.field == "discussion_summary"
    with store.session() as session:
        row = session.get(AgendaItem, items[0].id)
        assert row is not None and row.outcome is None and row.next_review_on is None
        assert session.exec(select(Decision)).all() == []


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"next_review_on": "2026-12-06"}, "next_review_on", "must come after this meeting"),
        ({"next_review_on": "2027-13-01"}, "next_review_on", "not a real date"),
        ({"discussion_summary": "ok \x1b[1m"}, "discussion_summary", "control characters"),
        ({"chair_decision": "Not a dispute"}, "chair_decision", "Only a dispute"),
    ],
)
def test_bad_meeting_records_are_refused(
    store: Store, items: list[AgendaItemView], fields: dict[str, str], field: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words) as refused:
        _record(store, items[0], **fields)
    assert refused.value.field == field


def test_a_stale_item_is_not_overwritten(store: Store, items: list[AgendaItemView]) -> None:
    _record(store, items[0], discussion_summary="First take.")
    with pytest.raises(ConflictError, match="since you opened it"):
        _record(store, items[0], discussion_summary="Second take.")


def test_actions_land_on_the_case_with_the_meeting(
    store: Store, items: list[AgendaItemView]
) -> None:
    with store.session() as session:
        view = outcomes.add_action(
            session=session,
            actor_id=store.user.id,
            item_id=items[0].id,
            description="Find a mentor in the same specialty",
            owner="Dr Senior Doc",
            due_on="2027-01-01",
        )
        with pytest.raises(ValidationError, match="before the meeting"):
            outcomes.add_action(
                session=session,
                actor_id=store.user.id,
                item_id=items[0].id,
                description="Too early",
                due_on="2026-12-01",
            )
        with pytest.raises(ValidationError, match="The action is required"):
            outcomes.add_action(
                session=session, actor_id=store.user.id, item_id=items[0].id, description=""
            )
        action = session.exec(select(Action)).one()
    assert view.description == "Find a mentor in the same specialty"
    assert action.case_id == items[0].case_id and action.csg_meeting_id is not None
    assert action.agenda_item_id == items[0].id and action.status is ActionStatus.OPEN
    assert action.owner_name == "Dr Senior Doc" and action.due_on == date(2027, 1, 1)
    assert (TimelineKind.ACTION, "CSG action: Find a mentor in the same specialty") in _timeline(
        store
    )


def test_the_chair_decides_a_dispute_and_the_decision_is_final(
    store: Store, items: list[AgendaItemView]
) -> None:
    dispute = items[1]
    with pytest.raises(ValidationError, match="needs its reasons") as refused:
        _record(store, dispute, chair_decision="The outcomes stand as agreed.")
    assert refused.value.field == "chair_reasons"
    with store.session() as session:
        assert session.exec(select(Decision)).all() == []
    _record(
        store,
        dispute,
        discussion_summary="Heard the practitioner and the CoM.",
        chair_decision="The outcomes stand as agreed.",
        chair_reasons="They were agreed and signed at referral.",
    )
    with store.session() as session:
        decision = session.exec(select(Decision)).one()
        shown = detail.meeting_detail(session=session, meeting_id=decision.csg_meeting_id or 0)
    assert decision.kind is DecisionKind.CHAIR_DISPUTE
    assert decision.outcome == "Chair's decision: The outcomes stand as agreed."
    assert decision.rationale == "They were agreed and signed at referral."
    assert (
        TimelineKind.DECISION,
        "Dispute decided by the CSG chair (Dr Chair Person); the decision is final",
    ) in _timeline(store)
    recorded = shown.items[1]
    assert recorded.chair_decision == "The outcomes stand as agreed."
    assert recorded.chair_reasons == "They were agreed and signed at referral."
    with pytest.raises(ValidationError, match="is final"):
        _record(
            store,
            recorded,
            discussion_summary="Heard the practitioner and the CoM.",
            chair_decision="Changed my mind.",
            chair_reasons="No.",
        )

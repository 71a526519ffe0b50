"""Building an agenda: what Remedy proposes, and adding, reordering, timing and removing items;
conflicts of interest and the practitioner's attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from remedy_tui import clock
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.csg import agenda, detail, meetings, outcomes
from remedy_tui.services.csg.proposals import proposals
from remedy_tui.store import Store
from remedy_tui.store.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    ConflictDeclaration,
    CsgMeeting,
    CsgMeetingStatus,
)
from remedy_tui.views.csg import MeetingDetail
from tests.helpers.csg import add_case, add_group, agreement, refer, schedule


@dataclass
class Setup:
    store: Store
    members: dict[str, int]
    cases: list[int]
    meeting_id: int


@pytest.fixture
def setup(store: Store, frozen_clock: object, tmp_path: Path) -> Setup:
    """A full group, three cases referred to it, and a meeting two weeks ahead."""
    ids = add_group(store)
    signed = agreement(tmp_path)
    cases = [
        add_case(store, "Ada", "Lovelace", 1),
        add_case(store, "Grace", "Hopper", 2),
        add_case(store, "Alan", "Turing", 3),
    ]
    for case_id in cases:
        refer(store, case_id, signed)
    return Setup(store, ids, cases, schedule(store).id)


def _detail(setup: Setup, meeting_id: int | None = None) -> MeetingDetail:
    with setup.store.session() as session:
        return detail.meeting_detail(session=session, meeting_id=meeting_id or setup.meeting_id)


def _proposed(setup: Setup, meeting_id: int | None = None) -> list[tuple[AgendaItemKind, str]]:
    with setup.store.session() as session:
        page = proposals(
            session=session, meeting_id=meeting_id or setup.meeting_id, offset=0, limit=50
        )
    return [(p.kind, p.case_reference) for p in page.rows]


def _take_all(setup: Setup) -> None:
    with setup.store.session() as session:
        for proposal in proposals(
            session=session, meeting_id=setup.meeting_id, offset=0, limit=50
        ).rows:
            agenda.add_proposal(session=session, meeting_id=setup.meeting_id, proposal=proposal)


def test_new_referrals_are_proposed_until_they_are_on_an_agenda(setup: Setup) -> None:
    assert _proposed(setup) == [
        (AgendaItemKind.NEW_REFERRAL, "C-000001"),
        (AgendaItemKind.NEW_REFERRAL, "C-000002"),
        (AgendaItemKind.NEW_REFERRAL, "C-000003"),
    ]
    with setup.store.session() as session:
        first = proposals(session=session, meeting_id=setup.meeting_id, offset=0, limit=1)
        assert first.total == 3 and len(first.rows) == 1
        assert first.rows[0].reason.startswith("Referred Sun 22 Nov 2026 by Dr Referring Com")
        agenda.add_proposal(session=session, meeting_id=setup.meeting_id, proposal=first.rows[0])
    assert [ref for _, ref in _proposed(setup)] == ["C-000002", "C-000003"]
    # Nor is it proposed for a later meeting while this one is planned.
    later = schedule(setup.store, day="2027-01-10")
    assert [ref for _, ref in _proposed(setup, later.id)] == ["C-000002", "C-000003"]


def test_a_cancelled_meeting_gives_its_cases_back_to_the_proposals(setup: Setup) -> None:
    _take_all(setup)
    assert _proposed(setup) == []
    later = schedule(setup.store, day="2027-01-10")
    assert _proposed(setup, later.id) == []
    with setup.store.session() as session:
        meetings.cancel_meeting(session=session, meeting_id=setup.meeting_id, expected_version=1)
    assert len(_proposed(setup, later.id)) == 3


def _hold(setup: Setup, reviews: dict[int, str], dispute_case: int | None = None) -> None:
    """Run the meeting: an outcome and a next review for each case, then mark it held."""
    _take_all(setup)
    if dispute_case is not None:
        with setup.store.session() as session:
            agenda.add_item(
                session=session,
                meeting_id=setup.meeting_id,
                kind=AgendaItemKind.DISPUTE,
                title="Disagrees with the mentoring plan",
                case_reference=f"C-{dispute_case:06d}",
            )
    detail = _detail(setup)
    clock.freeze(datetime(2026, 12, 6, 15, tzinfo=UTC))
    with setup.store.session() as session:
        for item in detail.items:
            if item.kind is AgendaItemKind.DISPUTE:
                continue
            outcomes.record_item(
                session=session,
                actor_id=setup.store.user.id,
                item_id=item.id,
                expected_version=item.version,
                discussion_summary="Discussed.",
                outcome="Continue",
                next_review_on=reviews.get(item.case_id or 0, ""),
            )
        for row in detail.attendance:
            meetings.set_attendance(
                session=session,
                meeting_id=setup.meeting_id,
                member_id=row.member_id,
                attendance=Attendance.PRESENT,
            )
        meetings.mark_held(session=session, meeting_id=setup.meeting_id)


def test_cases_whose_csg_review_falls_due_by_the_meeting_are_proposed(setup: Setup) -> None:
    first, second, third = setup.cases
    _hold(setup, {first: "2027-01-05", second: "2027-03-01"})  # third: no further review
    january = schedule(setup.store, day="2027-01-10")
    assert _proposed(setup, january.id) == [(AgendaItemKind.REVIEW, "C-000001")]
    with setup.store.session() as session:
        proposal = proposals(session=session, meeting_id=january.id, offset=0, limit=5).rows[0]
    assert proposal.reason == "CSG review due Tue 5 Jan 2027 (set on Sun 6 Dec 2026)"
    march = schedule(setup.store, day="2027-03-07")
    # The January meeting has the first case already (planned), so March proposes the second.
    with setup.store.session() as session:
        agenda.add_proposal(session=session, meeting_id=january.id, proposal=proposal)
    assert _proposed(setup, march.id) == [(AgendaItemKind.REVIEW, "C-000002")]


def test_an_undecided_dispute_is_proposed_until_the_chair_decides_it(setup: Setup) -> None:
    _hold(setup, {}, dispute_case=setup.cases[0])
    january = schedule(setup.store, day="2027-01-10")
    assert _proposed(setup, january.id) == [(AgendaItemKind.DISPUTE, "C-000001")]
    with setup.store.session() as session:
        proposal = proposals(session=session, meeting_id=january.id, offset=0, limit=5).rows[0]
        assert proposal.title == "Disagrees with the mentoring plan"
        assert proposal.reason.startswith("Undecided dispute from Sun 6 Dec 2026")
        agenda.add_proposal(session=session, meeting_id=january.id, proposal=proposal)
    assert _proposed(setup, january.id) == []


def test_items_are_reordered_timed_and_removed_by_the_chair(setup: Setup) -> None:
    _take_all(setup)
    detail = _detail(setup)
    assert [i.case_reference for i in detail.items] == ["C-000001", "C-000002", "C-000003"]
    assert [i.minutes_allotted for i in detail.items] == [20, 20, 20]
    assert detail.minutes_spare == 60
    first, second, third = detail.items
    with setup.store.session() as session:
        agenda.move_item(session=session, item_id=third.id, step=-1)
        agenda.move_item(session=session, item_id=first.id, step=-1)  # already at the top
        assert agenda.change_minutes(session=session, item_id=second.id, delta=15) == 35
        assert agenda.change_minutes(session=session, item_id=first.id, delta=-100) == 5
        agenda.remove_item(session=session, item_id=first.id)
    detail = _detail(setup)
    assert [(i.position, i.case_reference) for i in detail.items] == [
        (1, "C-000003"),
        (2, "C-000002"),
    ]
    # Each item's start follows from the times before it.
    assert [f"{i.planned_start:%H:%M}" for i in detail.items] == ["14:00", "14:20"]
    assert detail.minutes_spare == 120 - 20 - 35
    assert _proposed(setup) == [(AgendaItemKind.NEW_REFERRAL, "C-000001")]


def test_an_item_is_added_by_hand_with_a_case_reference(setup: Setup) -> None:
    with setup.store.session() as session:
        agenda.add_item(
            session=session,
            meeting_id=setup.meeting_id,
            kind=AgendaItemKind.OTHER,
            title="Terms of reference",
            minutes_allotted="5",
        )
        agenda.add_item(
            session=session,
            meeting_id=setup.meeting_id,
            kind=AgendaItemKind.REVIEW,
            title="Early review",
            case_reference="c2",
        )
        for kwargs, words in (
            ({"kind": AgendaItemKind.REVIEW, "title": "x"}, "is about a case"),
            ({"kind": AgendaItemKind.REVIEW, "title": "x", "case_reference": "C-99"}, "no case"),
            ({"kind": AgendaItemKind.REVIEW, "title": "x", "case_reference": "2"}, "already on"),
            ({"kind": AgendaItemKind.OTHER, "title": ""}, "title is required"),
            ({"kind": AgendaItemKind.OTHER, "title": "x", "minutes_allotted": "0"}, "1 to 240"),
            ({"kind": AgendaItemKind.OTHER, "title": "\x1b[2J"}, "control characters"),
        ):
            with pytest.raises(ValidationError, match=words):
                agenda.add_item(session=session, meeting_id=setup.meeting_id, **kwargs)
    detail = _detail(setup)
    assert [(i.kind, i.title, i.minutes_allotted) for i in detail.items] == [
        (AgendaItemKind.OTHER, "Terms of reference", 5),
        (AgendaItemKind.REVIEW, "Early review", 15),
    ]
    assert detail.items[1].referral is not None  # the case's CSG referral is linked


def test_an_item_with_a_record_stays_and_a_held_agenda_does_not_change(setup: Setup) -> None:
    _hold(setup, {})
    detail = _detail(setup)
    with setup.store.session() as session:
        with pytest.raises(ValidationError, match="was held; it cannot be changed"):
            agenda.remove_item(session=session, item_id=detail.items[0].id)
        with pytest.raises(ValidationError, match="was held; it cannot be changed"):
            agenda.move_item(session=session, item_id=detail.items[1].id, step=-1)
    # On a planned meeting an item with an outcome stays too.
    with setup.store.session() as session:
        row = session.get(CsgMeeting, setup.meeting_id)
        assert row is not None
        row.status = CsgMeetingStatus.PLANNED
        session.add(row)
        session.commit()
        with pytest.raises(ValidationError, match="has a record from the meeting"):
            agenda.remove_item(session=session, item_id=detail.items[0].id)


def test_a_conflicted_member_steps_out_of_that_item_and_must_say_why(setup: Setup) -> None:
    _take_all(setup)
    item = _detail(setup).items[1]
    senior = setup.members["senior_doctor"]
    with setup.store.session() as session:
        with pytest.raises(ValidationError, match="Say what the conflict of interest is"):
            agenda.declare_conflict(session=session, item_id=item.id, member_id=senior, details=" ")
        agenda.declare_conflict(
            session=session, item_id=item.id, member_id=senior, details="Was her supervisor."
        )
        agenda.declare_conflict(
            session=session, item_id=item.id, member_id=senior, details="Was her [b]supervisor[/b]."
        )
    detail = _detail(setup)
    assert detail.items[0].conflicts == ()
    (conflict,) = detail.items[1].conflicts
    assert conflict.member_name == "Dr Senior Doc"
    assert conflict.details == "Was her [b]supervisor[/b]."
    with setup.store.session() as session:
        agenda.withdraw_conflict(session=session, item_id=item.id, member_id=senior)
        assert session.exec(select(ConflictDeclaration)).all() == []


def test_a_member_who_has_left_cannot_declare_a_conflict(setup: Setup) -> None:
    _take_all(setup)
    item = _detail(setup).items[0]
    from remedy_tui.services.csg import members

    with setup.store.session() as session:
        members.record_leaving(
            session=session,
            member_id=setup.members["academic"],
            left_on="2026-11-30",
            expected_version=1,
        )
        with pytest.raises(ValidationError, match="not a member on the meeting's day"):
            agenda.declare_conflict(
                session=session,
                item_id=item.id,
                member_id=setup.members["academic"],
                details="Knows them",
            )


def test_the_practitioner_s_attendance_and_representative_are_recorded(setup: Setup) -> None:
    _take_all(setup)
    item = _detail(setup).items[0]
    with setup.store.session() as session:
        agenda.set_practitioner_attendance(
            session=session, item_id=item.id, attending=True, representative="Sam Rep (BMA)"
        )
        with pytest.raises(ValidationError, match="control characters"):
            agenda.set_practitioner_attendance(
                session=session, item_id=item.id, attending=False, representative="\x1b[0m"
            )
        row = session.get(AgendaItem, item.id)
    assert row is not None
    assert row.practitioner_attending is True and row.representative == "Sam Rep (BMA)"

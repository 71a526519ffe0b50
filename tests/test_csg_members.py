"""The group's members: roles from the data file, clashes refused with the reason, leaving."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.csg import members
from remedy_tui.store import Store
from remedy_tui.store.models import CsgMeeting, CsgMember
from tests.helpers.csg import add_group, schedule


def _count(store: Store) -> int:
    with store.session() as session:
        return len(session.exec(select(CsgMember)).all())


def test_a_member_is_added_in_a_role_from_the_data_file(store: Store) -> None:
    with store.session() as session:
        view = members.add_member(
            session=session,
            name="Dr Kit Chair",
            role="deputy_dme",
            joined_on="2026-01-01",
            organisation="Example Board",
            email="kit@example.org",
        )
        listed = members.list_members(session=session, today=date(2026, 6, 1))
    assert view.role_label == "Deputy DME (chair)" and view.is_chair
    assert [m.name for m in listed] == ["Dr Kit Chair"]


def test_a_person_on_two_roles_that_clash_is_refused_with_the_reason(store: Store) -> None:
    add_group(store)
    before = _count(store)
    with store.session() as session, pytest.raises(ValidationError) as refused:
        members.add_member(
            session=session, name="dr chair  person", role="lnc_rep", joined_on="2026-03-01"
        )
    message = str(refused.value)
    assert refused.value.field == "role"
    assert "Dr Chair Person already holds the role Deputy DME (chair)" in message
    assert "cannot also represent the practitioner's side" in message  # the data file's reason
    assert "Nothing was saved" in message
    assert _count(store) == before


def test_the_same_email_counts_as_the_same_person(store: Store) -> None:
    with store.session() as session:
        members.add_member(
            session=session,
            name="Ocu Health",
            role="oh_practitioner",
            joined_on="2026-01-01",
            email="oh@example.org",
        )
        with pytest.raises(ValidationError, match="cannot be held together"):
            members.add_member(
                session=session,
                name="O. Health",
                role="medical_staffing",
                joined_on="2026-02-01",
                email="OH@example.org",
            )


def test_roles_that_do_not_clash_can_be_held_together(store: Store) -> None:
    with store.session() as session:
        members.add_member(
            session=session, name="Dr Two Hats", role="senior_doctor", joined_on="2026-01-01"
        )
        both = members.add_member(
            session=session, name="Dr Two Hats", role="academic", joined_on="2026-01-01"
        )
    assert both.role == "academic"


def test_the_same_role_twice_and_a_second_chair_are_refused(store: Store) -> None:
    add_group(store)
    with store.session() as session:
        with pytest.raises(ValidationError, match="already a member as Senior doctor"):
            members.add_member(
                session=session, name="Dr Senior Doc", role="senior_doctor", joined_on="2026-05-01"
            )
        with pytest.raises(ValidationError, match="held by at most 1 .now: Dr Chair Person"):
            members.add_member(
                session=session, name="Dr Another", role="deputy_dme", joined_on="2026-05-01"
            )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"role": "treasurer"}, "role", "Choose one of the CSG's roles"),
        ({"joined_on": "2026-02-30"}, "joined_on", "not a real date"),
        ({"joined_on": "next week"}, "joined_on", "not a date"),
        ({"joined_on": ""}, "joined_on", "is required"),
        ({"name": "   "}, "name", "The name is required"),
        ({"name": "Dr \x1b[31mRed"}, "name", "control characters"),
        ({"email": "not-an-address"}, "email", "not an email address"),
        ({"name": "x" * 201}, "name", "too long"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    store: Store, changes: dict[str, str], field: str, words: str
) -> None:
    arguments = {"name": "Dr New", "role": "academic", "joined_on": "2026-01-01"} | changes
    with store.session() as session, pytest.raises(ValidationError, match=words) as refused:
        members.add_member(session=session, **arguments)
    assert refused.value.field == field
    assert _count(store) == 0


def test_markup_in_a_name_is_kept_as_typed(store: Store) -> None:
    with store.session() as session:
        view = members.add_member(
            session=session, name="[bold]Dr Loud[/bold]", role="academic", joined_on="2026-01-01"
        )
    assert view.name == "[bold]Dr Loud[/bold]"


def test_a_member_leaves_and_drops_out_of_the_current_list(store: Store) -> None:
    ids = add_group(store)
    with store.session() as session:
        member = session.get(CsgMember, ids["academic"])
        assert member is not None
        left = members.record_leaving(
            session=session,
            member_id=ids["academic"],
            left_on="2026-06-30",
            expected_version=member.version,
        )
        current = members.list_members(session=session, today=date(2026, 7, 1))
        everyone = members.list_members(session=session, today=date(2026, 7, 1), include_past=True)
    assert left.left_on == date(2026, 6, 30)
    assert "Prof Aca Demic" not in [m.name for m in current]
    assert everyone[-1].name == "Prof Aca Demic"  # past members come last
    # Once they have left, the same person may take a role that would have clashed.
    with store.session() as session:
        members.add_member(
            session=session, name="Prof Aca Demic", role="senior_doctor", joined_on="2026-07-01"
        )


def test_leaving_before_joining_or_twice_is_refused(store: Store) -> None:
    ids = add_group(store, joined_on="2026-03-01")
    with store.session() as session:
        with pytest.raises(ValidationError, match="cannot leave before"):
            members.record_leaving(
                session=session,
                member_id=ids["senior_od"],
                left_on="2026-02-01",
                expected_version=1,
            )
        members.record_leaving(
            session=session, member_id=ids["senior_od"], left_on="2026-04-01", expected_version=1
        )
        with pytest.raises(ValidationError, match="already recorded as leaving"):
            members.record_leaving(
                session=session,
                member_id=ids["senior_od"],
                left_on="2026-05-01",
                expected_version=2,
            )


def test_a_new_chair_takes_over_planned_meetings_left_without_one(
    store: Store, frozen_clock: object
) -> None:
    ids = add_group(store)
    meeting = schedule(store, day="2027-01-10")
    with store.session() as session:
        members.record_leaving(
            session=session, member_id=ids["deputy_dme"], left_on="2026-12-31", expected_version=1
        )
        new_chair = members.add_member(
            session=session, name="Dr Next Chair", role="deputy_dme", joined_on="2027-01-01"
        )
        row = session.get(CsgMeeting, meeting.id)
    assert row is not None and row.chair_member_id == new_chair.id

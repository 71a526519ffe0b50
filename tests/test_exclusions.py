"""The register of exclusions and restrictions of practice (MHPS): the clock with a frozen
date (reviews every four weeks, Practitioner Performance Advice at the start and past twelve
weeks, the six months' warning), the register read from the decisions, reviews, the end, and
the monthly return, on both backends."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest

from remedy_tui import clock
from remedy_tui.services.case import exclusions, principle5
from remedy_tui.services.case.principle5 import ImmediateActionDraft
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Case,
    DecisionOutcome,
    ExternalReferral,
    ExternalReferralKind,
    ExternalReferralStatus,
)
from remedy_tui.views.exclusions import Episode, clock_of
from tests.helpers.cases import make_case

pytestmark = pytest.mark.usefixtures("frozen_clock")

START = date(2026, 3, 2)
SEVEN = tuple(f"Reasons on factor {n}" for n in range(1, 8))


# The clock, worked out by hand ----------------------------------------------------------------


def test_a_review_is_due_four_weeks_after_the_start_then_after_each_review() -> None:
    fresh = clock_of(Episode(START, None, (), (START,)), START + timedelta(days=10))
    assert fresh.review_due == date(2026, 3, 30) and not fresh.review_overdue
    late = clock_of(Episode(START, None, (), (START,)), date(2026, 3, 31))
    assert late.review_overdue and late.flags == ("review overdue since 30 Mar 2026",)
    reviewed = clock_of(Episode(START, None, (date(2026, 3, 29),), (START,)), date(2026, 3, 31))
    assert reviewed.review_due == date(2026, 4, 26) and not reviewed.review_overdue
    assert reviewed.last_review == date(2026, 3, 29)


def test_advice_is_flagged_at_the_start_and_again_past_twelve_weeks() -> None:
    none = clock_of(Episode(START, None, (), ()), START)
    assert "Practitioner Performance Advice not recorded at the start" in none.flags
    day_before = clock_of(Episode(START, None, (), (START - timedelta(days=1),)), START)
    assert day_before.ppa_at_start and day_before.flags == ()
    twelve_weeks = START + timedelta(weeks=12)  # 25 May 2026
    due = clock_of(
        Episode(START, None, (twelve_weeks - timedelta(days=1),), (START,)), twelve_weeks
    )
    assert due.ppa_again_due
    assert "Practitioner Performance Advice due again (past 12 weeks)" in due.flags
    consulted = clock_of(Episode(START, None, (twelve_weeks,), (START, twelve_weeks)), twelve_weeks)
    assert not consulted.ppa_again_due


def test_six_months_are_warned_of_four_weeks_ahead_then_flagged() -> None:
    six = START + timedelta(days=183)  # 1 Sep 2026
    reviews = tuple(START + timedelta(weeks=4 * n) for n in range(1, 8))
    advice = (START, START + timedelta(weeks=12))
    quiet = clock_of(Episode(START, None, reviews, advice), six - timedelta(weeks=4, days=1))
    assert not any("six months" in flag for flag in quiet.flags)
    warned = clock_of(Episode(START, None, reviews, advice), six - timedelta(weeks=4))
    assert "six months on 01 Sep 2026" in warned.flags
    over = clock_of(Episode(START, None, reviews, advice), six)
    assert "over six months (since 01 Sep 2026)" in over.flags
    ended = clock_of(Episode(START, six, reviews, advice), six + timedelta(days=30))
    assert ended.flags == () and ended.days == 183 and ended.review_due is None


# The register on a real store ---------------------------------------------------------------


def _at(day: date) -> None:
    clock.freeze(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


def _version(store: Store, case_id: int) -> int:
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.version


def _exclude(store: Store, case_id: int, terms: str = "Excluded from all clinical work") -> None:
    with store.session() as session:
        principle5.record_immediate_action(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=_version(store, case_id),
            draft=ImmediateActionDraft(
                action=DecisionOutcome.IMMEDIATE_EXCLUSION,
                terms=terms,
                factors=SEVEN,
                options="Restriction; exclusion",
                alternatives="Restriction could not be supervised.",
                rationale="Exclusion while the incident is looked into.",
            ),
        )


def _register(store: Store, today: date, **kwargs: object) -> list[exclusions.ExclusionRow]:
    with store.session() as session:
        return exclusions.register(session=session, today=today, **kwargs)  # type: ignore[arg-type]


def _review(store: Store, case_id: int, *, ends: bool) -> None:
    with store.session() as session:
        exclusions.review(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=_version(store, case_id),
            ends=ends,
            rationale="Reviewed with the medical director.",
        )


def test_an_exclusion_is_registered_reviewed_advised_and_ended(store: Store) -> None:
    case_id = make_case(store)
    _at(START)
    _exclude(store, case_id)
    (row,) = _register(store, START)
    assert (row.what, row.started_on, row.ended_on, row.reviews) == (
        "Immediate exclusion",
        START,
        None,
        0,
    )
    assert row.terms == "Immediate exclusion: Excluded from all clinical work"
    assert row.clock.flags == ("Practitioner Performance Advice not recorded at the start",)
    with store.session() as session:
        session.add(
            ExternalReferral(
                case_id=case_id,
                kind=ExternalReferralKind.PRACTITIONER_PERFORMANCE_ADVICE,
                status=ExternalReferralStatus.MADE,
                proposed_on=START,
                made_on=START,
                status_changed_on=START,
                created_by_id=store.user.id,
            )
        )
        session.commit()
    later = START + timedelta(days=29)
    (row,) = _register(store, later)
    assert row.clock.flags == ("review overdue since 30 Mar 2026",)
    _at(later)
    _review(store, case_id, ends=False)
    (row,) = _register(store, later)
    assert row.reviews == 1 and row.clock.review_due == later + timedelta(weeks=4)
    assert row.clock.flags == ()
    ended = later + timedelta(days=10)
    _at(ended)
    _review(store, case_id, ends=True)
    assert _register(store, ended, current_only=True) == []
    (row,) = _register(store, ended)
    assert row.ended_on == ended and row.clock.days == 39
    with store.session() as session, pytest.raises(ValidationError, match="no current"):
        exclusions.review(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=_version(store, case_id),
            ends=False,
            rationale="Again.",
        )


def test_the_monthly_return_holds_what_was_in_force_that_month(store: Store) -> None:
    march = make_case(store)
    may = make_case(
        store, reference="C-000002", family_name="Maywell", registration_number="7000002"
    )
    _at(START)
    _exclude(store, march, terms='=HYPERLINK("http://x") kept as text')
    _at(date(2026, 3, 20))
    _review(store, march, ends=True)
    _at(date(2026, 5, 4))
    _exclude(store, may)
    with store.session() as session:
        in_march = exclusions.monthly_return(
            session=session, year=2026, month=3, today=date(2026, 6, 1)
        )
        in_april = exclusions.monthly_return(
            session=session, year=2026, month=4, today=date(2026, 6, 1)
        )
        in_may = exclusions.monthly_return(
            session=session, year=2026, month=5, today=date(2026, 6, 1)
        )
        content, count = exclusions.return_workbook(
            session=session, actor_id=store.user.id, year=2026, month=3, today=date(2026, 6, 1)
        )
        with pytest.raises(ValidationError, match="YYYY-MM"):
            exclusions.monthly_return(session=session, year=2026, month=13, today=date(2026, 6, 1))
    assert [row.case_id for row in in_march] == [march]
    assert in_april == []
    assert [row.case_id for row in in_may] == [may]
    assert count == 1
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    values = [cell.value for cell in sheet[5]]
    assert values[3] == 'Immediate exclusion: =HYPERLINK("http://x") kept as text'
    assert sheet.cell(row=5, column=4).data_type == "s"  # text, never a formula

"""Principle 5 of the fairness framework reachable: an immediate or interim action and a
substantive disposal are decisions a user records, with reasons against the factors the
framework lists (5.1.1, 5.2.3), and each opens its part of the checklist.

Before, nothing recorded either: 5.1 was "not reached" on every case, and 5.2 opened only on
closure, so the checklist kept with a closure always had 5.2 blank.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from remedy_tui.services.case import cases, principle5
from remedy_tui.services.case.principle5 import DisposalDraft, ImmediateActionDraft, factors_of
from remedy_tui.services.checklist import answers
from remedy_tui.services.common.decisions import decision_detail
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Case,
    ChecklistResponse,
    Decision,
    DecisionKind,
    DecisionOutcome,
    TimelineEntry,
)
from remedy_tui.views.framework import load_edition
from tests.helpers.cases import make_case

pytestmark = pytest.mark.usefixtures("frozen_clock")

SEVEN = tuple(f"Reasons on factor {n}" for n in range(1, 8))
EIGHT = tuple(f"Reasons on factor {n}" for n in range(1, 9))


def _reached(store: Store, case_id: int) -> tuple[bool, bool]:
    parts = {part.id: part for p in load_edition().principles for part in p.parts}
    part_51, part_52 = parts["5.1"], parts["5.2"]
    with store.session() as session:
        state = answers.state(session=session, case_id=case_id)
    return state.part_reached(part_51), state.part_reached(part_52)


def _immediate(store: Store, case_id: int, draft: ImmediateActionDraft) -> int:
    with store.session() as session:
        return principle5.record_immediate_action(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            draft=draft,
        )


def _count(store: Store, model: type) -> int:
    with store.session() as session:
        return len(session.exec(select(model)).all())


def test_the_forms_ask_the_factors_the_framework_lists() -> None:
    assert factors_of("5.1.1")[0] == "An assessment of the evidence"
    assert len(factors_of("5.1.1")) == 7
    assert factors_of("5.2.3")[-1].startswith("The reason/s why the outcome is considered")
    assert len(factors_of("5.2.3")) == 8


def test_no_part_of_principle_5_is_reached_before_its_decision(store: Store) -> None:
    case_id = make_case(store)
    assert _reached(store, case_id) == (False, False)


def test_a_restriction_is_recorded_with_its_reasons_and_opens_5_1(store: Store) -> None:
    case_id = make_case(store)
    decision_id = _immediate(
        store,
        case_id,
        ImmediateActionDraft(
            action=DecisionOutcome.RESTRICTION_OF_PRACTICE,
            terms="No solo on-call; clinics supervised",
            factors=SEVEN,
            options="Exclusion; restriction; no action",
            rationale="Restriction is the minimum that keeps patients safe.",
        ),
    )
    assert _reached(store, case_id) == (True, False)
    with store.session() as session:
        decision = session.get(Decision, decision_id)
        assert decision is not None
        assert decision.kind is DecisionKind.RESTRICTION
        assert decision.code is DecisionOutcome.RESTRICTION_OF_PRACTICE
        assert decision.outcome == "Restriction of practice: No solo on-call; clinics supervised"
        detail = decision_detail(session=session, decision_id=decision_id)
        entry = session.exec(select(TimelineEntry)).one()
    headings = [factor for factor, _ in detail.factors]
    assert headings[0] == "Terms of the action"
    assert headings[1:8] == list(factors_of("5.1.1"))
    assert headings[8] == "Options considered (5.1.5)"
    assert [reasons for _, reasons in detail.factors][1:8] == list(SEVEN)
    assert entry.title == "Immediate action (5.1): Restriction of practice"


def test_deciding_no_immediate_action_is_needed_is_documented_too(store: Store) -> None:
    """5.1.1: the factors are documented "if none considered necessary" as well."""
    case_id = make_case(store)
    _immediate(
        store,
        case_id,
        ImmediateActionDraft(
            action=DecisionOutcome.NO_IMMEDIATE_ACTION,
            factors=SEVEN,
            options="Restriction; no action",
            rationale="The concern is historic and remediated.",
        ),
    )
    assert _reached(store, case_id)[0]
    with store.session() as session:
        decision = session.exec(select(Decision)).one()
    assert decision.kind is DecisionKind.IMMEDIATE_ACTION
    assert decision.code is DecisionOutcome.NO_IMMEDIATE_ACTION


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"factors": (*SEVEN[:3], "  ", *SEVEN[4:])}, "factor-4", "The practitioner"),
        ({"factors": SEVEN[:6]}, "factor-1", "each of the 7 factors"),
        ({"options": ""}, "options", "5.1.5"),
        ({"alternatives": ""}, "alternatives", "5.1.6"),
        ({"terms": ""}, "terms", "terms of the action"),
        ({"rationale": ""}, "rationale", "needs its rationale"),
    ],
)
def test_an_exclusion_missing_any_reason_is_refused_and_nothing_is_written(
    store: Store, change: dict[str, object], field: str, words: str
) -> None:
    case_id = make_case(store)
    draft = {
        "action": DecisionOutcome.IMMEDIATE_EXCLUSION,
        "terms": "Excluded from all clinical work",
        "factors": SEVEN,
        "options": "Restriction; exclusion",
        "alternatives": "Restriction could not be supervised at night.",
        "rationale": "Exclusion while the incident is investigated.",
        **change,
    }
    with pytest.raises(ValidationError) as refused:
        _immediate(store, case_id, ImmediateActionDraft(**draft))  # type: ignore[arg-type]
    assert refused.value.field == field
    assert words in str(refused.value)
    assert _count(store, Decision) == 0 and _count(store, TimelineEntry) == 0
    assert _reached(store, case_id) == (False, False)


def test_a_disposal_opens_5_2_so_a_closure_keeps_it_answered(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session:
        principle5.record_disposal(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            draft=DisposalDraft(
                outcome=DecisionOutcome.ACTION_PLAN,
                factors=EIGHT,
                rationale="An agreed action plan with a named supervisor.",
            ),
        )
    assert _reached(store, case_id) == (False, True)
    with store.session() as session:
        answers.answer(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            question_id="5.2.3",
            response=ChecklistResponse.YES,
            rationale="The disposal's reasons address every factor.",
            seen_answer_id=None,
        )
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        cases.close_case(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=case.version,
            reason="Action plan agreed",
            rationale="Support ends with the agreed plan.",
            confirmed=True,  # the other questions are unanswered: closed with eyes open
        )
    with store.session() as session:
        closure = session.exec(select(Decision).where(Decision.kind == DecisionKind.CLOSURE)).one()
    kept = {item["question"]: item for item in closure.checklist_snapshot or []}
    assert kept["5.2.3"]["response"] == "yes"


def test_a_disposal_needs_an_outcome_every_factor_and_an_open_case(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session, pytest.raises(ValidationError, match="Their assessment"):
        principle5.record_disposal(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            draft=DisposalDraft(
                outcome=DecisionOutcome.FORMAL_WARNING,
                factors=(*EIGHT[:6], "", EIGHT[7]),
                rationale="A formal warning.",
            ),
        )
    with store.session() as session, pytest.raises(ValidationError, match="Choose"):
        principle5.record_disposal(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            expected_version=1,
            draft=DisposalDraft(outcome=DecisionOutcome.CLOSED, factors=EIGHT, rationale="Closed."),
        )
    assert _count(store, Decision) == 0

"""The fairness checklist services: answering, history, follow-up actions, stages and snapshots."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import event
from sqlmodel import select

from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.checklist.actions import add_action
from remedy_tui.services.checklist.snapshots import decision_checklist
from remedy_tui.services.common.decisions import record_decision
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.validation import RATIONALE_LIMIT
from remedy_tui.store import Store
from remedy_tui.store.models import (
    DECISION_OUTCOMES,
    Action,
    ActionKind,
    Case,
    CaseStatus,
    ChecklistAnswer,
    ChecklistResponse,
    DecisionKind,
    Grade,
    Practitioner,
    Role,
    TimelineEntry,
    TimelineKind,
)
from remedy_tui.views.framework import FrameworkError
from tests.helpers.cases import add_colleague

YES, NO, UNKNOWN = ChecklistResponse.YES, ChecklistResponse.NO, ChecklistResponse.UNKNOWN


def make_case(store: Store, reference: str = "C-000001") -> int:
    """A case opened on 1 March 2026, answered against the first edition."""
    with store.session() as session:
        practitioner = Practitioner(given_names="Ada", family_name="Quill", grade=Grade.SAS)
        session.add(practitioner)
        session.flush()
        assert practitioner.id is not None
        case = Case(
            reference=reference,
            practitioner_id=practitioner.id,
            level=2,
            status=CaseStatus.OPEN,
            opened_on=date(2026, 3, 1),
            checklist_edition="fairness-framework-1",
        )
        session.add(case)
        session.commit()
        assert case.id is not None
        return case.id


def set_edition(store: Store, case_id: int, edition: str) -> None:
    """Point a case at another edition of the framework (one that may not exist)."""
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.checklist_edition = edition
        session.add(case)
        session.commit()


@pytest.fixture
def case_id(store: Store, frozen_clock: datetime) -> int:
    """A case in a fresh store, with the clock frozen."""
    return make_case(store)


def answer(
    store: Store,
    case_id: int,
    question: str,
    response: ChecklistResponse,
    rationale: str | None,
    seen: int | None = None,
) -> checklist.AnswerView:
    with store.session() as session:
        return checklist.answer(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            question_id=question,
            response=response,
            rationale=rationale,
            seen_answer_id=seen,
        )


def rows(store: Store) -> tuple[list[ChecklistAnswer], list[TimelineEntry]]:
    with store.session() as session:
        return (
            list(session.exec(select(ChecklistAnswer)).all()),
            list(session.exec(select(TimelineEntry)).all()),
        )


def test_an_answer_is_stored_with_the_case_edition_and_goes_on_the_timeline(
    store: Store, case_id: int, frozen_clock: datetime
) -> None:
    saved = answer(store, case_id, "1.2", NO, "  No named contact yet.  ")
    answers, entries = rows(store)
    assert [(a.question_id, a.response, a.rationale, a.edition) for a in answers] == [
        ("1.2", NO, "No named contact yet.", "fairness-framework-1")
    ]
    assert saved.answered_by == "Asha Example" and saved.answered_at == frozen_clock
    assert [(e.kind, e.title, e.body) for e in entries] == [
        (TimelineKind.CHECKLIST, "Fairness 1.2: No", "No named contact yet.")
    ]


def test_an_update_keeps_every_earlier_answer_in_the_history(store: Store, case_id: int) -> None:
    first = answer(store, case_id, "1.1", UNKNOWN, "Asked the trust how they first made contact.")
    second = answer(store, case_id, "1.1", YES, "Trust phoned; letter followed.", seen=first.id)
    with store.session() as session:
        state = checklist.state(session=session, case_id=case_id)
        history = checklist.history(session=session, case_id=case_id, question_id="1.1")
    assert state.current("1.1") == second
    assert [a.id for a in state.answers["1.1"]] == [second.id, first.id]
    assert [a.response for a in history] == [YES, UNKNOWN]
    assert state.summary().text == "1/41 answered, 0 No, 0 Unknown"


@pytest.mark.parametrize("response", [NO, UNKNOWN])
@pytest.mark.parametrize("empty", [None, "", "  \n\t "])
def test_a_no_or_unknown_without_a_rationale_is_refused_and_nothing_is_stored(
    store: Store, case_id: int, response: ChecklistResponse, empty: str | None
) -> None:
    with pytest.raises(ValidationError, match="needs its rationale") as refused:
        answer(store, case_id, "2.1", response, empty)
    assert refused.value.field == "rationale"
    assert "Nothing was saved" in str(refused.value)
    assert rows(store) == ([], [])


def test_a_yes_without_a_rationale_is_kept_and_marked_as_missing_its_reasons(
    store: Store, case_id: int
) -> None:
    saved = answer(store, case_id, "1.7", YES, "   ")
    assert saved.rationale is None and saved.reasons_missing
    with store.session() as session:
        summary = checklist.summary(session=session, case_id=case_id)
    assert summary.reasons_missing == 1
    assert rows(store)[1][0].title == "Fairness 1.7: Yes (reasons missing)"


def test_markup_is_stored_as_typed_and_escape_sequences_are_refused(
    store: Store, case_id: int
) -> None:
    saved = answer(store, case_id, "1.3", NO, "[bold]x[/] and [link=http://e]y[/link]")
    assert saved.rationale == "[bold]x[/] and [link=http://e]y[/link]"
    with pytest.raises(ValidationError, match="control characters"):
        answer(store, case_id, "1.4", UNKNOWN, "fine\x1b[31m red", seen=None)
    with pytest.raises(ValidationError, match="too long"):
        answer(store, case_id, "1.4", UNKNOWN, "x" * (RATIONALE_LIMIT + 1))
    assert len(rows(store)[0]) == 1


def test_a_question_outside_the_case_edition_is_refused(store: Store, case_id: int) -> None:
    with pytest.raises(NotFoundError, match="Question 9.9 is not in the edition"):
        answer(store, case_id, "9.9", YES, "x")
    with pytest.raises(NotFoundError, match="no case"):
        answer(store, 9999, "1.1", YES, "x")


def test_answering_over_a_colleagues_newer_answer_is_refused_and_names_them(
    store: Store, case_id: int
) -> None:
    first = answer(store, case_id, "1.5", UNKNOWN, "Not yet asked.")
    with pytest.raises(checklist.AnswerChangedError) as refused:
        answer(store, case_id, "1.5", YES, "Signposted.", seen=None)  # saw it unanswered
    assert "Asha Example answered 1.5 (Unknown)" in str(refused.value)
    assert "nothing was saved" in str(refused.value)
    assert refused.value.current.id == first.id
    assert len(rows(store)[0]) == 1
    answer(store, case_id, "1.5", YES, "Signposted.", seen=refused.value.current.id)
    assert len(rows(store)[0]) == 2


def follow_up(store: Store, case_id: int, question: str = "1.2", **changes: object) -> object:
    values: dict[str, object] = {
        "description": "Name a point of contact and write to the practitioner.",
        "owner_id": store.user.id,
        "owner_name": None,
        "due_on": "2026-12-06",
    }
    values.update(changes)
    with store.session() as session:
        return add_action(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            question_id=question,
            **values,  # type: ignore[arg-type]
        )


def test_a_no_becomes_a_follow_up_action_linked_to_its_question(store: Store, case_id: int) -> None:
    answer(store, case_id, "1.2", NO, "No named contact yet.")
    made = follow_up(store, case_id)
    with store.session() as session:
        action = session.exec(select(Action)).one()
        state = checklist.state(session=session, case_id=case_id)
        entries = session.exec(
            select(TimelineEntry).where(TimelineEntry.kind == TimelineKind.ACTION)
        ).all()
    assert action.checklist_question == "1.2"
    assert action.checklist_edition == "fairness-framework-1"
    assert action.kind is ActionKind.ACTION and action.due_on == date(2026, 12, 6)
    assert state.actions["1.2"] == (made,)
    assert state.actions["1.2"][0].owner == "Asha Example"
    assert entries[0].title.startswith("Action from fairness 1.2 (No), due 2026-12-06")


def test_an_action_can_be_owned_by_someone_outside_the_team(store: Store, case_id: int) -> None:
    answer(store, case_id, "2.5", UNKNOWN, "Clinical advice not yet considered.")
    made = follow_up(store, case_id, "2.5", owner_id=None, owner_name="Dr T. P. Director")
    assert made.owner == "Dr T. P. Director"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"due_on": "2026-02-28"}, "due_on", r"before the case opened \(2026-03-01\)"),
        ({"due_on": "2026-02-30"}, "due_on", "not a real date"),
        ({"due_on": "next week"}, "due_on", "is not a date"),
        ({"due_on": ""}, "due_on", "is required"),
        ({"due_on": "2036-01-01"}, "due_on", "more than five years away"),
        ({"owner_id": None, "owner_name": " "}, "owner_name", "Say who owns the action"),
        ({"owner_id": 999}, "owner_id", "not an active user"),
        ({"description": " "}, "description", "is required"),
        ({"description": "chase \x1b]8;;x"}, "description", "control characters"),
    ],
)
def test_bad_follow_up_details_are_refused_and_nothing_is_stored(
    store: Store, case_id: int, changes: dict[str, object], field: str, message: str
) -> None:
    answer(store, case_id, "1.2", NO, "No named contact yet.")
    with pytest.raises(ValidationError, match=message) as refused:
        follow_up(store, case_id, **changes)
    assert refused.value.field == field
    with store.session() as session:
        assert session.exec(select(Action)).all() == []


def test_only_a_no_or_unknown_becomes_an_action(store: Store, case_id: int) -> None:
    with pytest.raises(ValidationError, match="1.2 is not answered"):
        follow_up(store, case_id)
    answer(store, case_id, "1.2", YES, "Done.")
    with pytest.raises(ValidationError, match="1.2 is answered Yes"):
        follow_up(store, case_id)


def decide(store: Store, case_id: int, kind: DecisionKind) -> int:
    with store.session() as session:
        decision = record_decision(
            session=session,
            actor_id=store.user.id,
            kind=kind,
            code=min(DECISION_OUTCOMES[kind]),
            outcome=kind.label,
            rationale="Reasons given in the letter of 20 November.",
            case_id=case_id,
        )
        session.commit()
        assert decision.id is not None
        return decision.id


def test_the_stages_of_principle_5_are_reached_by_decisions(store: Store, case_id: int) -> None:
    def reached() -> frozenset[str]:
        with store.session() as session:
            return checklist.state(session=session, case_id=case_id).stages_reached

    assert reached() == frozenset()
    decide(store, case_id, DecisionKind.LEVEL_CHANGE)
    assert reached() == frozenset()
    decide(store, case_id, DecisionKind.RESTRICTION)  # a restriction of practice is 5.1
    assert reached() == {"immediate_action"}
    decide(store, case_id, DecisionKind.IMMEDIATE_ACTION)
    assert reached() == {"immediate_action"}
    decide(store, case_id, DecisionKind.CLOSURE)  # 5.2 names case closure as a disposal
    assert reached() == {"immediate_action", "disposal"}


def test_a_part_with_answers_is_shown_even_before_its_stage(store: Store, case_id: int) -> None:
    answer(store, case_id, "5.2.6", YES, "Outcome letter sent.")
    with store.session() as session:
        state = checklist.state(session=session, case_id=case_id)
    immediate, disposal = state.framework.principles[4].parts
    assert not state.part_reached(immediate)
    assert state.part_reached(disposal)


def test_the_checklist_kept_with_a_decision_reads_back_as_it_stood(
    store: Store, case_id: int
) -> None:
    first = answer(store, case_id, "1.1", UNKNOWN, "Asked the trust.")
    decision_id = decide(store, case_id, DecisionKind.IMMEDIATE_ACTION)
    answer(store, case_id, "1.1", YES, "Trust confirmed.", seen=first.id)
    with store.session() as session:
        kept = decision_checklist(session=session, decision_id=decision_id)
    assert kept.kept and kept.kind is DecisionKind.IMMEDIATE_ACTION
    assert kept.reference == "C-000001" and kept.practitioner == "Dr Ada Quill"
    assert list(kept.answers) == ["1.1"]
    assert kept.answers["1.1"].response is UNKNOWN
    assert kept.answers["1.1"].rationale == "Asked the trust."
    assert kept.summary().text == "1/41 answered, 0 No, 1 Unknown"
    with store.session() as session, pytest.raises(NotFoundError):
        decision_checklist(session=session, decision_id=9999)


def test_summaries_for_a_page_of_cases_take_one_query(store: Store, case_id: int) -> None:
    other = make_case(store, "C-000002")
    answer(store, case_id, "1.1", NO, "Not yet.")
    answer(store, case_id, "1.2", YES, None)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.session() as session:
            found = checklist.summaries(session=session, case_ids=[case_id, other])
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert found[case_id].text == "2/41 answered, 1 No, 0 Unknown"
    assert found[case_id].short == "2/41 1N" and found[case_id].reasons_missing == 1
    assert found[other].text == "0/41 answered, 0 No, 0 Unknown"


def test_a_disabled_colleague_cannot_own_a_new_action(store: Store, case_id: int) -> None:
    gone_id = add_colleague(store, "gone", "Gone Away", role=Role.TPD, active=False)
    answer(store, case_id, "1.2", NO, "No named contact yet.")
    with pytest.raises(ValidationError, match="not an active user"):
        follow_up(store, case_id, owner_id=gone_id)


def test_a_case_whose_edition_cannot_be_read_still_has_a_summary(
    store: Store, case_id: int
) -> None:
    set_edition(store, case_id, "fairness-framework-9")
    with store.session() as session:
        found = checklist.summaries(session=session, case_ids=[case_id])
        assert found[case_id].text == "0/? answered, 0 No, 0 Unknown"
        with pytest.raises(
            FrameworkError, match="unknown framework edition 'fairness-framework-9'"
        ):
            checklist.state(session=session, case_id=case_id)

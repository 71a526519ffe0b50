"""Shared services: suggested levels, decisions, checklist summaries, stale writes, data files."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.common.conflicts import check_version
from remedy_tui.services.common.decisions import record_decision
from remedy_tui.services.common.errors import ConflictError, ValidationError
from remedy_tui.services.common.reference_data import (
    concern_areas,
    csg_roles,
    equality_monitoring,
    mediation_conditions,
    regulator_prompts,
)
from remedy_tui.services.triage.levels import suggest_level
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Case,
    CaseStatus,
    ChecklistAnswer,
    ChecklistResponse,
    Decision,
    DecisionKind,
    DecisionOutcome,
    Grade,
    Practitioner,
    Severity,
    TimelineEntry,
)


def _case(store: Store) -> int:
    with store.session() as session:
        practitioner = Practitioner(given_names="Ada", family_name="Level", grade=Grade.SAS)
        session.add(practitioner)
        session.flush()
        assert practitioner.id is not None
        case = Case(
            reference="C-000001",
            practitioner_id=practitioner.id,
            level=2,
            status=CaseStatus.OPEN,
            opened_on=date(2026, 1, 1),
            checklist_edition="fairness-framework-1",
        )
        session.add(case)
        session.commit()
        assert case.id is not None
        return case.id


def test_a_high_severity_suggests_level_3_with_the_area_named() -> None:
    suggestion = suggest_level({"clinical": Severity.HIGH, "health": Severity.LOW})
    assert suggestion.level == 3
    assert suggestion.reasons == ("Clinical knowledge and skills: high severity",)


def test_two_moderate_areas_suggest_level_2_and_low_ones_level_1() -> None:
    two = suggest_level({"clinical": Severity.MODERATE, "teamwork": Severity.MODERATE})
    assert two.level == 2 and "2 areas" in two.reasons[0]
    assert suggest_level({"clinical": Severity.LOW}).level == 1
    assert suggest_level({}).level is None
    incident = suggest_level({"clinical": Severity.LOW}, ["serious_incident"])
    assert incident.level == 2 and "serious incident" in " ".join(incident.reasons)


def test_a_decision_without_a_rationale_is_refused_and_nothing_is_stored(store: Store) -> None:
    case_id = _case(store)
    with store.session() as session:
        for empty in ("", "   \n  ", None):
            with pytest.raises(ValidationError, match="needs its rationale"):
                record_decision(
                    session=session,
                    actor_id=store.user.id,
                    kind=DecisionKind.LEVEL_CHANGE,
                    code=DecisionOutcome.LEVEL_RAISED,
                    outcome="Level 2 to 3",
                    rationale=empty,
                    case_id=case_id,
                )
        session.commit()
    with store.session() as session:
        assert session.exec(select(Decision)).all() == []


def test_a_decision_keeps_the_checklist_as_it_stood_and_goes_on_the_timeline(
    store: Store,
) -> None:
    case_id = _case(store)
    with store.session() as session:
        session.add(
            ChecklistAnswer(
                case_id=case_id,
                edition="fairness-framework-1",
                question_id="1.1",
                response=ChecklistResponse.NO,
                rationale="Not yet; first contact next week.",
                answered_by_id=store.user.id,
            )
        )
        session.commit()
        decision = record_decision(
            session=session,
            actor_id=store.user.id,
            kind=DecisionKind.LEVEL_CHANGE,
            code=DecisionOutcome.LEVEL_RAISED,
            outcome="Level 2 to 3",
            rationale="New information from the trust.",
            case_id=case_id,
            from_value="2",
            to_value="3",
        )
        session.commit()
        entry = session.exec(select(TimelineEntry)).one()
    assert decision.checklist_snapshot == [
        {
            "question": "1.1",
            "edition": "fairness-framework-1",
            "response": "no",
            "rationale": "Not yet; first contact next week.",
            "answered_by": "Asha Example",
            "answered_at": decision.checklist_snapshot[0]["answered_at"],
            "earlier": [],
        }
    ]
    assert entry.decision_id == decision.id and entry.body == "New information from the trust."


def test_the_fairness_summary_counts_the_latest_answers(store: Store) -> None:
    case_id = _case(store)
    with store.session() as session:
        for question, response, rationale in (
            ("1.1", ChecklistResponse.UNKNOWN, "Asked the trust."),
            ("1.1", ChecklistResponse.YES, "Trust confirmed."),  # supersedes the Unknown
            ("1.2", ChecklistResponse.NO, "Not yet."),
            ("1.3", ChecklistResponse.YES, None),
        ):
            session.add(
                ChecklistAnswer(
                    case_id=case_id,
                    edition="fairness-framework-1",
                    question_id=question,
                    response=response,
                    rationale=rationale,
                    answered_by_id=store.user.id,
                )
            )
            session.commit()
        summary = checklist.summary(session=session, case_id=case_id)
        history = checklist.history(session=session, case_id=case_id, question_id="1.1")
    assert summary.text == "3/41 answered, 1 No, 0 Unknown"
    assert summary.reasons_missing == 1
    assert [a.response for a in history] == [ChecklistResponse.YES, ChecklistResponse.UNKNOWN]


def test_a_stale_write_names_who_changed_what(store: Store) -> None:
    case_id = _case(store)
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.next_review_on = date(2026, 2, 1)
        session.add(case)
        session.commit()
        with pytest.raises(ConflictError) as refused:
            check_version(session=session, record=case, expected_version=1, what="This case")
    message = str(refused.value)
    assert "Asha Example" in message and "next review on" in message
    assert "nothing was saved" in message


def test_the_reference_data_files_load() -> None:
    assert len(concern_areas().areas) == 7
    assert csg_roles().chair.code == "deputy_dme"
    assert len(csg_roles().roles) == 9
    assert len(mediation_conditions().conditions) == 6
    assert equality_monitoring().label_for("ethnicity", "prefer_not_to_say") == "Prefer not to say"
    assert {m.code for m in regulator_prompts().mandatory_matters} >= {
        "conviction",
        "caution",
        "charge",
    }

"""The fairness framework as answered for a case: current answers, summaries and snapshots.

Answers are append-only (``ChecklistAnswer``): the current answer to a question is its latest
row, and earlier rows stay readable as its history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui.services.framework import load_edition
from remedy_tui.store.models import Case, ChecklistAnswer, ChecklistResponse, User


@dataclass(frozen=True)
class AnswerView:
    """One answer as shown: what, why, who and when."""

    id: int
    question_id: str
    response: ChecklistResponse
    rationale: str | None
    answered_by: str
    answered_at: datetime
    edition: str


@dataclass(frozen=True)
class FairnessSummary:
    """How far a case's framework has been answered."""

    questions: int
    answered: int
    no: int
    unknown: int
    reasons_missing: int

    @property
    def text(self) -> str:
        """The short form lists show, e.g. "31/41 answered, 3 No, 5 Unknown"."""
        return f"{self.answered}/{self.questions} answered, {self.no} No, {self.unknown} Unknown"


def _latest_ids(case_ids: Iterable[int]) -> Any:
    return (
        sa_select(func.max(col(ChecklistAnswer.id)))
        .where(col(ChecklistAnswer.case_id).in_(list(case_ids)))
        .group_by(col(ChecklistAnswer.case_id), col(ChecklistAnswer.question_id))
    )


def current_answers(*, session: Session, case_id: int) -> dict[str, AnswerView]:
    """The latest answer to each question of a case, by question id."""
    rows = session.execute(
        sa_select(ChecklistAnswer, col(User.full_name))
        .join(User, col(User.id) == col(ChecklistAnswer.answered_by_id))
        .where(col(ChecklistAnswer.id).in_(_latest_ids([case_id])))
    ).all()
    return {answer.question_id: _view(answer, name) for answer, name in rows}


def history(*, session: Session, case_id: int, question_id: str) -> list[AnswerView]:
    """Every answer ever given to one question of a case, newest first."""
    rows = session.execute(
        sa_select(ChecklistAnswer, col(User.full_name))
        .join(User, col(User.id) == col(ChecklistAnswer.answered_by_id))
        .where(
            col(ChecklistAnswer.case_id) == case_id, col(ChecklistAnswer.question_id) == question_id
        )
        .order_by(col(ChecklistAnswer.id).desc())
    ).all()
    return [_view(answer, name) for answer, name in rows]


def _view(answer: ChecklistAnswer, name: str) -> AnswerView:
    assert answer.id is not None
    return AnswerView(
        answer.id,
        answer.question_id,
        answer.response,
        answer.rationale,
        name,
        answer.answered_at,
        answer.edition,
    )


def summaries(*, session: Session, case_ids: Iterable[int]) -> dict[int, FairnessSummary]:
    """The fairness summary of each case (cases with no answers included), in one query."""
    ids = list(case_ids)
    if not ids:
        return {}
    editions = dict(
        session.execute(
            sa_select(col(Case.id), col(Case.checklist_edition)).where(col(Case.id).in_(ids))
        ).all()
    )
    counts: dict[int, list[int]] = {case_id: [0, 0, 0, 0] for case_id in ids}
    rows = session.execute(
        sa_select(
            col(ChecklistAnswer.case_id),
            col(ChecklistAnswer.response),
            col(ChecklistAnswer.rationale),
        ).where(col(ChecklistAnswer.id).in_(_latest_ids(ids)))
    ).all()
    for case_id, response, rationale in rows:
        tally = counts[case_id]
        tally[0] += 1
        if response is ChecklistResponse.NO:
            tally[1] += 1
        elif response is ChecklistResponse.UNKNOWN:
            tally[2] += 1
        elif not (rationale or "").strip():
            tally[3] += 1
    result = {}
    for case_id, (answered, no, unknown, missing) in counts.items():
        edition = editions.get(case_id)
        questions = len(load_edition(edition).question_ids()) if edition else 0
        result[case_id] = FairnessSummary(questions, answered, no, unknown, missing)
    return result


def summary(*, session: Session, case_id: int) -> FairnessSummary:
    """The fairness summary of one case."""
    return summaries(session=session, case_ids=[case_id])[case_id]


def snapshot(*, session: Session, case_id: int) -> list[dict[str, Any]]:
    """The framework as it stands for a case, to keep with a decision."""
    answers = current_answers(session=session, case_id=case_id)
    return [
        {
            "question": answer.question_id,
            "edition": answer.edition,
            "response": answer.response.value,
            "rationale": answer.rationale,
            "answered_by": answer.answered_by,
            "answered_at": answer.answered_at.isoformat(),
        }
        for answer in sorted(answers.values(), key=lambda a: _order_key(a.question_id))
    ]


def _order_key(question_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in question_id.split("."))

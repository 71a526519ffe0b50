"""The fairness framework as answered for a case: answers, follow-up actions, summaries, snapshots.

Answers are append-only (``ChecklistAnswer``): the current answer to a question is its latest
row, and earlier rows stay readable as its history ("Rationale and updates").
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, String, and_, bindparam, func, type_coerce
from sqlalchemy import case as sql_case
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.services.case import timeline
from remedy_tui.services.common.errors import ConflictError, NotFoundError, ValidationError
from remedy_tui.services.common.validation import clean_rationale
from remedy_tui.store.models import (
    Action,
    ActionStatus,
    Case,
    ChecklistAnswer,
    ChecklistResponse,
    Decision,
    DecisionKind,
    Practitioner,
    TimelineKind,
    User,
)
from remedy_tui.views.checklist import (
    AnswerView as AnswerView,
)
from remedy_tui.views.checklist import (
    ChecklistAction as ChecklistAction,
)
from remedy_tui.views.checklist import (
    ChecklistState as ChecklistState,
)
from remedy_tui.views.checklist import (
    FairnessSummary as FairnessSummary,
)
from remedy_tui.views.checklist import (
    ShownAnswer as ShownAnswer,
)
from remedy_tui.views.checklist import (
    tally as tally,
)
from remedy_tui.views.framework import (
    FrameworkError,
    Question,
    load_edition,
)

# The decisions that bring a case to the stages of principle 5. Part 5.2 names case closure
# among the substantive disposals, so a closure reaches it too; an exclusion or a restriction
# of practice is immediate action (5.1).
STAGE_DECISIONS: Mapping[str, frozenset[DecisionKind]] = {
    "immediate_action": frozenset(
        {DecisionKind.IMMEDIATE_ACTION, DecisionKind.EXCLUSION, DecisionKind.RESTRICTION}
    ),
    "disposal": frozenset({DecisionKind.DISPOSAL, DecisionKind.CLOSURE}),
}


class AnswerChangedError(ConflictError):
    """Someone answered the question after the user last saw it; nothing was saved."""

    def __init__(self, message: str, current: AnswerView) -> None:
        super().__init__(message)
        self.current = current


def _latest_ids(which_cases: ColumnElement[bool]) -> Any:
    """The id of the latest answer to each question of the cases ``which_cases`` picks."""
    return (
        sa_select(func.max(col(ChecklistAnswer.id)))
        .where(which_cases)
        .group_by(col(ChecklistAnswer.case_id), col(ChecklistAnswer.question_id))
    )


def _answers_with_names() -> Any:
    # Plain columns in AnswerView's order: no ORM objects to build for a read-only view.
    return sa_select(
        col(ChecklistAnswer.id),
        col(ChecklistAnswer.question_id),
        col(ChecklistAnswer.response),
        col(ChecklistAnswer.rationale),
        col(User.full_name),
        col(ChecklistAnswer.answered_at),
        col(ChecklistAnswer.edition),
    ).join(User, col(User.id) == col(ChecklistAnswer.answered_by_id))


@functools.cache
def _current_answers_statement() -> Any:
    """Built once, with the case as a parameter (building it cost more than running it)."""
    latest = _latest_ids(col(ChecklistAnswer.case_id) == bindparam("case_id"))
    return _answers_with_names().where(col(ChecklistAnswer.id).in_(latest))


def current_answers(*, session: Session, case_id: int) -> dict[str, AnswerView]:
    """The latest answer to each question of a case, by question id."""
    rows = session.execute(_current_answers_statement(), {"case_id": case_id}).all()
    return {row.question_id: AnswerView(*row) for row in rows}


def history(*, session: Session, case_id: int, question_id: str) -> list[AnswerView]:
    """Every answer ever given to one question of a case, newest first."""
    rows = session.execute(
        _answers_with_names()
        .where(
            col(ChecklistAnswer.case_id) == case_id, col(ChecklistAnswer.question_id) == question_id
        )
        .order_by(col(ChecklistAnswer.id).desc())
    ).all()
    return [AnswerView(*row) for row in rows]


@functools.cache
def _summaries_statement() -> Any:
    """The summaries query, built once with the case ids as an expanding parameter: building
    it took longer than running it (7 ms against 1.3 ms for a page of 40 cases)."""
    ids: Any = bindparam("case_ids", expanding=True)
    latest = aliased(ChecklistAnswer)
    response = type_coerce(col(latest.response), String)  # the stored value, compared as text

    def count_of(condition: Any) -> Any:
        return func.coalesce(func.sum(sql_case((condition, 1), else_=0)), 0)

    latest_ids = _latest_ids(col(ChecklistAnswer.case_id).in_(ids))
    blank = func.length(func.trim(func.coalesce(col(latest.rationale), ""))) == 0
    return (
        sa_select(
            col(Case.id),
            col(Case.checklist_edition),
            func.count(col(latest.id)),
            count_of(response == ChecklistResponse.NO.value),
            count_of(response == ChecklistResponse.UNKNOWN.value),
            count_of(and_(response == ChecklistResponse.YES.value, blank)),
        )
        .outerjoin(
            latest,
            and_(col(latest.case_id) == col(Case.id), col(latest.id).in_(latest_ids)),
        )
        .where(col(Case.id).in_(ids))
        .group_by(col(Case.id), col(Case.checklist_edition))
    )


def summaries(*, session: Session, case_ids: Iterable[int]) -> dict[int, FairnessSummary]:
    """The fairness summary of each case (cases with no answers included), in one query."""
    ids = list(case_ids)
    if not ids:
        return {}
    rows = session.execute(_summaries_statement(), {"case_ids": ids}).all()
    questions: dict[str, int] = {}
    found: dict[int, FairnessSummary] = {}
    for case_id, edition, answered, no, unknown, missing in rows:
        if edition not in questions:
            questions[edition] = _question_count(edition)
        found[case_id] = FairnessSummary(questions[edition], answered, no, unknown, missing)
    return found


def _question_count(edition: str) -> int:
    """How many questions an edition has; 0 (shown as "?") if its file cannot be read, so a
    list of cases still shows rather than failing for one missing edition."""
    try:
        return len(load_edition(edition).question_ids())
    except FrameworkError:
        return 0


def summary(*, session: Session, case_id: int) -> FairnessSummary:
    """The fairness summary of one case."""
    return summaries(session=session, case_ids=[case_id])[case_id]


def snapshot(*, session: Session, case_id: int) -> list[dict[str, Any]]:
    """The framework as it stands for a case, to keep with a decision: each question's current
    answer, and under "earlier" the answers before it, oldest first (its rationale and
    updates)."""
    every: dict[str, list[AnswerView]] = {}
    for row in session.execute(
        _answers_with_names()
        .where(col(ChecklistAnswer.case_id) == case_id)
        .order_by(col(ChecklistAnswer.id))
    ).all():
        every.setdefault(row.question_id, []).append(AnswerView(*row))
    return [
        {**_kept(found[-1]), "earlier": [_kept(a) for a in found[:-1]]}
        for _question, found in sorted(every.items(), key=lambda pair: order_key(pair[0]))
    ]


def _kept(answer: AnswerView) -> dict[str, Any]:
    return {
        "question": answer.question_id,
        "edition": answer.edition,
        "response": answer.response.value,
        "rationale": answer.rationale,
        "answered_by": answer.answered_by,
        "answered_at": answer.answered_at.isoformat(),
    }


def order_key(question_id: str) -> tuple[int, ...]:
    """Sorts question ids as the framework orders them (1.2 before 1.10)."""
    return tuple(int(part) for part in question_id.split("."))


# Reading the checklist of one case ----------------------------------------------------------


def practitioner_name(title: str | None, given: str | None, family: str | None) -> str:
    """A practitioner's name as lists and headings show it."""
    return " ".join(part for part in (title, given, family) if part)


def case_heading(session: Session, case_id: int) -> tuple[str, date, str, str]:
    """A case's reference, opening date, framework edition and practitioner's name."""
    row = session.execute(
        sa_select(
            col(Case.reference),
            col(Case.opened_on),
            col(Case.checklist_edition),
            col(Practitioner.title),
            col(Practitioner.given_names),
            col(Practitioner.family_name),
        )
        .join(Practitioner, col(Practitioner.id) == col(Case.practitioner_id))
        .where(col(Case.id) == case_id)
    ).first()
    if row is None:
        raise NotFoundError(f"There is no case {case_id}.")
    reference, opened_on, edition, title, given, family = row
    return reference, opened_on, edition, practitioner_name(title, given, family)


def state(*, session: Session, case_id: int) -> ChecklistState:
    """A case's framework: every answer (newest first), open actions and the stages reached."""
    reference, opened_on, edition, practitioner = case_heading(session, case_id)
    framework = load_edition(edition)
    answers: dict[str, list[AnswerView]] = {}
    for row in session.execute(
        _answers_with_names()
        .where(col(ChecklistAnswer.case_id) == case_id)
        .order_by(col(ChecklistAnswer.id).desc())
    ).all():
        answers.setdefault(row.question_id, []).append(AnswerView(*row))
    return ChecklistState(
        case_id=case_id,
        reference=reference,
        practitioner=practitioner,
        opened_on=opened_on,
        framework=framework,
        answers={qid: tuple(found) for qid, found in answers.items()},
        actions=open_actions(session=session, case_id=case_id),
        stages_reached=_stages_reached(session, case_id),
    )


def open_actions(*, session: Session, case_id: int) -> dict[str, tuple[ChecklistAction, ...]]:
    """The open actions raised from the case's checklist, by question id, soonest due first."""
    owner = aliased(User)
    rows = session.execute(
        sa_select(
            col(Action.id),
            col(Action.checklist_question),
            col(Action.description),
            col(owner.full_name),
            col(Action.owner_name),
            col(Action.due_on),
        )
        .outerjoin(owner, col(owner.id) == col(Action.owner_id))
        .where(
            col(Action.case_id) == case_id,
            col(Action.checklist_question).is_not(None),
            col(Action.status) == ActionStatus.OPEN.value,
        )
        .order_by(col(Action.due_on), col(Action.id))
    ).all()
    found: dict[str, list[ChecklistAction]] = {}
    for action_id, question_id, description, user_name, other_name, due_on in rows:
        owner_text = user_name or other_name or "no owner"
        found.setdefault(question_id, []).append(
            ChecklistAction(action_id, question_id, description, owner_text, due_on)
        )
    return {qid: tuple(actions) for qid, actions in found.items()}


def _stages_reached(session: Session, case_id: int) -> frozenset[str]:
    kinds = set(
        session.execute(
            sa_select(col(Decision.kind))
            .where(
                col(Decision.case_id) == case_id,
                col(Decision.kind).in_([k.value for ks in STAGE_DECISIONS.values() for k in ks]),
            )
            .distinct()
        ).scalars()
    )
    return frozenset(stage for stage, wanted in STAGE_DECISIONS.items() if kinds & wanted)


# Answering ---------------------------------------------------------------------------------


def case_and_question(session: Session, case_id: int, question_id: str) -> tuple[Case, Question]:
    """The case and the question of its edition, or a clear error."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case {case_id}.")
    try:
        question = load_edition(case.checklist_edition).question(question_id)
    except KeyError:
        raise NotFoundError(
            f"Question {question_id} is not in the edition of the framework this case is "
            f"answered against ({case.checklist_edition}); nothing was saved."
        ) from None
    return case, question


def latest_answer(session: Session, case_id: int, question_id: str) -> AnswerView | None:
    """The current answer to one question of a case, read afresh."""
    row = session.execute(
        _answers_with_names()
        .where(
            col(ChecklistAnswer.case_id) == case_id, col(ChecklistAnswer.question_id) == question_id
        )
        .order_by(col(ChecklistAnswer.id).desc())
        .limit(1)
    ).first()
    return AnswerView(*row) if row else None


def check_answer_rationale(response: ChecklistResponse, rationale: str | None) -> str | None:
    """The rationale, trimmed; refused when a No or an Unknown comes without one."""
    text = clean_rationale(rationale)
    if text is None and response is not ChecklistResponse.YES:
        raise ValidationError(
            "rationale",
            f"A{'n' if response is ChecklistResponse.UNKNOWN else ''} {response.label} needs its "
            "rationale: say what is missing or not yet known, and what will follow. "
            "Nothing was saved.",
        )
    return text


def answer(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    question_id: str,
    response: ChecklistResponse,
    rationale: str | None,
    seen_answer_id: int | None,
) -> AnswerView:
    """Answer (or update the answer to) one question; earlier answers stay in its history.

    ``seen_answer_id`` is the current answer the user was looking at (None if unanswered): if
    someone has answered since, nothing is saved and :class:`AnswerChangedError` says who.
    """
    text = check_answer_rationale(response, rationale)
    case, question = case_and_question(session, case_id, question_id)
    latest = latest_answer(session, case_id, question_id)
    if latest is not None and latest.id != seen_answer_id:
        when = clock.local_text(latest.answered_at)
        raise AnswerChangedError(
            f"{latest.answered_by} answered {question.id} ({latest.response.label}) at {when}, "
            "after you opened it, so nothing was saved. Their answer is shown above; "
            "save again (ctrl+s) to record yours after it.",
            latest,
        )
    row = ChecklistAnswer(
        case_id=case_id,
        edition=case.checklist_edition,
        question_id=question.id,
        response=response,
        rationale=text,
        answered_by_id=actor_id,
        answered_at=clock.now(),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    missing = " (reasons missing)" if text is None else ""
    timeline.add_entry(
        session=session,
        case_id=case_id,
        kind=TimelineKind.CHECKLIST,
        title=f"Fairness {question.id}: {response.label}{missing}",
        body=text,
        author_id=actor_id,
        occurred_at=row.answered_at,
    )
    user = session.get(User, actor_id)
    session.commit()
    return AnswerView(
        id=row.id,
        question_id=question.id,
        response=response,
        rationale=text,
        answered_by=user.full_name if user else "",
        answered_at=row.answered_at,
        edition=case.checklist_edition,
    )

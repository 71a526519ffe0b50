"""Follow-up actions raised from the fairness checklist: a No or an Unknown prompts further
inquiry, so it can become an action on the case, linked back to its question."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from remedy_tui import clock
from remedy_tui.services.case import timeline
from remedy_tui.services.checklist.answers import ChecklistAction, case_and_question, latest_answer
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.validation import clean_text, parse_date, required_text
from remedy_tui.store.models import (
    Action,
    ActionKind,
    ActionStatus,
    ChecklistResponse,
    TimelineKind,
    User,
)

DESCRIPTION_LIMIT = 2_000
OWNER_LIMIT = 200
FURTHEST_DUE = timedelta(days=5 * 366)


def add_action(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    question_id: str,
    description: str | None,
    owner_id: int | None,
    owner_name: str | None,
    due_on: str | None,
) -> ChecklistAction:
    """Turn a No or an Unknown into an action on the case, with an owner and a due date."""
    case, question = case_and_question(session, case_id, question_id)
    current = latest_answer(session, case_id, question_id)
    if current is None or current.response is ChecklistResponse.YES:
        now = "not answered" if current is None else "answered Yes"
        raise ValidationError(
            "description",
            f"Question {question.id} is {now}: only a No or an Unknown becomes a follow-up "
            "action. Nothing was saved.",
        )
    what = required_text(
        description,
        field="description",
        label="What is to be done",
        max_length=DESCRIPTION_LIMIT,
        multiline=True,
    )
    owner_text = _check_owner(session, owner_id, owner_name)
    due = parse_date(due_on, field="due_on", label="The due date", required=True)
    assert due is not None
    if due < case.opened_on:
        raise ValidationError(
            "due_on",
            f"The due date {due.isoformat()} is before the case opened "
            f"({case.opened_on.isoformat()}). Nothing was saved.",
        )
    if due > clock.today() + FURTHEST_DUE:
        raise ValidationError(
            "due_on",
            f"The due date {due.isoformat()} is more than five years away; check the year.",
        )
    action = Action(
        kind=ActionKind.ACTION,
        case_id=case_id,
        checklist_edition=case.checklist_edition,
        checklist_question=question.id,
        description=what,
        owner_id=owner_id,
        owner_name=None if owner_id is not None else owner_text,
        due_on=due,
        status=ActionStatus.OPEN,
        created_by_id=actor_id,
        created_at=clock.now(),
    )
    session.add(action)
    session.flush()
    assert action.id is not None
    timeline.add_entry(
        session=session,
        case_id=case_id,
        kind=TimelineKind.ACTION,
        title=f"Action from fairness {question.id} ({current.response.label}), due "
        f"{due.isoformat()}: {what}"[: timeline.TITLE_LIMIT],
        body=f"Owner: {owner_text}",
        author_id=actor_id,
    )
    session.commit()
    return ChecklistAction(action.id, question.id, what, owner_text, due)


def _check_owner(session: Session, owner_id: int | None, owner_name: str | None) -> str:
    if owner_id is not None:
        user = session.get(User, owner_id)
        if user is None or not user.active:
            raise ValidationError(
                "owner_id", "That colleague is not an active user of this store; choose another."
            )
        return user.full_name
    name = clean_text(owner_name, field="owner_name", label="The owner", max_length=OWNER_LIMIT)
    if name is None:
        raise ValidationError(
            "owner_name",
            "Say who owns the action: choose a colleague, or type the name of someone outside "
            "the team. Nothing was saved.",
        )
    return name

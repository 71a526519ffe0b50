"""Actions and follow-ups on a case: owner, due date, status, shared with the TPD.

The follow-up with the practitioner comes round at the interval the case manager sets
(seed 004): completing one schedules the next, and the case's next review date follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.services.case import timeline
from remedy_tui.services.case.case_dates import case_day
from remedy_tui.services.common.conflicts import check_version
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.paging import Page, count_rows
from remedy_tui.services.common.validation import clean_text, required_text
from remedy_tui.store.models import (
    Action,
    ActionKind,
    ActionStatus,
    Case,
    CaseStatus,
    TimelineKind,
    User,
)

DESCRIPTION_LIMIT = 5_000
NAME_LIMIT = 200
FOLLOW_UP = "Follow-up contact with the practitioner"


@dataclass(frozen=True)
class ActionQuery:
    """Which actions to list: the open ones only, or all of them (open first)."""

    open_only: bool = False


@dataclass(frozen=True)
class ActionRow:
    """One action as listed."""

    id: int
    version: int
    kind: ActionKind
    description: str
    owner: str
    due_on: date | None
    status: ActionStatus
    shared_with_tpd: bool
    completed_on: date | None
    checklist_question: str | None
    overdue: bool


def _owner_name(owner: str | None, owner_name: str | None) -> str:
    return owner or owner_name or ""


def _select() -> Select[Action, str]:
    return sa_select(Action, col(User.full_name)).outerjoin(
        User, col(User.id) == col(Action.owner_id)
    )


def _row(action: Action, owner: str | None, today: date) -> ActionRow:
    assert action.id is not None
    is_open = action.status is ActionStatus.OPEN
    return ActionRow(
        id=action.id,
        version=action.version,
        kind=action.kind,
        description=action.description,
        owner=_owner_name(owner, action.owner_name),
        due_on=action.due_on,
        status=action.status,
        shared_with_tpd=action.shared_with_tpd,
        completed_on=action.completed_on,
        checklist_question=action.checklist_question,
        overdue=bool(is_open and action.due_on is not None and action.due_on < today),
    )


def action_page(
    *,
    session: Session,
    case_id: int,
    query: ActionQuery,
    offset: int,
    limit: int,
    today: date | None = None,
) -> Page[ActionRow]:
    """One page of a case's actions: open ones first by due date, then the rest, latest first."""
    today = today or clock.today()
    offset = max(0, offset)
    conditions = [col(Action.case_id) == case_id]
    if query.open_only:
        conditions.append(col(Action.status) == ActionStatus.OPEN.value)
    is_open = case((col(Action.status) == ActionStatus.OPEN.value, 0), else_=1)
    rows = session.execute(
        _select()
        .where(*conditions)
        .order_by(
            is_open,
            col(Action.due_on).is_(None),
            case((is_open == 0, col(Action.due_on)), else_=None),
            col(Action.completed_on).desc(),
            col(Action.id).desc(),
        )
        .offset(offset)
        .limit(limit)
    ).all()
    total = count_rows(session, Action, *conditions)
    return Page(tuple(_row(a, owner, today) for a, owner in rows), int(total), offset, limit, query)


def overdue_counts(
    *, session: Session, case_ids: list[int], today: date | None = None
) -> dict[int, int]:
    """How many open actions are past their due date, for each of ``case_ids``, in one query."""
    if not case_ids:
        return {}
    today = today or clock.today()
    rows = session.execute(
        sa_select(col(Action.case_id), func.count())
        .where(
            col(Action.case_id).in_(case_ids),
            col(Action.status) == ActionStatus.OPEN.value,
            col(Action.due_on) < today,
        )
        .group_by(col(Action.case_id))
    ).all()
    return {int(case_id): int(n) for case_id, n in rows}


def _earliest_follow_up() -> Any:
    """A correlated subquery: the earliest open follow-up due on the case in the outer query."""
    return (
        sa_select(func.min(col(Action.due_on)))
        .where(
            col(Action.case_id) == col(Case.id),
            col(Action.kind) == ActionKind.FOLLOW_UP.value,
            col(Action.status) == ActionStatus.OPEN.value,
        )
        .scalar_subquery()
    )


def next_follow_up() -> Any:
    """The case's next follow-up: its review date or an earlier open follow-up, if any."""
    review = col(Case.next_review_on)
    action = _earliest_follow_up()
    return case(
        (review.is_(None), action),
        (and_(action.is_not(None), action < review), action),
        else_=review,
    )


def _case(session: Session, case_id: int) -> Case:
    found = session.get(Case, case_id)
    if found is None:
        raise NotFoundError(f"There is no case {case_id}; nothing was saved.")
    return found


def _owner(
    session: Session, owner_id: int | None, owner_name: str | None, actor_id: int
) -> tuple[int | None, str | None, str]:
    """(owner_id, owner_name, the name to show): a team member or someone outside the team."""
    name = clean_text(owner_name, field="owner_name", label="The owner", max_length=NAME_LIMIT)
    if name:
        return None, name, name
    user = session.get(User, owner_id if owner_id is not None else actor_id)
    if user is None or not user.active:
        raise ValidationError("owner_id", "Choose an owner from the team, or type a name.")
    return user.id, None, user.full_name


def add_action(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    description: str,
    due_on: date | str | None,
    kind: ActionKind = ActionKind.ACTION,
    owner_id: int | None = None,
    owner_name: str | None = None,
    shared_with_tpd: bool = False,
) -> int:
    """Add an action or follow-up with its owner and due date, and note it; commits."""
    action = new_action(
        session=session,
        actor_id=actor_id,
        case_id=case_id,
        description=description,
        due_on=due_on,
        kind=kind,
        owner_id=owner_id,
        owner_name=owner_name,
        shared_with_tpd=shared_with_tpd,
    )
    session.commit()
    assert action.id is not None
    return action.id


def new_action(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    description: str,
    due_on: date | str | None,
    kind: ActionKind = ActionKind.ACTION,
    owner_id: int | None = None,
    owner_name: str | None = None,
    shared_with_tpd: bool = False,
) -> Action:
    """:func:`add_action` without its commit (the caller commits)."""
    case_row = _case(session, case_id)
    text = required_text(
        description,
        field="description",
        label="The description",
        max_length=DESCRIPTION_LIMIT,
        multiline=True,
    )
    due = case_day(case_row, due_on, field="due_on", label="The due date", future=True)
    owner_id, owner_name, shown = _owner(session, owner_id, owner_name, actor_id)
    action = Action(
        kind=kind,
        case_id=case_id,
        description=text,
        owner_id=owner_id,
        owner_name=owner_name,
        due_on=due,
        status=ActionStatus.OPEN,
        shared_with_tpd=shared_with_tpd,
        created_by_id=actor_id,
    )
    session.add(action)
    if kind is ActionKind.FOLLOW_UP and (
        case_row.next_review_on is None or due < case_row.next_review_on
    ):
        case_row.next_review_on = due
        session.add(case_row)
    timeline.add_entry(
        session=session,
        case_id=case_id,
        kind=TimelineKind.ACTION,
        title=f"{kind.label} for {_first_line(shown, 60)}, due {due.isoformat()}: "
        f"{_first_line(text)}",
        body=text,
        author_id=actor_id,
    )
    return action


def _first_line(text: str, width: int = 80) -> str:
    return timeline.headline(text, width)


def _action_for_change(
    session: Session, action_id: int, expected_version: int
) -> tuple[Action, Case]:
    action = session.get(Action, action_id)
    if action is None or action.case_id is None:
        raise NotFoundError("That action no longer exists; nothing was saved.")
    check_version(
        session=session,
        record=action,
        expected_version=expected_version,
        what=f"The action {_first_line(action.description, 40)!r}",
    )
    return action, _case(session, action.case_id)


@dataclass(frozen=True)
class Completed:
    """What completing an action did: the next follow-up it scheduled, if any."""

    action_id: int
    next_follow_up_on: date | None


def complete_action(
    *,
    session: Session,
    actor_id: int,
    action_id: int,
    expected_version: int,
    outcome_note: str | None = None,
    completed_on: date | str | None = None,
) -> Completed:
    """Mark an action done; a follow-up done schedules the next at the case's interval; commits."""
    note = clean_text(
        outcome_note,
        field="outcome_note",
        label="The outcome",
        max_length=DESCRIPTION_LIMIT,
        multiline=True,
    )
    action, case_row = _action_for_change(session, action_id, expected_version)
    if action.status is not ActionStatus.OPEN:
        raise ValidationError("status", f"That action is already {action.status.label.lower()}.")
    done = case_day(
        case_row, completed_on, field="completed_on", label="The date done", default_today=True
    )
    action.status = ActionStatus.DONE
    action.completed_on = done
    action.outcome_note = note
    session.add(action)
    assert case_row.id is not None
    follow_up = action.kind is ActionKind.FOLLOW_UP and case_row.status is not CaseStatus.CLOSED
    next_on = _after_follow_up(session, case_row, action, done, actor_id) if follow_up else None
    timeline.add_entry(
        session=session,
        case_id=case_row.id,
        kind=TimelineKind.ACTION,
        title=f"Done: {_first_line(action.description)}"
        + (f" (next follow-up {next_on.isoformat()})" if next_on else ""),
        body=note,
        author_id=actor_id,
        occurred_at=timeline.moment(done),
    )
    if follow_up:
        # After the timeline entry's flush, so the case is written once (one version step).
        case_row.next_review_on = next_on
        session.add(case_row)
    session.commit()
    return Completed(action_id, next_on)


def _after_follow_up(
    session: Session, case_row: Case, done: Action, on: date, actor_id: int
) -> date | None:
    """Schedule the next follow-up at the case's interval; return the case's next review."""
    assert case_row.id is not None
    if case_row.follow_up_interval_days:
        due = on + timedelta(days=case_row.follow_up_interval_days)
        session.add(
            Action(
                kind=ActionKind.FOLLOW_UP,
                case_id=case_row.id,
                description=done.description or FOLLOW_UP,
                owner_id=done.owner_id or case_row.case_manager_id,
                owner_name=done.owner_name,
                due_on=due,
                status=ActionStatus.OPEN,
                shared_with_tpd=done.shared_with_tpd,
                created_by_id=actor_id,
            )
        )
    return _earliest_open_follow_up(session, case_row.id)


def _earliest_open_follow_up(session: Session, case_id: int) -> date | None:
    earliest: date | None = session.execute(
        sa_select(func.min(col(Action.due_on))).where(
            col(Action.case_id) == case_id,
            col(Action.kind) == ActionKind.FOLLOW_UP.value,
            col(Action.status) == ActionStatus.OPEN.value,
        )
    ).scalar_one()
    return earliest


def schedule_follow_up(*, session: Session, case_row: Case, due: date, actor_id: int) -> Action:
    """Move the open follow-up to ``due`` (or add one); the caller commits."""
    assert case_row.id is not None
    follow_up = session.execute(
        _scheduled_follow_ups(case_row.id).order_by(col(Action.due_on), col(Action.id)).limit(1)
    ).scalar_one_or_none()
    if follow_up is None:
        follow_up = Action(
            kind=ActionKind.FOLLOW_UP,
            case_id=case_row.id,
            description=FOLLOW_UP,
            owner_id=case_row.case_manager_id or actor_id,
            status=ActionStatus.OPEN,
            shared_with_tpd=True,
            created_by_id=actor_id,
        )
    follow_up.due_on = due
    session.add(follow_up)
    return follow_up


def _scheduled_follow_ups(case_id: int) -> Select[Action]:
    """The open follow-ups that the interval schedules (not those a checklist answer made)."""
    return sa_select(Action).where(
        col(Action.case_id) == case_id,
        col(Action.kind) == ActionKind.FOLLOW_UP.value,
        col(Action.status) == ActionStatus.OPEN.value,
        or_(col(Action.checklist_question).is_(None), col(Action.checklist_question) == ""),
    )


def cancel_follow_ups(*, session: Session, case_id: int, reason: str) -> int:
    """Cancel a case's scheduled follow-ups (when it closes); the caller commits."""
    follow_ups = session.execute(_scheduled_follow_ups(case_id)).scalars()
    count = 0
    for follow_up in follow_ups:
        follow_up.status = ActionStatus.CANCELLED
        follow_up.outcome_note = reason
        session.add(follow_up)
        count += 1
    return count


def set_shared_with_tpd(
    *, session: Session, actor_id: int, action_id: int, expected_version: int, shared: bool
) -> None:
    """Record whether an action is shared with the TPD (seed 004); commits."""
    action, case_row = _action_for_change(session, action_id, expected_version)
    if action.shared_with_tpd == shared:
        return
    action.shared_with_tpd = shared
    session.add(action)
    assert case_row.id is not None
    timeline.add_entry(
        session=session,
        case_id=case_row.id,
        kind=TimelineKind.ACTION,
        title=("Shared with the TPD: " if shared else "No longer shared with the TPD: ")
        + _first_line(action.description),
        author_id=actor_id,
    )
    session.commit()

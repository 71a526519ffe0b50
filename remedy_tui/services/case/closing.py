"""Closing with eyes open: what is still open on a case, and how closing handles each.

Closing lists the open actions, the onward referrals still under way, an escalation to the
Dean, and the fairness framework questions unanswered or answered No or Unknown; the person
closing confirms, and the open actions are either closed with the case or carried (kept open,
said so). What was still open is written into the closure's record, so nothing is left open on
a closed case without the record saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.store.models import (
    Action,
    ActionKind,
    ActionStatus,
    Case,
    ChecklistResponse,
    ExternalReferral,
    ExternalReferralStatus,
)

STILL_UNDER_WAY = (
    ExternalReferralStatus.PROPOSED.value,
    ExternalReferralStatus.MADE.value,
    ExternalReferralStatus.ACCEPTED.value,
    ExternalReferralStatus.IN_PROGRESS.value,
)


class OpenActions(StrEnum):
    """What closing does with the case's open actions."""

    CLOSE = "close"
    CARRY = "carry"

    @property
    def label(self) -> str:
        """How the choice is offered."""
        return {
            OpenActions.CLOSE: "Close them with the case",
            OpenActions.CARRY: "Carry them: they stay open, said on the record",
        }[self]


@dataclass(frozen=True)
class StillOpen:
    """What is still open on a case about to close."""

    actions: tuple[str, ...]
    onward: tuple[str, ...]
    escalated: bool
    questions: int
    unanswered: int
    no_or_unknown: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """True when nothing is left open."""
        return not (
            self.actions or self.onward or self.escalated or self.unanswered or self.no_or_unknown
        )

    def lines(self) -> list[str]:
        """What is open, a line each, as a person reads it."""
        lines = [f"Open action: {a}" for a in self.actions]
        lines += [f"Onward referral still under way: {o}" for o in self.onward]
        if self.escalated:
            lines.append("Escalated to the Dean")
        if self.unanswered:
            lines.append(
                f"Fairness framework: {self.unanswered} of {self.questions} questions unanswered"
            )
        if self.no_or_unknown:
            lines.append(
                "Fairness framework answered No or Unknown: " + ", ".join(self.no_or_unknown)
            )
        return lines

    def brief(self) -> list[str]:
        """The same in at most four short lines, for a form that must fit a small terminal."""
        lines = []
        if self.actions:
            count = len(self.actions)
            lines.append(
                f"{count} open action{'s' if count != 1 else ''}, the first: {self.actions[0]}"
            )
        if self.onward:
            lines.append("Onward referrals still under way: " + ", ".join(self.onward))
        if self.escalated:
            lines.append("Escalated to the Dean")
        framework = []
        if self.unanswered:
            framework.append(f"{self.unanswered} of {self.questions} unanswered")
        if self.no_or_unknown:
            shown = ", ".join(self.no_or_unknown[:6])
            more = len(self.no_or_unknown) - 6
            framework.append("No or Unknown: " + shown + (f" and {more} more" if more > 0 else ""))
        if framework:
            lines.append("Fairness framework: " + "; ".join(framework))
        return lines


def _open_actions(session: Session, case_id: int) -> list[Action]:
    # Scheduled follow-ups are cancelled by the closing itself; every other open action counts.
    return list(
        session.execute(
            sa_select(Action)
            .where(
                col(Action.case_id) == case_id,
                col(Action.status) == ActionStatus.OPEN.value,
            )
            .order_by(col(Action.due_on), col(Action.id))
        ).scalars()
    )


def _counts(action: Action) -> bool:
    scheduled = action.kind is ActionKind.FOLLOW_UP and not action.checklist_question
    return not scheduled


def _describe(action: Action) -> str:
    first = action.description.split("\n", 1)[0][:120]
    due = f" (due {action.due_on.isoformat()})" if action.due_on else ""
    return first + due


def still_open(*, session: Session, case_id: int) -> StillOpen:
    """What is still open on the case: actions, onward referrals, escalation, checklist."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case {case_id}.")
    actions = tuple(_describe(a) for a in _open_actions(session, case_id) if _counts(a))
    onward = tuple(
        f"{kind.label} ({status.label.lower()})"
        for kind, status in session.execute(
            sa_select(col(ExternalReferral.kind), col(ExternalReferral.status))
            .where(
                col(ExternalReferral.case_id) == case_id,
                col(ExternalReferral.status).in_(STILL_UNDER_WAY),
            )
            .order_by(col(ExternalReferral.id))
        ).all()
    )
    summary = checklist.summary(session=session, case_id=case_id)
    answers = checklist.current_answers(session=session, case_id=case_id)
    doubtful = tuple(
        sorted(
            (
                a.question_id
                for a in answers.values()
                if a.response in (ChecklistResponse.NO, ChecklistResponse.UNKNOWN)
            ),
            key=checklist.order_key,
        )
    )
    return StillOpen(
        actions=actions,
        onward=onward,
        escalated=case.escalated_to_dean,
        questions=summary.questions,
        unanswered=max(0, summary.questions - summary.answered),
        no_or_unknown=doubtful,
    )


def settle_open_items(
    *,
    session: Session,
    case_id: int,
    open_actions: OpenActions | str | None,
    confirmed: bool,
) -> str:
    """Check that closing was confirmed with each open thing handled or carried; close or
    carry the open actions; return what the closure's record says was still open (blank when
    nothing was). The caller commits."""
    found = still_open(session=session, case_id=case_id)
    if found.empty:
        return ""
    how: OpenActions | None = None
    if found.actions:
        try:
            how = OpenActions(open_actions) if open_actions else None
        except ValueError:
            how = None
        if how is None:
            count = len(found.actions)
            raise ValidationError(
                "open_actions",
                f"The case has {count} open action{'s' if count != 1 else ''}: say whether "
                "they close with the case or are carried. Nothing was saved.",
            )
    if not confirmed:
        raise ValidationError(
            "confirmed",
            "Still open: " + "; ".join(found.lines()) + ". Confirm that each is handled or "
            "carried to close the case. Nothing was saved.",
        )
    today = clock.today()
    if how is OpenActions.CLOSE:
        for action in _open_actions(session, case_id):
            if _counts(action):
                action.status = ActionStatus.CANCELLED
                action.completed_on = today
                action.outcome_note = f"Closed with the case on {today.isoformat()}."
                session.add(action)
    elif how is OpenActions.CARRY:
        for action in _open_actions(session, case_id):
            if _counts(action):
                note = f"Carried when the case closed on {today.isoformat()}."
                action.outcome_note = (
                    f"{action.outcome_note}\n{note}" if action.outcome_note else note
                )
                session.add(action)
    lines = found.lines()
    if how is OpenActions.CLOSE:
        lines.append("The open actions were closed with the case")
    elif how is OpenActions.CARRY:
        lines.append("The open actions are carried: they stay open")
    return "Still open at closing, confirmed:\n" + "\n".join(f"- {line}" for line in lines)

"""The fairness checklist as it stood when a decision was recorded, read back from the decision."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui.services.checklist.answers import FairnessSummary, case_heading, tally
from remedy_tui.services.common.errors import NotFoundError
from remedy_tui.store.models import ChecklistResponse, Decision, DecisionKind, User
from remedy_tui.views.framework import Framework, load_edition


@dataclass(frozen=True)
class RecordedAnswer:
    """An answer as it stood when a decision was recorded."""

    question_id: str
    response: ChecklistResponse
    rationale: str | None
    answered_by: str
    answered_at: datetime
    # The answers to the question before this one, oldest first: with this one, its
    # "Rationale and updates" (empty in a checklist kept before updates were kept with it).
    earlier: tuple[RecordedAnswer, ...] = ()

    @property
    def reasons_missing(self) -> bool:
        """A Yes given without its reasons."""
        return not (self.rationale or "").strip()


@dataclass(frozen=True)
class DecisionChecklist:
    """The framework of a case as it stood when a decision was recorded."""

    decision_id: int
    case_id: int
    reference: str
    practitioner: str
    kind: DecisionKind
    outcome: str
    decided_by: str
    decided_at: datetime
    framework: Framework
    kept: bool
    answers: Mapping[str, RecordedAnswer]

    def summary(self) -> FairnessSummary:
        """Progress over the whole framework, as it stood."""
        return tally(
            len(self.framework.question_ids()),
            ((a.response, a.rationale) for a in self.answers.values()),
        )


def _recorded(item: Mapping[str, Any], earlier: tuple[RecordedAnswer, ...] = ()) -> RecordedAnswer:
    return RecordedAnswer(
        question_id=item.get("question") or "",
        response=ChecklistResponse(item["response"]),
        rationale=item.get("rationale"),
        answered_by=item.get("answered_by") or "",
        answered_at=datetime.fromisoformat(item["answered_at"]),
        earlier=earlier,
    )


def decision_checklist(*, session: Session, decision_id: int) -> DecisionChecklist:
    """The checklist kept with a decision on a case (``kept`` is False if none was kept)."""
    row = session.execute(
        sa_select(Decision, col(User.full_name))
        .join(User, col(User.id) == col(Decision.decided_by_id))
        .where(col(Decision.id) == decision_id)
    ).first()
    if row is None or row[0].case_id is None:
        raise NotFoundError(f"There is no decision {decision_id} on a case.")
    decision, decided_by = row
    reference, _opened, edition, practitioner = case_heading(session, decision.case_id)
    kept = decision.checklist_snapshot
    answers = {
        item["question"]: _recorded(
            item, tuple(_recorded(earlier) for earlier in item.get("earlier") or ())
        )
        for item in kept or ()
    }
    return DecisionChecklist(
        decision_id=decision_id,
        case_id=decision.case_id,
        reference=reference,
        practitioner=practitioner,
        kind=decision.kind,
        outcome=decision.outcome,
        decided_by=decided_by,
        decided_at=decision.decided_at,
        framework=load_edition(edition),
        kept=kept is not None,
        answers=answers,
    )

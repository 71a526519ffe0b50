"""Recording decisions: every one carries who, when and why, and goes on the case's record."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from remedy_tui import clock
from remedy_tui.services import checklist, timeline
from remedy_tui.services.errors import ValidationError
from remedy_tui.services.validation import RATIONALE_LIMIT, clean_rationale, clean_text
from remedy_tui.store.models import Decision, DecisionKind, TimelineKind


def check_rationale(rationale: str | None) -> str:
    """The rationale, trimmed; an empty one is refused with a clear message."""
    text = clean_rationale(rationale)
    if not text:
        raise ValidationError(
            "rationale",
            "A decision needs its rationale: say why, so the record shows the reasons. "
            "Nothing was saved.",
        )
    return text


def record_decision(
    *,
    session: Session,
    actor_id: int,
    kind: DecisionKind,
    outcome: str,
    rationale: str | None,
    case_id: int | None = None,
    referral_id: int | None = None,
    triage_meeting_id: int | None = None,
    csg_meeting_id: int | None = None,
    agenda_item_id: int | None = None,
    level: int | None = None,
    from_value: str | None = None,
    to_value: str | None = None,
    evidence: str | None = None,
    decided_at: datetime | None = None,
    timeline_title: str | None = None,
) -> Decision:
    """Add a decision (and its timeline entry, with the checklist as it stood); caller commits.

    The rationale is checked first, so a refusal leaves the session untouched.
    """
    reasons = check_rationale(rationale)
    evidence_text = clean_text(
        evidence, field="evidence", label="The evidence", max_length=RATIONALE_LIMIT, multiline=True
    )
    if case_id is None and referral_id is None:
        raise ValueError("a decision is about a case or a referral")
    decision = Decision(
        case_id=case_id,
        referral_id=referral_id,
        triage_meeting_id=triage_meeting_id,
        csg_meeting_id=csg_meeting_id,
        agenda_item_id=agenda_item_id,
        kind=kind,
        outcome=outcome[:200],
        level=level,
        from_value=from_value,
        to_value=to_value,
        rationale=reasons,
        evidence=evidence_text,
        decided_by_id=actor_id,
        decided_at=decided_at or clock.now(),
        checklist_snapshot=checklist.snapshot(session=session, case_id=case_id)
        if case_id is not None
        else None,
    )
    session.add(decision)
    session.flush()
    if case_id is not None:
        timeline.add_entry(
            session=session,
            case_id=case_id,
            kind=TimelineKind.DECISION,
            title=timeline_title or outcome,
            body=reasons,
            author_id=actor_id,
            occurred_at=decision.decided_at,
            decision_id=decision.id,
        )
    return decision

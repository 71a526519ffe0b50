"""Recording decisions: every one carries who, when and why, and goes on the case's record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.services.case import timeline
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.paging import Page, count_rows
from remedy_tui.services.common.validation import RATIONALE_LIMIT, clean_rationale, clean_text
from remedy_tui.store.models import (
    DECISION_OUTCOMES,
    Decision,
    DecisionKind,
    DecisionOutcome,
    TimelineKind,
    TriageOutcome,
    User,
)


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
    code: DecisionOutcome,
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
    factors: list[dict[str, str]] | None = None,
) -> Decision:
    """Add a decision (and its timeline entry, with the checklist as it stood); caller commits.

    ``code`` is the coded outcome that is counted; ``outcome`` the words shown with it. The
    rationale is checked first, so a refusal leaves the session untouched.
    """
    if code not in DECISION_OUTCOMES[kind]:
        raise ValueError(f"a {kind.value} decision cannot have the outcome {code.value}")
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
        code=code,
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
        factors=factors,
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


@dataclass(frozen=True)
class DecisionRow:
    """One decision on a case as listed: what, from and to, why (first lines), who and when."""

    id: int
    kind: DecisionKind
    outcome: str
    from_value: str
    to_value: str
    rationale: str
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class DecisionDetail:
    """One decision in full, with the evidence and how much of the checklist stood with it."""

    row: DecisionRow
    evidence: str
    checklist_answers: int
    #: The reasons given against each factor the framework lists for the decision's kind
    #: (principle 5), as (factor, reasons) in the framework's order; empty for other kinds.
    factors: tuple[tuple[str, str], ...] = ()


PREVIEW = 200


def _decisions(rationale: Any) -> Select[Any]:
    return sa_select(
        col(Decision.id),
        col(Decision.kind),
        col(Decision.outcome),
        col(Decision.from_value),
        col(Decision.to_value),
        rationale,
        col(User.full_name),
        col(Decision.decided_at),
    ).join(User, col(User.id) == col(Decision.decided_by_id))


def _outcome(kind: DecisionKind, outcome: str) -> str:
    """Triage outcomes are stored by code; show their words."""
    if kind is DecisionKind.TRIAGE and outcome in {o.value for o in TriageOutcome}:
        return TriageOutcome(outcome).label
    return outcome


def _decision_row(r: Any) -> DecisionRow:
    return DecisionRow(
        r[0], r[1], _outcome(r[1], r[2]), r[3] or "", r[4] or "", r[5] or "", r[6], r[7]
    )


def decision_page(*, session: Session, case_id: int, offset: int, limit: int) -> Page[DecisionRow]:
    """One page of a case's decisions, latest first."""
    offset = max(0, offset)
    rows = session.execute(
        _decisions(func.substr(col(Decision.rationale), 1, PREVIEW))
        .where(col(Decision.case_id) == case_id)
        .order_by(col(Decision.decided_at).desc(), col(Decision.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    total = count_rows(session, Decision, col(Decision.case_id) == case_id)
    return Page(tuple(_decision_row(r) for r in rows), int(total), offset, limit)


def decision_detail(*, session: Session, decision_id: int) -> DecisionDetail:
    """One decision in full."""
    row = session.execute(
        _decisions(col(Decision.rationale))
        .add_columns(
            col(Decision.evidence), col(Decision.checklist_snapshot), col(Decision.factors)
        )
        .where(col(Decision.id) == decision_id)
    ).first()
    if row is None:
        raise NotFoundError("That decision no longer exists.")
    factors = tuple((str(f["factor"]), str(f["reasons"])) for f in row[10] or ())
    return DecisionDetail(_decision_row(row), row[8] or "", len(row[9] or []), factors)

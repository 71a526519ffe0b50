"""The register of exclusions and restrictions of practice (MHPS) and suspensions, read from
the decisions that make them: each begins with an immediate or interim action of principle 5.1
(``services.case.principle5``), is reviewed by a decision that it continues, and ends with one
that ends it. Practitioner Performance Advice is recorded as the case's onward referral to it.

No table of its own: the decisions carry who decided, when and why, and the team server's
policies on decisions and onward referrals already say who may read them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.documents.exclusion_return import ReturnRow, to_workbook
from remedy_tui.services.case.cases import case_for_change, decide
from remedy_tui.services.common.decisions import check_rationale
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.store.models import (
    Case,
    Decision,
    DecisionKind,
    DecisionOutcome,
    ExternalReferral,
    ExternalReferralKind,
    Practitioner,
    User,
)
from remedy_tui.views.exclusions import Clock, Episode, clock_of

STARTS = {
    DecisionOutcome.IMMEDIATE_EXCLUSION: "Immediate exclusion",
    DecisionOutcome.FORMAL_EXCLUSION: "Formal exclusion",
    DecisionOutcome.RESTRICTION_OF_PRACTICE: "Restriction of practice",
    DecisionOutcome.SUSPENSION: "Suspension (performers list)",
}
CONTINUES = DecisionOutcome.EXCLUSION_EXTENDED
ENDS = DecisionOutcome.EXCLUSION_ENDED
KINDS = (DecisionKind.EXCLUSION, DecisionKind.RESTRICTION, DecisionKind.IMMEDIATE_ACTION)


@dataclass(frozen=True)
class ExclusionRow:
    """One episode in the register, with where its clock stands."""

    case_id: int
    reference: str
    practitioner: str
    what: str
    kind: DecisionKind
    terms: str
    decided_by: str
    started_on: date
    ended_on: date | None
    reviews: int
    clock: Clock


@dataclass
class _Running:
    """An episode as the decisions are read, before it is known whether it has ended."""

    case_id: int
    reference: str
    practitioner: str
    what: str
    kind: DecisionKind
    terms: str
    decided_by: str
    started_on: date
    reviews: list[date] = field(default_factory=list)


def _practitioner(title: str | None, given: str, family: str) -> str:
    return " ".join(part for part in (title, given, family) if part)


def register(
    *, session: Session, today: date, current_only: bool = False, case_id: int | None = None
) -> list[ExclusionRow]:
    """Every episode (or only the current ones, or one case's), the current first, the longest
    running first among them; in two queries whatever the store's size."""
    wanted = [code.value for code in (*STARTS, CONTINUES, ENDS)]
    statement = (
        sa_select(
            col(Decision.case_id),
            col(Decision.kind),
            col(Decision.code),
            col(Decision.outcome),
            col(Decision.decided_at),
            col(User.full_name),
            col(Case.reference),
            col(Practitioner.title),
            col(Practitioner.given_names),
            col(Practitioner.family_name),
        )
        .join(User, col(User.id) == col(Decision.decided_by_id))
        .join(Case, col(Case.id) == col(Decision.case_id))
        .join(Practitioner, col(Practitioner.id) == col(Case.practitioner_id))
        .where(
            col(Decision.kind).in_([kind.value for kind in KINDS]),
            col(Decision.code).in_(wanted),
        )
        .order_by(col(Decision.case_id), col(Decision.decided_at), col(Decision.id))
    )
    if case_id is not None:
        statement = statement.where(col(Decision.case_id) == case_id)
    rows = session.execute(statement).all()
    advice: dict[int, list[date]] = {}
    cases = {row[0] for row in rows}
    if cases:
        for referral_case, made, proposed in session.execute(
            sa_select(
                col(ExternalReferral.case_id),
                col(ExternalReferral.made_on),
                col(ExternalReferral.proposed_on),
            ).where(
                col(ExternalReferral.kind)
                == ExternalReferralKind.PRACTITIONER_PERFORMANCE_ADVICE.value,
                col(ExternalReferral.case_id).in_(cases),
            )
        ):
            advice.setdefault(referral_case, []).append(made or proposed)
    found: list[ExclusionRow] = []
    running: dict[int, _Running] = {}

    def close(episode: _Running, ended: date | None) -> None:
        reviews = tuple(episode.reviews)
        consulted = tuple(advice.get(episode.case_id, ()))
        shared = {f.name: getattr(episode, f.name) for f in fields(_Running) if f.name != "reviews"}
        found.append(
            ExclusionRow(
                **shared,
                ended_on=ended,
                reviews=len(reviews),
                clock=clock_of(Episode(episode.started_on, ended, reviews, consulted), today),
            )
        )

    for case, kind, code, outcome, at, by, reference, title, given, family in rows:
        day = at.astimezone().date()
        code = DecisionOutcome(code)
        current = running.get(case)
        if code in STARTS:
            if current is not None:  # varied: the earlier action ends as the new one begins
                close(current, day)
            running[case] = _Running(
                case_id=case,
                reference=reference,
                practitioner=_practitioner(title, given, family),
                what=STARTS[code],
                kind=DecisionKind(kind),
                terms=outcome,
                decided_by=by,
                started_on=day,
            )
        elif current is not None and code is CONTINUES:
            current.reviews.append(day)
        elif current is not None and code is ENDS:
            close(current, day)
            del running[case]
    for episode in running.values():
        close(episode, None)
    if current_only:
        found = [row for row in found if row.ended_on is None]
    return sorted(found, key=lambda row: (row.ended_on is not None, row.started_on, row.case_id))


def review(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    expected_version: int,
    ends: bool,
    rationale: str | None,
    evidence: str | None = None,
) -> int:
    """Record the four-weekly review of the case's current exclusion or restriction: it
    continues, or it ends; either way with the reasons. Returns the decision."""
    reasons = check_rationale(rationale)
    current = register(session=session, today=clock.today(), current_only=True, case_id=case_id)
    case = case_for_change(session, case_id, expected_version)
    if not current:
        raise ValidationError(
            "rationale", f"Case {case.reference} has no current exclusion or restriction."
        )
    episode = current[0]
    code = ENDS if ends else CONTINUES
    words = f"{episode.what} ended" if ends else f"{episode.what} continues after review"
    return decide(
        session,
        case,
        actor_id,
        episode.kind,
        code,
        words,
        reasons,
        evidence,
        {},
        timeline_title=words,
    )


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month; a month that does not exist is refused."""
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValidationError("month", "Give the month as YYYY-MM, for example 2026-11.")
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def monthly_return(*, session: Session, year: int, month: int, today: date) -> list[ExclusionRow]:
    """The episodes in force at any time in the month, for the monthly return."""
    first, last = month_bounds(year, month)
    return [
        row
        for row in register(session=session, today=min(today, last))
        if row.started_on <= last and (row.ended_on is None or row.ended_on >= first)
    ]


def return_workbook(
    *, session: Session, actor_id: int, year: int, month: int, today: date
) -> tuple[bytes, int]:
    """The monthly return as an Excel workbook, and how many episodes it holds."""
    rows = monthly_return(session=session, year=year, month=month, today=today)
    user = session.get(User, actor_id)
    shown = [
        ReturnRow(
            reference=row.reference,
            practitioner=row.practitioner,
            action=row.what,
            terms=row.terms,
            decided_by=row.decided_by,
            started_on=row.started_on,
            ended_on=row.ended_on,
            days=row.clock.days,
            reviews=row.reviews,
            last_review=row.clock.last_review,
            review_due=row.clock.review_due,
            ppa_at_start=row.clock.ppa_at_start,
            flags="; ".join(row.clock.flags),
        )
        for row in rows
    ]
    content = to_workbook(
        shown,
        month=f"{year:04d}-{month:02d}",
        exported_by=user.full_name if user else "",
        exported_at=clock.now(),
    )
    return content, len(shown)

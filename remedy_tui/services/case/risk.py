"""Risk assessments: four domains scored for likelihood and impact, each with a review date.

Assessments are append-only, so "has the risk assessment been kept under review" (framework
question 4.3) can be answered from them: every assessment says whether the next one came by its
review date, and the latest whether its review is still to come or overdue.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.services.case import timeline
from remedy_tui.services.case.case_dates import case_day
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.paging import Page, count_rows
from remedy_tui.services.common.validation import clean_text, date_value, whole_number
from remedy_tui.store.models import Case, RiskAssessment, TimelineKind, User

TEXT_LIMIT = 10_000

# The four domains the framework asks about, as the store names them and as people say them.
DOMAINS: tuple[tuple[str, str], ...] = (
    ("patients", "patients and the public"),
    ("practitioner", "the practitioner"),
    ("colleagues", "colleagues"),
    ("organisation", "the organisation"),
)
SCORE_FIELDS: tuple[str, ...] = tuple(
    f"{domain}_{measure}" for domain, _ in DOMAINS for measure in ("likelihood", "impact")
)


def band(score: int) -> str:
    """The band of a likelihood x impact score on the usual 5 x 5 matrix."""
    if score >= 15:
        return "Extreme"
    if score >= 8:
        return "High"
    if score >= 4:
        return "Moderate"
    return "Low"


@dataclass(frozen=True)
class DomainScore:
    """One domain's likelihood and impact (1 to 5 each)."""

    domain: str
    label: str
    likelihood: int
    impact: int

    @property
    def score(self) -> int:
        """Likelihood times impact (1 to 25)."""
        return self.likelihood * self.impact


@dataclass(frozen=True)
class RiskRow:
    """One assessment as listed, with whether its review happened on time."""

    id: int
    assessed_on: date
    review_on: date
    domains: tuple[DomainScore, ...]
    summary: str
    mitigations: str
    assessed_by: str
    next_assessed_on: date | None
    today: date

    @property
    def highest(self) -> DomainScore:
        """The domain with the highest score (the first of equals)."""
        return max(self.domains, key=lambda d: d.score)

    @property
    def level(self) -> str:
        """E.g. "High 12 (patients and the public)"."""
        top = self.highest
        return f"{band(top.score)} {top.score} ({top.label})"

    @property
    def review(self) -> str:
        """Whether this assessment was reviewed by its review date."""
        if self.next_assessed_on is not None:
            late = (self.next_assessed_on - self.review_on).days
            reviewed = self.next_assessed_on.isoformat()
            return f"reviewed {reviewed}" + (f", {late} days late" if late > 0 else ", on time")
        overdue = (self.today - self.review_on).days
        if overdue > 0:
            return f"review overdue by {overdue} days"
        return f"review due in {-overdue} days" if overdue < 0 else "review due today"

    @property
    def review_late(self) -> bool:
        """True when the review came late or is overdue."""
        reviewed_by = self.next_assessed_on or self.today
        return reviewed_by > self.review_on


@dataclass(frozen=True)
class CurrentRisk:
    """The latest assessment in brief, for the case header."""

    level: str
    assessed_on: date
    review_on: date
    review_overdue: bool

    @property
    def text(self) -> str:
        """E.g. "High 12 (patients and the public), review by 2027-01-10"."""
        due = "review overdue since" if self.review_overdue else "review by"
        return f"{self.level}, {due} {self.review_on.isoformat()}"


@dataclass(frozen=True)
class RiskReview:
    """How the risk assessment has been kept under review (framework question 4.3)."""

    assessments: int
    reviews_due: int
    on_time: int
    late: int
    overdue_days: int
    next_review_on: date | None

    @property
    def text(self) -> str:
        """One sentence answering question 4.3 from the record."""
        if not self.assessments:
            return "No risk assessment has been recorded."
        parts = [f"{self.assessments} assessment{'s' if self.assessments != 1 else ''}"]
        if self.reviews_due:
            parts.append(f"{self.on_time} of {self.reviews_due} reviews on time")
        if self.overdue_days > 0:
            assert self.next_review_on is not None
            parts.append(
                f"review overdue since {self.next_review_on.isoformat()} ({self.overdue_days} days)"
            )
        elif self.next_review_on is not None:
            parts.append(f"next review due {self.next_review_on.isoformat()}")
        return "; ".join(parts) + "."


def _domains(assessment: Any) -> tuple[DomainScore, ...]:
    return tuple(
        DomainScore(
            domain,
            label,
            getattr(assessment, f"{domain}_likelihood"),
            getattr(assessment, f"{domain}_impact"),
        )
        for domain, label in DOMAINS
    )


@functools.cache
def _ranked() -> Any:
    """A case's assessments (the case a ``case_id`` parameter), each with the date of the one
    after it (the review that followed). Built once: building it cost more than running it."""
    following = (
        func.lead(col(RiskAssessment.assessed_on), type_=Date)
        .over(order_by=(col(RiskAssessment.assessed_on), col(RiskAssessment.id)))
        .label("next_assessed_on")
    )
    return (
        sa_select(RiskAssessment, following)
        .where(col(RiskAssessment.case_id) == bindparam("case_id"))
        .subquery()
    )


@functools.cache
def _page_statement() -> Any:
    ranked = _ranked()
    return (
        sa_select(ranked, col(User.full_name))
        .join(User, col(User.id) == ranked.c.assessed_by_id)
        .order_by(ranked.c.assessed_on.desc(), ranked.c.id.desc())
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )


@functools.cache
def _record_statement() -> Any:
    ranked = _ranked()
    return sa_select(ranked.c.review_on, ranked.c.next_assessed_on).order_by(
        ranked.c.assessed_on, ranked.c.id
    )


def risk_page(
    *, session: Session, case_id: int, offset: int, limit: int, today: date | None = None
) -> Page[RiskRow]:
    """One page of a case's assessments, newest first, each with its review record."""
    today = today or clock.today()
    rows = session.execute(
        _page_statement(), {"case_id": case_id, "offset": max(0, offset), "limit": limit}
    ).all()
    total = count_rows(session, RiskAssessment, col(RiskAssessment.case_id) == case_id)
    return Page(tuple(_row(r, today) for r in rows), int(total), max(0, offset), limit)


def _row(r: Any, today: date) -> RiskRow:
    return RiskRow(
        id=r.id,
        assessed_on=r.assessed_on,
        review_on=r.review_on,
        domains=_domains(r),
        summary=r.summary or "",
        mitigations=r.mitigations or "",
        assessed_by=r.full_name,
        next_assessed_on=r.next_assessed_on,
        today=today,
    )


def review_record(*, session: Session, case_id: int, today: date | None = None) -> RiskReview:
    """Whether each review came by its date, and where the latest stands, in one query."""
    today = today or clock.today()
    rows = session.execute(_record_statement(), {"case_id": case_id}).all()
    on_time = late = 0
    for review_on, following in rows:
        if following is None:
            continue
        if following <= review_on:
            on_time += 1
        else:
            late += 1
    next_review = rows[-1][0] if rows else None
    overdue = (today - next_review).days if next_review is not None else 0
    return RiskReview(len(rows), on_time + late, on_time, late, max(0, overdue), next_review)


def current_risk(
    *, session: Session, case_id: int, today: date | None = None
) -> CurrentRisk | None:
    """The latest assessment in brief, or None when there is none."""
    today = today or clock.today()
    latest = session.execute(
        sa_select(RiskAssessment)
        .where(col(RiskAssessment.case_id) == case_id)
        .order_by(col(RiskAssessment.assessed_on).desc(), col(RiskAssessment.id).desc())
        .limit(1)
    ).scalar_one_or_none()
    if latest is None:
        return None
    top = max(_domains(latest), key=lambda d: d.score)
    return CurrentRisk(
        f"{band(top.score)} {top.score} ({top.label})",
        latest.assessed_on,
        latest.review_on,
        latest.review_on < today,
    )


def record_assessment(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    scores: Mapping[str, int | str],
    review_on: date | str | None,
    assessed_on: date | str | None = None,
    summary: str | None = None,
    mitigations: str | None = None,
) -> int:
    """Add an assessment (earlier ones stay as they were) and put it on the timeline; commits."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case {case_id}; nothing was saved.")
    values: dict[str, int] = {}
    for domain, label in DOMAINS:
        for measure in ("likelihood", "impact"):
            name = f"{domain}_{measure}"
            values[name] = whole_number(
                scores.get(name),
                field=name,
                label=f"The {measure} of risk to {label}",
                minimum=1,
                maximum=5,
            )
    assessed = case_day(
        case, assessed_on, field="assessed_on", label="The date assessed", default_today=True
    )
    review = date_value(review_on, field="review_on", label="The review date", required=True)
    assert review is not None
    if review <= assessed:
        raise ValidationError(
            "review_on",
            f"The review date ({review.isoformat()}) must come after the assessment "
            f"({assessed.isoformat()}).",
        )
    summary_text = clean_text(
        summary, field="summary", label="The summary", max_length=TEXT_LIMIT, multiline=True
    )
    mitigation_text = clean_text(
        mitigations,
        field="mitigations",
        label="The mitigations",
        max_length=TEXT_LIMIT,
        multiline=True,
    )
    assessment = RiskAssessment(
        case_id=case_id,
        assessed_on=assessed,
        review_on=review,
        summary=summary_text,
        mitigations=mitigation_text,
        assessed_by_id=actor_id,
        patients_likelihood=values["patients_likelihood"],
        patients_impact=values["patients_impact"],
        practitioner_likelihood=values["practitioner_likelihood"],
        practitioner_impact=values["practitioner_impact"],
        colleagues_likelihood=values["colleagues_likelihood"],
        colleagues_impact=values["colleagues_impact"],
        organisation_likelihood=values["organisation_likelihood"],
        organisation_impact=values["organisation_impact"],
    )
    session.add(assessment)
    session.flush()
    top = max(_domains(assessment), key=lambda d: d.score)
    timeline.add_entry(
        session=session,
        case_id=case_id,
        kind=TimelineKind.RISK,
        title=f"Risk assessed: {band(top.score)} {top.score} ({top.label}); "
        f"review by {review.isoformat()}",
        body=summary_text,
        author_id=actor_id,
        occurred_at=timeline.moment(assessed),
    )
    session.commit()
    assert assessment.id is not None
    return assessment.id

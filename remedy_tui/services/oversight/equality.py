"""Equality by stage: for a period and a scope, how many practitioners reached each stage, by
ethnic group, place of primary qualification, grade, sex, age band and disability, with rates,
relative likelihoods and declaration rates, small numbers suppressed (``equality_stats``).

The cohort is the practitioners with a referral received in the period (and in the scope); each
is counted once at every stage any of those referrals, or the case it led to, has reached so far.
Everything is counted in SQL in one pass grouped by the six answers, so only a few hundred rows
come back whatever the size of the store; the people's answers never leave the query.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import PermissionDeniedError, ValidationError
from remedy_tui.services.oversight.equality_groups import GRADE_OF, dimensions
from remedy_tui.store.backend import backend_of
from remedy_tui.store.models import (
    Decision,
    DecisionKind,
    DecisionOutcome,
    ExternalReferral,
    ExternalReferralKind,
    ExternalReferralStatus,
    Practitioner,
    PractitionerEquality,
    Referral,
)
from remedy_tui.views import equality_stats as stats
from remedy_tui.views.equality import (
    NOT_RECORDED,
    STAGES,
    Declaration,
    EqualityDimension,
    EqualityQuery,
    EqualityReport,
    FieldFigures,
    GroupFigures,
)

# An onward referral counts once it was made (a proposal alone does not).
MADE = (
    ExternalReferralStatus.MADE.value,
    ExternalReferralStatus.ACCEPTED.value,
    ExternalReferralStatus.IN_PROGRESS.value,
    ExternalReferralStatus.COMPLETED.value,
)
TO_THE_DEAN = (DecisionOutcome.ESCALATE_TO_DEAN.value, DecisionOutcome.ESCALATED_TO_DEAN.value)
EXCLUDING = (DecisionKind.EXCLUSION.value, DecisionKind.RESTRICTION.value)
# The kinds of decision after triage that move a case to a stage (a triage decision's level
# and outcome are the referral's own, read from it).
STAGE_KINDS = (
    DecisionKind.LEVEL_CHANGE.value,
    DecisionKind.ESCALATION.value,
    *EXCLUDING,
    DecisionKind.CSG_OUTCOME.value,
    DecisionKind.DISPOSAL.value,
)


Population = dict[tuple[str, str], int]


def check_query(query: EqualityQuery) -> None:
    """Refuse a period that ends before it starts."""
    if query.end < query.start:
        raise ValidationError("end", "The period ends before it starts; nothing was counted.")


def _flag(condition: Any) -> Any:
    return func.max(case((condition, 1), else_=0))


def stage_counts(*, session: Session, query: EqualityQuery) -> list[tuple[Any, ...]]:
    """Rows of (field, answer, then the number of practitioners at each stage), one for each
    answer given to each field (grade: each grade)."""
    check_query(query)
    d, x = Decision, ExternalReferral
    names = ("level_2", "level_3", "dean", "exclusion", "regulator", "csg", "formal")

    def one(condition: Any) -> Any:
        return case((condition, 1), else_=0)

    # Every decision and onward referral that moves a case to a stage, as one list, then one
    # row a case: one join for each referral, not one for each kind of record.
    moves = union_all(
        sa_select(
            col(d.case_id).label("case_id"),
            one(col(d.level) >= 2).label("level_2"),
            one(col(d.level) == 3).label("level_3"),
            one(col(d.code).in_(TO_THE_DEAN)).label("dean"),
            one(col(d.kind).in_(EXCLUDING)).label("exclusion"),
            literal(0).label("regulator"),
            one(col(d.kind) == DecisionKind.CSG_OUTCOME.value).label("csg"),
            one(col(d.kind) == DecisionKind.DISPOSAL.value).label("formal"),
        ).where(col(d.kind).in_(STAGE_KINDS), col(d.case_id).is_not(None)),
        sa_select(
            col(x.case_id),
            literal(0),
            literal(0),
            literal(0),
            literal(0),
            one(col(x.kind) == ExternalReferralKind.REGULATOR.value),
            one(col(x.kind) == ExternalReferralKind.CSG.value),
            literal(0),
        ).where(col(x.status).in_(MADE)),
    ).subquery("moves")
    by_case = (
        sa_select(moves.c.case_id, *(func.max(moves.c[n]).label(n) for n in names))
        .group_by(moves.c.case_id)
        .subquery("by_case")
    )
    r = Referral
    scope = [col(r.received_on) >= query.start, col(r.received_on) <= query.end]
    if query.trust:
        scope.append(col(r.trust) == query.trust)
    if query.programme:
        scope.append(col(r.programme) == query.programme)

    def reached(condition: Any) -> Any:
        return _flag(condition)

    per_person = (
        sa_select(
            col(r.practitioner_id).label("pid"),
            reached(
                and_(col(r.form1_received_on).is_not(None), col(r.form2_received_on).is_not(None))
            ).label("valid"),
            reached(or_(col(r.level) >= 2, by_case.c.level_2 == 1)).label("level_2"),
            reached(or_(col(r.level) == 3, by_case.c.level_3 == 1)).label("level_3"),
            reached(
                or_(col(r.outcome) == DecisionOutcome.ESCALATE_TO_DEAN.value, by_case.c.dean == 1)
            ).label("dean"),
            reached(by_case.c.exclusion == 1).label("exclusion"),
            reached(by_case.c.regulator == 1).label("regulator"),
            reached(by_case.c.csg == 1).label("csg"),
            reached(by_case.c.formal == 1).label("formal"),
        )
        .select_from(r)
        .outerjoin(by_case, by_case.c.case_id == col(r.case_id))
        .where(*scope)
        .group_by(col(r.practitioner_id))
        .subquery("per_person")
    )
    e = PractitionerEquality
    answers: tuple[Any, ...] = (
        col(e.ethnicity).label("ethnicity"),
        col(e.international_graduate).label("international_graduate"),
        col(Practitioner.grade).label("grade"),
        col(e.sex).label("sex"),
        col(e.age_band).label("age_band"),
        col(e.disability).label("disability"),
    )
    # The practitioners counted by every combination of answers (one sort), then those counts
    # added up by each field in turn: a few dozen rows come back, whatever the store's size.
    combos = (
        sa_select(
            *answers,
            func.count(literal(1)).label("referred"),
            *(func.sum(per_person.c[name]).label(name) for name in FLAGS),
        )
        .select_from(per_person)
        .join(Practitioner, col(Practitioner.id) == per_person.c.pid)
        .outerjoin(e, col(e.practitioner_id) == per_person.c.pid)
        .group_by(*answers)
        .cte("combos")
        .prefix_with("MATERIALIZED")
    )
    by_field = [
        sa_select(
            literal(dimension.code).label("field"),
            combos.c[dimension.code].label("value"),
            func.sum(combos.c.referred),
            *(func.sum(combos.c[name]) for name in FLAGS),
        ).group_by(combos.c[dimension.code])
        for dimension in dimensions()
    ]
    return [tuple(row) for row in session.execute(union_all(*by_field)).all()]


FLAGS = ("valid", "level_2", "level_3", "dean", "exclusion", "regulator", "csg", "formal")


def _group_of(dimension: EqualityDimension, value: Any) -> str:
    if dimension.code == "grade":
        return GRADE_OF.get(str(value), "other")
    if value is None:
        return NOT_RECORDED
    known = {g.code for g in dimension.groups}
    return str(value) if str(value) in known else NOT_RECORDED


def stage_totals(rows: list[tuple[Any, ...]]) -> list[int]:
    """The number of practitioners at each stage (every field's groups add up to it)."""
    grade = [row for row in rows if row[0] == "grade"]
    return [sum(int(row[2 + s] or 0) for row in grade) for s in range(len(STAGES))]


def build_report(
    rows: list[tuple[Any, ...]],
    query: EqualityQuery,
    population: Population | None = None,
    population_source: str = "",
) -> EqualityReport:
    """The report from the counted rows: each field's groups, suppressed line by line."""
    stage_total = len(STAGES)
    totals_raw = stage_totals(rows)
    tables = []
    for dimension in dimensions():
        raw: dict[str, list[int]] = defaultdict(lambda: [0] * stage_total)
        for row in rows:
            if row[0] != dimension.code:
                continue
            counts = raw[_group_of(dimension, row[1])]
            for s in range(stage_total):
                counts[s] += int(row[2 + s] or 0)
        codes = [g.code for g in dimension.groups]
        # Suppressed column by column: the groups at a stage add up to the stage's total.
        columns = [suppress_column([raw[c][s] for c in codes]) for s in range(stage_total)]
        tables.append(_field(dimension, codes, raw, columns, totals_raw, population or {}))
    return EqualityReport(
        query, tuple(tables), population is not None and bool(population), population_source
    )


def suppress_column(counts: list[int]) -> tuple[stats.Count, ...]:
    """One stage's counts across a field's groups, suppressed as a line."""
    return stats.suppress_line(counts)


def _field(
    dimension: EqualityDimension,
    codes: list[str],
    raw: dict[str, list[int]],
    columns: list[tuple[stats.Count, ...]],
    totals_raw: list[int],
    population: Population,
) -> FieldFigures:
    stage_total = len(STAGES)
    shown = {c: tuple(columns[s][n] for s in range(stage_total)) for n, c in enumerate(codes)}

    def denominators(code: str) -> tuple[int | None, ...]:
        first = population.get((dimension.code, code))
        referred = shown[code][0].value
        return (first, *([referred] * (stage_total - 1)))

    def rates(code: str) -> tuple[float | None, ...]:
        return tuple(
            stats.rate(count, den)
            for count, den in zip(shown[code], denominators(code), strict=True)
        )

    reference = rates(dimension.reference)
    groups = []
    for n, code in enumerate(codes):
        group_rates = rates(code)
        groups.append(
            GroupFigures(
                code,
                dimension.groups[n].label,
                shown[code],
                denominators(code),
                group_rates,
                tuple(
                    stats.relative_likelihood(g, ref)
                    for g, ref in zip(group_rates, reference, strict=True)
                ),
            )
        )
    declaration = None
    if dimension.declared:
        first = [shown[c][0] for c in codes]
        coded = first[:-2]
        declared = (
            stats.Count(sum(c.value or 0 for c in coded))
            if all(c.shown for c in coded)
            else stats.Count(None, stats.PROTECTING)
        )
        declaration = Declaration(declared, first[-2], first[-1], totals_raw[0])
    return FieldFigures(
        dimension,
        tuple(groups),
        tuple(stats.total_count(t) for t in totals_raw),
        declaration,
    )


AREA = "equality"


def check_may_count(session: Session, access: Access) -> None:
    """Refuse one whose role has no equality area, and a store where a count over the answers
    would leave out those the person may not read one by one."""
    if AREA not in access.areas:
        raise PermissionDeniedError(
            "Equality by stage is for the Deputy Postgraduate Dean and the Dean (the role "
            "matrix); your role does not include it."
        )
    if not backend_of(session).counts_every_equality_answer(session.connection()):
        raise PermissionDeniedError(
            "Equality by stage is not counted on the team server yet: the server shows each "
            "person only the equality answers of their own cases, so the counts would leave "
            "the others out. Nothing was counted."
        )


def equality_by_stage(
    *,
    session: Session,
    access: Access,
    query: EqualityQuery,
    population: Population | None = None,
    population_source: str = "",
) -> EqualityReport:
    """The figures for a period and a scope, suppressed, ready to show or export."""
    check_may_count(session, access)
    rows = stage_counts(session=session, query=query)
    return build_report(rows, query, population, population_source)

"""A caseload: one person's active cases, overdue follow-ups first, then by next review date.

Every active case is in someone's caseload: its case managers', or, without a case manager,
its senior owner's (seed 004: level 3 concerns are dealt with by the Deputy Postgraduate Dean
or other senior members of the team); an escalation to the Dean is also in the Dean's and the
Deputy Dean's. The senior view lists every active level 3 or escalated case, and any case
whose people are all gone (their accounts disabled), so no case is in nobody's list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, bindparam, exists, func, or_, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui.services.case import actions
from remedy_tui.services.case.case_list import CaseQuery, StatusFilter, conditions
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.common.paging import Page, rows_in_order
from remedy_tui.store.backend import Backend, backend_of
from remedy_tui.store.models import Case, CaseActivity, CaseStatus, Practitioner, Role, User

# Who also sees the cases escalated to the Dean in their caseload.
SEES_ESCALATIONS = (Role.DEPUTY_POSTGRADUATE_DEAN.value, Role.POSTGRADUATE_DEAN.value)


@dataclass(frozen=True)
class CaseloadQuery:
    """Whose caseload, and any search typed over it."""

    user_id: int
    user_name: str = ""
    search: str = ""
    # The senior view: every active level 3 or escalated case, whoever has it.
    senior: bool = False


@dataclass(frozen=True)
class CaseloadRow:
    """One case of a caseload."""

    id: int
    reference: str
    practitioner: str
    grade: str
    level: int
    status: CaseStatus
    second: bool
    escalated: bool
    # Why the case is in this list when the person is not its case manager.
    why: str
    next_follow_up_on: date | None
    overdue_days: int
    overdue_actions: int
    last_activity_at: datetime
    fairness: str

    @property
    def follow_up_overdue(self) -> bool:
        """True when the next follow-up is past."""
        return self.overdue_days > 0


ACTIVE = (CaseStatus.OPEN.value, CaseStatus.QUIET.value)


# Whether anyone active is on the case: its case managers or its senior owner.
_SOMEONE = exists().where(
    col(User.active).is_(True),
    or_(
        col(User.id) == col(Case.case_manager_id),
        col(User.id) == col(Case.second_case_manager_id),
        col(User.id) == col(Case.senior_owner_id),
    ),
)

# The columns of a caseload page's cases, built once with its ids as a parameter.
_ROWS = (
    sa_select(
        col(Case.id),
        col(Case.reference),
        col(Case.level),
        col(Case.status),
        col(Case.second_case_manager_id),
        col(Case.escalated_to_dean),
        # A case stored without its activity row (by hand) shows when it was stored.
        func.coalesce(col(CaseActivity.last_activity_at), col(Case.created_at)),
        col(Practitioner.title),
        col(Practitioner.given_names),
        col(Practitioner.family_name),
        col(Practitioner.grade),
        col(Case.next_review_on),
        col(Case.case_manager_id),
        col(Case.senior_owner_id),
        _SOMEONE.label("someone"),
    )
    .join(Practitioner, col(Practitioner.id) == col(Case.practitioner_id))
    .outerjoin(CaseActivity, col(CaseActivity.case_id) == col(Case.id))
    .where(col(Case.id).in_(bindparam("ids", expanding=True)))
)


def _sees_escalations(session: Session, user_id: int) -> bool:
    role = session.execute(sa_select(col(User.role)).where(col(User.id) == user_id)).scalar()
    return role is not None and Role(role).value in SEES_ESCALATIONS


def _branches(
    query: CaseloadQuery, backend: Backend, *, escalations: bool
) -> list[Select[int, date | None]]:
    """The person's active cases (matching any search): as first, then second, case manager,
    as the senior owner of a case without a case manager, and (for the Dean and the Deputy
    Dean) the escalations to the Dean; in the senior view, every level 3 or escalated case.

    Each case branch is read from its caseload index alone (``ix_cases_caseload``,
    ``ix_cases_caseload_second``). An OR of the two columns made SQLite read every one of
    the person's case rows to sort them: 0.2 s for 25,000 active cases, against a few
    milliseconds this way. Each branch leaves out what an earlier one holds, so a case with
    the same person in two places counts once.
    """
    searched = conditions(CaseQuery(search=query.search, status=StatusFilter.ALL), backend=backend)
    first = col(Case.case_manager_id)
    second = col(Case.second_case_manager_id)
    senior = col(Case.senior_owner_id)
    user = query.user_id

    def branch(*where: Any) -> Select[int, date | None]:
        return sa_select(col(Case.id).label("id"), col(Case.next_review_on).label("review")).where(
            col(Case.status).in_(ACTIVE), *searched, *where
        )

    if query.senior:
        # And any case left with nobody active on it (its people's accounts disabled).
        return [branch(or_(col(Case.level) == 3, col(Case.escalated_to_dean).is_(True), ~_SOMEONE))]
    not_first = or_(first.is_(None), first != user)
    not_second = or_(second.is_(None), second != user)
    branches = [
        branch(first == user),
        branch(second == user, not_first),
        branch(senior == user, first.is_(None), not_second),
    ]
    if escalations:
        branches.append(
            branch(
                col(Case.escalated_to_dean).is_(True),
                not_first,
                not_second,
                or_(senior.is_(None), senior != user, first.is_not(None)),
            )
        )
    return branches


def count_caseload(*, session: Session, query: CaseloadQuery) -> int:
    """How many active cases the person manages (that match the search)."""
    branches = _branches(
        query, backend_of(session), escalations=_sees_escalations(session, query.user_id)
    )
    counts = [
        sa_select(func.count()).select_from(branch.subquery()).scalar_subquery()
        for branch in branches
    ]
    total: Any = counts[0]
    for count in counts[1:]:
        total = total + count
    return int(session.execute(sa_select(total)).scalar_one())


def caseload_page(
    *, session: Session, query: CaseloadQuery, offset: int, limit: int, today: date
) -> Page[CaseloadRow]:
    """One page of a caseload, in five queries whatever its size.

    Cases are ordered by their next review date, which is the next follow-up: the follow-up
    services keep it at the earliest open follow-up (``services.actions``), so the overdue
    ones come first and the order needs only the indexed column. Overdue actions of any kind
    are counted beside it.
    """
    offset = max(0, offset)
    branches = _branches(
        query, backend_of(session), escalations=_sees_escalations(session, query.user_id)
    )
    mine = (union_all(*branches) if len(branches) > 1 else branches[0]).subquery("mine")
    ids = [
        row[0]
        for row in session.execute(
            sa_select(mine.c.id)
            .order_by(mine.c.review.is_(None), mine.c.review, mine.c.id)
            .offset(offset)
            .limit(limit)
        ).all()
    ]
    rows = rows_in_order(session, _ROWS, ids)
    overdue = actions.overdue_counts(session=session, case_ids=ids, today=today)
    fairness = checklist.summaries(session=session, case_ids=ids)
    page_rows = tuple(_row(r, query, today, overdue, fairness) for r in rows)
    total = count_caseload(session=session, query=query)
    return Page(page_rows, total, offset, limit, query)


def _why(
    query: CaseloadQuery,
    manager: int | None,
    second: int | None,
    owner: int | None,
    escalated: bool,
) -> str:
    user = query.user_id
    if query.senior:
        return "escalated" if escalated else ("no case manager" if manager is None else "")
    if manager == user:
        return ""
    if second == user:
        return "2nd"
    if owner == user and manager is None:
        return "senior owner"
    return "escalated" if escalated else ""


def _row(
    r: Any,
    query: CaseloadQuery,
    today: date,
    overdue: dict[int, int],
    fairness: dict[int, checklist.FairnessSummary],
) -> CaseloadRow:
    (case_id, reference, level, status, second, escalated, activity, title, given, family) = r[:10]
    grade, due, manager, owner, someone = r[10], r[11], r[12], r[13], r[14]
    summary = fairness.get(case_id)
    return CaseloadRow(
        id=case_id,
        reference=reference,
        practitioner=" ".join(p for p in (title, given, family) if p),
        grade=grade.label if grade else "",
        level=level,
        status=status,
        second=second == query.user_id and manager != query.user_id,
        escalated=bool(escalated),
        why=_why(query, manager, second, owner, bool(escalated))
        if someone
        else "nobody active on it",
        next_follow_up_on=due,
        overdue_days=max(0, (today - due).days) if due else 0,
        overdue_actions=overdue.get(case_id, 0),
        last_activity_at=activity,
        fairness=summary.text if summary else "",
    )

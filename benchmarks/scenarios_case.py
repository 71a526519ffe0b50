"""The case screen and the caseload, measured at the service level against hand-written SQL.

``measure_case`` times what the case screen reads when it opens (the header, the practitioner,
the risk review and the first page of every tab, in one session, as ``CaseScreen`` does), then
the timeline's last page and a filtered page, and the first page of a caseload, each beside a
floor: the same rows fetched by hand-written SQL on the store's raw connection (SQLCipher's, or
psycopg's as the signed-in user on a team server: the same SQL on both).

The case measured has 500 timeline entries. Demo stores rarely have one that long (most cases
have 20 to 100), so the first run tops up the longest case to 500 synthetic entries, inserted in
one transaction like the demo generator's rows; later runs find it already there.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import col

from benchmarks.floors import Query, positional, raw_floor
from benchmarks.measure import Timing, summarise, time_calls
from remedy_tui import clock
from remedy_tui.demo.generator import LONG_CASE_EVERY
from remedy_tui.services.case import actions, documents, onward, risk, timeline
from remedy_tui.services.case.case_summary import case_summary
from remedy_tui.services.case.practitioners import practitioner_details
from remedy_tui.services.common import decisions
from remedy_tui.services.common.paging import Page
from remedy_tui.services.oversight.caseload import CaseloadQuery, caseload_page
from remedy_tui.store import Store
from remedy_tui.store.models import Case, CaseStatus, TimelineEntry, TimelineKind

TIMELINE_ENTRIES = 500
PAGE = 25
BENCHMARK_TITLE = "Benchmark entry"

# The hand-written floor: the same rows, by SQL written for the job.
HEADER_SQL = [
    """
    SELECT c.*, p.*, m.full_name, s.full_name, o.full_name,
           (SELECT min(a.due_on) FROM actions a WHERE a.case_id = c.id
            AND a.kind = 'follow_up' AND a.status = 'open')
    FROM cases c JOIN practitioners p ON p.id = c.practitioner_id
    LEFT JOIN users m ON m.id = c.case_manager_id
    LEFT JOIN users s ON s.id = c.second_case_manager_id
    LEFT JOIN users o ON o.id = c.senior_owner_id
    WHERE c.id = :case
    """,
    """
    SELECT * FROM risk_assessments WHERE case_id = :case
    ORDER BY assessed_on DESC, id DESC LIMIT 1
    """,
    "SELECT count(*) FROM actions WHERE case_id = :case AND status = 'open' AND due_on < :today",
    "SELECT checklist_edition FROM cases WHERE id = :case",
    """
    SELECT response, rationale FROM checklist_answers WHERE id IN (
        SELECT max(id) FROM checklist_answers WHERE case_id = :case GROUP BY question_id)
    """,
    """
    SELECT DISTINCT kind FROM external_referrals WHERE case_id = :case
    AND status IN ('proposed', 'made', 'accepted', 'in_progress')
    """,
    "SELECT * FROM practitioners WHERE id = :practitioner",
    """
    SELECT review_on, lead(assessed_on) OVER (ORDER BY assessed_on, id)
    FROM risk_assessments WHERE case_id = :case
    """,
]
TIMELINE_SQL = """
    SELECT t.id, t.kind, t.occurred_at, t.title, substr(t.body, 1, 200), u.full_name,
           t.confidential, t.document_id, t.decision_id
    FROM timeline_entries t LEFT JOIN users u ON u.id = t.author_id
    WHERE t.case_id = :case {kind}
    ORDER BY t.occurred_at {order}, t.id {order} LIMIT :limit OFFSET :offset
"""
TIMELINE_COUNT_SQL = "SELECT count(*) FROM timeline_entries WHERE case_id = :case {kind}"
TABS_SQL = [
    """
    SELECT a.*, u.full_name FROM actions a LEFT JOIN users u ON u.id = a.owner_id
    WHERE a.case_id = :case
    ORDER BY CASE WHEN a.status = 'open' THEN 0 ELSE 1 END, a.due_on IS NULL,
             CASE WHEN a.status = 'open' THEN a.due_on END, a.completed_on DESC, a.id DESC
    LIMIT :limit
    """,
    "SELECT count(*) FROM actions WHERE case_id = :case",
    """
    SELECT d.id, d.kind, d.outcome, d.from_value, d.to_value, substr(d.rationale, 1, 200),
           u.full_name, d.decided_at
    FROM decisions d JOIN users u ON u.id = d.decided_by_id WHERE d.case_id = :case
    ORDER BY d.decided_at DESC, d.id DESC LIMIT :limit
    """,
    "SELECT count(*) FROM decisions WHERE case_id = :case",
    """
    SELECT r.*, lead(r.assessed_on) OVER (ORDER BY r.assessed_on, r.id), u.full_name
    FROM risk_assessments r JOIN users u ON u.id = r.assessed_by_id WHERE r.case_id = :case
    ORDER BY r.assessed_on DESC, r.id DESC LIMIT :limit
    """,
    "SELECT count(*) FROM risk_assessments WHERE case_id = :case",
    """
    SELECT * FROM external_referrals WHERE case_id = :case
    ORDER BY proposed_on DESC, id DESC LIMIT :limit
    """,
    "SELECT count(*) FROM external_referrals WHERE case_id = :case",
    """
    SELECT d.*, u.full_name FROM documents d JOIN users u ON u.id = d.uploaded_by_id
    WHERE d.case_id = :case ORDER BY d.uploaded_at DESC, d.id DESC LIMIT :limit
    """,
    "SELECT count(*) FROM documents WHERE case_id = :case",
]
CASELOAD_SQL = [
    """
    SELECT id FROM (
        SELECT id, next_review_on FROM cases
        WHERE case_manager_id = :user AND status IN ('open', 'quiet')
        UNION ALL
        SELECT id, next_review_on FROM cases
        WHERE second_case_manager_id = :user AND status IN ('open', 'quiet')
          AND case_manager_id IS DISTINCT FROM :user) AS mine
    ORDER BY next_review_on IS NULL, next_review_on, id LIMIT :limit
    """,
    """
    SELECT c.id, c.reference, c.level, c.status, c.second_case_manager_id,
           c.escalated_to_dean, a.last_activity_at, p.title, p.given_names, p.family_name,
           p.grade, c.next_review_on
    FROM cases c JOIN practitioners p ON p.id = c.practitioner_id
    LEFT JOIN case_activity a ON a.case_id = c.id WHERE c.id IN ({ids})
    """,
    """
    SELECT case_id, count(*) FROM actions WHERE case_id IN ({ids}) AND status = 'open'
    AND due_on < :today GROUP BY case_id
    """,
    "SELECT id, checklist_edition FROM cases WHERE id IN ({ids})",
    """
    SELECT case_id, response, rationale FROM checklist_answers WHERE id IN (
        SELECT max(id) FROM checklist_answers WHERE case_id IN ({ids})
        GROUP BY case_id, question_id)
    """,
    """
    SELECT (SELECT count(*) FROM cases
            WHERE case_manager_id = :user AND status IN ('open', 'quiet'))
         + (SELECT count(*) FROM cases WHERE second_case_manager_id = :user
            AND status IN ('open', 'quiet') AND case_manager_id IS DISTINCT FROM :user)
    """,
]


def _sql(statements: list[str], params: dict[str, Any]) -> list[Query]:
    """Named parameters turned into the positional form ``raw_floor`` runs."""
    return [positional(statement, params) for statement in statements]


def long_case(store: Store, entries: int = TIMELINE_ENTRIES) -> int:
    """The open (or quiet) case with the longest timeline, topped up to ``entries`` if it is
    shorter. Open, so the case list shows it and the app can be timed opening it too.

    Looked for among the cases the generator gives its longest timelines (every
    ``LONG_CASE_EVERY``-th), and among all cases only in a store too small to have one:
    grouping every timeline entry of 100,000 cases took 140 MB, which counted in the peak
    memory as if Remedy had used it."""
    with store.session() as session:
        candidates = col(Case.id) % LONG_CASE_EVERY == 0
        if session.execute(select(func.count()).where(candidates)).scalar_one() == 0:
            candidates = col(Case.id) > 0
        case_id, count = session.execute(
            select(col(TimelineEntry.case_id), func.count())
            .join(Case, col(Case.id) == col(TimelineEntry.case_id))
            .where(col(Case.status).in_([CaseStatus.OPEN.value, CaseStatus.QUIET.value]))
            .where(candidates)
            .group_by(col(TimelineEntry.case_id))
            .order_by(func.count().desc(), col(TimelineEntry.case_id))
            .limit(1)
        ).one()
        if count >= entries:
            return int(case_id)
        case = session.get(Case, case_id)
        assert case is not None
        start = datetime.combine(case.opened_on, datetime.min.time(), tzinfo=UTC)
        kinds = (TimelineKind.NOTE, TimelineKind.CALL, TimelineKind.MEETING, TimelineKind.EMAIL)
        rows = [
            {
                "case_id": case_id,
                "kind": kinds[n % len(kinds)],
                "occurred_at": start + timedelta(hours=6 * n + 1),
                "title": BENCHMARK_TITLE,
                "body": f"Synthetic entry {n} for the 500-entry benchmark.\nSecond line.",
                "confidential": n % 20 == 0,
                "author_id": case.case_manager_id,
                "created_at": start + timedelta(hours=6 * n + 1),
            }
            for n in range(entries - count)
        ]
        session.execute(insert(TimelineEntry), rows)
        session.commit()
        return int(case_id)


def open_case(store: Store, case_id: int, limit: int = PAGE) -> object:
    """What the case screen reads when it opens: header, practitioner and every tab's page."""
    today = clock.today()
    with store.session() as session:
        summary = case_summary(session=session, case_id=case_id, today=today)
        return (
            summary,
            practitioner_details(session=session, practitioner_id=summary.practitioner_id),
            risk.review_record(session=session, case_id=case_id, today=today),
            timeline.timeline_page(
                session=session,
                case_id=case_id,
                query=timeline.TimelineQuery(),
                offset=0,
                limit=limit,
            ),
            actions.action_page(
                session=session,
                case_id=case_id,
                query=actions.ActionQuery(),
                offset=0,
                limit=limit,
                today=today,
            ),
            decisions.decision_page(session=session, case_id=case_id, offset=0, limit=limit),
            risk.risk_page(session=session, case_id=case_id, offset=0, limit=limit, today=today),
            onward.onward_page(session=session, case_id=case_id, offset=0, limit=limit),
            documents.document_page(session=session, case_id=case_id, offset=0, limit=limit),
        )


def measure_case(store: Store, cases: int, runs: int) -> list[Timing]:
    """Opening a case with 500 timeline entries, paging its timeline, and a caseload page."""
    case_id = long_case(store)
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        practitioner_id, manager = case.practitioner_id, case.case_manager_id or store.user.id
    today = clock.today()
    params: dict[str, Any] = {
        "case": case_id,
        "practitioner": practitioner_id,
        "today": today.isoformat(),
        "limit": PAGE,
        "offset": 0,
        "user": manager,
    }
    results: list[Timing] = []

    def service(name: str, fn: Any, floor: list[str], extra: dict[str, Any] | None = None) -> None:
        samples = time_calls(lambda _: fn(), runs)
        timing = summarise(name, "service", cases, samples)
        timing.floor_ms = raw_floor(store, _sql(floor, params | (extra or {})), runs)
        results.append(timing)

    def timeline_sql() -> list[str]:
        return [TIMELINE_SQL.format(kind="", order="DESC"), TIMELINE_COUNT_SQL.format(kind="")]

    service(
        f"case: open with {TIMELINE_ENTRIES} timeline entries (header + every tab's first page)",
        lambda: open_case(store, case_id),
        HEADER_SQL + timeline_sql() + TABS_SQL,
    )
    last = (TIMELINE_ENTRIES - 1) // PAGE * PAGE

    def timeline_at(offset: int, kind: TimelineKind | None = None) -> object:
        with store.session() as session:
            return timeline.timeline_page(
                session=session,
                case_id=case_id,
                query=timeline.TimelineQuery(kind=kind),
                offset=offset,
                limit=PAGE,
            )

    service(
        "case: timeline, last page of 500",
        lambda: timeline_at(last),
        timeline_sql(),
        {"offset": last},
    )
    service(
        "case: timeline filtered to calls",
        lambda: timeline_at(0, TimelineKind.CALL),
        [
            TIMELINE_SQL.format(kind="AND t.kind = 'call'", order="DESC"),
            TIMELINE_COUNT_SQL.format(kind="AND kind = 'call'"),
        ],
    )

    def caseload() -> object:
        with store.session() as session:
            return caseload_page(
                session=session,
                query=CaseloadQuery(user_id=manager),
                offset=0,
                limit=PAGE,
                today=today,
            )

    page = caseload()
    assert isinstance(page, Page)
    ids = ", ".join(str(row.id) for row in page.rows) or "0"
    service(
        "caseload: first page (overdue first)",
        caseload,
        [statement.replace("{ids}", ids) for statement in CASELOAD_SQL],
    )
    return results

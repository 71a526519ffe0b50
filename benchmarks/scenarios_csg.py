"""The CSG's service calls, each against a hand-written SQL floor: building an agenda (what
Remedy proposes for the next meeting), the agenda itself, and the page of meetings.

``python -m benchmarks.scenarios_csg --sizes 1000 10000`` runs them on their own (``--backend
postgresql`` on a team server, as for ``benchmarks.run``); the main runner calls
:func:`measure_csg` with an open store.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from typing import Any

from benchmarks.floors import for_engine, positional, raw_floor
from benchmarks.measure import Timing, summarise, time_calls
from benchmarks.scenarios import freeze_clock
from benchmarks.servers import ENV
from benchmarks.stores import BACKENDS, PASSPHRASE, USER, Target
from remedy_tui import clock
from remedy_tui.services.csg.detail import meeting_detail
from remedy_tui.services.csg.meetings import meeting_page
from remedy_tui.services.csg.proposals import proposals
from remedy_tui.store import Store
from remedy_tui.views.csg import local

PAGE = 8  # the agenda screen's page of proposals

# The proposals query written by hand: the same three parts and conditions as the service,
# carrying what is filtered and sorted on; the page's names and referral details are joined
# to its few rows (PROPOSALS_PAGE_SQL).
PROPOSALS_SQL = """
SELECT 0 AS k, er.case_id AS case_id, er.id AS referral_id, er.made_on AS on_date,
       NULL AS at, NULL AS text
FROM external_referrals er
WHERE er.kind = 'csg' AND er.status IN ('made', 'accepted') AND er.consent_given = TRUE
  AND er.case_id NOT IN (SELECT id FROM cases WHERE status = 'closed')
  AND NOT EXISTS (
    SELECT 1 FROM agenda_items ai JOIN csg_meetings m ON m.id = ai.meeting_id
    WHERE ai.case_id = er.case_id AND m.status != 'cancelled'
      AND (ai.external_referral_id = er.id OR m.starts_at >= er.made_on OR m.id = :meeting))
UNION ALL
SELECT 1, c.id, NULL, ai.next_review_on, m.starts_at, NULL
FROM agenda_items ai
JOIN csg_meetings m ON m.id = ai.meeting_id
JOIN cases c ON c.id = ai.case_id
WHERE m.status = 'held' AND ai.kind IN ('new_referral', 'review', 'other')
  AND ai.next_review_on IS NOT NULL AND ai.next_review_on <= :by AND c.status != 'closed'
  AND NOT EXISTS (
    SELECT 1 FROM agenda_items a2 JOIN csg_meetings m2 ON m2.id = a2.meeting_id
    WHERE a2.case_id = ai.case_id AND m2.status = 'held'
      AND a2.kind IN ('new_referral', 'review', 'other')
      AND (m2.starts_at > m.starts_at OR (m2.starts_at = m.starts_at AND a2.id > ai.id)))
  AND NOT EXISTS (
    SELECT 1 FROM agenda_items a3 JOIN csg_meetings m3 ON m3.id = a3.meeting_id
    WHERE a3.case_id = ai.case_id AND (m3.status = 'planned' OR m3.id = :meeting))
UNION ALL
SELECT 2, c.id, NULL, NULL, m.starts_at, ai.title
FROM agenda_items ai
JOIN csg_meetings m ON m.id = ai.meeting_id
JOIN cases c ON c.id = ai.case_id
WHERE ai.kind = 'dispute' AND (ai.chair_decision IS NULL OR ai.chair_decision = '')
  AND m.status IN ('held', 'cancelled') AND c.status != 'closed'
  AND NOT EXISTS (
    SELECT 1 FROM agenda_items a4 JOIN csg_meetings m4 ON m4.id = a4.meeting_id
    WHERE a4.case_id = ai.case_id AND a4.kind = 'dispute'
      AND ((m4.status != 'cancelled' AND m4.starts_at > m.starts_at) OR m4.id = :meeting))
"""

PROPOSALS_PAGE_SQL = f"""
SELECT page.*, c.reference, p.title, p.given_names, p.family_name, er.referrer_name,
       er.route, er.route_context
FROM (SELECT * FROM ({PROPOSALS_SQL}) AS proposed ORDER BY k, on_date, at, case_id
      LIMIT {PAGE} OFFSET 0) page
JOIN cases c ON c.id = page.case_id
JOIN practitioners p ON p.id = c.practitioner_id
LEFT JOIN external_referrals er ON er.id = page.referral_id
ORDER BY page.k, page.on_date, page.at, page.case_id
"""

DETAIL_SQL = """
SELECT ai.*, c.reference, p.title, p.given_names, p.family_name, p.registration_body,
       p.registration_number, p.grade, p.employer
FROM agenda_items ai
LEFT JOIN cases c ON c.id = ai.case_id
LEFT JOIN practitioners p ON p.id = c.practitioner_id
WHERE ai.meeting_id = :meeting ORDER BY ai.position, ai.id
"""
DETAIL_REFERRALS_SQL = """
SELECT er.* FROM external_referrals er
WHERE er.kind = 'csg'
  AND er.case_id IN (SELECT case_id FROM agenda_items WHERE meeting_id = :meeting)
ORDER BY er.proposed_on, er.id
"""
DETAIL_CONFLICTS_SQL = """
SELECT d.*, cm.name, cm.role FROM conflict_declarations d
JOIN csg_members cm ON cm.id = d.member_id
WHERE d.agenda_item_id IN (SELECT id FROM agenda_items WHERE meeting_id = :meeting)
"""
DETAIL_ATTENDANCE_SQL = """
SELECT cm.*, a.attendance FROM csg_members cm
LEFT JOIN csg_attendance a ON a.member_id = cm.id AND a.meeting_id = :meeting
WHERE cm.joined_on <= :day AND (cm.left_on IS NULL OR cm.left_on >= :day)
"""
DETAIL_ACTIONS_SQL = "SELECT * FROM actions WHERE csg_meeting_id = :meeting ORDER BY id"
DETAIL_DECISIONS_SQL = (
    "SELECT * FROM decisions WHERE csg_meeting_id = :meeting AND kind = 'chair_dispute'"
)
MEETINGS_SQL = """
SELECT m.*, cm.name, cm.left_on, i.n, i.total FROM csg_meetings m
LEFT JOIN csg_members cm ON cm.id = m.chair_member_id
LEFT JOIN (SELECT meeting_id, count(*) AS n, sum(minutes_allotted) AS total
           FROM agenda_items GROUP BY meeting_id) i ON i.meeting_id = m.id
ORDER BY m.starts_at < :today, CASE WHEN m.starts_at >= :today THEN m.starts_at END,
         m.starts_at DESC, m.id
LIMIT 20
"""


def _next_meeting(store: Store) -> tuple[int, date]:
    """The first planned meeting from today: the one whose agenda is being built."""
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            for_engine(
                store,
                "SELECT id FROM csg_meetings WHERE status = 'planned' AND starts_at >= ? "
                "ORDER BY starts_at LIMIT 1",
            ),
            (clock.today().isoformat(),),
        )
        row = cursor.fetchone()
    finally:
        raw.close()
    if row is None:
        raise RuntimeError("the benchmark store has no planned CSG meeting")
    meeting_id = int(row[0])
    with store.session() as session:
        starts_at = meeting_detail(session=session, meeting_id=meeting_id).meeting.starts_at
    return meeting_id, local(starts_at).date()


def measure_csg(store: Store, cases: int, runs: int) -> list[Timing]:
    """Building the next meeting's agenda and opening it, each against its SQL floor."""
    meeting_id, day = _next_meeting(store)
    results: list[Timing] = []

    def service(
        name: str, fn: Callable[[], object], floor: list[tuple[str, dict[str, Any]]]
    ) -> None:
        samples = time_calls(lambda _: fn(), runs)
        timing = summarise(name, "service", cases, samples)
        timing.floor_ms = raw_floor(store, [positional(sql, params) for sql, params in floor], runs)
        results.append(timing)

    def proposed() -> object:
        with store.session() as session:
            return proposals(session=session, meeting_id=meeting_id, offset=0, limit=PAGE)

    parameters = {"meeting": meeting_id, "by": day.isoformat()}
    with store.session() as session:
        total = proposals(session=session, meeting_id=meeting_id, offset=0, limit=1).total
    service(
        f"csg: agenda proposals, first page ({total:,} proposed)",
        proposed,
        [
            (PROPOSALS_PAGE_SQL, parameters),
            (f"SELECT count(*) FROM ({PROPOSALS_SQL}) AS proposed", parameters),
        ],
    )

    def detail() -> object:
        with store.session() as session:
            return meeting_detail(session=session, meeting_id=meeting_id)

    service(
        "csg: agenda of the next meeting (items, referrals, conflicts, attendance)",
        detail,
        [
            (DETAIL_SQL, {"meeting": meeting_id}),
            (DETAIL_REFERRALS_SQL, {"meeting": meeting_id}),
            (DETAIL_CONFLICTS_SQL, {"meeting": meeting_id}),
            (DETAIL_ACTIONS_SQL, {"meeting": meeting_id}),
            (DETAIL_DECISIONS_SQL, {"meeting": meeting_id}),
            (DETAIL_ATTENDANCE_SQL, {"meeting": meeting_id, "day": day.isoformat()}),
        ],
    )

    def meetings() -> object:
        with store.session() as session:
            return meeting_page(session=session, offset=0, limit=20, today=clock.today())

    service(
        "csg: meetings page",
        meetings,
        [(MEETINGS_SQL, {"today": clock.today().isoformat()})],
    )
    return results


def main(argv: list[str] | None = None) -> int:
    """Measure the CSG scenarios on cached demo stores and print a table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scenarios_csg")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--backend", choices=BACKENDS, default=BACKENDS[0])
    parser.add_argument("--server", help="a PostgreSQL superuser URL (see benchmarks.run)")
    args = parser.parse_args(argv)
    if args.server:
        os.environ[ENV] = args.server
    target = Target(args.backend)
    freeze_clock()
    print("| cases | measurement | median ms | p95 ms | floor ms | x floor |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for cases in args.sizes:
        store = Store.open(target.store(cases), USER, PASSPHRASE)
        try:
            for t in measure_csg(store, cases, args.runs):
                floor = "" if t.floor_ms is None else f"{t.floor_ms:.2f}"
                ratio = "" if t.ratio is None else f"{t.ratio:.1f}"
                print(
                    f"| {cases:,} | {t.name} | {t.median_ms:.1f} | {t.p95_ms:.1f} | "
                    f"{floor} | {ratio} |",
                    flush=True,
                )
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The triage queue's service calls and a triage decision, each against a hand-written floor.

Deciding writes, so it runs on a scratch copy of the store (a copy of the file, or of the team
database on its server), removed afterwards: the cached benchmark store is untouched.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from benchmarks.floors import for_engine, name_search, raw_floor
from benchmarks.measure import Timing, summarise, time_calls
from benchmarks.scenarios import PAGE
from benchmarks.stores import PASSPHRASE, USER
from remedy_tui import clock
from remedy_tui.services.triage.decide import TriageChoice, decide
from remedy_tui.services.triage.queue import QueueQuery, queue_page
from remedy_tui.store import Store, StorePaths
from remedy_tui.store.backend import Where
from remedy_tui.store.models import Referral, ReferralStatus, TriageOutcome

WAITING = "('awaiting_triage', 'awaiting_information', 'deferred')"
OVERDUE = (
    "EXISTS (SELECT 1 FROM actions a WHERE a.referral_id = r.id AND a.kind = "
    "'information_request' AND a.status = 'open' AND a.due_on < ?)"
)
# The page's ids sorted from the referrals alone, then their columns, in one query.
QUEUE_SQL = f"""
SELECT r.id, r.reference, r.version, r.status, r.received_on, r.source, r.triggers, r.trust,
       r.programme, r.form1_received_on, r.form2_received_on, r.form_e_received_on,
       r.suggested_level, ra.last_activity_at, p.title, p.given_names, p.family_name, p.grade,
       c.reference, {OVERDUE}
FROM (SELECT id FROM referrals r WHERE {{where}} ORDER BY received_on, id LIMIT ? OFFSET ?) page
JOIN referrals r ON r.id = page.id
JOIN practitioners p ON p.id = r.practitioner_id
LEFT JOIN cases c ON c.id = r.case_id
LEFT JOIN referral_activity ra ON ra.referral_id = r.id
ORDER BY r.received_on, r.id
"""


def _floor_queries(where: str, today: str) -> list[tuple[str, tuple[Any, ...]]]:
    return [
        (QUEUE_SQL.format(where=where), (today, PAGE, 0)),
        (f"SELECT count(*) FROM referrals r WHERE {where}", ()),
        (f"SELECT count(*) FROM referrals r WHERE r.status IN {WAITING} AND {OVERDUE}", (today,)),
    ]


def measure_queue(store: Store, cases: int, runs: int) -> list[Timing]:
    """The queue's first page and a search, as the landing screen asks for them."""
    today = clock.today()
    results = []
    search = f"r.practitioner_id IN ({name_search(store, 'quill')})"
    for name, query, where in (
        ("queue: first page", QueueQuery(), f"r.status IN {WAITING}"),
        (
            "queue: search 'quill'",
            QueueQuery(search="quill"),
            f"r.status IN {WAITING} AND {search}",
        ),
    ):

        def call(_: int, query: QueueQuery = query) -> None:
            with store.session() as session:
                queue_page(session=session, query=query, offset=0, limit=PAGE, today=today)

        timing = summarise(name, "service", cases, time_calls(call, runs))
        timing.floor_ms = raw_floor(store, _floor_queries(where, today.isoformat()), runs)
        results.append(timing)
    return results


@contextlib.contextmanager
def scratch_copy(where: Where) -> Iterator[Where]:
    """A throwaway copy of a cached store (still encrypted) for benchmarks that write; on a
    team server, a copy of its database (nobody may be connected to it meanwhile)."""
    if not isinstance(where, Path):
        from benchmarks.servers import scratch_database

        with scratch_database(where.database) as address:
            yield address
        return
    path = where
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".scratch-") as folder:
        source, target = StorePaths(path), StorePaths(Path(folder) / path.name)
        shutil.copyfile(source.keys, target.keys)
        shutil.copyfile(source.db, target.db)
        yield target.db


def measure_decision(where: Where, cases: int, runs: int) -> list[Timing]:
    """Recording a triage decision (one transaction, audited), on a scratch copy."""
    with scratch_copy(where) as copy:
        store = Store.open(copy, USER, PASSPHRASE)
        try:
            with store.session() as session:
                waiting = session.exec(
                    select(Referral)
                    .where(
                        col(Referral.status) == ReferralStatus.AWAITING_TRIAGE.value,
                        col(Referral.form1_received_on).is_not(None),
                        col(Referral.form2_received_on).is_not(None),
                    )
                    .limit(2 * runs + 2)
                ).all()
                targets = [(r.id or 0, r.version) for r in waiting]
            if len(targets) < 2 * runs + 2:
                return []
            service_targets, floor_targets = targets[: runs + 1], targets[runs + 1 :]

            def call(i: int) -> None:
                referral_id, version = service_targets[i + 1 if i >= 0 else 0]
                with store.session() as session:
                    decide(
                        session=session,
                        actor_id=store.user.id,
                        referral_id=referral_id,
                        expected_version=version,
                        choice=TriageChoice(
                            outcome=TriageOutcome.NO_FURTHER_ACTION,
                            level=1,
                            rationale="Benchmark: low impact, kept on file.",
                        ),
                    )

            timing = summarise(
                "triage: record a decision", "service", cases, time_calls(call, runs)
            )
            raw = store.engine.raw_connection()
            try:
                cursor = raw.cursor()
                now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
                floor_samples = []
                decided = for_engine(
                    store,
                    "UPDATE referrals SET status = 'decided', level = 1, outcome = "
                    "'no_further_action', decided_at = ?, version = version + 1 WHERE id = ?",
                )
                recorded = for_engine(
                    store,
                    "INSERT INTO decisions (referral_id, kind, code, outcome, level, rationale, "
                    "decided_by_id, decided_at) VALUES (?, 'triage', 'no_further_action', "
                    "'Keep on file, no further action', 1, 'floor', ?, ?)",
                )
                for referral_id, _ in floor_targets[:runs]:
                    started = time.perf_counter()
                    cursor.execute(decided, (now, referral_id))
                    cursor.execute(recorded, (referral_id, store.user.id, now))
                    raw.commit()
                    floor_samples.append((time.perf_counter() - started) * 1000)
            finally:
                raw.close()
            timing.floor_ms = summarise("", "", 0, floor_samples).median_ms
            timing.note = "floor: the same two writes by hand, one transaction, no audit"
            return [timing]
        finally:
            store.close()

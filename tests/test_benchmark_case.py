"""The case benchmark runs, measures what it says, and leaves a 500-entry case behind."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import col

from benchmarks.scenarios_case import TIMELINE_ENTRIES, long_case, measure_case
from remedy_tui.store import Store
from remedy_tui.store.models import TimelineEntry


def test_measure_case_times_each_service_beside_its_floor(
    demo_store: Store, frozen_clock: object
) -> None:
    timings = measure_case(demo_store, 300, runs=2)
    names = [t.name for t in timings]
    assert names[0].startswith("case: open with 500 timeline entries")
    assert "caseload: first page (overdue first)" in names
    assert all(t.runs == 2 and t.median_ms > 0 and (t.floor_ms or 0) > 0 for t in timings)
    case_id = long_case(demo_store)  # a second call finds the topped-up case
    with demo_store.session() as session:
        entries = session.execute(
            select(func.count()).where(col(TimelineEntry.case_id) == case_id)
        ).scalar_one()
    assert entries == TIMELINE_ENTRIES

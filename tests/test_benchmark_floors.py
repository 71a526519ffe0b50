"""The benchmark's other scenarios run on each backend: every service call is timed beside a
hand-written floor in that engine's SQL, and the scenarios that write do it on a scratch copy.
(The case screen's scenario is in test_benchmark_case.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from benchmarks import servers
from benchmarks.scenarios import measure_open, measure_services
from benchmarks.scenarios_checklist import measure_checklist
from benchmarks.scenarios_csg import measure_csg
from benchmarks.scenarios_triage import measure_decision, measure_queue
from remedy_tui.store import Store
from remedy_tui.store.backend import Where
from remedy_tui.store.models import ChecklistAnswer, Decision


@pytest.fixture(autouse=True)
def scratch_on_the_test_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scratch copies are made on the cluster the tests' databases are on."""
    monkeypatch.delenv(servers.ENV, raising=False)


def _written(store: Store) -> tuple[int, int]:
    with store.session() as session:
        answers = session.execute(select(func.count(col(ChecklistAnswer.id)))).scalar_one()
        decisions = session.execute(select(func.count(col(Decision.id)))).scalar_one()
    return answers, decisions


def test_each_screens_service_call_is_timed_beside_its_floor(
    demo_store: Store, demo_path: Where, frozen_clock: object
) -> None:
    timings = measure_services(demo_store, 300, runs=2)
    timings += measure_queue(demo_store, 300, runs=2)
    timings += measure_csg(demo_store, 300, runs=2)
    names = [t.name for t in timings]
    assert "case list: search 'quill'" in names
    assert "queue: search 'quill'" in names
    assert "csg: meetings page" in names
    assert all(t.runs == 2 and t.median_ms > 0 and (t.floor_ms or 0) > 0 for t in timings)
    opening = measure_open(demo_path, 300, runs=1)
    assert len(opening) == 3 and all(t.median_ms > 0 for t in opening)


def test_writing_scenarios_run_on_a_scratch_copy_and_leave_the_store_as_it_was(
    demo_store: Store, demo_path: Where, frozen_clock: object
) -> None:
    before = _written(demo_store)
    timings = measure_checklist(demo_store, 300, runs=2, app=False)
    demo_store.engine.dispose()  # a team database is copied only while nobody is connected
    timings += measure_decision(demo_path, 300, runs=2)
    names = [t.name for t in timings]
    assert "checklist: save an answer (answer, timeline, audit, commit)" in names
    assert "triage: record a decision" in names
    assert all(t.median_ms > 0 and (t.floor_ms or 0) > 0 for t in timings)
    assert _written(demo_store) == before

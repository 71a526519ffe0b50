"""Two people on one case: activity does not refuse a change, and no write is ever lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from remedy_tui.services.case.case_list import CaseQuery, CaseSort, StatusFilter, case_page
from remedy_tui.services.case.case_summary import case_summary
from remedy_tui.services.case.cases import change_level
from remedy_tui.services.case.timeline import record_entry
from remedy_tui.services.common.errors import ConflictError
from remedy_tui.services.desk import Desk
from remedy_tui.store import Store
from remedy_tui.store.audit import verify_chain
from remedy_tui.store.backend import Where
from remedy_tui.store.models import (
    Case,
    CaseActivity,
    Decision,
    DecisionKind,
    Role,
    TimelineEntry,
    TimelineKind,
)
from remedy_tui.store.server import ServerAddress
from tests.conftest import PASSPHRASE, TODAY, USERNAME
from tests.helpers.cases import make_case
from tests.helpers.users import add_colleague

ROOT = Path(__file__).parent.parent
WRITER = Path(__file__).parent / "helpers" / "desk_writer.py"
COLLEAGUE = ("bo", "Bo Colleague")
WRITES_EACH = 160


@pytest.fixture
def colleague(store: Store) -> Any:
    """A colleague with a key slot of their own, signed in at another desk."""
    add_colleague(store, COLLEAGUE[0], COLLEAGUE[1], Role.CLINICAL_CASE_MANAGER, PASSPHRASE)
    theirs = Store.open(store.where, COLLEAGUE[0], PASSPHRASE)
    yield theirs
    theirs.close()


def test_a_colleagues_note_does_not_refuse_your_level_change(
    store: Store, colleague: Store
) -> None:
    case_id = make_case(store)
    mine, theirs = Desk(store), Desk(colleague)
    seen = mine.read(case_summary, case_id=case_id)

    theirs.change(
        record_entry,
        case_id=case_id,
        kind=TimelineKind.NOTE,
        title="Called the supervisor",
        body="All well.",
    )
    decision_id = mine.change(
        change_level,
        case_id=case_id,
        expected_version=seen.version,
        level=3,
        rationale="New concerns from the trust.",
    )

    after = mine.read(case_summary, case_id=case_id)
    assert after.level == 3
    assert after.version == seen.version + 1
    with store.session() as session:
        assert session.get(Decision, decision_id) is not None
        activity = session.get(CaseActivity, case_id)
        note = session.exec(
            select(TimelineEntry).where(col(TimelineEntry.kind) == TimelineKind.NOTE)
        ).one()
        assert activity is not None and activity.last_activity_at >= note.created_at
        listed = case_page(
            session=session,
            query=CaseQuery(status=StatusFilter.ALL, sort=CaseSort.LAST_ACTIVITY),
            offset=0,
            limit=10,
            today=TODAY,
        )
        assert [row.id for row in listed.rows] == [case_id]


def test_a_colleagues_level_change_still_refuses_yours_and_names_them(
    store: Store, colleague: Store
) -> None:
    case_id = make_case(store)
    mine, theirs = Desk(store), Desk(colleague)
    seen = mine.read(case_summary, case_id=case_id)
    theirs.change(
        change_level, case_id=case_id, expected_version=seen.version, level=1, rationale="Calmer."
    )
    with pytest.raises(ConflictError, match=COLLEAGUE[1]):
        mine.change(
            change_level,
            case_id=case_id,
            expected_version=seen.version,
            level=3,
            rationale="Worse.",
        )
    assert mine.read(case_summary, case_id=case_id).level == 1


def _start(
    where: Where, user: str, case_id: int, writes: str = str(WRITES_EACH)
) -> subprocess.Popen[str]:
    """A writer process (WRITES a count, or a time such as "60s")."""
    place = where.url if isinstance(where, ServerAddress) else str(where)
    return subprocess.Popen(
        [sys.executable, str(WRITER), place, user, PASSPHRASE, str(case_id), writes],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _run_together(
    writers: dict[str, subprocess.Popen[str]], *, timeout: float
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """Start the writers together once all are open; each one's outcomes and stderr."""
    outcomes: dict[str, list[dict[str, Any]]] = {}
    errors: dict[str, str] = {}
    try:
        for process in writers.values():
            assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        # All are open and waiting: let them go together.
        for process in writers.values():
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        # Each writes a level and a note, then waits for the others (on a busy machine one
        # could otherwise finish before another is scheduled at all).
        first: dict[str, list[str]] = {}
        for user, process in writers.items():
            assert process.stdout is not None
            first[user] = []
            while (line := process.stdout.readline().strip()) != "half-way":
                assert line, f"the writer for {user} stopped before half-way"
                first[user].append(line)
        for process in writers.values():
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        for user, process in writers.items():
            out, err = process.communicate(timeout=timeout)
            errors[user] = err
            assert process.returncode == 0, err
            outcomes[user] = [json.loads(line) for line in [*first[user], *out.splitlines()]]
    finally:
        for process in writers.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    return outcomes, errors


def test_two_processes_on_one_case_lose_no_write_and_refuse_only_by_name(
    store: Store, colleague: Store
) -> None:
    case_id = make_case(store)
    start_version = Desk(store).read(case_summary, case_id=case_id).version
    full_names = {USERNAME: store.user.full_name, COLLEAGUE[0]: COLLEAGUE[1]}
    writers = {user: _start(store.where, user, case_id) for user in full_names}
    outcomes, errors = _run_together(writers, timeout=120)

    # No raw errors: nothing escaped either writer.
    for user, err in errors.items():
        assert "Traceback" not in err and "StaleDataError" not in err, err
        assert "OperationalError" not in err, err
        assert len(outcomes[user]) == WRITES_EACH
    assert sum(len(o) for o in outcomes.values()) >= 300
    # The two really wrote at once: each wrote notes before and after some of the other's.
    mine, theirs = ([r["id"] for r in outcomes[u] if r["op"] == "note"] for u in full_names)
    assert min(mine) < max(theirs) and min(theirs) < max(mine)

    # Every refusal is a ConflictError that names the colleague, and only level changes meet one.
    for user, results in outcomes.items():
        other = next(name for u, name in full_names.items() if u != user)
        for result in results:
            if not result["ok"]:
                assert result["op"] == "level", result
                assert other in result["message"], result["message"]
    # Notes do not move the case's version, so a note never refuses anything.
    notes = [r["id"] for o in outcomes.values() for r in o if r["op"] == "note"]
    assert all(r["ok"] for o in outcomes.values() for r in o if r["op"] == "note")
    levels = [r["id"] for o in outcomes.values() for r in o if r["op"] == "level" and r["ok"]]

    # Every committed write is there afterwards, and nothing else was written.
    with store.session() as session:
        stored_notes = session.exec(
            select(TimelineEntry.id).where(
                col(TimelineEntry.case_id) == case_id, col(TimelineEntry.kind) == TimelineKind.NOTE
            )
        ).all()
        assert sorted(stored_notes) == sorted(notes)
        decisions = session.exec(
            select(Decision)
            .where(
                col(Decision.case_id) == case_id, col(Decision.kind) == DecisionKind.LEVEL_CHANGE
            )
            .order_by(col(Decision.id))
        ).all()
        assert sorted(d.id for d in decisions) == sorted(levels)
        # Each level change started from the level the one before left: none was overwritten.
        for before, after in zip(decisions, decisions[1:], strict=False):
            assert after.from_value == before.to_value
        case = session.get(Case, case_id)
        assert case is not None
        assert case.version == start_version + len(levels)
        assert str(case.level) == decisions[-1].to_value
    with store.engine.connect() as conn:
        report = verify_chain(conn, store.audit_key())
    assert report.ok, report.fault


def test_three_desktops_on_one_case_for_a_minute_lose_nothing_on_the_team_server(
    store: Store, colleague: Store
) -> None:
    """The team server's promise: three desktops (processes) writing to one case for a
    minute lose no write, meet no raw error, and leave an audit chain that verifies."""
    if store.server is None:
        pytest.skip("several desktops share a case on the team server, not on a local file")
    from remedy_tui.store.check import run_checks

    add_colleague(store, "cy", "Cy Third", Role.CLINICAL_CASE_MANAGER, PASSPHRASE)
    names = {USERNAME: store.user.full_name, COLLEAGUE[0]: COLLEAGUE[1], "cy": "Cy Third"}
    case_id = make_case(store)
    writers = {user: _start(store.where, user, case_id, "60s") for user in names}
    outcomes, errors = _run_together(writers, timeout=180)
    for err in errors.values():
        assert "Traceback" not in err and "Error" not in err, err

    results = [r for o in outcomes.values() for r in o]
    assert all(len(o) > 20 for o in outcomes.values()), {u: len(o) for u, o in outcomes.items()}
    for user, mine in outcomes.items():
        for result in mine:
            if not result["ok"]:
                assert result["op"] == "level", result
                others = [name for u, name in names.items() if u != user]
                assert any(name in result["message"] for name in others), result["message"]
    notes = sorted(r["id"] for r in results if r["op"] == "note" and r["ok"])
    levels = sorted(r["id"] for r in results if r["op"] == "level" and r["ok"])
    assert all(r["ok"] for r in results if r["op"] == "note")
    with store.session() as session:
        stored_notes = session.exec(
            select(TimelineEntry.id).where(
                col(TimelineEntry.case_id) == case_id, col(TimelineEntry.kind) == TimelineKind.NOTE
            )
        ).all()
        decisions = session.exec(
            select(Decision)
            .where(
                col(Decision.case_id) == case_id, col(Decision.kind) == DecisionKind.LEVEL_CHANGE
            )
            .order_by(col(Decision.id))
        ).all()
    assert sorted(stored_notes) == notes  # 0 lost writes, and nothing written twice
    assert sorted(d.id for d in decisions) == levels
    for before, after in zip(decisions, decisions[1:], strict=False):
        assert after.from_value == before.to_value
    checks = {r.name: r for r in run_checks(store)}
    assert checks["audit chain"].ok, checks["audit chain"].detail
    assert "entries verify" in checks["audit chain"].detail

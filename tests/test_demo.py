"""The demo generator: seeded, fictional, and covering every stage of the lifecycle."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from sqlalchemy import text

from remedy_tui.demo import DemoSpec, build_demo_store
from remedy_tui.store import Store
from remedy_tui.store.check import run_checks
from tests.conftest import DEMO_CASES, FAST_KDF, TODAY

CONTENT_TABLES = (
    "practitioners",
    "practitioner_equality",
    "referrals",
    "form2_concerns",
    "cases",
    "decisions",
    "actions",
    "timeline_entries",
    "checklist_answers",
    "risk_assessments",
    "documents",
    "document_contents",
    "external_referrals",
    "csg_meetings",
    "agenda_items",
    "triage_meetings",
)


def _digest(store: Store) -> str:
    digest = hashlib.sha256()
    with store.engine.connect() as conn:
        for table in CONTENT_TABLES:
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_the_same_seed_and_size_give_the_same_store(tmp_path: Path) -> None:
    spec = DemoSpec(cases=40, seed=7, today=date(2026, 3, 1))
    first, _ = build_demo_store(tmp_path / "a.db", spec, kdf=FAST_KDF)
    second, _ = build_demo_store(tmp_path / "b.db", spec, kdf=FAST_KDF)
    other, _ = build_demo_store(
        tmp_path / "c.db", DemoSpec(cases=40, seed=8, today=date(2026, 3, 1)), kdf=FAST_KDF
    )
    try:
        assert _digest(first) == _digest(second)
        assert _digest(first) != _digest(other)
    finally:
        for store in (first, second, other):
            store.close()


def test_the_demo_covers_every_stage_of_the_lifecycle(demo_store: Store) -> None:
    today = TODAY.isoformat()
    queries = {
        "incomplete referrals": "SELECT count(*) FROM referrals WHERE status = "
        "'awaiting_information' AND (form1_received_on IS NULL OR form2_received_on IS NULL)",
        "complete referrals waiting": "SELECT count(*) FROM referrals WHERE status = "
        "'awaiting_triage' AND form1_received_on IS NOT NULL AND form2_received_on IS NOT NULL",
        "deferred referrals": "SELECT count(*) FROM referrals WHERE status = 'deferred'",
        "referrals linked to an open case": "SELECT count(*) FROM referrals r JOIN cases c "
        "ON c.id = r.case_id WHERE r.status = 'awaiting_triage' AND c.status != 'closed'",
        "level 1 cases": "SELECT count(*) FROM cases WHERE level = 1",
        "level 2 cases": "SELECT count(*) FROM cases WHERE level = 2",
        "level 3 cases": "SELECT count(*) FROM cases WHERE level = 3",
        "escalations": "SELECT count(*) FROM cases WHERE escalated_to_dean",
        "quiet cases": "SELECT count(*) FROM cases WHERE status = 'quiet'",
        "closed cases": "SELECT count(*) FROM cases WHERE status = 'closed'",
        "follow-ups overdue": "SELECT count(*) FROM actions WHERE kind = 'follow_up' "
        f"AND status = 'open' AND due_on < '{today}'",
        "follow-ups due": "SELECT count(*) FROM actions WHERE kind = 'follow_up' "
        f"AND status = 'open' AND due_on >= '{today}'",
        "information requests": "SELECT count(*) FROM actions WHERE kind = 'information_request'",
        "part-answered checklists": "SELECT count(*) FROM (SELECT case_id FROM checklist_answers "
        "GROUP BY case_id HAVING count(DISTINCT question_id) < 41) AS t",
        "checklist history": "SELECT count(*) FROM (SELECT case_id, question_id FROM "
        "checklist_answers GROUP BY case_id, question_id HAVING count(*) > 1) AS t",
        "CSG meetings held": "SELECT count(*) FROM csg_meetings WHERE status = 'held'",
        "CSG meetings planned": f"SELECT count(*) FROM csg_meetings WHERE status = 'planned' "
        f"AND starts_at > '{today}'",
        "onward referrals": "SELECT count(DISTINCT kind) FROM external_referrals",
        "documents": "SELECT count(*) FROM document_contents",
        "triage minutes": "SELECT count(*) FROM triage_meetings WHERE minutes_markdown IS NOT NULL",
    }
    with demo_store.engine.connect() as conn:
        counts = {name: conn.execute(text(sql)).scalar() for name, sql in queries.items()}
        cases = conn.execute(text("SELECT count(*) FROM cases")).scalar()
    missing = [name for name, count in counts.items() if not count]
    assert missing == []
    assert cases == DEMO_CASES
    assert all(r.ok for r in run_checks(demo_store))


def test_demo_names_and_numbers_are_obviously_fictional(demo_store: Store) -> None:
    with demo_store.engine.connect() as conn:
        numbers = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT registration_number FROM practitioners WHERE registration_body = 'GMC'"
                )
            )
        ]
        emails = [r[0] for r in conn.execute(text("SELECT email FROM practitioners"))]
        trusts = {r[0] for r in conn.execute(text("SELECT employer FROM practitioners"))}
    # GMC numbers are seven digits and none issued start with 9.
    assert numbers and all(n.startswith("9") and len(n) == 7 for n in numbers)
    assert all(e.endswith("@demo.invalid") for e in emails)
    assert all(
        any(word in t for word in ("Demo", "Fictional", "Sample", "Mock", "Imaginary"))
        for t in trusts
    )

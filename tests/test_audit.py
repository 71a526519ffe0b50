"""The audit trail: every write recorded, chained, and tampering detected."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import Connection, text
from sqlmodel import col, select

from remedy_tui.store import AuditError, Store
from remedy_tui.store.audit import verify_chain
from remedy_tui.store.backend import Where
from remedy_tui.store.models import AuditEntry, Grade, Practitioner
from remedy_tui.store.server import ServerAddress
from tests.conftest import PASSPHRASE, USERNAME
from tests.helpers.postgres import owner_address


def _add_practitioners(store: Store, n: int) -> None:
    for i in range(n):
        with store.session() as session:
            session.add(Practitioner(given_names=f"Ivy{i}", family_name="Audit", grade=Grade.SAS))
            session.commit()


def _entries(store: Store) -> list[AuditEntry]:
    with store.session() as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)).all())


def _remedy_check(where: Where) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REMEDY_USER": USERNAME, "REMEDY_PASSPHRASE": PASSPHRASE}
    if isinstance(where, ServerAddress):
        place = ["--server", where.url, "--insecure-plain-loopback"]
    else:
        place = ["--store", str(where)]
    return subprocess.run(
        [sys.executable, "-m", "remedy_tui", *place, "check"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_every_write_records_who_what_and_which_record(store: Store) -> None:
    _add_practitioners(store, 1)
    with store.session() as session:
        practitioner = session.exec(select(Practitioner)).one()
        practitioner.specialty = "Psychiatry"
        session.add(practitioner)
        session.commit()
    entries = _entries(store)
    insert, update = entries[-2], entries[-1]
    assert (insert.actor, insert.action, insert.table_name) == (USERNAME, "insert", "practitioners")
    assert insert.record_id == str(practitioner.id)
    assert json.loads(insert.changes)["given_names"] == "Ivy0"
    assert (update.action, update.record_id) == ("update", str(practitioner.id))
    assert json.loads(update.changes)["specialty"] == [None, "Psychiatry"]
    assert json.loads(update.changes)["version"] == [1, 2]


def test_a_write_without_a_signed_in_user_is_refused(store: Store) -> None:
    with store.session() as session:
        session.info["actor"] = ""
        session.add(Practitioner(given_names="No", family_name="Actor", grade=Grade.SAS))
        with pytest.raises(AuditError):
            session.commit()
    with store.session() as session:
        assert session.exec(select(Practitioner)).all() == []


@pytest.mark.parametrize(
    ("tamper", "fault"),
    [
        ('UPDATE audit_entries SET changes = \'{"given_names":"Edited"}\' WHERE id = 3', "altered"),
        ("DELETE FROM audit_entries WHERE id = 3", "missing"),
        ("DELETE FROM audit_entries WHERE id = (SELECT max(id) FROM audit_entries)", "removed"),
        ("UPDATE audit_entries SET actor = 'someone-else' WHERE id = 2", "altered"),
    ],
)
def test_tampering_with_history_is_detected_by_remedy_check(
    store: Store, tamper: str, fault: str
) -> None:
    _add_practitioners(store, 4)
    where = store.where
    # On a team server only the database's owner can touch the trail at all.
    engine = (
        owner_address(where.database).owner_engine()
        if isinstance(where, ServerAddress)
        else store.engine
    )
    with engine.connect() as conn:
        assert verify_chain(conn, store.audit_key()).ok
        conn.execute(text(tamper))
        conn.commit()
        report = verify_chain(conn, store.audit_key())
    assert not report.ok and fault in str(report.fault)
    store.close()
    engine.dispose()
    result = _remedy_check(where)
    assert result.returncode == 1
    assert "FAIL  audit chain" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_untouched_store_passes_remedy_check(store: Store) -> None:
    _add_practitioners(store, 3)
    where = store.where
    store.close()
    result = _remedy_check(where)
    assert result.returncode == 0, result.stderr
    assert "ok    audit chain" in result.stdout
    engine_check = "ok    server" if isinstance(where, ServerAddress) else "ok    cipher integrity"
    assert engine_check in result.stdout


def test_a_record_changed_or_deleted_past_remedy_is_found_by_check(store: Store) -> None:
    """An insider with the store open edits a case row and deletes a note with plain SQL,
    writing no audit entry: check names both records and the entries they no longer match."""
    from remedy_tui.services.case import timeline
    from remedy_tui.services.desk import Desk
    from remedy_tui.store.check import run_checks
    from remedy_tui.store.models import TimelineKind
    from tests.helpers.cases import make_case

    case_id = make_case(store)
    note = Desk(store).change(
        timeline.record_entry, case_id=case_id, kind=TimelineKind.NOTE, title="Met them"
    )
    Desk(store).change(timeline.record_entry, case_id=case_id, kind=TimelineKind.NOTE, title="Kept")
    clean = {r.name: r for r in run_checks(store)}
    assert clean["records"].ok and clean["audit chain"].ok, clean["records"].detail
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE cases SET level = 3 WHERE id = :i"), {"i": case_id})
        conn.execute(text("DELETE FROM timeline_entries WHERE id = :i"), {"i": note})
    found = {r.name: r for r in run_checks(store)}
    assert found["audit chain"].ok  # the chain itself was not touched
    assert not found["records"].ok
    detail = found["records"].detail
    assert f"cases {case_id} differs from entry" in detail
    assert f"timeline_entries {note} is missing" in detail
    checked = _remedy_check(store.where)
    assert checked.returncode == 1 and "FAIL  records" in checked.stdout


@pytest.mark.local_file
def test_a_trail_cut_short_is_found_by_the_computer_that_saw_it_longer(store: Store) -> None:
    """An insider with the file deletes the last entries and moves the recorded head back:
    the chain left verifies, but this computer remembers the longer trail."""
    import json as _json

    from remedy_tui.services.common.history import check_history

    _add_practitioners(store, 4)
    assert check_history(store=store) is None  # seen, and remembered
    with store.engine.begin() as conn:
        last = conn.execute(text("SELECT max(id) FROM audit_entries")).scalar_one()
        keep = conn.execute(
            text("SELECT id, mac FROM audit_entries WHERE id = :i"), {"i": last - 2}
        ).one()
        conn.execute(text("DELETE FROM audit_entries WHERE id > :i"), {"i": keep[0]})
        conn.execute(
            text("UPDATE store_meta SET value = :v WHERE key = 'audit_head'"),
            {"v": _json.dumps({"id": keep[0], "mac": keep[1]})},
        )
    assert verify_chain_ok(store)  # what is left still verifies on its own
    problem = check_history(store=store)
    assert problem is not None and "entries have been removed" in problem
    checked = _remedy_check(store.where)
    assert checked.returncode == 1 and "FAIL  history" in checked.stdout
    assert f"reach entry {last:,}" in checked.stdout


def verify_chain_ok(store: Store) -> bool:
    with store.engine.connect() as conn:
        return verify_chain(conn, store.audit_key()).ok


@pytest.mark.local_file
def test_a_history_rewritten_and_rechained_is_found_by_signatures_and_this_computer(
    store: Store,
) -> None:
    """An insider who holds a passphrase derives the chain's key, edits an old entry and
    recomputes every MAC after it: the MACs hold together, but the signatures over them do
    not (the insider cannot sign in others' names), and the entry this computer last saw is
    no longer the same."""
    import json as _json

    from remedy_tui.services.common.history import check_history
    from remedy_tui.store.audit import PendingEntry, _mac, derive_audit_key

    _add_practitioners(store, 4)
    assert check_history(store=store) is None
    key = derive_audit_key(store.data_key())
    with store.engine.begin() as conn:
        rows = conn.execute(
            text("SELECT id, at, actor, action, table_name, record_id, changes FROM audit_entries")
        ).all()
        prev = "0" * 64
        for row in rows:
            changes = _json.loads(row.changes)
            if row.id == 2:
                changes["family_name"] = "Rewritten"
            entry = PendingEntry(row.action, row.table_name, row.record_id, changes)
            mac = _mac(key, row.id, _at_text(conn, row.id), row.actor, entry, prev)
            conn.execute(
                text(
                    "UPDATE audit_entries SET changes = :c, prev_mac = :p, mac = :m WHERE id = :i"
                ),
                {
                    "c": _json.dumps(changes, sort_keys=True, separators=(",", ":")),
                    "p": prev,
                    "m": mac,
                    "i": row.id,
                },
            )
            prev = mac
        conn.execute(
            text("UPDATE store_meta SET value = :v WHERE key = 'audit_head'"),
            {"v": _json.dumps({"id": rows[-1].id, "mac": prev})},
        )
    with store.engine.connect() as conn:
        report = verify_chain(conn, store.audit_key())
    assert not report.ok
    assert report.fault is not None and "audit entry 2 " in report.fault
    assert "is not signed by" in report.fault
    problem = check_history(store=store)
    assert problem is not None and "rewritten" in problem


def _at_text(conn: Connection, entry_id: int) -> str:
    """An entry's moment as its MAC covers it (read through the model, as verify_chain does)."""
    at = conn.execute(select(AuditEntry.at).where(col(AuditEntry.id) == entry_id)).scalar_one()
    return str(at.isoformat())

"""The audit trail, readable: who did what to which record, filtered by case, person and kind,
and written out for an information-governance review; never the values a change wrote."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from remedy_tui.services.case import timeline
from remedy_tui.services.common.errors import PermissionDeniedError
from remedy_tui.services.desk import Desk
from remedy_tui.services.oversight.audit_trail import AuditKind, AuditQuery, audit_page
from remedy_tui.store import Store
from remedy_tui.store.models import Role, TimelineKind
from tests.conftest import PASSPHRASE, USERNAME
from tests.helpers.cases import make_case
from tests.helpers.users import add_colleague

SECRET = "Disclosed a health condition in confidence"


def _note(store: Store, case_id: int) -> None:
    Desk(store).change(
        timeline.record_entry,
        case_id=case_id,
        kind=TimelineKind.NOTE,
        title="Health disclosure",
        body=SECRET,
        confidential=True,
    )


def test_the_trail_shows_who_changed_which_record_never_the_values(store: Store) -> None:
    first = make_case(store)
    second = make_case(store, reference="C-000002", registration_number="7000002")
    _note(store, first)
    _note(store, second)
    desk = Desk(store)
    page = desk.read(audit_page, query=AuditQuery(), offset=0, limit=100)
    assert page.total == len(page.rows) and page.rows[0].id > page.rows[-1].id  # newest first
    assert all(SECRET not in row.what for row in page.rows)
    note = next(row for row in page.rows if row.record.startswith("timeline_entries"))
    assert note.actor == USERNAME and note.action == "insert"
    assert "body" in note.what and "confidential" in note.what
    about_first = desk.read(audit_page, query=AuditQuery(search="c-000001"), offset=0, limit=100)
    records = {row.record for row in about_first.rows}
    assert "case C-000001" in records and "case C-000002" not in records
    assert any(r.startswith("timeline_entries") for r in records)
    assert len([r for r in records if r.startswith("timeline_entries")]) == 1
    changes = desk.read(audit_page, query=AuditQuery(kind=AuditKind.EXPORTS), offset=0, limit=100)
    assert changes.total == 0


def test_only_those_who_see_every_case_read_the_trail(store: Store) -> None:
    add_colleague(store, "tess", "Tess Tpd", Role.TPD, PASSPHRASE, ("Paediatrics",))
    tess = Desk(Store.open(store.where, "tess", PASSPHRASE))
    try:
        with pytest.raises(PermissionDeniedError):
            tess.read(audit_page, query=AuditQuery(), offset=0, limit=10)
    finally:
        tess.close()


@pytest.mark.local_file
def test_remedy_audit_export_writes_the_trail_owner_only_and_records_itself(
    store: Store, tmp_path: Path
) -> None:
    case_id = make_case(store)
    _note(store, case_id)
    where = store.where
    store.close()
    out = tmp_path / "ig"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "remedy_tui", "--store", str(where), "audit", "export", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "REMEDY_USER": USERNAME, "REMEDY_PASSPHRASE": PASSPHRASE},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    written = next(out.glob("remedy-audit-*.csv"))
    assert str(written) in done.stdout
    assert written.stat().st_mode & 0o077 == 0
    text = written.read_text(encoding="utf-8")
    assert SECRET not in text
    rows = list(csv.reader(text.splitlines()))
    assert rows[0][0] == "entry" and any(r[4].startswith("timeline_entries") for r in rows[1:])
    reopened = Store.open(where, USERNAME, PASSPHRASE)
    try:
        page = Desk(reopened).read(
            audit_page, query=AuditQuery(kind=AuditKind.EXPORTS), offset=0, limit=10
        )
    finally:
        reopened.close()
    assert [row.action for row in page.rows] == ["export"]
    assert str(written) in page.rows[0].what and "audit trail" in page.rows[0].what


@pytest.mark.local_file
def test_wrong_passphrases_are_on_the_trail_with_the_next_sign_in(store: Store) -> None:
    from remedy_tui.store import WrongPassphraseError

    where = store.where
    for _ in range(2):
        with pytest.raises(WrongPassphraseError):
            Store.open(where, USERNAME, "not the passphrase at all")
    desk = Desk.open(where, USERNAME, PASSPHRASE, via="app")
    try:
        page = desk.read(audit_page, query=AuditQuery(kind=AuditKind.SIGN_INS), offset=0, limit=10)
    finally:
        desk.close()
    assert [row.action for row in page.rows][:2] == ["sign_in", "failed_sign_ins"]
    assert page.rows[1].what == "2 failed attempts before this sign-in"

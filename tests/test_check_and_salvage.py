"""`remedy check` tells the truth: no false alarm while colleagues write, every fault of a
damaged store reported while the other checks still run; and `remedy salvage` copies what can
still be read of a damaged store into a new one, saying what was lost."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from remedy_tui.services.case import timeline
from remedy_tui.services.desk import Desk
from remedy_tui.store import Store, StorePaths
from remedy_tui.store.check import run_checks
from remedy_tui.store.models import Practitioner, TimelineEntry, TimelineKind
from remedy_tui.store.server import ServerAddress
from tests.conftest import PASSPHRASE, USERNAME
from tests.helpers.cases import make_case


def _remedy(where: object, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REMEDY_USER": USERNAME, "REMEDY_PASSPHRASE": PASSPHRASE}
    if isinstance(where, ServerAddress):
        place = ["--server", where.url, "--insecure-plain-loopback"]
    else:
        place = ["--store", str(where)]
    return subprocess.run(
        [sys.executable, "-m", "remedy_tui", *place, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def test_check_raises_no_false_alarm_while_a_colleague_writes(store: Store) -> None:
    """The chain is read in batches and its head after them; all on one snapshot, a note
    written meanwhile never looks like entries removed."""
    case_id = make_case(store)
    stop = threading.Event()
    written = 0

    def colleague() -> None:
        nonlocal written
        desk = Desk(Store.open(store.where, USERNAME, PASSPHRASE))
        try:
            while not stop.is_set():
                desk.change(
                    timeline.record_entry, case_id=case_id, kind=TimelineKind.NOTE, title="n"
                )
                written += 1
        finally:
            desk.close()

    writer = threading.Thread(target=colleague)
    writer.start()
    checker = Store.open(store.where, USERNAME, PASSPHRASE)
    try:
        verdicts = []
        for _ in range(20):
            verdicts.append([r for r in run_checks(checker) if not r.ok])
    finally:
        stop.set()
        writer.join()
        checker.close()
    assert written > 0
    assert verdicts == [[]] * 20


def _damage_a_page_of_the_timeline(store: Store) -> int:
    """Write many timeline entries, close the store, and flip a byte in each of ten pages
    near the file's end (the entries written last); returns how many rows there were."""
    case_id = make_case(store)
    # Written below the session (no audit entry each), so that the file's last pages are the
    # timeline's own.
    with store.engine.begin() as conn:
        conn.execute(
            insert(TimelineEntry),
            [
                {
                    "case_id": case_id,
                    "kind": TimelineKind.NOTE,
                    "title": f"Entry {n}",
                    "occurred_at": datetime(2026, 11, 1, 9, tzinfo=UTC),
                    "body": "Met the trainee; the plan is kept. " * 4,
                    "author_id": store.user.id,
                    "confidential": False,
                    "created_at": datetime(2026, 11, 1, 9, tzinfo=UTC),
                }
                for n in range(3000)
            ],
        )
    with store.session() as session:
        rows = int(session.execute(select(func.count()).select_from(TimelineEntry)).scalar_one())
    path = store.where
    assert isinstance(path, Path)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for page in range(10, 20):  # ten pages among the timeline's last ones
            handle.seek(size - page * 4096 + 2000)
            byte = handle.read(1)
            handle.seek(size - page * 4096 + 2000)
            handle.write(bytes([byte[0] ^ 0xFF]))
    return rows


@pytest.mark.local_file
def test_a_damaged_store_is_reported_whole_and_salvaged_into_a_new_one(
    store: Store, tmp_path: Path
) -> None:
    rows = _damage_a_page_of_the_timeline(store)
    where = store.where
    checked = _remedy(where, "check")
    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr and "unexpected error" not in checked.stderr
    lines = {line.split()[1]: line for line in checked.stdout.splitlines() if line.strip()}
    assert lines["integrity"].startswith("FAIL") and "timeline_entries" in lines["integrity"]
    assert lines["cipher"].startswith("FAIL") and "HMAC verification failed" in lines["cipher"]
    # The checks after the damage still ran.
    assert lines["migration"].startswith("ok")
    assert "remedy salvage NEW_FILE" in checked.stderr
    backed = _remedy(where, "backup", str(tmp_path / "b.remedy-backup"))
    assert backed.returncode != 0 and "it is damaged" in backed.stderr
    assert "unexpected error" not in backed.stderr
    assert not (tmp_path / "b.remedy-backup").exists()

    copy = tmp_path / "salvaged" / "remedy.db"
    salvaged = _remedy(where, "salvage", str(copy))
    assert salvaged.returncode == 0, salvaged.stderr
    assert "could not be read" in salvaged.stdout and f"Salvaged into {copy}" in salvaged.stdout
    # Only the damaged table is said to have lost rows; empty tables are not listed.
    damaged = [line for line in salvaged.stdout.splitlines() if " copied; " in line]
    assert [line.split()[0] for line in damaged] == ["timeline_entries"]
    assert all(p.stat().st_mode & 0o077 == 0 for p in (copy, StorePaths(copy).keys))
    again = _remedy(copy, "check")
    assert "ok    integrity" in again.stdout and "ok    cipher integrity" in again.stdout
    opened = Store.open(copy, USERNAME, PASSPHRASE)  # the same person, the same passphrase
    try:
        with opened.session() as session:
            kept = int(
                session.execute(select(func.count()).select_from(TimelineEntry)).scalar_one()
            )
            people = session.execute(select(Practitioner.family_name)).scalars().all()
        assert 0 < kept < rows
        assert people == ["Casewell"]
    finally:
        opened.close()
    # Salvage never writes over a store.
    refused = _remedy(where, "salvage", str(copy))
    assert refused.returncode != 0 and "already exists" in refused.stderr

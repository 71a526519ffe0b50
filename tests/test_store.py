"""The encrypted store: round trips, nothing in clear on disk, migrations, crash safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.command import downgrade
from sqlalchemy import text
from sqlmodel import select

from remedy_tui.services.case.case_list import CaseQuery, StatusFilter, case_page
from remedy_tui.store import NewerStoreError, Store, StorePaths
from remedy_tui.store.backup import write_backup
from remedy_tui.store.check import run_checks
from remedy_tui.store.engine import make_engine
from remedy_tui.store.migrate import alembic_config, head_revision
from remedy_tui.store.models import (
    Case,
    CaseStatus,
    Document,
    DocumentContent,
    Grade,
    Practitioner,
    RegistrationBody,
    TimelineEntry,
    TimelineKind,
)
from tests.conftest import PASSPHRASE, TODAY, USERNAME

# About the encrypted local file itself; the team server has tests/test_server.py.
pytestmark = pytest.mark.local_file

CANARIES = ("CANARYNAMEqzx", "CANARYNOTEqzx", "CANARYDOCqzx", "Zebediah-Canaryfield")


def _write_case_with_canaries(store: Store) -> int:
    with store.session() as session:
        practitioner = Practitioner(
            given_names="Zebediah-Canaryfield",
            family_name="CANARYNAMEqzx",
            registration_body=RegistrationBody.GMC,
            registration_number="9123456",
            grade=Grade.SAS,
        )
        session.add(practitioner)
        session.flush()
        assert practitioner.id is not None
        case = Case(
            reference="C-000001",
            practitioner_id=practitioner.id,
            level=2,
            status=CaseStatus.OPEN,
            opened_on=date(2026, 1, 5),
            checklist_edition="fairness-framework-1",
        )
        session.add(case)
        session.flush()
        assert case.id is not None
        document = Document(
            case_id=case.id,
            kind="upload",
            filename="notes.txt",
            media_type="text/plain",
            size_bytes=12,
            sha256="0" * 64,
            uploaded_by_id=store.user.id,
        )
        session.add(document)
        session.flush()
        assert document.id is not None
        session.add(DocumentContent(document_id=document.id, content=b"CANARYDOCqzx " * 50))
        session.add(
            TimelineEntry(
                case_id=case.id,
                kind=TimelineKind.NOTE,
                occurred_at=datetime(2026, 1, 6, 9, 0, tzinfo=UTC),
                title="Note",
                body="CANARYNOTEqzx: the practitioner disclosed a health condition.",
                author_id=store.user.id,
            )
        )
        session.commit()
        return case.id


def _plaintext_hits(paths: list[Path]) -> list[str]:
    hits = []
    for path in paths:
        data = path.read_bytes()
        for canary in CANARIES:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if canary.encode(encoding) in data:
                    hits.append(f"{canary} ({encoding}) in {path.name}")
    return hits


def test_store_round_trip_keeps_what_was_written(store: Store, store_path: Path) -> None:
    case_id = _write_case_with_canaries(store)
    store.close()
    reopened = Store.open(store_path, USERNAME, PASSPHRASE)
    try:
        with reopened.session() as session:
            case = session.get(Case, case_id)
            assert case is not None and case.level == 2 and case.status is CaseStatus.OPEN
            note = session.exec(select(TimelineEntry)).one()
            assert note.occurred_at == datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
            assert note.occurred_at.tzinfo is not None
            content = session.exec(select(DocumentContent)).one()
            assert content.content.startswith(b"CANARYDOCqzx")
    finally:
        reopened.close()


def test_no_canary_reaches_the_disk_in_clear(
    store: Store, store_path: Path, tmp_path: Path
) -> None:
    _write_case_with_canaries(store)
    paths = StorePaths(store_path)
    # While open, with the write-ahead log still holding the writes...
    assert paths.wal.exists()
    assert _plaintext_hits(paths.all_files()) == []
    # ...in an encrypted backup...
    backup = write_backup(
        store.engine,
        paths,
        tmp_path / "b.remedy-backup",
        reason="test",
        schema_revision=head_revision(),
    )
    assert _plaintext_hits([backup]) == []
    store.close()
    # ...and after closing, in every file the store left anywhere under tmp_path.
    everything = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert everything, "the scan must look at real files"
    assert _plaintext_hits(everything) == []
    assert not paths.db.read_bytes().startswith(b"SQLite format 3")


def test_a_naive_datetime_is_refused_rather_than_guessed(store: Store) -> None:
    with store.session() as session:
        session.add(
            Practitioner(
                given_names="A",
                family_name="B",
                grade=Grade.SAS,
                created_at=datetime(2026, 1, 1, 9, 0),
            )
        )
        with pytest.raises(Exception, match="naive datetime refused"):
            session.commit()


def test_an_older_store_is_backed_up_then_migrated(store: Store, store_path: Path) -> None:
    # Take the store back to revision 0001 (before the search index), then add data there.
    key = store.data_key()
    store.close()
    engine = make_engine(store_path, key, transactional_ddl=True)
    with engine.connect() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        downgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO practitioners (version, given_names, family_name, grade, "
                "copy_representative, created_at) VALUES (1, 'Olwen', 'Oldstore', 'sas', 0, "
                "'2026-01-01 00:00:00.000000')"
            )
        )
        conn.commit()
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    engine.dispose()

    reopened = Store.open(store_path, USERNAME, PASSPHRASE)
    try:
        assert reopened.migration_backup is not None and reopened.migration_backup.exists()
        assert "before-migration-from-0001" in reopened.migration_backup.name
        assert all(r.ok for r in run_checks(reopened))
        # The search index built by 0002 covers rows written before it existed.
        with reopened.session() as session:
            found = session.execute(
                text("SELECT rowid FROM practitioner_search WHERE practitioner_search MATCH 'olw*'")
            ).all()
        assert len(found) == 1
    finally:
        reopened.close()


def test_a_store_from_a_newer_remedy_is_refused_unchanged(store: Store, store_path: Path) -> None:
    with store.engine.connect() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        conn.commit()
    store.close()
    before = store_path.read_bytes()
    with pytest.raises(NewerStoreError, match="newer version of Remedy"):
        Store.open(store_path, USERNAME, PASSPHRASE)
    assert not (store_path.parent / "backups").exists()
    assert store_path.read_bytes() == before


def test_a_writer_killed_mid_burst_loses_no_committed_transaction(
    store: Store, store_path: Path
) -> None:
    store.close()
    helper = Path(__file__).parent / "helpers" / "burst_writer.py"
    process = subprocess.Popen(
        [sys.executable, str(helper), str(store_path), USERNAME, PASSPHRASE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert process.stdout is not None
    committed = 0
    for line in process.stdout:
        committed = int(line)
        if committed >= 40:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert committed >= 40, process.stderr.read() if process.stderr else ""

    reopened = Store.open(store_path, USERNAME, PASSPHRASE)
    try:
        with reopened.session() as session:
            names = set(session.exec(select(Practitioner.given_names)).all())
        assert {f"Burst{n}" for n in range(1, committed + 1)} <= names
        results = run_checks(reopened)
        assert all(r.ok for r in results), results
    finally:
        reopened.close()


def test_case_list_search_finds_by_name_number_and_reference(demo_store: Store) -> None:
    with demo_store.session() as session:
        everything = case_page(
            session=session,
            query=CaseQuery(status=StatusFilter.ALL),
            offset=0,
            limit=5,
            today=TODAY,
        )
        first = everything.rows[0]
        family = first.practitioner.split()[-1]
        by_name = case_page(
            session=session,
            query=CaseQuery(search=family[:4], status=StatusFilter.ALL),
            offset=0,
            limit=500,
            today=TODAY,
        )
        by_ref = case_page(
            session=session,
            query=CaseQuery(search=first.reference.lower(), status=StatusFilter.ALL),
            offset=0,
            limit=5,
            today=TODAY,
        )
        number = first.registration.split()[-1]
        by_number = case_page(
            session=session,
            query=CaseQuery(search=number, status=StatusFilter.ALL),
            offset=0,
            limit=5,
            today=TODAY,
        )
    assert first.id in {r.id for r in by_name.rows}
    assert [r.id for r in by_ref.rows] == [first.id]
    assert first.id in {r.id for r in by_number.rows}


def test_the_canary_scan_would_see_plaintext(tmp_path: Path) -> None:
    # A control: the same scan finds canaries in an unencrypted SQLite file.
    import sqlite3

    plain = tmp_path / "plain.db"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES ('CANARYNAMEqzx')")
    conn.commit()
    conn.close()
    assert _plaintext_hits([plain]) == ["CANARYNAMEqzx (utf-8) in plain.db"]

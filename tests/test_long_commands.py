"""Long commands say what they are doing; a backup writes the store once.

Run with no terminal, as a script or a log would: the steps are plain lines on stderr, each
when it begins and when it ends with how long it took; the results stay on stdout.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from remedy_tui.progress_display import showing_progress
from remedy_tui.store import Store
from remedy_tui.store.backup import DB_MEMBER, KEYS_MEMBER, MANIFEST_MEMBER, read_manifest
from remedy_tui.store.check import run_checks
from tests.test_cli import one_clean_line, remedy
from tests.test_restore import CREDS, _backup, _names, _new_store

pytestmark = pytest.mark.local_file


class Heard:
    """Every step and count a long command reports."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, int | None, str]] = []
        self.counts: list[int] = []

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        self.phases.append((name, total, unit))

    def advance(self, done: int) -> None:
        self.counts.append(done)


def test_check_names_each_step_on_stderr_and_keeps_its_results_on_stdout(tmp_path: Path) -> None:
    db = _new_store(tmp_path / "remedy.db", "Checked")
    done = remedy("check", store=db, **CREDS)
    assert done.returncode == 0, done.stderr
    err = done.stderr.splitlines()
    assert err[0] == "Checking the store ..."
    for step in (
        "pages and records (quick)",
        "every page's authentication code",
        "references between records",
        "the audit chain and its signatures",
        "every record against its last audit entry",
    ):
        assert any(line.startswith(f"  {step}") and line.endswith("...") for line in err), step
        assert any(line.startswith(f"  {step}: done in ") for line in err), step
    assert err[-1].endswith(" in all)")
    assert "ok    integrity" in done.stdout and "Checking" not in done.stdout
    assert "Checked" not in done.stderr  # names of steps only, never case data


def test_check_full_runs_the_full_integrity_check(tmp_path: Path) -> None:
    db = _new_store(tmp_path / "remedy.db")
    done = remedy("check", "--full", store=db, **CREDS)
    assert done.returncode == 0, done.stderr
    assert "Checking the store (the full check) ..." in done.stderr
    assert "pages, records and indexes (full): done in" in done.stderr


def test_run_checks_reports_the_chain_by_entries_and_the_records_by_tables(
    tmp_path: Path,
) -> None:
    db = _new_store(tmp_path / "remedy.db", "One", "Two")
    store = Store.open(db, "asha", CREDS["REMEDY_PASSPHRASE"])
    try:
        heard = Heard()
        assert all(result.ok for result in run_checks(store, progress=heard))
    finally:
        store.close()
    chain = next(p for p in heard.phases if p[0] == "the audit chain and its signatures")
    assert chain[2] == "entries" and chain[1] is not None and chain[1] >= 1
    assert chain[1] in heard.counts  # the last batch reports every entry verified
    records = next(p for p in heard.phases if p[0].startswith("every record"))
    assert records[2] == "tables" and records[1] is not None and records[1] > 10


def test_a_backup_is_the_store_written_once_then_its_keys_and_manifest(tmp_path: Path) -> None:
    db = _new_store(tmp_path / "team" / "remedy.db", "Kept")
    store = Store.open(db, "asha", CREDS["REMEDY_PASSPHRASE"])
    try:
        heard = Heard()
        from remedy_tui.services.common.backups import backup_store

        backup = backup_store(store=store, dest=tmp_path / "b.remedy-backup", progress=heard)
    finally:
        store.close()
    manifest = read_manifest(backup)
    assert manifest.database_bytes is not None
    raw = backup.read_bytes()
    with zipfile.ZipFile(backup) as archive:
        assert set(archive.namelist()) == {MANIFEST_MEMBER, KEYS_MEMBER}  # no second copy
        assert archive.read(KEYS_MEMBER) == (db.parent / "remedy.db.keys").read_bytes()
    # The database is the file's first bytes, encrypted: no SQLite header in the clear.
    assert not raw.startswith(b"SQLite format 3")
    assert b"Kept" not in raw
    assert len(raw) - manifest.database_bytes < 64 * 1024  # only keys and manifest follow
    copying = next(p for p in heard.phases if p[0] == "copying the store")
    assert copying[2] == "bytes" and copying[1] is not None
    assert heard.counts and heard.counts[-1] == manifest.database_bytes
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    # ... and it restores, with each step said.
    fresh = tmp_path / "new" / "remedy.db"
    done = remedy("restore", str(backup), store=fresh, **CREDS)
    assert done.returncode == 0, done.stderr
    assert "unpacking the store" in done.stderr and "pages and records (quick)" in done.stderr
    assert _names(fresh) == {"Kept"}


def test_a_backup_from_an_earlier_version_still_restores(tmp_path: Path) -> None:
    """Before one-pass backups the database was the archive's member ``store.db``."""
    backup = _backup(_new_store(tmp_path / "old" / "remedy.db", "Older"), tmp_path / "b.backup")
    manifest = read_manifest(backup)
    assert manifest.database_bytes is not None
    raw = backup.read_bytes()
    earlier = {key: value for key, value in manifest.__dict__.items() if key != "database_bytes"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(backup) as current, zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(MANIFEST_MEMBER, json.dumps(earlier))
        archive.writestr(DB_MEMBER, raw[: manifest.database_bytes])
        archive.writestr(KEYS_MEMBER, current.read(KEYS_MEMBER))
    old = tmp_path / "old-format.remedy-backup"
    old.write_bytes(buffer.getvalue())
    fresh = tmp_path / "new" / "remedy.db"
    done = remedy("restore", str(old), store=fresh, **CREDS)
    assert done.returncode == 0, done.stderr
    assert _names(fresh) == {"Older"}


def test_a_cut_short_backup_is_refused_on_one_line_and_restores_nothing(tmp_path: Path) -> None:
    backup = _backup(_new_store(tmp_path / "old" / "remedy.db", "Whole"), tmp_path / "b.backup")
    raw = backup.read_bytes()
    cut = tmp_path / "cut.remedy-backup"
    cut.write_bytes(raw[: len(raw) // 2])
    fresh = tmp_path / "new" / "remedy.db"
    done = remedy("restore", str(cut), store=fresh, **CREDS)
    assert done.returncode == 1
    assert "not a Remedy backup" in one_clean_line(done.stderr)
    assert not fresh.exists()


def test_a_refusal_before_any_step_prints_only_the_refusal() -> None:
    stream = io.StringIO()
    with pytest.raises(RuntimeError), showing_progress("Working ...", stream):
        raise RuntimeError("refused")
    assert stream.getvalue() == ""
    with showing_progress("Working ...", stream) as shown:
        shown.phase("first step", total=3, unit="tables")
        shown.advance(3)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Working ..."
    assert lines[1] == "  first step (3 tables) ..."
    assert lines[2].startswith("  first step: done in ")

"""Restore that cannot lose data, and backups and damaged stores that fail on one clear line.

A store open anywhere is claimed by its process (``remedy.db.in-use``); a restore, a rekey or
a migration goes ahead only while nobody else has it open.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.command import downgrade
from sqlmodel import select

from remedy_tui.services.common.backups import backup_store, restore_store
from remedy_tui.services.common.history import check_history
from remedy_tui.store import DamagedStoreError, Store, StoreInUseError, StorePaths
from remedy_tui.store.engine import make_engine
from remedy_tui.store.in_use import gate, others_open
from remedy_tui.store.migrate import alembic_config
from remedy_tui.store.models import Grade, Practitioner, Role
from tests.conftest import FAST_KDF
from tests.test_cli import PASS, one_clean_line, remedy

pytestmark = pytest.mark.local_file

CREDS = {"REMEDY_USER": "asha", "REMEDY_PASSPHRASE": PASS}
WRITER = Path(__file__).parent / "helpers" / "note_writer.py"


def _new_store(path: Path, *names: str) -> Path:
    """A store at ``path`` holding a practitioner for each of ``names``, closed."""
    store, _code = Store.create(
        path,
        username="asha",
        full_name="Asha Example",
        role=Role.NON_CLINICAL_CASE_MANAGER,
        passphrase=PASS,
        kdf=FAST_KDF,
    )
    try:
        _add(store, *names)
    finally:
        store.close()
    return path


def _add(store: Store, *names: str) -> None:
    with store.session() as session:
        for name in names:
            session.add(Practitioner(given_names=name, family_name="Example", grade=Grade.SAS))
        session.commit()


def _names(path: Path) -> set[str]:
    store = Store.open(path, "asha", PASS)
    try:
        with store.session() as session:
            return set(session.exec(select(Practitioner.given_names)).all())
    finally:
        store.close()


def _store_id(path: Path) -> str:
    store = Store.open(path, "asha", PASS)
    store.close()
    return store.store_id


def _backup(path: Path, dest: Path) -> Path:
    store = Store.open(path, "asha", PASS)
    try:
        return backup_store(store=store, dest=dest)
    finally:
        store.close()


class Writer:
    """A colleague's Remedy in another process, with the store open, writing on request."""

    def __init__(self, db: Path) -> None:
        root = Path(__file__).parent.parent
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), "asha", PASS],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)},
        )
        assert self._line() == "ready"

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line:
            assert self.process.stderr is not None
            pytest.fail(f"the writer stopped: {self.process.stderr.read()}")
        return line

    def write(self, name: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        assert self._line() == f"wrote {name}"

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0


@pytest.fixture
def writer_factory() -> Iterator[list[Writer]]:
    started: list[Writer] = []
    yield started
    for writer in started:
        if writer.process.poll() is None:
            writer.process.kill()
            writer.process.wait()


def test_a_restore_while_the_store_is_open_elsewhere_is_refused_and_no_write_is_lost(
    tmp_path: Path, writer_factory: list[Writer]
) -> None:
    db = _new_store(tmp_path / "team" / "remedy.db", "Before")
    backup = _backup(db, tmp_path / "monday.remedy-backup")
    writer = Writer(db)
    writer_factory.append(writer)
    written = [f"Note{n}" for n in range(1, 6)]
    for name in written[:3]:
        writer.write(name)

    refused = remedy("restore", str(backup), store=db, **CREDS)
    assert refused.returncode == 1
    line = one_clean_line(refused.stderr)
    assert "open by asha" in line and f"(pid {writer.process.pid})" in line, line
    assert "Nothing was changed" in line
    assert not (db.parent / "backups").exists()

    for name in written[3:]:
        writer.write(name)  # the open store is still the one on disk
    writer.stop()
    assert others_open(StorePaths(db)) == []

    done = remedy("restore", str(backup), store=db, **CREDS)
    assert done.returncode == 0, done.stderr
    assert _names(db) == {"Before"}
    # 0 writes lost: every note written is in the store the restore replaced, kept aside.
    (kept,) = (db.parent / "backups").glob("before-restore-*")
    assert _names(kept / db.name) == {"Before", *written}


def test_a_restore_is_refused_while_this_process_has_the_store_open_too(tmp_path: Path) -> None:
    db = _new_store(tmp_path / "remedy.db", "Before")
    backup = _backup(db, tmp_path / "b.remedy-backup")
    open_here = Store.open(db, "asha", PASS)
    try:
        with pytest.raises(StoreInUseError, match=f"open by asha on host .* \\(pid {os.getpid()}"):
            restore_store(backup=backup, db_path=db, username="asha", passphrase=PASS)
        assert not (db.parent / "backups").exists()
        _add(open_here, "StillHere")
    finally:
        open_here.close()
    kept = restore_store(backup=backup, db_path=db, username="asha", passphrase=PASS).kept
    assert _names(db) == {"Before"}
    assert kept is not None and _names(kept / db.name) == {"Before", "StillHere"}


def test_a_process_that_died_with_the_store_open_does_not_block_a_restore(
    tmp_path: Path, writer_factory: list[Writer]
) -> None:
    db = _new_store(tmp_path / "remedy.db", "Before")
    backup = _backup(db, tmp_path / "b.remedy-backup")
    writer = Writer(db)
    writer_factory.append(writer)
    writer.write("LastWords")
    writer.process.send_signal(signal.SIGKILL)
    writer.process.wait()
    assert list(StorePaths(db).in_use.glob("*.open"))  # its claim is left behind...
    assert others_open(StorePaths(db)) == []  # ...but nobody holds it
    kept = restore_store(backup=backup, db_path=db, username="asha", passphrase=PASS).kept
    assert kept is not None and _names(kept / db.name) == {"Before", "LastWords"}
    assert not list(StorePaths(db).in_use.glob("*.open"))  # the stale claim was cleared


def test_opening_waits_for_a_restore_under_way_then_says_who_holds_it(tmp_path: Path) -> None:
    db = _new_store(tmp_path / "remedy.db")
    paths = StorePaths(db)
    refused = pytest.raises(StoreInUseError, match="bo on host .* is restoring a backup into")
    with (
        gate(paths, user="bo", doing="restoring a backup into"),
        refused,
        gate(paths, user="asha", doing="opening", wait=0.2),
    ):
        pass
    Store.open(db, "asha", PASS).close()


def test_a_backup_of_another_store_is_refused_unless_asked_for_by_name(tmp_path: Path) -> None:
    ours = _new_store(tmp_path / "ours" / "remedy.db", *(f"Ours{n}" for n in range(40)))
    theirs = _new_store(tmp_path / "theirs" / "remedy.db", "Theirs1", "Theirs2", "Theirs3")
    backup = _backup(theirs, tmp_path / "theirs.remedy-backup")
    our_store_id, their_store_id = (_store_id(ours), _store_id(theirs))
    before = ours.read_bytes()

    refused = remedy("restore", str(backup), store=ours, **CREDS)
    assert refused.returncode == 1
    line = one_clean_line(refused.stderr)
    assert our_store_id in line and their_store_id in line, line
    assert f"--replace-with-other-store {their_store_id}" in line
    assert ours.read_bytes() == before and not (ours.parent / "backups").exists()

    misnamed = remedy(
        "restore", str(backup), "--replace-with-other-store", our_store_id, store=ours, **CREDS
    )
    assert misnamed.returncode == 1 and their_store_id in one_clean_line(misnamed.stderr)
    assert ours.read_bytes() == before

    asked = remedy(
        "restore", str(backup), "--replace-with-other-store", their_store_id, store=ours, **CREDS
    )
    assert asked.returncode == 0, asked.stderr
    assert f"store {our_store_id} was replaced by store {their_store_id}" in asked.stdout
    assert _names(ours) == {"Theirs1", "Theirs2", "Theirs3"}
    (kept,) = (ours.parent / "backups").glob("before-restore-*")
    assert len(_names(kept / ours.name)) == 40


def test_a_backup_restores_where_there_is_no_store_at_all(tmp_path: Path) -> None:
    backup = _backup(_new_store(tmp_path / "old" / "remedy.db", "Kept"), tmp_path / "b.backup")
    fresh = tmp_path / "new" / "remedy.db"
    done = remedy("restore", str(backup), store=fresh, **CREDS)
    assert done.returncode == 0, done.stderr
    assert _names(fresh) == {"Kept"}


def _writable(folder: Path) -> bool:
    try:
        os.rmdir(tempfile.mkdtemp(dir=folder))
    except OSError:
        return False
    return True


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process may not write to (as root, permissions do not stop it, but the
    kernel's /sys does)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    for candidate in (folder, Path("/sys/fs")):
        if candidate.is_dir() and not _writable(candidate):
            return candidate
    pytest.skip("no folder here refuses this user's writes")


def test_a_backup_into_a_read_only_folder_says_so_on_one_line_and_writes_nothing(
    tmp_path: Path,
) -> None:
    db = _new_store(tmp_path / "team" / "remedy.db")
    folder = _unwritable_folder(tmp_path)
    before = set(folder.iterdir())
    result = remedy("backup", str(folder / "monday.remedy-backup"), store=db, **CREDS)
    assert result.returncode == 1
    line = one_clean_line(result.stderr)
    assert str(folder / "monday.remedy-backup") in line and "Nothing was written" in line, line
    assert "unexpected" not in line
    assert set(folder.iterdir()) == before
    missing = remedy("backup", str(tmp_path / "nowhere" / "b.remedy-backup"), store=db, **CREDS)
    assert missing.returncode == 1
    assert "does not exist" in one_clean_line(missing.stderr)
    backup = _backup(db, tmp_path / "b.remedy-backup")
    into = remedy("restore", str(backup), store=folder / "remedy.db", **CREDS)
    assert into.returncode == 1
    assert str(folder) in one_clean_line(into.stderr) and "unexpected" not in into.stderr
    assert set(folder.iterdir()) == before


def test_a_zero_byte_database_is_refused_as_empty_never_made_afresh(tmp_path: Path) -> None:
    db = _new_store(tmp_path / "remedy.db", "Lost")
    db.write_bytes(b"")
    for leftover in (StorePaths(db).wal, StorePaths(db).shm):
        leftover.unlink(missing_ok=True)
    result = remedy("check", store=db, **CREDS)
    assert result.returncode == 1
    line = one_clean_line(result.stderr)
    assert "empty" in line and "remedy restore" in line, line
    assert "passphrase" not in line.lower()
    assert db.stat().st_size == 0 and not (db.parent / "backups").exists()
    with pytest.raises(DamagedStoreError):
        Store.open(db, "asha", PASS)
    assert db.stat().st_size == 0


def test_a_database_that_is_not_one_is_refused_as_damaged(tmp_path: Path) -> None:
    db = _new_store(tmp_path / "remedy.db", "Lost")
    db.write_bytes(b"\x00" * 8192)
    result = remedy("check", store=db, **CREDS)
    assert result.returncode == 1
    line = one_clean_line(result.stderr)
    assert "damaged" in line and "remedy restore" in line, line
    assert "Wrong user name or passphrase" not in line


def _take_back_to_0001(db: Path) -> None:
    store = Store.open(db, "asha", PASS)
    key = store.data_key()
    store.close()
    engine = make_engine(db, key, transactional_ddl=True)
    try:
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            downgrade(config, "0001")
            conn.commit()
    finally:
        engine.dispose()


def test_a_migration_waits_until_nobody_else_has_the_store_open(tmp_path: Path) -> None:
    db = _new_store(tmp_path / "remedy.db")
    _take_back_to_0001(db)
    older_remedy = Store.open(db, "asha", PASS, migrate=False)  # as an older Remedy would
    try:
        with pytest.raises(StoreInUseError, match="Upgrading the store .* open by asha"):
            Store.open(db, "asha", PASS)
        assert not (db.parent / "backups").exists()
    finally:
        older_remedy.close()
    upgraded = Store.open(db, "asha", PASS)
    upgraded.close()
    assert upgraded.migration_backup is not None and upgraded.migration_backup.exists()


def test_a_rekey_can_hold_the_store_alone_while_it_works(tmp_path: Path) -> None:
    db = _new_store(tmp_path / "remedy.db")
    mine, theirs = Store.open(db, "asha", PASS), Store.open(db, "asha", PASS)
    try:
        rekey = {"doing": "rekeying", "what": "A rekey", "retry": "rekey again"}
        refused = pytest.raises(StoreInUseError, match="A rekey cannot go ahead .* open by asha")
        with refused, mine.exclusively(**rekey):
            pass
        theirs.close()
        # Its own claim does not count; while it works, nobody else can open the store.
        waiting = pytest.raises(StoreInUseError, match="asha on host .* is rekeying")
        with (
            mine.exclusively(**rekey),
            waiting,
            gate(StorePaths(db), user="bo", doing="opening", wait=0.2),
        ):
            pass
    finally:
        theirs.close()
        mine.close()


def test_after_a_restore_here_the_shorter_history_is_not_reported_as_cut_short(
    tmp_path: Path,
) -> None:
    db = _new_store(tmp_path / "remedy.db", "Before")
    backup = _backup(db, tmp_path / "b.remedy-backup")
    store = Store.open(db, "asha", PASS)
    try:
        _add(store, "After1", "After2", "After3")
        assert check_history(store=store) is None  # this computer has seen the longer trail
    finally:
        store.close()
    restore_store(backup=backup, db_path=db, username="asha", passphrase=PASS)
    store = Store.open(db, "asha", PASS)
    try:
        assert check_history(store=store) is None
    finally:
        store.close()

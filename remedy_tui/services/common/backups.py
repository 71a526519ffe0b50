"""Backing up and restoring the store, each step leaving it encrypted."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from remedy_tui.store import Store, StoreError, StorePaths
from remedy_tui.store.audit import record_event
from remedy_tui.store.backup import swap_in, unpack_backup, write_backup
from remedy_tui.store.check import run_checks
from remedy_tui.store.filesystems import refuse_network_drive
from remedy_tui.store.migrate import current_revision


def backup_store(*, store: Store, dest: Path) -> Path:
    """Write an encrypted backup of ``store`` to ``dest``; the audit trail records it."""
    with store.engine.connect() as conn:
        revision = current_revision(conn)
    written = write_backup(
        store.engine, store.paths, dest, reason="on request", schema_revision=revision
    )
    with store.session() as session:
        record_event(session, "backup", "store", None, {"to": str(written)})
        session.commit()
    return written


def restore_store(*, backup: Path, db_path: Path, username: str, passphrase: str) -> Path | None:
    """Check a backup opens and is whole, then put it in place of the store at ``db_path``.

    Returns where the replaced store was kept (still encrypted), if there was one. A store on
    a network drive is refused before anything is unpacked beside it; the backup file itself
    may be on one.
    """
    refuse_network_drive(db_path)
    current = StorePaths(db_path)
    current.db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=current.db.parent, prefix=".remedy-restore-") as work:
        restored = unpack_backup(backup, Path(work))
        store = Store.open(restored.db, username, passphrase, migrate=False)
        try:
            failed = [r for r in run_checks(store) if not r.ok and r.name != "migration head"]
            if failed:
                details = "; ".join(f"{r.name}: {r.detail}" for r in failed)
                raise StoreError(f"The backup is damaged ({details}); nothing was restored.")
            with store.session() as session:
                record_event(session, "restored", "store", None, {"from": str(backup)})
                session.commit()
            # The restored database goes in place as one file: fold its log into it first.
            store.backend.checkpoint(store.engine)
        finally:
            store.close()
        for leftover in (restored.wal, restored.shm, restored.lockout):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        return swap_in(restored, current)

"""Backing up and restoring the store, each step leaving it encrypted."""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from remedy_tui.services.common.history import recorded_head, remember
from remedy_tui.store import KeySlotFileError, Store, StoreError, StoreInUseError, StorePaths
from remedy_tui.store.audit import record_event
from remedy_tui.store.backup import (
    BackupManifest,
    describe_os_error,
    read_manifest,
    swap_in,
    unpack_backup,
    write_backup,
)
from remedy_tui.store.check import run_checks
from remedy_tui.store.filesystems import refuse_network_drive
from remedy_tui.store.in_use import describe_holders, exclusively, others_open
from remedy_tui.store.keyslots import KeySlotFile
from remedy_tui.store.migrate import current_revision
from remedy_tui.store.progress import SILENT, Progress


def backup_store(*, store: Store, dest: Path, progress: Progress = SILENT) -> Path:
    """Write an encrypted backup of ``store`` to ``dest``; the audit trail records it."""
    with store.engine.connect() as conn:
        revision = current_revision(conn)
    written = write_backup(
        store.engine,
        store.paths,
        dest,
        reason="on request",
        schema_revision=revision,
        progress=progress,
    )
    with store.session() as session:
        record_event(session, "backup", "store", None, {"to": str(written)})
        session.commit()
    return written


@dataclass(frozen=True)
class Restoration:
    """What a restore did: where the replaced store is kept, and whose store it was when
    the backup was of another one (restored only when asked for by name)."""

    kept: Path | None
    store_id: str
    replaced_other_store: str | None = None


def _current_store_id(current: StorePaths) -> str | None:
    """The identity of the store at ``current``, or None where there is none to tell (no
    key-slot file, or one too damaged to read: the very stores a restore is for)."""
    if not current.keys.exists():
        return None
    try:
        return KeySlotFile.load(current.keys).store_id
    except KeySlotFileError:
        return None


def check_restore(*, backup: Path, db_path: Path, other_store: str | None = None) -> BackupManifest:
    """Refuse, changing nothing, a restore that cannot or should not go ahead: a backup that
    is not one, a backup of another store not named in ``other_store``, a store that a
    process has open now. Returns the backup's manifest."""
    refuse_network_drive(db_path)
    manifest = read_manifest(backup)
    current = StorePaths(db_path)
    current_id = _current_store_id(current)
    if other_store is not None and other_store != manifest.store_id:
        raise StoreError(
            f"{backup} is a backup of store {manifest.store_id}, not of store {other_store}; "
            "nothing was restored."
        )
    if current_id is not None and current_id != manifest.store_id and other_store is None:
        raise StoreError(
            f"{backup} is a backup of another store ({manifest.store_id}), not of the store at "
            f"{db_path} ({current_id}); nothing was restored. To replace this store with that "
            f"one, restore again with --replace-with-other-store {manifest.store_id}."
        )
    holders = others_open(current)
    if holders:
        raise StoreInUseError(
            f"A restore cannot go ahead while the store at {db_path} is open by "
            f"{describe_holders(holders)}: close Remedy there (or lock it), then restore "
            "again. Nothing was changed."
        )
    return manifest


def restore_store(
    *,
    backup: Path,
    db_path: Path,
    username: str,
    passphrase: str,
    other_store: str | None = None,
    progress: Progress = SILENT,
) -> Restoration:
    """Check a backup opens and is whole, then put it in place of the store at ``db_path``.

    The replaced store is kept (still encrypted) under ``backups/``. Refused, changing
    nothing: a store on a network drive (the backup file itself may be on one), a backup of
    another store unless ``other_store`` names it, and a store that another process has
    open; no process can open the store while it is being replaced.
    """
    manifest = check_restore(backup=backup, db_path=db_path, other_store=other_store)
    try:
        return _restore(
            backup, manifest, StorePaths(db_path), username, passphrase, other_store, progress
        )
    except OSError as exc:
        raise StoreError(
            f"The backup could not be restored to {db_path}: {describe_os_error(exc)}. "
            "Nothing was changed."
        ) from None


def _restore(
    backup: Path,
    manifest: BackupManifest,
    current: StorePaths,
    username: str,
    passphrase: str,
    other_store: str | None,
    progress: Progress,
) -> Restoration:
    db_path = current.db
    current.db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with exclusively(
        current,
        user=username,
        doing="restoring a backup into",
        what="A restore",
        retry="restore again",
    ):
        replaced = _current_store_id(current)
        if replaced is not None and replaced != manifest.store_id and other_store is None:
            raise StoreError(f"The store at {db_path} changed meanwhile; nothing was restored.")
        with tempfile.TemporaryDirectory(dir=current.db.parent, prefix=".remedy-restore-") as work:
            restored = unpack_backup(backup, Path(work), progress)
            store = Store.open(restored.db, username, passphrase, migrate=False)
            try:
                checks = run_checks(store, progress=progress)
                failed = [r for r in checks if not r.ok and r.name != "migration head"]
                if failed:
                    details = "; ".join(f"{r.name}: {r.detail}" for r in failed)
                    raise StoreError(f"The backup is damaged ({details}); nothing was restored.")
                with store.session() as session:
                    record_event(session, "restored", "store", None, {"from": str(backup)})
                    session.commit()
                # The restored database goes in place as one file: fold its log into it first.
                progress.phase("putting the restored store in place")
                store.backend.checkpoint(store.engine)
                head = recorded_head(store=store)
            finally:
                store.close()
            for leftover in (restored.wal, restored.shm, restored.lockout):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            kept = swap_in(restored, current)
    if head is not None:
        # Restored here on purpose: the entries the backup does not have are not "removed".
        remember(manifest.store_id, head, restored=True)
    other = replaced if replaced is not None and replaced != manifest.store_id else None
    return Restoration(kept=kept, store_id=manifest.store_id, replaced_other_store=other)

"""Encrypted backups: a consistent copy of the database with its key slots, in one file."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from remedy_tui import __version__
from remedy_tui.store.backend import backend_of
from remedy_tui.store.errors import StoreError
from remedy_tui.store.keyslots import KeySlotFile
from remedy_tui.store.paths import StorePaths
from remedy_tui.store.private_files import create_owner_only, make_owner_only

BACKUP_SUFFIX = ".remedy-backup"
DB_MEMBER = "store.db"
KEYS_MEMBER = "store.db.keys"
MANIFEST_MEMBER = "manifest.json"


@dataclass(frozen=True)
class BackupManifest:
    """What a backup file holds."""

    store_id: str
    created_at: str
    remedy_version: str
    schema_revision: str | None
    reason: str


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def write_backup(
    engine: Engine, paths: StorePaths, dest: Path, *, reason: str, schema_revision: str | None
) -> Path:
    """Write a backup of the open database to ``dest``; everything in it stays encrypted."""
    dest = dest.expanduser()
    if dest.is_dir():
        dest = dest / f"remedy-{_timestamp()}{BACKUP_SUFFIX}"
    if dest.exists():
        raise StoreError(f"{dest} already exists; choose a new name for the backup.")
    if not dest.parent.is_dir():
        raise StoreError(f"The folder {dest.parent} does not exist; nothing was written.")
    keys = KeySlotFile.load(paths.keys)
    manifest = BackupManifest(
        store_id=keys.store_id,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        remedy_version=__version__,
        schema_revision=schema_revision,
        reason=reason,
    )
    try:
        # Everything is written in a temporary folder beside the backup and moved into place
        # whole: a failure part-way leaves nothing behind.
        with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".remedy-backup-") as work:
            copy = Path(work) / DB_MEMBER
            try:
                backend_of(engine).copy_database(engine, copy)
            except DBAPIError as error:
                reason = str(getattr(error, "orig", None) or "unreadable").split("\n", 1)[0]
                if "full" in reason:  # SQLite's "database or disk is full": the copy's disk
                    raise StoreError(
                        f"The backup could not be written to {dest}: the disk is full. "
                        "Nothing was written."
                    ) from None
                raise StoreError(
                    f"The store could not be copied ({reason}): it is damaged. Copy what can "
                    "still be read into a new store with `remedy salvage NEW_FILE`, or restore "
                    "a backup."
                ) from None
            partial = Path(work) / "backup.partial"
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
                archive.writestr(MANIFEST_MEMBER, json.dumps(manifest.__dict__, indent=2))
                archive.write(copy, DB_MEMBER)
                archive.write(paths.keys, KEYS_MEMBER)
            make_owner_only(partial)
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, dest)
    except OSError as exc:
        raise StoreError(
            f"The backup could not be written to {dest}: {describe_os_error(exc)}. "
            "Nothing was written."
        ) from None
    return dest


def describe_os_error(error: OSError) -> str:
    """An operating system's refusal in words a user acts on."""
    if error.errno in (errno.EACCES, errno.EPERM):
        return "Remedy may not write to that folder"
    if error.errno == errno.EROFS:
        return "that folder is on a read-only disk"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if error.errno == errno.ENOENT:
        return "that folder does not exist"
    return error.strerror or type(error).__name__


def backup_before_migration(engine: Engine, paths: StorePaths, revision: str) -> Path:
    """The automatic backup taken before a store is migrated."""
    paths.backups.mkdir(parents=True, exist_ok=True, mode=0o700)
    dest = paths.backups / f"remedy-{_timestamp()}-before-migration-from-{revision}{BACKUP_SUFFIX}"
    return write_backup(engine, paths, dest, reason="before migration", schema_revision=revision)


def read_manifest(backup: Path) -> BackupManifest:
    """The manifest of a backup file, with a clear error if it is not one."""
    try:
        with zipfile.ZipFile(backup) as archive:
            names = set(archive.namelist())
            if not {DB_MEMBER, KEYS_MEMBER, MANIFEST_MEMBER} <= names:
                raise StoreError(f"{backup} is not a Remedy backup (members are missing).")
            data: dict[str, Any] = json.loads(archive.read(MANIFEST_MEMBER))
        return BackupManifest(**data)
    except FileNotFoundError:
        raise StoreError(f"There is no backup at {backup}.") from None
    except (zipfile.BadZipFile, ValueError, TypeError):
        raise StoreError(f"{backup} is not a Remedy backup, or it is damaged.") from None


def unpack_backup(backup: Path, into: Path) -> StorePaths:
    """Extract a backup's database and key slots into the folder ``into``."""
    read_manifest(backup)
    target = StorePaths(into / DB_MEMBER)
    with zipfile.ZipFile(backup) as archive:
        for member, path in ((DB_MEMBER, target.db), (KEYS_MEMBER, target.keys)):
            with archive.open(member) as source, os.fdopen(create_owner_only(path), "wb") as sink:
                shutil.copyfileobj(source, sink)
    return target


def swap_in(restored: StorePaths, current: StorePaths) -> Path | None:
    """Move the current store aside (kept, encrypted) and put the restored one in its place;
    a failure part-way moves the current store back, so it is either all done or not at all."""
    kept: Path | None = None
    moved: list[tuple[Path, Path]] = []
    try:
        if current.db.exists() or current.keys.exists():
            current.backups.mkdir(parents=True, exist_ok=True, mode=0o700)
            kept = current.backups / f"before-restore-{_timestamp()}"
            kept.mkdir(mode=0o700)
            for path in (current.db, current.wal, current.shm, current.keys):
                if path.exists():
                    os.replace(path, kept / path.name)
                    moved.append((kept / path.name, path))
        current.db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.replace(restored.db, current.db)
        moved.append((current.db, restored.db))
        os.replace(restored.keys, current.keys)
    except BaseException:
        for now, then in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(now, then)
        if kept is not None:
            with contextlib.suppress(OSError):
                kept.rmdir()
        raise
    make_owner_only(current.db, current.keys)
    return kept

"""Encrypted backups: a consistent copy of the database with its key slots, in one file.

A backup is the encrypted copy of the database as ``VACUUM INTO`` writes it, followed by a small
zip archive of the manifest and the key slots. The copy is written once, in place, rather than
copied a second time into an archive: at 100,000 cases the store is 1.9 GB. (A zip archive may
follow other bytes; the manifest says how many bytes of the file are the database. Backups of
earlier versions, with the database as a member of the archive, are still read.)
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from remedy_tui import __version__
from remedy_tui.store.backend import backend_of
from remedy_tui.store.errors import StoreError
from remedy_tui.store.keyslots import KeySlotFile
from remedy_tui.store.paths import StorePaths
from remedy_tui.store.private_files import create_owner_only, make_owner_only
from remedy_tui.store.progress import SILENT, Progress

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
    #: How many bytes at the start of the file are the database (None: a backup of an earlier
    #: version, whose database is the archive's member ``store.db``).
    database_bytes: int | None = None


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def write_backup(
    engine: Engine,
    paths: StorePaths,
    dest: Path,
    *,
    reason: str,
    schema_revision: str | None,
    progress: Progress = SILENT,
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
    try:
        # Everything is written in a temporary folder beside the backup and moved into place
        # whole: a failure part-way leaves nothing behind.
        with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".remedy-backup-") as work:
            partial = Path(work) / "backup.partial"
            try:
                backend_of(engine).copy_database(engine, partial, progress)
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
            progress.phase("writing the key slots and the manifest")
            manifest = BackupManifest(
                store_id=keys.store_id,
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                remedy_version=__version__,
                schema_revision=schema_revision,
                reason=reason,
                database_bytes=partial.stat().st_size,
            )
            trailer = io.BytesIO()
            with zipfile.ZipFile(trailer, "w", compression=zipfile.ZIP_STORED) as archive:
                archive.writestr(MANIFEST_MEMBER, json.dumps(manifest.__dict__, indent=2))
                archive.write(paths.keys, KEYS_MEMBER)
            make_owner_only(partial)
            with open(partial, "ab") as handle:
                handle.write(trailer.getvalue())
                handle.flush()
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


def backup_before_migration(
    engine: Engine, paths: StorePaths, revision: str, progress: Progress = SILENT
) -> Path:
    """The automatic backup taken before a store is migrated."""
    paths.backups.mkdir(parents=True, exist_ok=True, mode=0o700)
    dest = paths.backups / f"remedy-{_timestamp()}-before-migration-from-{revision}{BACKUP_SUFFIX}"
    return write_backup(
        engine,
        paths,
        dest,
        reason="before migration",
        schema_revision=revision,
        progress=progress,
    )


def read_manifest(backup: Path) -> BackupManifest:
    """The manifest of a backup file, with a clear error if it is not one."""
    try:
        with zipfile.ZipFile(backup) as archive:
            names = set(archive.namelist())
            if not {KEYS_MEMBER, MANIFEST_MEMBER} <= names:
                raise StoreError(f"{backup} is not a Remedy backup (members are missing).")
            data: dict[str, Any] = json.loads(archive.read(MANIFEST_MEMBER))
        manifest = BackupManifest(**data)
        if manifest.database_bytes is None:
            if DB_MEMBER not in names:
                raise StoreError(f"{backup} is not a Remedy backup (members are missing).")
        elif not 0 < manifest.database_bytes < backup.stat().st_size:
            raise StoreError(f"{backup} is not a Remedy backup, or it is damaged.")
        return manifest
    except FileNotFoundError:
        raise StoreError(f"There is no backup at {backup}.") from None
    except (zipfile.BadZipFile, ValueError, TypeError):
        raise StoreError(f"{backup} is not a Remedy backup, or it is damaged.") from None


def _copy(source: IO[bytes], sink: IO[bytes], size: int | None, progress: Progress) -> None:
    """Copy ``size`` bytes (None: to the end) in blocks, saying how far it has come."""
    block = 4 << 20
    done = 0
    while size is None or done < size:
        chunk = source.read(block if size is None else min(block, size - done))
        if not chunk:
            break
        sink.write(chunk)
        done += len(chunk)
        progress.advance(done)
    if size is not None and done != size:
        raise StoreError("The backup ends early: it is damaged.")


def unpack_backup(backup: Path, into: Path, progress: Progress = SILENT) -> StorePaths:
    """Extract a backup's database and key slots into the folder ``into``."""
    manifest = read_manifest(backup)
    target = StorePaths(into / DB_MEMBER)
    with zipfile.ZipFile(backup) as archive:
        with os.fdopen(create_owner_only(target.keys), "wb") as sink:
            sink.write(archive.read(KEYS_MEMBER))
        with os.fdopen(create_owner_only(target.db), "wb") as sink:
            if manifest.database_bytes is None:
                progress.phase(
                    "unpacking the store", total=archive.getinfo(DB_MEMBER).file_size, unit="bytes"
                )
                with archive.open(DB_MEMBER) as source:
                    _copy(source, sink, None, progress)
            else:
                progress.phase("unpacking the store", total=manifest.database_bytes, unit="bytes")
                with open(backup, "rb") as source:
                    _copy(source, sink, manifest.database_bytes, progress)
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

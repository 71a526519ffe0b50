"""Writing files readable by their owner only, whatever the process's umask.

Every file Remedy writes beside a store (the key slots, the sign-in slow-down, backups, a
restored store) holds or guards case data, so each is made owner-only as it is created: a file
made with the default mode and narrowed afterwards would be readable by others for a moment,
and one replaced atomically would take the mode its temporary file was made with.
"""

from __future__ import annotations

import os
from pathlib import Path

OWNER_ONLY = 0o600


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through an owner-only temporary file beside it, so that a
    crash leaves the old file or the new one, never half of either."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    try:
        os.fchmod(descriptor, OWNER_ONLY)  # an older file of that name kept its own mode
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the system allows a folder to be synced)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # not every file system syncs folders; the rename itself is still atomic
    finally:
        os.close(descriptor)


def create_owner_only(path: Path) -> int:
    """Open a new (or emptied) file at ``path`` for writing, owner-only; returns its
    descriptor."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    os.fchmod(descriptor, OWNER_ONLY)
    return descriptor


def make_owner_only(*paths: Path) -> None:
    """Narrow existing files to owner-only (a file another library created, such as a zip)."""
    for path in paths:
        if path.exists():
            os.chmod(path, OWNER_ONLY)

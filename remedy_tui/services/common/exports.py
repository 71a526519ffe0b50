"""Writing a document out of the store, only when a user asks, to the place they choose."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlmodel import Session

from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.validation import required_text
from remedy_tui.store import Store
from remedy_tui.store.audit import record_event


def export_path(typed: str, default_name: str) -> Path:
    """Where to write: a typed path, or a folder to put ``default_name`` in."""
    text = typed.strip()
    if not text:
        raise ValidationError("path", "Type where to save the file (a folder or a file name).")
    path = Path(text).expanduser()
    if path.is_dir():
        path = path / default_name
    if not path.parent.is_dir():
        raise ValidationError("path", f"The folder {path.parent} does not exist.")
    if path.exists():
        raise ValidationError("path", f"{path} already exists; choose another name.")
    return path


def export_file(
    *,
    store: Store,
    content: bytes,
    typed_path: str,
    default_name: str,
    what: str,
    subject: str,
    record_id: str | None,
) -> Path:
    """Write ``content`` where the user asked, record the export, and say where it went."""
    path = export_path(typed_path, default_name)
    try:
        # Never over another file, and readable by this user only, like a stored document's
        # export (services.documents).
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise ValidationError("path", f"Could not write {path}: {exc.strerror}.") from None
    try:
        with store.session() as session:
            record_event(
                session,
                "export",
                subject,
                record_id,
                {"what": what, "to": str(path), "bytes": len(content)},
            )
            session.commit()
    except BaseException:
        # An export the audit trail does not know about must not be left behind.
        path.unlink(missing_ok=True)
        raise
    return path


# Characters no file name on Windows, macOS or Linux may hold.
BAD_NAME = set('/\\:*?"<>|')
NAME_LIMIT = 120


def export_targets(
    folder: str,
    name: str,
    formats: Sequence[tuple[str, bool]],
    *,
    none_chosen: tuple[str, str],
) -> list[Path]:
    """The files ``name.<suffix>`` in ``folder`` for each wanted format, checked before anything
    is written: the folder exists, the name is a file name, no file is there already.
    ``none_chosen`` is the (field, message) when no format is wanted."""
    if not any(wanted for _suffix, wanted in formats):
        raise ValidationError(*none_chosen)
    folder_text = required_text(folder, field="folder", label="The folder", max_length=4096)
    where = Path(folder_text).expanduser()
    if not where.is_dir():
        raise ValidationError(
            "folder", f"There is no folder {where}; choose one that exists. Nothing was written."
        )
    stem = required_text(name, field="name", label="The file name", max_length=NAME_LIMIT)
    if BAD_NAME & set(stem) or stem in {".", ".."} or stem.startswith("."):
        raise ValidationError(
            "name",
            'A file name cannot start with "." or contain / \\ : * ? " < > |; choose another.',
        )
    for suffix, _wanted in formats:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    targets = [where / f"{stem}{suffix}" for suffix, wanted in formats if wanted]
    existing = [path for path in targets if path.exists()]
    if existing:
        raise ValidationError(
            "name", f"{existing[0]} already exists; choose another name. Nothing was written."
        )
    return targets


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (never overwriting), readable by its owner only, and write ``data``."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        raise ValidationError("folder", f"Could not write {path}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def write_exports(
    session: Session, targets: Sequence[Path], content: Callable[[Path], bytes]
) -> None:
    """Write every target (``content`` makes each file's bytes) and commit the session (its
    audit entry of the export); if anything fails, nothing is left: neither a file nor the
    entry."""
    written: list[Path] = []
    try:
        for path in targets:
            write_new(path, content(path))
            written.append(path)
        session.commit()
    except BaseException:
        session.rollback()
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise

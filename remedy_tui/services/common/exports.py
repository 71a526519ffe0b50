"""Writing a document out of the store, only when a user asks, to the place they choose."""

from __future__ import annotations

import os
from pathlib import Path

from remedy_tui.services.common.errors import ValidationError
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

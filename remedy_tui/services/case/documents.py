"""Documents kept inside the encrypted store: attached from a file, shown as text in the app, or
exported, only when asked, to a place the user chooses. No decrypted copy is made on the way:
the bytes go from the file into the store and from the store into the chosen file, and nowhere
else; every export is recorded in the audit trail.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui.services.case import timeline
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.paging import Page, count_rows
from remedy_tui.services.common.validation import clean_text, required_text
from remedy_tui.store.attachments import read_form, stored_form
from remedy_tui.store.audit import record_event
from remedy_tui.store.models import Case, Document, DocumentContent, TimelineKind, User

MAX_BYTES = 25 * 1024 * 1024
SHOWN_CHARACTERS = 200_000
DESCRIPTION_LIMIT = 500
PATH_LIMIT = 4096


@dataclass(frozen=True)
class DocumentRow:
    """One document as listed (its bytes stay in the store)."""

    id: int
    filename: str
    media_type: str
    size_bytes: int
    description: str
    uploaded_by: str
    uploaded_at: datetime

    @property
    def size(self) -> str:
        """The size as people read it."""
        return describe_size(self.size_bytes)


@dataclass(frozen=True)
class DocumentText:
    """A document's text, for reading in the app."""

    filename: str
    text: str
    truncated: bool


def describe_size(size: int) -> str:
    """E.g. "812 bytes", "14.2 KB", "3.1 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def document_page(*, session: Session, case_id: int, offset: int, limit: int) -> Page[DocumentRow]:
    """One page of a case's documents, latest first."""
    offset = max(0, offset)
    rows = session.execute(
        sa_select(Document, col(User.full_name))
        .join(User, col(User.id) == col(Document.uploaded_by_id))
        .where(col(Document.case_id) == case_id)
        .order_by(col(Document.uploaded_at).desc(), col(Document.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    total = count_rows(session, Document, col(Document.case_id) == case_id)
    return Page(tuple(_row(d, name) for d, name in rows), int(total), offset, limit)


def _row(document: Document, uploaded_by: str) -> DocumentRow:
    assert document.id is not None
    return DocumentRow(
        document.id,
        document.filename,
        document.media_type,
        document.size_bytes,
        document.description or "",
        uploaded_by,
        document.uploaded_at,
    )


def _typed_path(value: str | None, field: str) -> Path:
    text = required_text(value, field=field, label="The path", max_length=PATH_LIMIT)
    return Path(text).expanduser()


def read_file(typed: str | None, *, field: str = "path") -> tuple[Path, bytes]:
    """The file at the typed path and its bytes, or a message, naming ``field``, that says
    why not and that nothing was stored."""
    source = _typed_path(typed, field)
    return source, _read(source, field)


def _read(path: Path, field: str) -> bytes:
    """The file's bytes, or a message that says why not and that nothing was stored."""
    try:
        if path.is_dir():
            raise ValidationError(field, f"{path} is a folder; type the path of a file.")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(
                field,
                f"{path.name} is {describe_size(size)}; the limit is {describe_size(MAX_BYTES)}. "
                "Nothing was stored.",
            )
        with path.open("rb") as handle:
            content = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ValidationError(field, f"There is no file at {path}; nothing was stored.") from None
    except PermissionError:
        raise ValidationError(
            field, f"Remedy may not read {path} (permission denied); nothing was stored."
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ValidationError(
            field, f"{path} could not be read ({reason}); nothing was stored."
        ) from None
    if not content:
        raise ValidationError(field, f"{path.name} is empty; nothing was stored.")
    if len(content) > MAX_BYTES:
        raise ValidationError(field, f"{path.name} is too large; nothing was stored.")
    return content


def add_document(
    session: Session,
    *,
    case_id: int | None,
    actor_id: int,
    filename: str,
    content: bytes,
    kind: str = "upload",
    description: str | None = None,
) -> Document:
    """Add a document and its bytes (encrypted with everything else) to the session; flushed,
    so it has its id, and not committed."""
    media_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    document = Document(
        case_id=case_id,
        kind=kind,
        filename=filename[:255],
        media_type=media_type[:100],
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        description=description,
        uploaded_by_id=actor_id,
    )
    session.add(document)
    session.flush()
    assert document.id is not None
    session.add(
        DocumentContent(document_id=document.id, content=stored_form(session, document.id, content))
    )
    return document


def attach_document(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    path: str,
    description: str | None = None,
) -> int:
    """Read a file into the store (its bytes encrypted with everything else); commits."""
    if session.get(Case, case_id) is None:
        raise NotFoundError(f"There is no case {case_id}; nothing was stored.")
    source = _typed_path(path, "path")
    note = clean_text(
        description, field="description", label="The description", max_length=DESCRIPTION_LIMIT
    )
    filename = required_text(source.name, field="path", label="The file name", max_length=255)
    document = add_document(
        session,
        case_id=case_id,
        actor_id=actor_id,
        filename=filename,
        content=_read(source, "path"),
        description=note,
    )
    assert document.id is not None
    timeline.add_entry(
        session=session,
        case_id=case_id,
        kind=TimelineKind.DOCUMENT,
        title=f"Document: {filename}" + (f" ({timeline.headline(note, 120)})" if note else ""),
        author_id=actor_id,
        document_id=document.id,
    )
    session.commit()
    return document.id


def _document(session: Session, document_id: int) -> tuple[Document, bytes]:
    row = session.execute(
        sa_select(Document, col(DocumentContent.content))
        .join(DocumentContent, col(DocumentContent.document_id) == col(Document.id))
        .where(col(Document.id) == document_id)
    ).first()
    if row is None:
        raise NotFoundError("That document is no longer in the store.")
    return row[0], read_form(session, document_id, bytes(row[1]))


def document_text(*, session: Session, document_id: int) -> DocumentText:
    """The document as text to read in the app, if it is text; nothing is written anywhere."""
    document, content = _document(session, document_id)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            "document",
            f"{document.filename} ({document.media_type}) is not text, so it cannot be shown "
            "here. Export it (x) to open it in its own application.",
        ) from None
    truncated = len(text) > SHOWN_CHARACTERS
    return DocumentText(document.filename, text[:SHOWN_CHARACTERS], truncated)


def _destination(typed: str | None, filename: str) -> Path:
    target = _typed_path(typed, "destination")
    if target.is_dir():
        target = target / Path(filename).name
    if not target.parent.is_dir():
        raise ValidationError(
            "destination",
            f"There is no folder {target.parent} (it does not exist); nothing was written.",
        )
    if target.exists():
        raise ValidationError(
            "destination",
            f"{target} already exists; choose another name or folder (nothing was overwritten).",
        )
    return target


def export_document(*, session: Session, document_id: int, destination: str) -> Path:
    """Write a document, decrypted, to the file the user chose, and audit it; commits. Any
    stored document: a case's attachments and the CSG's papers alike.

    The file is created new (never overwriting) with owner-only permissions, written once, and
    removed again if anything fails, so there is either a whole export on record or none.
    """
    document, content = _document(session, document_id)
    target = _destination(destination, document.filename)
    record_event(
        session,
        "export",
        "documents",
        str(document_id),
        {
            "filename": document.filename,
            "path": str(target.resolve()),
            "bytes": len(content),
            "sha256": document.sha256,
        },
    )
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ValidationError(
            "destination", f"{target} already exists; nothing was overwritten."
        ) from None
    except OSError as exc:
        raise ValidationError(
            "destination",
            f"{target} could not be written ({exc.strerror or type(exc).__name__}); "
            "nothing was exported.",
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        session.commit()
    except BaseException as exc:
        with contextlib.suppress(OSError):
            target.unlink()
        if isinstance(exc, OSError):
            raise ValidationError(
                "destination",
                f"{target} could not be written ({exc.strerror or type(exc).__name__}); "
                "nothing was exported.",
            ) from None
        raise
    return target.resolve()

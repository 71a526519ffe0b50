"""Releasing a signed-off subject access pack: written as a folder the user names, every file
owner-only, and the release recorded in the audit trail with where it went."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlmodel import Session, col, select

from remedy_tui import clock
from remedy_tui.documents.sar_pack import PackEntry, pack_files
from remedy_tui.services.common.access import access_of
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.records.sar import _decided, _get, may_handle
from remedy_tui.services.records.sar_pack import pack_records
from remedy_tui.store import Store
from remedy_tui.store.attachments import read_form
from remedy_tui.store.audit import record_event
from remedy_tui.store.models import DocumentContent, SarStatus, SarTreatment, User
from remedy_tui.store.private_files import create_owner_only


def _entries(session: Session, request_id: int) -> list[PackEntry]:
    decided = _decided(session, request_id)
    entries = []
    for record in pack_records(session=session, request_id=request_id):
        item = decided[record.key]
        attachment = None
        if record.document_id is not None and item.treatment is SarTreatment.INCLUDE:
            stored = session.exec(
                select(DocumentContent.content).where(
                    col(DocumentContent.document_id) == record.document_id
                )
            ).first()
            if stored is not None:
                attachment = read_form(session, record.document_id, bytes(stored))
        entries.append(
            PackEntry(
                section=record.section,
                title=record.title,
                fields=record.fields,
                treatment=item.treatment.value,
                reason=item.reason,
                redactions=tuple(item.redactions or ()),
                attachment_name=record.filename,
                attachment=attachment,
            )
        )
    return entries


def _folder(typed: str, reference: str) -> Path:
    text = typed.strip()
    if not text:
        raise ValidationError("path", "Type the folder to write the pack in.")
    parent = Path(text).expanduser()
    if not parent.is_dir():
        raise ValidationError("path", f"The folder {parent} does not exist.")
    folder = parent / f"{reference}-pack"
    if folder.exists():
        raise ValidationError("path", f"{folder} already exists; choose another folder.")
    return folder


def release_pack(*, store: Store, request_id: int, typed_folder: str) -> Path:
    """Write the signed-off pack into a new folder inside ``typed_folder``, owner-only, and
    record its release; returns the pack's folder."""
    may_handle(access_of(store.user))
    with store.session() as session:
        request = _get(session, request_id)
        if request.status is not SarStatus.SIGNED_OFF:
            raise ValidationError(
                "path",
                f"{request.reference} is "
                + (
                    "released already."
                    if request.status is SarStatus.RELEASED
                    else "not signed off yet: a second person signs the pack off first."
                ),
            )
        reference = request.reference
        signer = session.get(User, request.signed_off_by_id)
        entries = _entries(session, request_id)
    folder = _folder(typed_folder, reference)
    files = pack_files(
        reference=reference,
        entries=entries,
        created=clock.now(),
        signed_off_by=signer.full_name if signer else "",
    )
    try:
        folder.mkdir(mode=0o700)
        (folder / "attachments").mkdir(mode=0o700)
        for relative, content in files.items():
            descriptor = create_owner_only(folder / relative)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content)
        with store.session(write=True) as session:
            request = _get(session, request_id)
            request.status = SarStatus.RELEASED
            request.released_by_id = store.user.id
            request.released_at = clock.now()
            session.add(request)
            record_event(
                session,
                "export",
                "subject_access_requests",
                str(request_id),
                {
                    "what": f"subject access pack {reference}",
                    "to": str(folder),
                    "files": len(files),
                },
            )
            session.commit()
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ValidationError(
            "path", f"Could not write the pack in {folder}: {exc.strerror}."
        ) from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder

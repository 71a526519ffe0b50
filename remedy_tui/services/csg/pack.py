"""The meeting pack, produced at once into one new folder: the agenda's circulation copy, the
list of the meeting's papers, the letters inviting each practitioner and the calendar
invitation. Each is also kept in the encrypted store, as when produced one by one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from remedy_tui import clock
from remedy_tui.documents.blocks import Heading, Paragraph, Table, Written, to_docx, to_markdown
from remedy_tui.documents.csg_common import GROUP
from remedy_tui.documents.redact import Redactor
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.exports import write_exports
from remedy_tui.services.common.validation import required_text
from remedy_tui.services.csg.circulation import store_redactor
from remedy_tui.services.csg.documents import (
    CsgPaper,
    document_content,
    meeting_documents,
    produce,
)
from remedy_tui.services.csg.meetings import get_meeting
from remedy_tui.store.audit import record_event
from remedy_tui.store.models import User
from remedy_tui.views.csg import DocumentRow, day_text, local

# The invitation first: it is the one most often refused (the chair's e-mail address).
PACK = (CsgPaper.INVITATION, CsgPaper.AGENDA_CIRCULATION, CsgPaper.PRACTITIONER_LETTERS)


@dataclass(frozen=True)
class MeetingPack:
    """Where the pack went and the files in it."""

    folder: Path
    files: tuple[str, ...]


def _papers_list(rows: tuple[DocumentRow, ...], title: str, redact: Redactor) -> Written:
    """Every paper of the meeting, by case (the signed referral agreements among them); a
    file's name is free text, so it is checked like a circulated document's."""
    listed = tuple(
        (row.label, row.case_reference or "-", redact(row.filename))
        for row in sorted(rows, key=lambda r: (r.case_reference, r.label, r.filename))
    )
    return Written(
        title,
        (
            Paragraph(
                "The papers for this meeting, kept in Remedy's encrypted store, by case "
                "reference; names and numbers in file names are removed. Those marked with a "
                "case are seen only by who may read that case.",
                italic=True,
            ),
            Heading("Papers"),
            Table(("Paper", "Case", "File"), listed) if listed else Paragraph("None yet."),
        ),
    )


def produce_pack(
    *,
    session: Session,
    actor_id: int,
    meeting_id: int,
    folder: str,
    access: Access | None = None,
) -> MeetingPack:
    """Produce the pack's papers (kept in the store) and write them, with the list of papers,
    into a new folder ``csg-<day>-pack`` inside ``folder``. Nothing is written if any of them
    cannot be produced or the folder cannot be made (papers produced before the refusal stay
    kept in the store, as when produced one by one)."""
    typed = required_text(folder, field="folder", label="The folder", max_length=4096)
    where = Path(typed).expanduser()
    if not where.is_dir():
        raise ValidationError(
            "folder", f"There is no folder {where}; choose one that exists. Nothing was written."
        )
    meeting = get_meeting(session=session, meeting_id=meeting_id)
    day = local(meeting.starts_at).date()
    target = where / f"csg-{day:%Y-%m-%d}-pack"
    if target.exists():
        raise ValidationError(
            "folder", f"{target} already exists; nothing was overwritten. Choose another folder."
        )
    produced: list[DocumentRow] = []
    for paper in PACK:
        produced += produce(
            session=session, actor_id=actor_id, meeting_id=meeting_id, paper=paper, access=access
        )
    contents = {
        row.filename: document_content(session=session, document_id=row.id)[1] for row in produced
    }
    title = f"{GROUP}: papers for the meeting of {day_text(day)}"
    papers = _papers_list(
        meeting_documents(session=session, meeting_id=meeting_id, access=access),
        title,
        store_redactor(session=session, access=access),
    )
    producer = session.get(User, actor_id)
    author = producer.full_name if producer is not None else "Remedy"
    stem = f"csg-{day:%Y-%m-%d}-papers"
    contents[f"{stem}.docx"] = to_docx(papers, created=clock.now(), author=author)
    contents[f"{stem}.md"] = to_markdown(papers).encode("utf-8")
    try:
        target.mkdir(mode=0o700)
    except OSError as exc:
        raise ValidationError(
            "folder", f"{target} could not be made ({exc.strerror}); nothing was written."
        ) from None
    names = sorted(contents)
    record_event(
        session,
        "export",
        "csg_meetings",
        str(meeting_id),
        {"folder": str(target.resolve()), "files": names},
    )
    try:
        write_exports(session, [target / name for name in names], lambda p: contents[p.name])
    except BaseException:
        target.rmdir()
        raise
    return MeetingPack(target, tuple(names))

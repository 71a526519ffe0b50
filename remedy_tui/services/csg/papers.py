"""Papers attached to an item of a CSG agenda (a report, a statement the group reads for it):
kept in the encrypted store with the meeting, the item and the item's case."""

from __future__ import annotations

from sqlmodel import Session

from remedy_tui.services.case import timeline
from remedy_tui.services.case.documents import add_document, read_file
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.validation import clean_text, required_text
from remedy_tui.services.csg.allowed import csg_rights, refuse_unless
from remedy_tui.services.csg.meetings import load_meeting
from remedy_tui.store.models import AgendaItem, CsgMeetingStatus, TimelineKind

ITEM_PAPER = "csg_item_paper"


def attach_item_paper(
    *,
    session: Session,
    actor_id: int,
    item_id: int,
    path: str,
    description: str = "",
    access: Access | None = None,
) -> int:
    """Read a file into the store as a paper for one agenda item; its new id (commits)."""
    refuse_unless(
        csg_rights(access).produces_papers,
        access,
        "keep documents in the store",
        "a case manager attaches the papers for an item",
    )
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFoundError("That agenda item is no longer in the store; nothing was stored.")
    meeting = load_meeting(session, item.meeting_id)
    if meeting.status is CsgMeetingStatus.CANCELLED:
        raise ValidationError("path", "The meeting was cancelled; nothing was stored.")
    note = clean_text(description, field="description", label="The description", max_length=400)
    source, content = read_file(path)
    filename = required_text(source.name, field="path", label="The file name", max_length=255)
    document = add_document(
        session,
        case_id=item.case_id,
        actor_id=actor_id,
        filename=filename,
        content=content,
        kind=ITEM_PAPER,
        description=f"Item {item.position}: {note or item.title}"[:500],
    )
    document.csg_meeting_id = meeting.id
    document.agenda_item_id = item.id
    session.add(document)
    if item.case_id is not None:
        timeline.add_entry(
            session=session,
            case_id=item.case_id,
            kind=TimelineKind.DOCUMENT,
            title=f"CSG paper: {filename}",
            author_id=actor_id,
            document_id=document.id,
        )
    session.commit()
    assert document.id is not None
    return document.id

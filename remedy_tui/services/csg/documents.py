"""The CSG's documents, produced when a user asks and kept in the encrypted store: agendas,
minutes, the chair's feedback letters and the calendar invitation; listed with the referral
papers of the agenda's cases (their signed agreements); and exporting one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement
from sqlmodel import Session, and_, col, or_, select

from remedy_tui import clock
from remedy_tui.documents.blocks import Written, to_docx, to_markdown
from remedy_tui.documents.csg_agenda import agenda
from remedy_tui.documents.csg_feedback import feedback_letter
from remedy_tui.documents.csg_invitation_letter import invitation_letter
from remedy_tui.documents.ics import Invitee, invitation
from remedy_tui.services.case import timeline
from remedy_tui.services.case.documents import (
    export_document as export_document,  # the CSG's papers too
)
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.csg.allowed import csg_rights, refuse_unless, seen_cases
from remedy_tui.services.csg.circulation import circulated, store_redactor
from remedy_tui.services.csg.detail import meeting_detail
from remedy_tui.services.csg.outcomes import require_met
from remedy_tui.store.attachments import read_form, stored_form
from remedy_tui.store.models import (
    AgendaItem,
    Case,
    CsgMeeting,
    CsgMember,
    Document,
    DocumentContent,
    ExternalReferral,
    TimelineKind,
    User,
)
from remedy_tui.views.csg import DocumentRow, MeetingDetail, day_text, local

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN = "text/markdown"
ICS = "text/calendar"


class CsgPaper(StrEnum):
    """The documents a meeting can produce."""

    AGENDA_CIRCULATION = "csg_agenda_circulation"
    AGENDA_FULL = "csg_agenda_full"
    MINUTES = "csg_minutes"
    FEEDBACK = "csg_feedback"
    INVITATION = "csg_invitation"
    PRACTITIONER_LETTERS = "csg_practitioner_invitation"

    @property
    def label(self) -> str:
        """How the document is named on screen."""
        return LABELS[self.value]


LABELS = {
    CsgPaper.AGENDA_CIRCULATION.value: "Agenda (circulation copy)",
    CsgPaper.AGENDA_FULL.value: "Agenda (full)",
    CsgPaper.MINUTES.value: "Minutes",
    CsgPaper.FEEDBACK.value: "Chair's feedback letter",
    CsgPaper.INVITATION.value: "Calendar invitation",
    CsgPaper.PRACTITIONER_LETTERS.value: "Letter inviting the practitioner",
    "csg_agreement": "Signed referral agreement",
    "csg_item_paper": "Paper for an agenda item",
}
_SLUGS = {
    CsgPaper.AGENDA_CIRCULATION: "agenda-circulation",
    CsgPaper.AGENDA_FULL: "agenda-full",
    CsgPaper.MINUTES: "minutes",
    CsgPaper.FEEDBACK: "feedback",
    CsgPaper.INVITATION: "invitation",
    CsgPaper.PRACTITIONER_LETTERS: "practitioner-invitation",
}


@dataclass(frozen=True)
class _File:
    filename: str
    media_type: str
    content: bytes
    case_id: int | None = None
    description: str = ""


def _as_files(
    written: Written, stem: str, case_id: int | None = None, *, author: str = "Remedy"
) -> list[_File]:
    created = clock.now()
    word = to_docx(written, created=created, author=author)
    return [
        _File(f"{stem}.docx", DOCX, word, case_id, written.title),
        _File(f"{stem}.md", MARKDOWN, to_markdown(written).encode("utf-8"), case_id, written.title),
    ]


def produce(
    *,
    session: Session,
    actor_id: int,
    meeting_id: int,
    paper: CsgPaper,
    access: Access | None = None,
) -> tuple[DocumentRow, ...]:
    """Produce one of the meeting's documents (Word and Markdown, or .ics) and keep it."""
    refuse_unless(
        csg_rights(access).produces_papers,
        access,
        "keep documents in the store",
        "a case manager produces the meeting's papers",
    )
    detail = meeting_detail(session=session, meeting_id=meeting_id, access=access)
    meeting = detail.meeting
    producer = session.get(User, actor_id)
    # The Word file's author is the person who produced it, never the library.
    author = producer.full_name if producer is not None else "Remedy"
    stem = f"csg-{local(meeting.starts_at):%Y-%m-%d}-{_SLUGS[paper]}"
    files: list[_File]
    match paper:
        case CsgPaper.AGENDA_CIRCULATION | CsgPaper.MINUTES:
            # They circulate: their free text is checked against every practitioner.
            redactor = store_redactor(session=session, access=access)
            written = circulated(
                session=session, detail=detail, paper=paper.value, redactor=redactor
            )
            files = _as_files(written, stem, author=author)
        case CsgPaper.AGENDA_FULL:
            if not detail.items:
                raise ValidationError("agenda", "The agenda has no items yet; add some first.")
            files = _as_files(agenda(detail, circulation=False), stem, author=author)
        case CsgPaper.FEEDBACK:
            met = session.get(CsgMeeting, meeting_id)
            assert met is not None
            require_met(met)
            files = _letters(detail, stem, author)
        case CsgPaper.PRACTITIONER_LETTERS:
            files = _invitation_letters(detail, stem, author)
        case CsgPaper.INVITATION:
            row = session.get(CsgMeeting, meeting_id)
            assert row is not None
            uid = f"csg-{meeting_id}-{row.created_at:%Y%m%dT%H%M%S%f}@remedy.invalid"
            organiser, attendees = _invitees(session, row)
            text = invitation(
                meeting, uid=uid, stamp=clock.now(), organiser=organiser, attendees=attendees
            )
            files = [_File(f"{stem}.ics", ICS, text.encode("utf-8"), None, "Calendar invitation")]
    rows = [_keep(session, actor_id, meeting_id, paper, f) for f in files]
    day = day_text(local(meeting.starts_at).date())
    if paper is CsgPaper.FEEDBACK:
        for document in rows:
            if document.media_type == DOCX and document.case_id is not None:
                timeline.add_entry(
                    session=session,
                    case_id=document.case_id,
                    kind=TimelineKind.LETTER,
                    title=f"CSG chair's feedback to the referrer ({day})",
                    author_id=actor_id,
                    document_id=document.id,
                )
    session.commit()
    return tuple(_row(document, _reference(session, document.case_id)) for document in rows)


def _invitees(session: Session, meeting: CsgMeeting) -> tuple[Invitee, list[Invitee]]:
    """The chair, in whose name the invitation is sent, and every other member current on
    the meeting's day who has an e-mail address."""
    chair = session.get(CsgMember, meeting.chair_member_id) if meeting.chair_member_id else None
    if chair is None:
        raise ValidationError(
            "chair", "The meeting has no chair yet: the invitation is sent in the chair's name."
        )
    if not chair.email:
        raise ValidationError(
            "chair",
            f"The chair, {chair.name}, has no e-mail address: the invitation is sent in the "
            "chair's name. Record the chair's e-mail address with the group's members first.",
        )
    day = local(meeting.starts_at).date()
    current = session.exec(
        select(CsgMember)
        .where(
            col(CsgMember.id) != chair.id,
            col(CsgMember.joined_on) <= day,
            or_(col(CsgMember.left_on).is_(None), col(CsgMember.left_on) > day),
        )
        .order_by(col(CsgMember.name))
    ).all()
    attendees = [Invitee(member.name, member.email) for member in current if member.email]
    return Invitee(chair.name, chair.email), attendees


def _invitation_letters(detail: MeetingDetail, stem: str, author: str) -> list[_File]:
    """A letter to the practitioner of each case on the agenda."""
    cases: list[int] = []
    for item in detail.items:
        if item.case_id is not None and item.practitioner and item.case_id not in cases:
            cases.append(item.case_id)
    if not cases:
        raise ValidationError("agenda", "No case on this agenda yet: add the cases first.")
    files: list[_File] = []
    for case_id in cases:
        reference = next(i.case_reference for i in detail.items if i.case_id == case_id)
        written = invitation_letter(detail, case_id, written_on=clock.today())
        files += _as_files(written, f"{stem}-{reference}", case_id, author=author)
    return files


def _letters(detail: MeetingDetail, stem: str, author: str) -> list[_File]:
    cases: list[int] = []
    for item in detail.items:
        decided = item.outcome or item.chair_decision
        if item.case_id is not None and decided and item.case_id not in cases:
            cases.append(item.case_id)
    if not cases:
        raise ValidationError(
            "agenda",
            "No case on this agenda has an outcome yet: record outcomes in meeting mode first.",
        )
    files: list[_File] = []
    for case_id in cases:
        reference = next(i.case_reference for i in detail.items if i.case_id == case_id)
        written = feedback_letter(detail, case_id, written_on=clock.today())
        files += _as_files(written, f"{stem}-{reference}", case_id, author=author)
    return files


def _keep(
    session: Session, actor_id: int, meeting_id: int, paper: CsgPaper, file: _File
) -> Document:
    document = Document(
        case_id=file.case_id,
        csg_meeting_id=meeting_id,
        kind=paper.value,
        filename=file.filename,
        media_type=file.media_type,
        size_bytes=len(file.content),
        sha256=hashlib.sha256(file.content).hexdigest(),
        description=file.description[:500],
        uploaded_by_id=actor_id,
        uploaded_at=clock.now(),
    )
    session.add(document)
    session.flush()
    assert document.id is not None
    session.add(
        DocumentContent(
            document_id=document.id, content=stored_form(session, document.id, file.content)
        )
    )
    return document


def _reference(session: Session, case_id: int | None) -> str:
    if case_id is None:
        return ""
    # By name: a whole case row holds its summary, which not every role may read.
    reference = session.exec(select(col(Case.reference)).where(col(Case.id) == case_id)).first()
    return reference or ""


def _row(document: Document, reference: str) -> DocumentRow:
    assert document.id is not None
    return DocumentRow(
        id=document.id,
        kind=document.kind,
        label=LABELS.get(document.kind, document.kind),
        filename=document.filename,
        media_type=document.media_type,
        size_bytes=document.size_bytes,
        uploaded_at=document.uploaded_at,
        case_reference=reference,
        item_id=document.agenda_item_id,
    )


def _readable(access: Access | None) -> list[ColumnElement[bool]]:
    """The documents a person may read here: those of the cases they may see and, for a member
    of the group, the meeting's own papers (agenda, minutes), which belong to no case."""
    seen = seen_cases(access, Document.case_id)
    if not seen or access is None:
        return seen
    own_paper = and_(
        col(Document.case_id).is_(None),
        col(Document.csg_meeting_id).is_not(None),
        access.csg_member(),
    )
    return [or_(*seen, own_paper)]


def meeting_documents(
    *, session: Session, meeting_id: int, access: Access | None = None
) -> tuple[DocumentRow, ...]:
    """The documents kept for a meeting, and the referral papers of its agenda (the signed
    agreement behind each referral on it), newest first (their bytes are not loaded); with
    ``access``, those the signed-in person may read (a CSG member: the papers of the cases on
    the group's agendas, as the team server gives them)."""
    agreements = (
        select(col(ExternalReferral.agreement_document_id))
        .join(AgendaItem, col(AgendaItem.external_referral_id) == col(ExternalReferral.id))
        .where(col(AgendaItem.meeting_id) == meeting_id)
    )
    rows = session.exec(
        select(Document, col(Case.reference))
        .outerjoin(Case, col(Case.id) == col(Document.case_id))
        .where(
            or_(col(Document.csg_meeting_id) == meeting_id, col(Document.id).in_(agreements)),
            *_readable(access),
        )
        .order_by(col(Document.uploaded_at).desc(), col(Document.id).desc())
    ).all()
    return tuple(_row(document, reference or "") for document, reference in rows)


def document_content(*, session: Session, document_id: int) -> tuple[Document, bytes]:
    """A stored document and its bytes."""
    document = session.get(Document, document_id)
    content = session.get(DocumentContent, document_id)
    if document is None or content is None:
        raise NotFoundError("That document is no longer in the store.")
    return document, read_form(session, document_id, content.content)

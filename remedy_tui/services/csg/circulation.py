"""The documents that circulate (the agenda's circulation copy, the minutes): their free text
checked against every practitioner in the store, and the preview the chair sees first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from remedy_tui.documents.blocks import Written
from remedy_tui.documents.csg_agenda import agenda
from remedy_tui.documents.csg_minutes import minutes
from remedy_tui.documents.redact import Redactor, Removal, identifiers
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import PermissionDeniedError, ValidationError
from remedy_tui.services.csg.detail import meeting_detail
from remedy_tui.services.csg.meetings import next_meeting
from remedy_tui.store.models import Practitioner
from remedy_tui.store.roles import load_matrix
from remedy_tui.views.csg import MeetingDetail

# The papers that leave the team; the others name practitioners on purpose.
CIRCULATED = ("csg_agenda_circulation", "csg_minutes")


def store_redactor(*, session: Session, access: Access | None = None) -> Redactor:
    """A redactor that knows every practitioner in the store: names, the name they are
    addressed by and registration number, read in one query."""
    if access is not None and not _reads_every_practitioner(access):
        # A redactor that knew only some names would let the others through.
        raise PermissionDeniedError(
            f"The role matrix does not show the {access.group_label} every practitioner in "
            "the store, so Remedy cannot check a circulated document against all their names: "
            "a case manager produces it. Nothing was produced."
        )
    rows = session.exec(
        select(
            col(Practitioner.given_names),
            col(Practitioner.family_name),
            col(Practitioner.address_as),
            col(Practitioner.registration_number),
        )
    ).all()
    return Redactor(identifiers(rows))


def _reads_every_practitioner(access: Access) -> bool:
    return load_matrix().rule("practitioners", access.group) == "all"


def circulated(
    *, session: Session, detail: MeetingDetail, paper: str, redactor: Redactor
) -> Written:
    """The circulated document ``paper`` of the meeting, its free text through ``redactor``."""
    if paper == "csg_agenda_circulation":
        if not detail.items:
            raise ValidationError("agenda", "The agenda has no items yet; add some first.")
        return agenda(detail, circulation=True, redactor=redactor)
    if paper == "csg_minutes":
        following = next_meeting(session=session, after=detail.meeting.starts_at)
        return minutes(detail, next_meeting=following, redactor=redactor)
    raise ValueError(f"{paper} does not circulate")


@dataclass(frozen=True)
class CirculationPreview:
    """What the redactor would remove from a circulated document, each removal marked."""

    title: str
    removals: tuple[Removal, ...]


def circulation_preview(
    *, session: Session, meeting_id: int, paper: str, access: Access | None = None
) -> CirculationPreview:
    """Build the document without keeping it, and say what its free text loses."""
    detail = meeting_detail(session=session, meeting_id=meeting_id, access=access)
    redactor = store_redactor(session=session, access=access)
    written = circulated(session=session, detail=detail, paper=paper, redactor=redactor)
    return CirculationPreview(written.title, tuple(redactor.log))

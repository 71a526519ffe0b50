"""The CSG's documents: what the Word and Markdown versions say, that the circulation copies
name no practitioner, the calendar invitation, and exporting a document."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from remedy_tui import clock
from remedy_tui.documents.blocks import (
    Bullets,
    Fields,
    Heading,
    Paragraph,
    Table,
    Written,
    md_escape,
    to_markdown,
)
from remedy_tui.documents.csg_agenda import agenda as agenda_document
from remedy_tui.documents.ics import invitation
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.csg import agenda, detail, meetings, outcomes
from remedy_tui.services.csg.documents import (
    CsgPaper,
    document_content,
    export_document,
    meeting_documents,
    produce,
)
from remedy_tui.services.csg.proposals import proposals
from remedy_tui.store import Store
from remedy_tui.store.models import (
    AgendaItemKind,
    Attendance,
    AuditEntry,
    CsgMeetingStatus,
    TimelineEntry,
    TimelineKind,
)
from remedy_tui.views.csg import (
    AgendaItemView,
    MeetingDetail,
    MeetingView,
    PractitionerView,
    initials,
)
from tests.helpers.csg import add_case, add_group, agreement, docx_text, refer, schedule

PEOPLE = (("Ada", "Lovelace"), ("Grace", "Hopper"))


@pytest.fixture
def meeting_id(store: Store, frozen_clock: object, tmp_path: Path) -> int:
    """A meeting run to the end: two cases, attendance, a conflict, outcomes and actions."""
    ids = add_group(store)
    for number, (given_name, family) in enumerate(PEOPLE, start=1):
        refer(store, add_case(store, given_name, family, number), agreement(tmp_path))
    meeting = schedule(store)
    with store.session() as session:
        for proposal in proposals(session=session, meeting_id=meeting.id, offset=0, limit=9).rows:
            agenda.add_proposal(session=session, meeting_id=meeting.id, proposal=proposal)
        first, second = detail.meeting_detail(session=session, meeting_id=meeting.id).items
        # Free text that names the practitioner, as people write it.
        agenda.add_item(
            session=session,
            meeting_id=meeting.id,
            kind=AgendaItemKind.DISPUTE,
            title="Dr Lovelace disputes the mentoring plan",
            case_reference="C-000001",
        )
        agenda.declare_conflict(
            session=session,
            item_id=second.id,
            member_id=ids["senior_doctor"],
            details="Supervised Grace Hopper last year.",
        )
    # The meeting has met: its outcomes are recorded that evening.
    clock.freeze(datetime(2026, 12, 6, 18, 0, tzinfo=UTC))
    with store.session() as session:
        for row in meetings.attendance(session=session, meeting_id=meeting.id):
            apologies = row.member_id == ids["academic"]
            meetings.set_attendance(
                session=session,
                meeting_id=meeting.id,
                member_id=row.member_id,
                attendance=Attendance.APOLOGIES if apologies else Attendance.PRESENT,
            )
        outcomes.record_item(
            session=session,
            actor_id=store.user.id,
            item_id=first.id,
            expected_version=first.version,
            practitioner_attending=True,
            representative="Sam Rep (BMA)",
            discussion_summary="Ada Lovelace described the handover changes.",
            outcome="Accepted for CSG support.",
            next_review_on="2027-01-10",
        )
        outcomes.add_action(
            session=session,
            actor_id=store.user.id,
            item_id=first.id,
            description="Lovelace to keep a reflective log",
            owner="Dr Senior Doc",
            due_on="2027-01-05",
        )
        outcomes.record_item(
            session=session,
            actor_id=store.user.id,
            item_id=second.id,
            expected_version=second.version,
            practitioner_attending=False,
            discussion_summary="Hopper sent a written statement.",
            outcome="Accepted; meet again in March.",
            next_review_on="2027-03-07",
        )
    return meeting.id


def _produce(store: Store, meeting_id: int, paper: CsgPaper) -> dict[str, bytes]:
    with store.session() as session:
        rows = produce(session=session, actor_id=store.user.id, meeting_id=meeting_id, paper=paper)
        return {
            row.filename: document_content(session=session, document_id=row.id)[1] for row in rows
        }


def _names() -> list[str]:
    return [name for person in PEOPLE for name in person]


def test_the_circulation_agenda_names_no_practitioner_in_word_or_markdown(
    store: Store, meeting_id: int
) -> None:
    files = _produce(store, meeting_id, CsgPaper.AGENDA_CIRCULATION)
    assert sorted(files) == [
        "csg-2026-12-06-agenda-circulation.docx",
        "csg-2026-12-06-agenda-circulation.md",
    ]
    word = docx_text(files["csg-2026-12-06-agenda-circulation.docx"])
    markdown = files["csg-2026-12-06-agenda-circulation.md"].decode()
    for text in (word, markdown):
        for name in _names():
            assert re.search(name, text, re.IGNORECASE) is None, name
        assert "Sam Rep" not in text  # nor the representative
        # Initials only where Remedy puts them (the practitioner column); a name in free text
        # is removed, never turned into initials.
        for shown in ("C-000001", "C-000002", "A.L.", "G.H.", "[removed] disputes the mentoring"):
            literal = shown.replace("[", "\\[").replace("]", "\\]")
            assert shown in text or (text is markdown and literal in text), shown
        assert "Dr Senior Doc" in text  # who steps out is shown, without the details
        assert "Supervised" not in text
    assert "Sun 6 Dec 2026" in word and "14:00 to 16:00 (120 minutes)" in word
    assert "3 items, 50 of 120 minutes." in word


def test_the_full_agenda_names_practitioners_their_referral_and_conflicts(
    store: Store, meeting_id: int
) -> None:
    files = _produce(store, meeting_id, CsgPaper.AGENDA_FULL)
    word = docx_text(files["csg-2026-12-06-agenda-full.docx"])
    for expected in (
        "Dr Ada Lovelace",
        "Dr Grace Hopper",
        "GMC 7000001",
        "Referrer: Dr Referring Com",
        "CoM, recommended from appraisal",
        "Better handovers; reflective log each month.",
        "Dr Senior Doc steps out: Supervised Grace Hopper last year.",
        "Yes (representative: Sam Rep (BMA))",
        "do not circulate it",
    ):
        assert expected in word, expected
    assert "Dr Ada Lovelace" in files["csg-2026-12-06-agenda-full.md"].decode()


def test_the_minutes_record_attendance_conflicts_outcomes_and_actions(
    store: Store, meeting_id: int
) -> None:
    files = _produce(store, meeting_id, CsgPaper.MINUTES)
    word = docx_text(files["csg-2026-12-06-minutes.docx"])
    markdown = files["csg-2026-12-06-minutes.md"].decode()
    for expected in (
        "Clinical Support Group: minutes of Sun 6 Dec 2026",
        "Draft: the meeting is not yet recorded as held",
        "Prof Aca Demic (Academic representative)",  # apologies
        "1. C-000001 (A.L.): New referral",
        "[removed] described the handover changes.",
        "Accepted for CSG support.",
        "[removed] to keep a reflective log (Dr Senior Doc, due Tue 5 Jan 2027)",
        "Stepped out for this item (conflict of interest declared): Dr Senior Doc",
        "Next review: Sun 7 Mar 2027",
        "Yes (with a representative)",
    ):
        assert expected in word, expected
    apologies = word.split("Apologies")[1].split("Items")[0]
    assert "Prof Aca Demic" in apologies and "Dr Senior Doc" not in apologies
    for text in (word, markdown):
        for name in _names():
            assert re.search(name, text, re.IGNORECASE) is None, name


def test_a_feedback_letter_goes_to_the_referrer_for_each_case_and_onto_its_timeline(
    store: Store, meeting_id: int
) -> None:
    files = _produce(store, meeting_id, CsgPaper.FEEDBACK)
    assert sorted(files) == [
        "csg-2026-12-06-feedback-C-000001.docx",
        "csg-2026-12-06-feedback-C-000001.md",
        "csg-2026-12-06-feedback-C-000002.docx",
        "csg-2026-12-06-feedback-C-000002.md",
    ]
    letter = docx_text(files["csg-2026-12-06-feedback-C-000001.docx"])
    for expected in (
        "To: Dr Referring Com, referring CoM",
        "From: Dr Chair Person, Chair of the Clinical Support Group",
        "About: Dr Ada Lovelace (GMC 7000001), case C-000001",
        "Dear Dr Referring Com,",
        "Thank you for referring Dr Ada Lovelace to the Clinical Support Group",
        "Dr Ada Lovelace attended, represented by Sam Rep (BMA).",
        "Better handovers; reflective log each month.",
        "Accepted for CSG support.",
        "Lovelace to keep a reflective log (Dr Senior Doc, due Tue 5 Jan 2027)",
        "on or after Sun 10 Jan 2027",
        "held in the practitioner's personal file",
    ):
        assert expected in letter, expected
    assert "Hopper" not in letter  # each letter is about its own case only
    with store.session() as session:
        letters = session.exec(
            select(TimelineEntry).where(col(TimelineEntry.kind) == TimelineKind.LETTER)
        ).all()
        rows = meeting_documents(session=session, meeting_id=meeting_id)
    assert len(letters) == 2 and all(entry.document_id for entry in letters)
    assert {row.case_reference for row in rows} == {"C-000001", "C-000002"}


def test_feedback_letters_wait_for_an_outcome(store: Store, frozen_clock: object) -> None:
    add_group(store)
    add_case(store, "Ada", "Lovelace", 1)
    meeting = schedule(store)
    with store.session() as session:
        agenda.add_item(
            session=session,
            meeting_id=meeting.id,
            kind=AgendaItemKind.REVIEW,
            title="Review",
            case_reference="C-000001",
        )
    clock.freeze(datetime(2026, 12, 6, 18, 0, tzinfo=UTC))  # it has met, without outcomes
    with pytest.raises(ValidationError, match="record outcomes in meeting mode first"):
        _produce(store, meeting.id, CsgPaper.FEEDBACK)
    with store.session() as session:
        assert meeting_documents(session=session, meeting_id=meeting.id) == ()


def _with_emails(store: Store) -> dict[str, str]:
    """Give every member of the group an e-mail address; the chair's, by member id."""
    from remedy_tui.store.models import CsgMember

    with store.session() as session:
        found = {}
        for member in session.exec(select(CsgMember)).all():
            member.email = f"{member.role}@csg.example"
            session.add(member)
            found[member.role] = member.email
        session.commit()
    return found


def _calendar(content: bytes) -> Any:
    """The file read back by the icalendar library, after the checks of its form."""
    from icalendar import Calendar

    text = content.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    return Calendar.from_ical(text)


def test_the_invitation_is_a_request_from_the_chair_to_the_members(
    store: Store, meeting_id: int
) -> None:
    from remedy_tui.store.models import CsgMeeting, CsgMember

    with pytest.raises(ValidationError, match="has no e-mail address"):
        _produce(store, meeting_id, CsgPaper.INVITATION)
    emails = _with_emails(store)
    with store.session() as session:
        meeting = session.get(CsgMeeting, meeting_id)
        assert meeting is not None and meeting.chair_member_id is not None
        chair = session.get(CsgMember, meeting.chair_member_id)
        assert chair is not None
        chair_email = chair.email
    (content,) = _produce(store, meeting_id, CsgPaper.INVITATION).values()
    calendar = _calendar(content)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    assert event["DTSTART"].dt == datetime(2026, 12, 6, 14, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].dt == datetime(2026, 12, 6, 16, tzinfo=UTC)
    assert str(event["ORGANIZER"]) == f"mailto:{chair_email}"
    attendees = {str(a) for a in event["ATTENDEE"]}
    assert attendees == {f"mailto:{e}" for e in emails.values()} - {f"mailto:{chair_email}"}
    assert str(event["SUMMARY"]) == "Clinical Support Group"
    assert str(event["LOCATION"]) == "Seminar room 2"
    assert str(event["URL"]) == "https://video.example/csg"
    unfolded = content.decode("utf-8").replace("\r\n ", "")
    for name in _names():
        assert name not in unfolded


def test_a_cancelled_meeting_cancels_the_same_event_with_a_higher_sequence() -> None:
    from remedy_tui.documents.ics import Invitee

    meeting = MeetingView(
        id=1,
        starts_at=datetime(2026, 7, 6, 13, tzinfo=UTC),
        duration_minutes=90,
        location="Room 1; Block B, Level 2\\3 " + "é" * 60,
        video_link="",
        status=CsgMeetingStatus.PLANNED,
        chair_member_id=None,
        chair_name="",
        item_count=0,
        minutes_allotted=0,
        version=1,
    )
    people = dict(
        uid="x@y",
        stamp=datetime(2026, 6, 22, tzinfo=UTC),
        organiser=Invitee("Dr Chair, Senior", "chair@csg.example"),
        attendees=[Invitee("Member; One", "one@csg.example")],
    )
    sent = _calendar(invitation(meeting, **people).encode())  # type: ignore[arg-type]
    cancelled = replace(meeting, status=CsgMeetingStatus.CANCELLED, version=3)
    withdrawn = _calendar(invitation(cancelled, **people).encode())  # type: ignore[arg-type]
    (first,) = sent.walk("VEVENT")
    (second,) = withdrawn.walk("VEVENT")
    assert str(sent["METHOD"]) == "REQUEST" and str(withdrawn["METHOD"]) == "CANCEL"
    assert str(first["UID"]) == str(second["UID"]) == "x@y"
    assert int(first["SEQUENCE"]) == 0 and int(second["SEQUENCE"]) == 2
    assert str(second["STATUS"]) == "CANCELLED"
    assert str(second["SUMMARY"]) == "Cancelled: Clinical Support Group"
    # Text comes back exactly as given, whatever its punctuation; summer time is BST.
    assert str(first["LOCATION"]) == "Room 1; Block B, Level 2\\3 " + "é" * 60
    assert first["ORGANIZER"].params["CN"] == "Dr Chair, Senior"
    assert first["DTSTART"].dt.utcoffset().total_seconds() == 3600


def test_export_says_where_the_file_went_never_overwrites_and_is_audited(
    store: Store, meeting_id: int, tmp_path: Path
) -> None:
    _produce(store, meeting_id, CsgPaper.MINUTES)
    out = tmp_path / "out"
    out.mkdir()
    with store.session() as session:
        word = next(
            row
            for row in meeting_documents(session=session, meeting_id=meeting_id)
            if row.filename.endswith(".docx")
        )
        path = export_document(session=session, document_id=word.id, destination=str(out))
        assert path == (out / "csg-2026-12-06-minutes.docx").resolve()
        assert path.read_bytes() == document_content(session=session, document_id=word.id)[1]
        assert path.stat().st_mode & 0o077 == 0  # readable by this user only
        with pytest.raises(ValidationError, match="already exists; choose another name"):
            export_document(session=session, document_id=word.id, destination=str(path))
        with pytest.raises(ValidationError, match="There is no folder"):
            export_document(
                session=session, document_id=word.id, destination=str(tmp_path / "no" / "x.docx")
            )
        renamed = export_document(
            session=session, document_id=word.id, destination=str(out / "for-the-chair.docx")
        )
        events = session.exec(select(AuditEntry).where(col(AuditEntry.action) == "export")).all()
    assert renamed.name == "for-the-chair.docx"
    assert len(events) == 2
    details = json.loads(events[0].changes)
    assert details["path"] == str(path) and details["filename"] == "csg-2026-12-06-minutes.docx"


def test_markdown_shows_structure_characters_literally() -> None:
    assert md_escape("# not a heading") == "\\# not a heading"
    assert md_escape("1. not a list") == "1\\. not a list"
    assert md_escape("a | b *c* [d](e) <f>") == "a \\| b \\*c\\* \\[d\\](e) \\<f\\>"
    written = Written(
        "Title",
        (
            Heading("1. Section"),
            Paragraph("- line one\nline two"),
            Fields((("Date", "Sun 6 Dec"),)),
            Bullets(("2) item",)),
            Table(("a", "b"), (("x|y", "multi\nline"),)),
        ),
    )
    markdown = to_markdown(written)
    assert "## 1. Section" in markdown
    assert "\\- line one  \nline two" in markdown
    assert "- 2\\) item" in markdown
    assert "| x\\|y | multi / line |" in markdown
    assert written.text().startswith("Title\n1. Section\n- line one")


def _practitioner(given_name: str, family: str) -> PractitionerView:
    return PractitionerView(
        name=f"Dr {given_name} {family}",
        given_names=given_name,
        family_name=family,
        initials=initials(given_name, family),
        registration="",
        grade="SAS doctor",
        employer="",
    )


# Names without vowels, so none can be one of the agenda's own words ("to", "Chair", "Room").
_CONSONANTS = "bcdfghjklmnpqrstvwxz"
_NAME = st.text(_CONSONANTS + _CONSONANTS.upper(), min_size=2, max_size=12)


@settings(max_examples=300)
@example(people=[("Ada", "Lovelace")], glue="_")  # "Ada_Lovelace": an underscore ends a name
@given(people=st.lists(st.tuples(_NAME, _NAME), min_size=1, max_size=4), glue=st.text(max_size=8))
def test_no_practitioner_name_survives_into_the_circulation_copy(
    people: list[tuple[str, str]], glue: str
) -> None:
    meeting = MeetingView(
        id=1,
        starts_at=datetime(2026, 12, 6, 14, tzinfo=UTC),
        duration_minutes=120,
        location="Room",
        video_link="",
        status=CsgMeetingStatus.PLANNED,
        chair_member_id=None,
        chair_name="Chair",
        item_count=len(people),
        minutes_allotted=0,
        version=1,
    )
    items = tuple(
        AgendaItemView(
            id=n,
            position=n,
            kind=AgendaItemKind.REVIEW,
            title=f"Review of {given_name}{glue}{family} ({family.upper()})",
            minutes_allotted=10,
            planned_start=meeting.starts_at,
            case_id=n,
            case_reference=f"C-{n:06d}",
            practitioner=_practitioner(given_name, family),
            referral=None,
            external_referral_id=None,
            practitioner_attending=None,
            representative="",
            discussion_summary="",
            outcome="",
            chair_decision="",
            chair_reasons="",
            next_review_on=date(2027, 1, 1),
            conflicts=(),
            actions=(),
            version=1,
        )
        for n, (given_name, family) in enumerate(people, start=1)
    )
    written = agenda_document(MeetingDetail(meeting, items, ()), circulation=True)
    text = written.text()
    for given_name, family in people:
        for name in (given_name, family):
            assert re.search(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])", text, re.I) is None


def test_word_documents_are_a4_marked_paged_and_authored_by_who_produced_them(
    store: Store, meeting_id: int
) -> None:
    import io

    import docx
    from docx.shared import Mm

    produced = _produce(store, meeting_id, CsgPaper.MINUTES)
    (name,) = [n for n in produced if n.endswith(".docx")]
    document = docx.Document(io.BytesIO(produced[name]))
    section = document.sections[0]
    # Word keeps lengths in twentieths of a point: A4 within a fraction of a millimetre.
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.left_margin - Mm(20)) < Mm(0.1)
    header = section.header.paragraphs[0].text
    assert header.startswith("OFFICIAL-SENSITIVE") and document.core_properties.title in header
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    assert section.footer.paragraphs[0].text.startswith("Page ")
    assert document.core_properties.author == "Asha Example"
    assert document.core_properties.author != "python-docx"
    for table in document.tables:
        widths = [column.width for column in table.columns]
        assert sum(widths) <= Mm(170) + len(widths)
        for row in table.rows:
            assert [cell.width for cell in row.cells] == widths

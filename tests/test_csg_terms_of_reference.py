"""A CSG meeting as the Clinical Support Group paper describes it: outcomes and the chair's
letters once the meeting has met (drafts marked before it is recorded as held), a conflict of
interest that holds for every item about the case, and members who have left not counted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from remedy_tui import clock
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.csg import agenda, detail, meetings, members, outcomes
from remedy_tui.services.csg.documents import CsgPaper, document_content, produce
from remedy_tui.services.csg.proposals import proposals
from remedy_tui.store import Store
from remedy_tui.store.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    ConflictDeclaration,
    Decision,
    ExternalReferral,
    ExternalReferralStatus,
)
from remedy_tui.views.csg import MeetingDetail
from tests.helpers.csg import add_case, add_group, agreement, docx_text, refer, schedule

EVENING = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)


@pytest.fixture
def meeting_id(store: Store, frozen_clock: object, tmp_path: Path) -> int:
    """A meeting on 6 December (the clock: 22 November) with a new referral and a dispute
    about the same case, and a review of another."""
    add_group(store)
    first = add_case(store, "Ada", "Lovelace", 1)
    add_case(store, "Grace", "Hopper", 2)
    refer(store, first, agreement(tmp_path))
    meeting = schedule(store)
    with store.session() as session:
        (proposal,) = proposals(session=session, meeting_id=meeting.id, offset=0, limit=5).rows
        agenda.add_proposal(session=session, meeting_id=meeting.id, proposal=proposal)
        agenda.add_item(
            session=session,
            meeting_id=meeting.id,
            kind=AgendaItemKind.REVIEW,
            title="Progress review",
            case_reference="C-000002",
        )
    return meeting.id


def _detail(store: Store, meeting_id: int) -> MeetingDetail:
    with store.session() as session:
        return detail.meeting_detail(session=session, meeting_id=meeting_id)


def _record(store: Store, meeting_id: int) -> None:
    item = _detail(store, meeting_id).items[0]
    with store.session() as session:
        outcomes.record_item(
            session=session,
            actor_id=store.user.id,
            item_id=item.id,
            expected_version=item.version,
            discussion_summary="Agreed the plan.",
            outcome="Accepted for CSG support.",
        )


def test_outcomes_and_actions_for_a_meeting_still_ahead_are_refused(
    store: Store, meeting_id: int
) -> None:
    with pytest.raises(ValidationError, match="has not taken place yet"):
        _record(store, meeting_id)
    item = _detail(store, meeting_id).items[0]
    with store.session() as session, pytest.raises(ValidationError, match="not taken place"):
        outcomes.add_action(
            session=session, actor_id=store.user.id, item_id=item.id, description="A mentor"
        )
    with store.session() as session:
        row = session.get(AgendaItem, item.id)
        assert row is not None and row.outcome is None
        assert session.exec(select(Decision)).all() == []
        # Before: the referral read "In progress since" the meeting's future day.
        referral = session.exec(select(ExternalReferral)).one()
        assert referral.status is ExternalReferralStatus.MADE


def test_feedback_letters_wait_for_the_meeting_and_are_drafts_until_it_is_held(
    store: Store, meeting_id: int
) -> None:
    with store.session() as session, pytest.raises(ValidationError, match="not taken place"):
        produce(
            session=session, actor_id=store.user.id, meeting_id=meeting_id, paper=CsgPaper.FEEDBACK
        )
    clock.freeze(EVENING)
    _record(store, meeting_id)
    with store.session() as session:
        rows = produce(
            session=session, actor_id=store.user.id, meeting_id=meeting_id, paper=CsgPaper.FEEDBACK
        )
        word = next(
            docx_text(document_content(session=session, document_id=r.id)[1])
            for r in rows
            if r.filename.endswith(".docx")
        )
        minutes = next(
            docx_text(document_content(session=session, document_id=r.id)[1])
            for r in produce(
                session=session,
                actor_id=store.user.id,
                meeting_id=meeting_id,
                paper=CsgPaper.MINUTES,
            )
            if r.filename.endswith(".docx")
        )
    assert "DRAFT: Clinical Support Group: feedback on C-000001" in word
    assert "Do not send this letter until it is." in word
    assert "DRAFT: Clinical Support Group: minutes of Sun 6 Dec 2026" in minutes
    with store.session() as session:
        for row in meetings.attendance(session=session, meeting_id=meeting_id):
            meetings.set_attendance(
                session=session,
                meeting_id=meeting_id,
                member_id=row.member_id,
                attendance=Attendance.PRESENT,
            )
        meetings.mark_held(session=session, meeting_id=meeting_id)
        rows = produce(
            session=session, actor_id=store.user.id, meeting_id=meeting_id, paper=CsgPaper.FEEDBACK
        )
        word = next(
            docx_text(document_content(session=session, document_id=r.id)[1])
            for r in rows
            if r.filename.endswith(".docx")
        )
    assert "DRAFT" not in word and "considered the referral at its meeting on Sun 6 Dec" in word


def test_a_conflict_holds_for_every_item_about_the_same_case(store: Store, meeting_id: int) -> None:
    senior = next(
        m.id
        for m in _members(store)
        if m.role == "senior_doctor"  # Dr Senior Doc
    )
    referral_item = _detail(store, meeting_id).items[0]
    with store.session() as session:
        agenda.declare_conflict(
            session=session,
            item_id=referral_item.id,
            member_id=senior,
            details="Was her supervisor.",
        )
        # A dispute about the same case, added afterwards, takes the conflict on too.
        agenda.add_item(
            session=session,
            meeting_id=meeting_id,
            kind=AgendaItemKind.DISPUTE,
            title="Disputes the plan",
            case_reference="C-000001",
        )
    items = _detail(store, meeting_id).items
    by_case = {i.kind: [c.member_name for c in i.conflicts] for i in items}
    assert by_case[AgendaItemKind.NEW_REFERRAL] == ["Dr Senior Doc"]
    assert by_case[AgendaItemKind.DISPUTE] == ["Dr Senior Doc"]
    assert by_case[AgendaItemKind.REVIEW] == []  # another case
    with store.session() as session:
        agenda.withdraw_conflict(session=session, item_id=items[-1].id, member_id=senior)
        assert session.exec(select(col(ConflictDeclaration.id))).all() == []


def test_a_member_who_left_is_not_current_from_the_day_they_left(store: Store) -> None:
    clock.freeze(datetime(2026, 11, 22, 10, 30, tzinfo=UTC))
    try:
        ids = add_group(store)
        with store.session() as session:
            members.record_leaving(
                session=session,
                member_id=ids["academic"],
                left_on="2026-11-22",
                expected_version=1,
            )
            current = members.list_members(session=session, today=date(2026, 11, 22))
            on_the_day = members.members_on(session=session, day=date(2026, 11, 22))
        # Before: a member who left today was still listed and counted as current.
        assert "Prof Aca Demic" not in [m.name for m in current]
        assert "Prof Aca Demic" not in [m.name for m in on_the_day]
        assert len(current) == 8
    finally:
        clock.freeze(None)


def _members(store: Store) -> list[members.MemberView]:
    with store.session() as session:
        return members.list_members(session=session, today=date(2026, 11, 22))


def _dispute(store: Store, meeting_id: int) -> None:
    with store.session() as session:
        agenda.add_item(
            session=session,
            meeting_id=meeting_id,
            kind=AgendaItemKind.DISPUTE,
            title="Disputes the plan",
            case_reference="C-000001",
        )


def test_a_conflicted_chair_hands_over_and_the_deputy_is_named_in_minutes_and_letter(
    store: Store, meeting_id: int
) -> None:
    _dispute(store, meeting_id)
    ids = {m.role: m.id for m in _members(store)}
    chair, senior = ids["deputy_dme"], ids["senior_doctor"]
    referral_item, _review, dispute = _detail(store, meeting_id).items
    with store.session() as session:
        agenda.declare_conflict(
            session=session, item_id=dispute.id, member_id=chair, details="Her supervisor."
        )
        # Who steps out cannot chair.
        with pytest.raises(ValidationError, match="steps out of it: choose another member"):
            agenda.set_item_chair(session=session, item_id=dispute.id, member_id=chair)
    clock.freeze(EVENING)
    dispute = _detail(store, meeting_id).items[2]
    # Before: "another member chairs this item" was said, and the chair's decision kept.
    with store.session() as session, pytest.raises(ValidationError, match="record who chairs"):
        outcomes.record_item(
            session=session,
            actor_id=store.user.id,
            item_id=dispute.id,
            expected_version=dispute.version,
            discussion_summary="Heard both.",
            chair_decision="The plan stands.",
            chair_reasons="Agreed at referral.",
        )
    with store.session() as session:
        agenda.set_item_chair(session=session, item_id=dispute.id, member_id=senior)
    items = _detail(store, meeting_id).items
    # The handover holds for every item about the case, as the conflict does.
    assert [i.chaired_by for i in items] == ["Dr Senior Doc", "", "Dr Senior Doc"]
    dispute = items[2]
    with store.session() as session:
        outcomes.record_item(
            session=session,
            actor_id=store.user.id,
            item_id=dispute.id,
            expected_version=dispute.version,
            discussion_summary="Heard both.",
            outcome="The plan stands.",
            chair_decision="The plan stands.",
            chair_reasons="Agreed at referral.",
        )
        rows = produce(
            session=session, actor_id=store.user.id, meeting_id=meeting_id, paper=CsgPaper.MINUTES
        )
        minutes = next(
            docx_text(document_content(session=session, document_id=r.id)[1])
            for r in rows
            if r.filename.endswith(".docx")
        )
        rows = produce(
            session=session, actor_id=store.user.id, meeting_id=meeting_id, paper=CsgPaper.FEEDBACK
        )
        letter = next(
            docx_text(document_content(session=session, document_id=r.id)[1])
            for r in rows
            if r.filename.endswith(".docx")
        )
        decision = session.exec(
            select(Decision).where(col(Decision.agenda_item_id) == dispute.id)
        ).all()
    assert "Chaired by: Dr Senior Doc, in place of Dr Chair Person (conflict of interest)" in (
        minutes
    )
    assert "Decision of Dr Senior Doc, chairing this item (final): The plan stands." in minutes
    assert "From: Dr Senior Doc, chairing the Clinical Support Group for this case in place " in (
        letter
    )
    assert "The decision of Dr Senior Doc, chairing, on the dispute (final)" in letter
    assert "Dr Chair Person\nChair" not in letter
    assert len(decision) == 2 and referral_item.id != dispute.id


def test_each_practitioner_is_invited_in_person_with_a_representative_welcome(
    store: Store, meeting_id: int
) -> None:
    with store.session() as session:
        rows = produce(
            session=session,
            actor_id=store.user.id,
            meeting_id=meeting_id,
            paper=CsgPaper.PRACTITIONER_LETTERS,
        )
        letters = {
            r.case_reference: docx_text(document_content(session=session, document_id=r.id)[1])
            for r in rows
            if r.filename.endswith(".docx")
        }
    assert sorted(letters) == ["C-000001", "C-000002"]
    ada = letters["C-000001"]
    assert "Dear Dr Ada Lovelace," in ada
    assert "will consider your referral to the group at its meeting on Sun 6 Dec 2026" in ada
    assert "attend in person if it asks you to" in ada
    assert "You are welcome to bring a representative" in ada
    assert "Seminar room 2" in ada and "Grace" not in ada
    assert "your progress against the outcomes agreed" in letters["C-000002"]


def test_the_meeting_pack_is_produced_at_once_into_a_new_folder(
    store: Store, meeting_id: int, tmp_path: Path
) -> None:
    from remedy_tui.services.csg.pack import produce_pack
    from remedy_tui.services.csg.papers import attach_item_paper
    from remedy_tui.store.models import AuditEntry, CsgMember

    out = tmp_path / "out"
    out.mkdir()
    statement = tmp_path / "Lovelace statement 7000001.pdf"
    statement.write_bytes(b"%PDF-1.4 statement\n")
    with store.session() as session:
        attach_item_paper(
            session=session,
            actor_id=store.user.id,
            item_id=_detail(store, meeting_id).items[0].id,
            path=str(statement),
        )
    with store.session() as session:
        # The chair has no e-mail address: the invitation is refused, so is the whole pack.
        with pytest.raises(ValidationError, match="no e-mail address"):
            produce_pack(
                session=session, actor_id=store.user.id, meeting_id=meeting_id, folder=str(out)
            )
        assert list(out.iterdir()) == []
        for member in session.exec(select(CsgMember)).all():
            member.email = f"{member.role}@csg.example"
            session.add(member)
        session.commit()
        pack = produce_pack(
            session=session, actor_id=store.user.id, meeting_id=meeting_id, folder=str(out)
        )
        with pytest.raises(ValidationError, match="already exists; nothing was overwritten"):
            produce_pack(
                session=session, actor_id=store.user.id, meeting_id=meeting_id, folder=str(out)
            )
        exported = session.exec(
            select(AuditEntry).where(
                col(AuditEntry.table_name) == "csg_meetings", col(AuditEntry.action) == "export"
            )
        ).all()
    assert pack.folder == out / "csg-2026-12-06-pack"
    assert (
        sorted(p.name for p in pack.folder.iterdir())
        == list(pack.files)
        == [
            "csg-2026-12-06-agenda-circulation.docx",
            "csg-2026-12-06-agenda-circulation.md",
            "csg-2026-12-06-invitation.ics",
            "csg-2026-12-06-papers.docx",
            "csg-2026-12-06-papers.md",
            "csg-2026-12-06-practitioner-invitation-C-000001.docx",
            "csg-2026-12-06-practitioner-invitation-C-000001.md",
            "csg-2026-12-06-practitioner-invitation-C-000002.docx",
            "csg-2026-12-06-practitioner-invitation-C-000002.md",
        ]
    )
    papers = (pack.folder / "csg-2026-12-06-papers.md").read_text()
    assert "Signed referral agreement" in papers and "Letter inviting the practitioner" in papers
    # A file's name is free text: the practitioner's name and number are removed from it.
    assert "\\[removed\\] statement \\[removed\\].pdf" in papers
    assert "Lovelace" not in papers and "7000001" not in papers
    assert "Lovelace" not in (pack.folder / "csg-2026-12-06-agenda-circulation.md").read_text()
    assert len(exported) == 1 and "csg-2026-12-06-pack" in exported[0].changes


def test_a_paper_is_attached_to_an_item_and_listed_with_the_meeting(
    store: Store, meeting_id: int, tmp_path: Path
) -> None:
    from remedy_tui.services.csg.documents import meeting_documents
    from remedy_tui.services.csg.papers import attach_item_paper

    report = tmp_path / "OH report.pdf"
    report.write_bytes(b"%PDF-1.4 occupational health report\n")
    item = _detail(store, meeting_id).items[1]
    with store.session() as session:
        with pytest.raises(ValidationError, match="There is no file"):
            attach_item_paper(
                session=session,
                actor_id=store.user.id,
                item_id=item.id,
                path=str(tmp_path / "missing.pdf"),
            )
        document_id = attach_item_paper(
            session=session,
            actor_id=store.user.id,
            item_id=item.id,
            path=str(report),
            description="OH report for the review",
        )
        rows = meeting_documents(session=session, meeting_id=meeting_id)
        _, content = document_content(session=session, document_id=document_id)
    (paper,) = [r for r in rows if r.id == document_id]
    assert (paper.label, paper.filename, paper.case_reference, paper.item_id) == (
        "Paper for an agenda item",
        "OH report.pdf",
        "C-000002",
        item.id,
    )
    assert content == report.read_bytes()

"""The CSG area as a member of the group sees it, on the team server and on a local file alike:
every read its screens make is allowed by the role matrix (no refusal), shows only the cases on
the group's agendas, and the group's own records (attendance, conflicts, outcomes) are saved,
while what belongs to the case managers is refused in words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from remedy_tui import clock
from remedy_tui.services.common.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from remedy_tui.services.csg import agenda, detail, meetings, members, outcomes, referrals
from remedy_tui.services.csg.allowed import csg_rights
from remedy_tui.services.csg.documents import (
    CsgPaper,
    export_document,
    meeting_documents,
    produce,
)
from remedy_tui.services.csg.proposals import proposals
from remedy_tui.services.desk import Desk
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Action,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AuditEntry,
    CaseActivity,
    CsgAttendance,
    CsgRoute,
    Decision,
    ExternalReferral,
    TimelineEntry,
)
from remedy_tui.views.csg import MeetingDetail
from tests.conftest import PASSPHRASE
from tests.helpers.csg import SUMMARY, CsgScene, agreement, csg_member_scene, member_left


@pytest.fixture
def scene(store: Store, frozen_clock: object, tmp_path: Path) -> CsgScene:
    built = csg_member_scene(store, tmp_path)
    clock.freeze(datetime(2026, 12, 6, 18, 0, tzinfo=UTC))  # the meeting has met
    return built


@pytest.fixture
def cara(store: Store, scene: CsgScene) -> Iterator[Desk]:
    """The CSG member's own desk, signed in with their own login and key slot."""
    desk = Desk(Store.open(store.where, scene.member_username, PASSPHRASE))
    yield desk
    desk.close()


def _detail(desk: Desk, scene: CsgScene) -> MeetingDetail:
    return desk.read(detail.meeting_detail, meeting_id=scene.meeting_id)


def test_every_read_of_the_csg_screens_is_allowed_to_a_member_of_the_group(
    cara: Desk, scene: CsgScene
) -> None:
    today = clock.today()
    page = cara.read(meetings.meeting_page, offset=0, limit=5, today=today)
    assert [m.id for m in page.rows] == [scene.meeting_id] and page.rows[0].item_count == 3
    assert [m.name for m in cara.read(members.list_members, today=today)] == [
        "Cara Chair",
        "Mel Staffing",
    ]
    shown = _detail(cara, scene)
    first, second, other = shown.items
    assert (first.case_reference, second.case_reference, other.case_reference) == (
        "C-000001",
        "C-000002",
        "",
    )
    assert first.practitioner is not None and first.practitioner.name == "Dr Ada Agendaford"
    assert first.practitioner.registration == "GMC 7000001"
    # The referral papers: how the case came to the group and the outcomes agreed.
    assert second.referral_text.startswith("Referred by Dr Referring Com on Sun 22 Nov 2026")
    assert "Expected outcomes: Better handovers" in second.referral_text
    assert first.outcome == "Accepted by the group."
    assert [a.description for a in first.actions] == ["Arrange a mentor"]
    assert [a.name for a in shown.attendance] == ["Cara Chair", "Mel Staffing"]
    assert cara.read(meetings.attendance, meeting_id=scene.meeting_id) == list(shown.attendance)
    # The referral papers: the signed agreement behind each referral on the agenda.
    papers = cara.read(meeting_documents, meeting_id=scene.meeting_id)
    assert sorted((row.label, row.case_reference) for row in papers) == [
        ("Signed referral agreement", "C-000001"),
        ("Signed referral agreement", "C-000002"),
    ]
    # Nothing the matrix hides from the group reaches it: no summary, no equality answers.
    assert SUMMARY.split(":")[0] not in repr(shown)
    assert "prefer_not_to_say" not in repr(shown)


def test_a_member_of_the_group_meets_no_case_off_its_agendas(
    store: Store, cara: Desk, scene: CsgScene
) -> None:
    mine = Desk(store)
    proposed = mine.read(proposals, meeting_id=scene.meeting_id, offset=0, limit=8)
    assert [p.case_reference for p in proposed.rows] == ["C-000003"]  # a case manager's view
    theirs = cara.read(proposals, meeting_id=scene.meeting_id, offset=0, limit=8)
    assert theirs.rows == () and theirs.total == 0
    with pytest.raises(NotFoundError, match="There is no case"):
        cara.read(referrals.case_brief, case_id=scene.off_agenda)
    with pytest.raises(ValidationError, match="There is no case C-000003"):
        cara.change(
            agenda.add_item,
            meeting_id=scene.meeting_id,
            kind=AgendaItemKind.DISPUTE,
            title="Disputes the outcomes",
            case_reference="C-000003",
        )
    brief = cara.read(referrals.case_brief, case_id=scene.on_agenda[0])
    assert brief.reference == "C-000001" and brief.practitioner == "Dr Ada Agendaford"


def test_a_member_of_the_group_reads_and_exports_the_papers_about_its_cases(
    store: Store, cara: Desk, scene: CsgScene, tmp_path: Path
) -> None:
    """The papers about a case on the agenda (its signed agreement, the chair's feedback
    letter) are the group's to read, and so are the meeting's own papers (the agenda), which
    belong to no case; the papers of a case on no agenda are not."""
    mine = Desk(store)
    for paper in (CsgPaper.AGENDA_FULL, CsgPaper.FEEDBACK):
        mine.change(produce, meeting_id=scene.meeting_id, paper=paper)
    assert len(mine.read(meeting_documents, meeting_id=scene.meeting_id)) == 4 + 2
    theirs = cara.read(meeting_documents, meeting_id=scene.meeting_id)
    assert {(row.kind, row.case_reference) for row in theirs} == {
        ("csg_agenda_full", ""),
        ("csg_feedback", "C-000001"),
        ("csg_agreement", "C-000001"),
        ("csg_agreement", "C-000002"),
    }
    out = tmp_path / "exports"
    out.mkdir()
    letter = next(row for row in theirs if row.filename.endswith(".md"))
    path = cara.change(export_document, document_id=letter.id, destination=str(out))
    assert path.read_text(encoding="utf-8").startswith("#")
    with store.session() as session:
        exported = session.exec(select(AuditEntry).where(col(AuditEntry.action) == "export")).one()
    assert exported.actor == "cara"


def test_a_member_who_has_left_the_group_sees_none_of_its_cases(
    store: Store, cara: Desk, scene: CsgScene
) -> None:
    member_left(store, scene, date(2026, 11, 1))
    shown = _detail(cara, scene)
    assert [i.case_reference for i in shown.items] == ["", "", ""]
    assert all(i.practitioner is None and i.referral is None for i in shown.items)
    assert all(i.actions == () for i in shown.items)


def test_a_member_of_the_group_records_attendance_conflicts_and_outcomes(
    store: Store, cara: Desk, scene: CsgScene
) -> None:
    _, review_item, _ = scene.item_ids
    cara.change(
        meetings.set_attendance,
        meeting_id=scene.meeting_id,
        member_id=scene.member_id,
        attendance=Attendance.PRESENT,
    )
    cara.change(
        agenda.declare_conflict,
        item_id=review_item,
        member_id=scene.member_id,
        details="Trained with them",
    )
    # The chair stepped out: the item is chaired by another member (the group's own table).
    mel = next(
        m.id
        for m in cara.read(members.list_members, today=clock.today())
        if m.id != scene.member_id
    )
    cara.change(agenda.set_item_chair, item_id=review_item, member_id=mel)
    cara.change(agenda.set_practitioner_attendance, item_id=review_item, attending=True)
    version = _detail(cara, scene).items[1].version
    cara.change(
        outcomes.record_item,
        item_id=review_item,
        expected_version=version,
        practitioner_attending=True,
        discussion_summary="Handovers are better; the log is kept.",
        outcome="Continue under review.",
        next_review_on="2027-01-10",
    )
    shown = _detail(cara, scene).items[1]
    assert shown.outcome == "Continue under review." and str(shown.next_review_on) == "2027-01-10"
    assert [c.member_name for c in shown.conflicts] == ["Cara Chair"]
    with store.session() as session:
        present = session.exec(select(CsgAttendance)).one()
        activity = session.get(CaseActivity, scene.on_agenda[1])
        by_cara = session.exec(
            select(AuditEntry.table_name).where(col(AuditEntry.actor) == "cara")
        ).all()
        decisions = session.exec(
            select(Decision).where(col(Decision.agenda_item_id) == review_item)
        ).all()
    assert present.attendance is Attendance.PRESENT and present.member_id == scene.member_id
    assert activity is not None and activity.last_activity_at == clock.now()
    assert {"csg_attendance", "conflict_declarations", "agenda_items"} <= set(by_cara)
    # The case's decisions are the case managers' to write: the outcome stays with the item.
    assert decisions == []


def test_what_belongs_to_the_case_managers_is_refused_in_words(
    store: Store, cara: Desk, scene: CsgScene, tmp_path: Path
) -> None:
    first = scene.item_ids[0]
    rights = csg_rights(cara.access)
    assert not (rights.adds_actions or rights.produces_papers or rights.refers_cases)
    assert not rights.records_on_the_case
    assert csg_rights(Desk(store).access) == csg_rights(None)
    words = "The role matrix does not let the Clinical Support Group"
    with pytest.raises(PermissionDeniedError, match=words):
        cara.change(outcomes.add_action, item_id=first, description="Find a mentor")
    with pytest.raises(PermissionDeniedError, match=words):
        cara.change(produce, meeting_id=scene.meeting_id, paper=CsgPaper.AGENDA_FULL)
    with pytest.raises(PermissionDeniedError, match=words):
        cara.change(
            referrals.refer_to_csg,
            case_id=scene.on_agenda[1],
            practitioner_agrees=True,
            route=CsgRoute.SELF,
            expected_outcomes="A course.",
            agreed_on="2026-11-20",
            agreement_path=str(agreement(tmp_path, "again.pdf")),
        )
    dispute = cara.change(
        agenda.add_item,
        meeting_id=scene.meeting_id,
        kind=AgendaItemKind.DISPUTE,
        title="Disputes the outcomes",
        case_reference="C-000002",
    )
    with pytest.raises(ValidationError, match="a case manager records it") as refused:
        cara.change(
            outcomes.record_item,
            item_id=dispute,
            expected_version=1,
            discussion_summary="Heard both.",
            chair_decision="The outcomes stand.",
            chair_reasons="They were agreed.",
        )
    assert refused.value.field == "chair_decision"
    with store.session() as session:
        assert len(session.exec(select(Action)).all()) == 1  # the case manager's
        assert len(session.exec(select(ExternalReferral)).all()) == 3  # the scene's
        kept = session.get(AgendaItem, dispute)
        assert kept is not None and kept.chair_decision is None
        by_cara = select(TimelineEntry).where(col(TimelineEntry.author_id) == cara.user.id)
        assert session.exec(by_cara).all() == []


def test_a_stale_save_by_a_member_of_the_group_names_no_one_it_may_not_read(
    store: Store, cara: Desk, scene: CsgScene
) -> None:
    """Who changed a record is read from the audit trail, which the group may not read: the
    save is refused as a conflict all the same, not as a refusal of the trail."""
    version = _detail(cara, scene).items[1].version
    Desk(store).change(agenda.change_minutes, item_id=scene.item_ids[1], delta=5)
    with pytest.raises(ConflictError, match="changed by a colleague since you opened it"):
        cara.change(
            outcomes.record_item,
            item_id=scene.item_ids[1],
            expected_version=version,
            discussion_summary="Discussed.",
        )

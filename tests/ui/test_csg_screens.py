"""The CSG area by keyboard: the group, scheduling, building an agenda, running the meeting,
referring a case and producing the documents, against the demo store."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import Input

from remedy_tui import clock, config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import (
    CsgAgendaScreen,
    CsgDocumentsScreen,
    CsgHomeScreen,
    CsgMeetingModeScreen,
    CsgReferralScreen,
)
from remedy_tui.screens.common.confirm import ConfirmScreen
from remedy_tui.screens.csg.attendance import CsgAttendanceScreen
from remedy_tui.screens.csg.circulation import CsgCirculationPreviewScreen
from remedy_tui.screens.csg.member import CsgMemberScreen
from remedy_tui.screens.csg.referral import referring
from remedy_tui.services.csg import agenda, detail
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Action,
    AgendaItemKind,
    AuditEntry,
    CsgMeeting,
    CsgMember,
    Decision,
    DecisionKind,
    Document,
    DocumentContent,
    ExternalReferral,
    ExternalReferralKind,
    User,
)
from remedy_tui.views.csg import MeetingDetail, MeetingView
from remedy_tui.widgets import PagedTable
from tests.helpers.csg import docx_text
from tests.ui.conftest import screen_text, settle, text_of, type_text, unlock


def _app(path: Path) -> RemedyApp:
    return RemedyApp(store_path=path, demo=True, settings=config.Settings())


async def _csg(pilot: Pilot[None]) -> None:
    await unlock(pilot, config.DEMO_PASSPHRASE)
    await _press(pilot, "f5")


async def _press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys, then wait for the work they started."""
    await pilot.press(*keys)
    await settle(pilot)


def _meetings(app: RemedyApp) -> tuple[MeetingView, ...]:
    """The meetings the CSG home screen listed."""
    home = next(s for s in app.screen_stack if isinstance(s, CsgHomeScreen))
    assert home.home is not None
    return tuple(home.home.page.rows)


def _open(path: Path) -> Store:
    return Store.open(path, config.DEMO_USER, config.DEMO_PASSPHRASE)


def _table(pilot: Pilot[None], selector: str) -> PagedTable:
    return pilot.app.screen.query_one(selector, PagedTable)


def _rows(pilot: Pilot[None], selector: str) -> list[tuple[str, ...]]:
    table = _table(pilot, selector)
    return [table.row_texts(i) for i in range(table.row_count)]


def _detail(path: Path, meeting_id: int) -> MeetingDetail:
    store = _open(path)
    try:
        with store.session() as session:
            return detail.meeting_detail(session=session, meeting_id=meeting_id)
    finally:
        store.close()


async def _type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    if isinstance(widget, Input):
        widget.value = ""
    await type_text(pilot, text)


async def test_f5_shows_the_group_s_meetings_and_members(
    demo_path: Path, frozen_clock: object
) -> None:
    app = _app(demo_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await _csg(pilot)
        assert isinstance(app.screen, CsgHomeScreen)
        summary = text_of(pilot, "#csg-summary")
        assert summary.startswith("Chair: Dr Kit Mockingbird  ·  9 current members")
        assert "next meeting Sun 6 Dec 2026, 14:00 (4 items)" in summary
        meetings = _rows(pilot, "#csg-meetings")
        assert [row[0] for row in meetings[:3]] == [
            "Sun 6 Dec 2026",
            "Sun 3 Jan 2027",
            "Sun 25 Oct 2026",
        ]
        members = _rows(pilot, "#csg-members")
        assert members[0][:2] == ("Dr Kit Mockingbird", "Deputy DME (chair)")
        assert "Dr Former Member" not in [row[0] for row in members]
        await _press(pilot, "h")
        assert _rows(pilot, "#csg-members")[-1][0] == "Dr Former Member"


async def test_a_member_on_two_roles_that_clash_is_refused_on_screen(
    demo_path: Path, frozen_clock: object
) -> None:
    app = _app(demo_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await _csg(pilot)
        await _press(pilot, "a")
        assert isinstance(app.screen, CsgMemberScreen)
        await type_text(pilot, "Dr Kit Mockingbird")
        await pilot.press("enter", "enter", *["down"] * 9, "enter")  # LNC representative
        await _press(pilot, "ctrl+s")
        assert isinstance(app.screen, CsgMemberScreen)  # still open, with the reason
        message = text_of(pilot, "#form-message")
        assert "Dr Kit Mockingbird already holds the role Deputy DME (chair)" in message
        assert "Nothing was saved" in message
        assert app.focused is app.screen.query_one("#field-role")
        # Another person in that role is welcome.
        await _type_into(pilot, "#field-name", "Dr Nia Newrep")
        await _press(pilot, "ctrl+s")
        assert isinstance(app.screen, CsgHomeScreen)
        assert ("Dr Nia Newrep", "LNC representative") in [
            r[:2] for r in _rows(pilot, "#csg-members")
        ]
    store = _open(demo_path)
    with store.session() as session:
        kits = session.exec(
            select(CsgMember).where(col(CsgMember.name) == "Dr Kit Mockingbird")
        ).all()
    store.close()
    assert [m.role for m in kits] == ["deputy_dme"]


async def test_a_new_member_is_linked_to_the_remedy_user_they_sign_in_as(
    demo_path: Path, frozen_clock: object
) -> None:
    """Without the link the role matrix cannot know a CSG login is a member of the group."""
    app = _app(demo_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await _csg(pilot)
        await _press(pilot, "a")
        assert isinstance(app.screen, CsgMemberScreen)
        people = [label for label, _ in app.screen.people]
        target = next(i for i, label in enumerate(people) if label.startswith("Jo Sample"))
        await type_text(pilot, "Jo Sample")
        await pilot.press("enter", "enter", "down", "enter")  # the first role offered
        await _type_into(pilot, "#field-email", "")
        await pilot.press("tab", "enter", *["down"] * (target + 1), "enter")
        await _press(pilot, "ctrl+s")
        assert isinstance(app.screen, CsgHomeScreen), text_of(pilot, "#form-message")
    store = _open(demo_path)
    with store.session() as session:
        jo = session.exec(select(User).where(col(User.username) == "jsample")).one()
        added = session.exec(select(CsgMember).where(col(CsgMember.name) == "Jo Sample")).one()
    store.close()
    assert added.user_id == jo.id


async def test_a_meeting_in_the_past_is_refused_and_one_ahead_opens_its_agenda(
    demo_path: Path, frozen_clock: object
) -> None:
    app = _app(demo_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await _csg(pilot)
        await _press(pilot, "n")
        await type_text(pilot, "2026-11-01")
        await _press(pilot, "ctrl+s")
        assert "is in the past" in text_of(pilot, "#form-message")
        await _type_into(pilot, "#field-date", "2027-02-30")
        await _press(pilot, "ctrl+s")
        assert "2027-02-30 is not a real date" in text_of(pilot, "#form-message")
        await _type_into(pilot, "#field-date", "2027-02-03")
        await _type_into(pilot, "#field-time", "9:30")
        await _type_into(pilot, "#field-location", "Boardroom [b]B[/b]")
        await _press(pilot, "ctrl+s")
        assert isinstance(app.screen, CsgAgendaScreen)
        heading = text_of(pilot, "#agenda-heading")
        assert heading.startswith("Wed 3 Feb 2027, 09:30-11:30 · Boardroom [b]B[/b]")
        assert "Chair: Dr Kit Mockingbird" in heading
    store = _open(demo_path)
    with store.session() as session:
        assert len(session.exec(select(CsgMeeting)).all()) == 6  # five in the demo, one new
    store.close()


async def test_the_chair_builds_an_agenda_by_keyboard(
    demo_path: Path, frozen_clock: object
) -> None:
    app = _app(demo_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await _csg(pilot)
        await _press(pilot, "enter")  # the meeting of 6 December
        screen = app.screen
        assert isinstance(screen, CsgAgendaScreen)
        meeting_id = screen.meeting_id
        assert text_of(pilot, "#agenda-time") == "4 items · 80 of 120 min · 40 min spare"
        proposals = _rows(pilot, "#agenda-proposals")
        assert proposals[0][0] == "New referral" and proposals[-1][0] == "Review"
        first = proposals[0][1]
        await _press(pilot, "enter")  # add the first proposal
        assert _rows(pilot, "#agenda-items")[4][3] == first
        assert first not in [row[1] for row in _rows(pilot, "#agenda-proposals")]
        assert text_of(pilot, "#agenda-time") == "5 items · 100 of 120 min · 20 min spare"
        await pilot.press("shift+tab")  # to the agenda, on the new item
        await _press(pilot, "shift+up", "shift+up")
        items = _rows(pilot, "#agenda-items")
        assert items[2][3] == first and items[2][1] == "14:40"
        await _press(pilot, "plus", "plus", "plus")
        assert "115 of 120 min" in text_of(pilot, "#agenda-time")
        await _press(pilot, "plus", "plus")
        assert text_of(pilot, "#agenda-time").endswith("125 of 120 min · 5 min OVER")
        await _press(pilot, "down", "x")  # remove the item after it: asked first
        assert isinstance(app.screen, ConfirmScreen)
        assert "Remove item 4" in screen_text(pilot)
        await _press(pilot, "n")
        assert len(_rows(pilot, "#agenda-items")) == 5  # nothing removed
        await _press(pilot, "x", "y")
        assert len(_rows(pilot, "#agenda-items")) == 4
        # A conflict of interest: the member steps out of that item.
        await _press(pilot, "up", "c")
        await pilot.press("enter", "down", "down", "enter")  # Dr Pat Prototype
        await pilot.press("tab")
        await type_text(pilot, "Supervised them in 2024")
        await _press(pilot, "ctrl+s")
        assert _rows(pilot, "#agenda-items")[2][8] == "Dr Pat Prototype"
        assert "Steps out: Dr Pat Prototype (Supervised them in 2024)" in text_of(
            pilot, "#agenda-detail"
        )
        # The practitioner's attendance and representative for that item.
        await _press(pilot, "p")
        await pilot.press("enter", "down", "enter", "tab")
        await type_text(pilot, "Sam Rep")
        await _press(pilot, "ctrl+s")
        assert _rows(pilot, "#agenda-items")[2][7] == "yes +rep"
        # Attendance, one key per member.
        await _press(pilot, "t")
        assert isinstance(app.screen, CsgAttendanceScreen)
        await _press(pilot, "p", "a")
        attendance = _rows(pilot, "#attendance")
        assert attendance[0][2] == "Present" and attendance[1][2] == "Apologies"
        await _press(pilot, "escape")
    detail = _detail(demo_path, meeting_id)
    moved = detail.items[2]
    assert moved.case_reference == first and moved.minutes_allotted == 45
    assert [c.member_name for c in moved.conflicts] == ["Dr Pat Prototype"]
    assert moved.practitioner_attending is True and moved.representative == "Sam Rep"
    assert [a.attendance.value if a.attendance else None for a in detail.attendance][:2] == [
        "present",
        "apologies",
    ]


async def test_meeting_mode_records_outcomes_actions_and_the_chair_s_final_decision(
    demo_path: Path, frozen_clock: object
) -> None:
    app = _app(demo_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await _csg(pilot)
        await _press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, CsgAgendaScreen)
        meeting_id = screen.meeting_id
        # A dispute, added by hand.
        await _press(pilot, "o")
        await pilot.press("tab")
        await type_text(pilot, "C-000116")
        await pilot.press("enter")
        await type_text(pilot, "Disputes the expected outcomes")
        await _press(pilot, "ctrl+s")
        assert _rows(pilot, "#agenda-items")[-1][2] == "Dispute"
        # The meeting's day comes: outcomes are recorded once it has met.
        day = next(m for m in _meetings(app) if m.id == meeting_id).starts_at.astimezone()
        clock.freeze(datetime(day.year, day.month, day.day, 17, 0, tzinfo=UTC))
        await _press(pilot, "m")
        assert isinstance(app.screen, CsgMeetingModeScreen)
        assert text_of(pilot, "#mm-heading").startswith("Item 5 of 5 · Dispute · C-000116")
        await _press(pilot, "ctrl+b")  # nothing typed: straight back to item 4
        assert text_of(pilot, "#mm-heading").startswith("Item 4 of 5 · Review")
        await type_text(pilot, "Progress on the log was discussed.")
        await pilot.press("tab")
        await type_text(pilot, "Continue under review.")
        await pilot.press("tab")
        await type_text(pilot, "2027-01-03")
        await _press(pilot, "ctrl+t")
        await type_text(pilot, "Arrange a mentor")
        await pilot.press("enter")
        await type_text(pilot, "Dr Pat Prototype")
        await _press(pilot, "ctrl+s")
        assert "Arrange a mentor (Dr Pat Prototype)" in text_of(pilot, "#mm-actions")
        await _press(pilot, "ctrl+n")  # saves item 4 (what was typed survived the action form)
        assert text_of(pilot, "#mm-heading").startswith("Item 5 of 5 · Dispute")
        await type_text(pilot, "Heard the practitioner and the CoM.")
        decision = app.screen.query_one("#field-chair-decision")
        decision.focus()
        await type_text(pilot, "The agreed outcomes stand.")
        await _press(pilot, "ctrl+s")
        assert "needs its reasons" in text_of(pilot, "#form-message")
        assert app.focused is app.screen.query_one("#field-chair-reasons")
        await type_text(pilot, "They were agreed and signed at referral.")
        await _press(pilot, "ctrl+s")
        assert app.screen.query_one("#field-chair-decision").read_only
        await _press(pilot, "escape")
        assert isinstance(app.screen, CsgAgendaScreen)
    detail = _detail(demo_path, meeting_id)
    review, dispute = detail.items[3], detail.items[4]
    assert review.outcome == "Continue under review." and str(review.next_review_on) == "2027-01-03"
    assert dispute.chair_decision == "The agreed outcomes stand."
    store = _open(demo_path)
    with store.session() as session:
        action = session.exec(select(Action).where(col(Action.csg_meeting_id) == meeting_id)).one()
        decisions = session.exec(
            select(Decision).where(col(Decision.csg_meeting_id) == meeting_id)
        ).all()
    store.close()
    assert action.case_id == review.case_id and action.description == "Arrange a mentor"
    assert {d.kind for d in decisions} == {DecisionKind.CSG_OUTCOME, DecisionKind.CHAIR_DISPUTE}


async def test_each_document_is_produced_kept_and_one_is_exported(
    demo_path: Path, frozen_clock: object, tmp_path: Path
) -> None:
    app = _app(demo_path)
    out = tmp_path / "exports"
    out.mkdir()
    async with app.run_test(size=(130, 40)) as pilot:
        await _csg(pilot)
        await _press(pilot, "down", "down", "enter")  # the meeting held on 25 October
        screen = app.screen
        assert isinstance(screen, CsgAgendaScreen)
        meeting_id = screen.meeting_id
        await _press(pilot, "d")
        assert isinstance(app.screen, CsgDocumentsScreen)
        for key in "12345":
            await _press(pilot, key)
            if isinstance(app.screen, CsgCirculationPreviewScreen):
                await _press(pilot, "y")  # seen what its free text loses: produce it
        files = [row[1] for row in _rows(pilot, "#csg-documents")]
        assert len(files) == 2 + 2 + 2 + 2 * 4 + 1  # four cases had outcomes
        assert "csg-2026-10-25-agenda-circulation.docx" in files
        assert "csg-2026-10-25-invitation.ics" in files
        index = files.index("csg-2026-10-25-minutes.docx")
        table = _table(pilot, "#csg-documents")
        table.cursor_row = index
        await _press(pilot, "enter")
        await _type_into(pilot, "#field-destination", str(out))
        await _press(pilot, "enter")
        assert f"Exported to {out / 'csg-2026-10-25-minutes.docx'}" in text_of(
            pilot, "#docs-status"
        )
    exported = out / "csg-2026-10-25-minutes.docx"
    minutes = docx_text(exported.read_bytes())
    assert "Clinical Support Group: minutes of Sun 25 Oct 2026" in minutes
    assert "Continue under review; mentoring in place." in minutes
    assert "Stepped out for this item (conflict of interest declared): Dr Pat Prototype" in minutes
    store = _open(demo_path)
    with store.session() as session:
        kept = session.exec(
            select(Document).where(col(Document.csg_meeting_id) == meeting_id)
        ).all()
        export = session.exec(select(AuditEntry).where(col(AuditEntry.action) == "export")).one()
        circulation = {
            document.filename: session.get(DocumentContent, document.id)
            for document in kept
            if document.kind == "csg_agenda_circulation"
        }
    store.close()
    assert len(kept) == 15
    assert str(exported) in export.changes
    # Every practitioner on that agenda is absent from both circulation copies.
    names = {
        word
        for item in _detail(demo_path, meeting_id).items
        if item.practitioner is not None
        for word in (*item.practitioner.given_names.split(), *item.practitioner.family_name.split())
    }
    assert len(circulation) == 2 and names
    for filename, content in circulation.items():
        assert content is not None
        data = content.content
        text = docx_text(data) if filename.endswith(".docx") else data.decode()
        for name in names:
            assert re.search(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])", text, re.I) is None, name


async def test_a_referral_without_the_practitioner_s_agreement_is_refused_on_screen(
    demo_path: Path, frozen_clock: object, tmp_path: Path
) -> None:
    signed = tmp_path / "agreement.pdf"
    signed.write_bytes(b"%PDF signed")
    app = _app(demo_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await _csg(pilot)
        await _press(pilot, "r")
        await type_text(pilot, "C-000012")
        await pilot.pause(0.3)
        await settle(pilot)
        await _press(pilot, "enter", "enter")  # to the results, then pick the case
        assert isinstance(app.screen, CsgReferralScreen)
        assert text_of(pilot, "#referral-title").startswith("Refer C-000012 ")
        await _type_into(pilot, "#field-referrer-name", "Dr Pat Prototype")
        await _type_into(pilot, "#field-expected-outcomes", "Attend a communication course.")
        await _type_into(pilot, "#field-agreement-path", str(signed))
        await _press(pilot, "ctrl+s")
        assert isinstance(app.screen, CsgReferralScreen)
        assert text_of(pilot, "#form-message").startswith(
            "No referral to the CSG can be made without the practitioner's agreement"
        )
        # With a path that cannot be read, still nothing.
        app.screen.query_one("#field-practitioner-agrees").focus()
        await pilot.press("space")
        await _type_into(pilot, "#field-agreement-path", str(tmp_path / "missing.pdf"))
        await _press(pilot, "ctrl+s")
        assert "There is no file at" in text_of(pilot, "#form-message")
    store = _open(demo_path)
    with store.session() as session:
        referrals = session.exec(
            select(ExternalReferral).where(
                col(ExternalReferral.kind) == ExternalReferralKind.CSG,
                col(ExternalReferral.case_id) == 12,
            )
        ).all()
    store.close()
    assert referrals == []


async def test_a_referral_with_agreement_is_kept_and_proposed_for_the_next_agenda(
    demo_path: Path, frozen_clock: object, tmp_path: Path
) -> None:
    signed = tmp_path / "agreement.pdf"
    signed.write_bytes(b"%PDF signed by both")
    app = _app(demo_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await _csg(pilot)
        app.push_screen(CsgReferralScreen(12, referring(12)))  # as the case screen opens it
        await settle(pilot)
        await _type_into(pilot, "#field-referrer-name", "Dr Pat Prototype")
        await _type_into(pilot, "#field-expected-outcomes", "Attend a communication course.")
        app.screen.query_one("#field-practitioner-agrees").focus()
        await pilot.press("space")
        await _type_into(pilot, "#field-agreement-path", str(signed))
        app.screen.query_one("#field-in-place-of-formal-action").focus()
        await pilot.press("space")
        await _press(pilot, "ctrl+s")
        assert "told what non-cooperation" not in text_of(pilot, "#form-message")
        assert "disciplinary process" in text_of(pilot, "#form-message")
        app.screen.query_one("#field-non-cooperation-explained").focus()
        await _press(pilot, "space", "ctrl+s")
        assert isinstance(app.screen, CsgHomeScreen)
        await _press(pilot, "enter")
        assert "C-000012" in [row[1] for row in _rows(pilot, "#agenda-proposals")]
    store = _open(demo_path)
    with store.session() as session:
        referral = session.exec(
            select(ExternalReferral)
            .where(col(ExternalReferral.case_id) == 12)
            .where(col(ExternalReferral.kind) == ExternalReferralKind.CSG)
        ).one()
        document = session.get(Document, referral.agreement_document_id)
    store.close()
    assert referral.in_place_of_formal_action and referral.non_cooperation_explained
    assert document is not None and document.filename == "agreement.pdf"


async def test_names_with_markup_and_escapes_show_literally_on_the_agenda(
    demo_path: Path, frozen_clock: object
) -> None:
    store = _open(demo_path)
    with store.session() as session:
        session.add(
            CsgMember(
                name="[bold]Dr Loud[/bold]\x1b[31m",
                role="academic",
                joined_on=date(2026, 1, 1),
            )
        )
        session.commit()
        meeting_id = 4
        agenda.add_item(
            session=session,
            meeting_id=meeting_id,
            kind=AgendaItemKind.OTHER,
            title="[red]Any other business[/red]",
        )
    store.close()
    app = _app(demo_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await _csg(pilot)
        assert any(row[0] == "[bold]Dr Loud[/bold]␛[31m" for row in _rows(pilot, "#csg-members"))
        await _press(pilot, "enter")
        assert _rows(pilot, "#agenda-items")[-1][5] == "[red]Any other business[/red]"

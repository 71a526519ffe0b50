"""The CSG area by keyboard as a member of the group sees it (a clinical director signed in
with their own login): the meeting, its agenda, an item's referral papers, attendance and an
outcome recorded in meeting mode, and no key for what belongs to the case managers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea

from remedy_tui import clock, config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import (
    CsgAgendaScreen,
    CsgDocumentsScreen,
    CsgHomeScreen,
    CsgMeetingModeScreen,
)
from remedy_tui.screens.csg.attendance import CsgAttendanceScreen
from remedy_tui.services.csg import agenda
from remedy_tui.services.desk import Desk
from remedy_tui.store import Store
from remedy_tui.store.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    CaseActivity,
    CsgAttendance,
    Decision,
)
from remedy_tui.widgets import PagedTable
from tests.conftest import PASSPHRASE
from tests.helpers.csg import CsgScene, csg_member_scene, member_left
from tests.ui.conftest import screen_text, settle, text_of, type_text, unlock

SIZE = (120, 40)


@pytest.fixture
def scene(store: Store, frozen_clock: object, tmp_path: Path) -> CsgScene:
    built = csg_member_scene(store, tmp_path)
    clock.freeze(datetime(2026, 12, 6, 13, 0, tzinfo=UTC))  # the meeting's day
    return built


async def _press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def _rows(pilot: Pilot[None], selector: str) -> list[tuple[str, ...]]:
    table = pilot.app.screen.query_one(selector, PagedTable)
    return [table.row_texts(i) for i in range(table.row_count)]


def _footer(pilot: Pilot[None]) -> str:
    return screen_text(pilot).splitlines()[-1]


async def _sign_in_to_the_csg(pilot: Pilot[None], scene: CsgScene) -> None:
    await unlock(pilot, PASSPHRASE, user=scene.member_username)
    # A member of the group lands in its area: it is the only one their role has.
    assert isinstance(pilot.app.screen, CsgHomeScreen)
    assert "Queue" not in _footer(pilot) and "Cases" not in _footer(pilot)


@pytest.mark.both_backends
async def test_a_member_of_the_group_reads_the_agenda_and_records_the_meeting(
    store: Store, scene: CsgScene, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    app = RemedyApp(store_path=store.where, settings=config.Settings())
    async with app.run_test(size=SIZE) as pilot:
        await _sign_in_to_the_csg(pilot, scene)
        assert "Chair: Cara Chair" in text_of(pilot, "#csg-summary")
        assert "not a current member" not in text_of(pilot, "#csg-summary")
        assert "Refer a case" not in _footer(pilot)
        await _press(pilot, "enter")  # the meeting of 6 December
        assert isinstance(app.screen, CsgAgendaScreen)
        items = _rows(pilot, "#agenda-items")
        assert [row[3] for row in items] == ["C-000001", "C-000002", ""]
        assert items[1][4] == "Dr Ada Reviewson"
        assert "Nothing to propose." in screen_text(pilot)  # not the case off the agendas
        assert "C-000003" not in screen_text(pilot)
        # The referral papers of the second item.
        await pilot.press("shift+tab")
        await _press(pilot, "down")
        papers = text_of(pilot, "#agenda-detail")
        assert "Referred by Dr Referring Com on Sun 22 Nov 2026" in papers
        assert "Expected outcomes: Better handovers; reflective log each month." in papers
        # Attendance: the chair is present.
        await _press(pilot, "t")
        assert isinstance(app.screen, CsgAttendanceScreen)
        await _press(pilot, "p")
        assert _rows(pilot, "#attendance")[0][:3] == (
            "Cara Chair",
            "Deputy DME (chair)",
            "Present",
        )
        await _press(pilot, "escape")
        # Meeting mode on the second item: an outcome, and no key to add actions.
        await _press(pilot, "enter")
        assert isinstance(app.screen, CsgMeetingModeScreen)
        assert text_of(pilot, "#mm-heading").startswith("Item 2 of 3 · Review · C-000002")
        assert "Add action" not in _footer(pilot)
        assert "a case manager adds them" in text_of(pilot, "#mm-actions")
        await type_text(pilot, "Handovers are better.")
        await pilot.press("tab")
        await type_text(pilot, "Continue under review.")
        await pilot.press("tab")
        await type_text(pilot, "2027-01-10")
        await _press(pilot, "ctrl+s")
        assert text_of(pilot, "#form-message") == ""
        await _press(pilot, "escape")
        assert isinstance(app.screen, CsgAgendaScreen)
        # The papers: the group reads its cases' documents; producing them is not its to do.
        await _press(pilot, "d")
        assert isinstance(app.screen, CsgDocumentsScreen)
        assert "Agenda (circulation)" not in _footer(pilot)
        assert "Export" in _footer(pilot)
        assert "a case manager produces them" in text_of(pilot, "#docs-help")
        await _press(pilot, "3")  # no key for producing the minutes
        papers = _rows(pilot, "#csg-documents")
        assert sorted((row[0], row[1], row[2]) for row in papers) == [
            ("Signed referral agreement", "signed-agreement.pdf", "C-000001"),
            ("Signed referral agreement", "signed-agreement.pdf", "C-000002"),
        ]
        await _press(pilot, "enter")
        pilot.app.screen.query_one("#field-destination", Input).value = ""
        await type_text(pilot, str(out))
        await _press(pilot, "enter")
        assert f"Exported to {out / 'signed-agreement.pdf'}" in text_of(pilot, "#docs-status")
    assert (out / "signed-agreement.pdf").read_bytes().startswith(b"%PDF-1.4 signed")
    with store.session() as session:
        item = session.get(AgendaItem, scene.item_ids[1])
        present = session.exec(select(CsgAttendance)).one()
        activity = session.get(CaseActivity, scene.on_agenda[1])
        decisions = session.exec(
            select(Decision).where(col(Decision.agenda_item_id) == scene.item_ids[1])
        ).all()
    assert item is not None and item.outcome == "Continue under review."
    assert str(item.next_review_on) == "2027-01-10"
    assert present.attendance is Attendance.PRESENT and present.member_id == scene.member_id
    assert activity is not None and activity.last_activity_at == clock.now()
    assert decisions == []


async def test_the_chair_s_decision_on_a_dispute_is_left_to_a_case_manager_in_words(
    store: Store, scene: CsgScene
) -> None:
    Desk(store).change(
        agenda.add_item,
        meeting_id=scene.meeting_id,
        kind=AgendaItemKind.DISPUTE,
        title="Disputes the expected outcomes",
        case_reference="C-000002",
    )
    app = RemedyApp(store_path=store.where, settings=config.Settings())
    async with app.run_test(size=SIZE) as pilot:
        await _sign_in_to_the_csg(pilot, scene)
        await _press(pilot, "enter")
        await pilot.press("shift+tab")
        await _press(pilot, "down", "down", "down", "enter")
        assert isinstance(app.screen, CsgMeetingModeScreen)
        assert text_of(pilot, "#mm-heading").startswith("Item 4 of 4 · Dispute · C-000002")
        label = app.screen.query_one("#mm-dispute-label", Label)
        assert "a case manager records it" in str(label.render())
        assert app.screen.query_one("#field-chair-decision", TextArea).read_only
        assert app.screen.query_one("#field-chair-reasons", TextArea).read_only
        # What the group records for the item itself is still theirs to save.
        await type_text(pilot, "Heard the practitioner.")
        await _press(pilot, "ctrl+s")
        assert text_of(pilot, "#form-message") == ""
    with store.session() as session:
        items = session.exec(
            select(AgendaItem).where(col(AgendaItem.kind) == AgendaItemKind.DISPUTE)
        ).all()
    assert [(i.discussion_summary, i.chair_decision) for i in items] == [
        ("Heard the practitioner.", None)
    ]


async def test_a_csg_login_who_is_not_a_member_is_told_why_no_case_shows(
    store: Store, scene: CsgScene
) -> None:
    from datetime import date

    member_left(store, scene, date(2026, 11, 1))
    app = RemedyApp(store_path=store.where, settings=config.Settings())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, PASSPHRASE, user=scene.member_username)
        assert isinstance(app.screen, CsgHomeScreen)
        summary = text_of(pilot, "#csg-summary")
        assert summary.startswith("You are not a current member, so none of the group's cases")

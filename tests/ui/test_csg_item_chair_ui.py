"""A chair with a conflict of interest on an item hands it over: the agenda screen asks at once
who chairs it, and the store keeps the answer (at 120x40)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from textual.widgets import Input, Select

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens.case.attach_form import AttachForm
from remedy_tui.screens.common.choice import ChoiceScreen
from remedy_tui.screens.csg.agenda import CsgAgendaScreen
from remedy_tui.screens.csg.conflict import CsgConflictScreen
from remedy_tui.services.csg import agenda
from remedy_tui.store import Store
from remedy_tui.store.models import AgendaItem, AgendaItemKind, Document
from tests.conftest import PASSPHRASE, USERNAME
from tests.helpers.csg import add_case, add_group, schedule
from tests.ui.conftest import settle, text_of, type_text, unlock


async def test_the_chair_steps_out_and_the_screen_asks_who_chairs_the_item(
    store: Store, frozen_clock: object, tmp_path: Path
) -> None:
    ids = add_group(store)
    add_case(store, "Ada", "Lovelace", 1)
    meeting = schedule(store)
    with store.session() as session:
        agenda.add_item(
            session=session,
            meeting_id=meeting.id,
            kind=AgendaItemKind.DISPUTE,
            title="Disputes the plan",
            case_reference="C-000001",
        )
    app = RemedyApp(store_path=store.where, settings=config.Settings(last_user=USERNAME))
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("enter")  # the meeting of 6 December
        await settle(pilot)
        assert isinstance(app.screen, CsgAgendaScreen)
        await pilot.press("shift+tab")  # to the agenda's one item
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CsgConflictScreen)
        app.screen.query_one("#field-member-id", Select).value = ids["deputy_dme"]
        await settle(pilot)
        app.screen.query_one("#field-details", Input).focus()
        await type_text(pilot, "Was her supervisor.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Before: "another member chairs this item", and no one was ever asked who.
        choice = app.screen
        assert isinstance(choice, ChoiceScreen), text_of(pilot, "#form-message")
        assert "Dr Chair Person steps out of item 1 (C-000001): who chairs it?" in (
            choice.title_text
        )
        values = [value for value, _ in choice.options]
        assert str(ids["deputy_dme"]) not in values  # who steps out cannot chair
        for _ in range(values.index(str(ids["senior_doctor"]))):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CsgAgendaScreen)
        assert "Dr Senior Doc chairs this item" in text_of(pilot, "#agenda-detail")
    with store.session() as session:
        (item,) = session.exec(select(AgendaItem)).all()
    assert item.chaired_by_member_id == ids["senior_doctor"]


async def test_a_paper_is_attached_to_an_agenda_item_by_keyboard(
    store: Store, frozen_clock: object, tmp_path: Path
) -> None:
    add_group(store)
    add_case(store, "Ada", "Lovelace", 1)
    meeting = schedule(store)
    with store.session() as session:
        agenda.add_item(
            session=session,
            meeting_id=meeting.id,
            kind=AgendaItemKind.REVIEW,
            title="Progress review",
            case_reference="C-000001",
        )
    report = tmp_path / "statement.pdf"
    report.write_bytes(b"%PDF-1.4 the practitioner's statement\n")
    app = RemedyApp(store_path=store.where, settings=config.Settings(last_user=USERNAME))
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("shift+tab")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, AttachForm)
        await type_text(pilot, str(tmp_path / "nothing-here.pdf"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "There is no file" in text_of(pilot, "#form-message")
        field = app.screen.query_one("#field-path", Input)
        field.value = ""
        field.focus()
        await type_text(pilot, str(report))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CsgAgendaScreen)
    with store.session() as session:
        (document,) = session.exec(select(Document)).all()
    assert document.filename == "statement.pdf" and document.agenda_item_id is not None
    assert document.csg_meeting_id == meeting.id and document.kind == "csg_item_paper"

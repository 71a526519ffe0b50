"""A member's details are corrected from the group's screen (at 120x40); the role and the day
they joined stay as recorded, and a wrong e-mail address is refused in words."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select
from textual.widgets import Input, Select

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens.csg.home import CsgHomeScreen
from remedy_tui.screens.csg.member import CsgMemberScreen
from remedy_tui.store import Store
from remedy_tui.store.models import CsgMember
from tests.conftest import PASSPHRASE, USERNAME
from tests.helpers.csg import add_group
from tests.ui.conftest import settle, text_of, type_text, unlock


async def test_a_member_s_details_are_corrected_by_keyboard(
    store: Store, frozen_clock: object, tmp_path: Path
) -> None:
    add_group(store)
    app = RemedyApp(store_path=store.where, settings=config.Settings(last_user=USERNAME))
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE)
        await pilot.press("f5")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, CsgHomeScreen) and home.home is not None
        names = [m.name for m in home.home.members]
        home.members_table.focus()
        home.members_table.cursor_row = names.index("Dr Senior Doc")
        await pilot.press("m")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CsgMemberScreen)
        assert form.query_one("#field-name", Input).value == "Dr Senior Doc"
        assert form.query_one("#field-role", Select).disabled
        form.query_one("#field-email", Input).focus()
        await type_text(pilot, "not an address")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is not an email address" in text_of(pilot, "#form-message")
        form.query_one("#field-email", Input).value = ""
        await type_text(pilot, "senior@csg.example")
        form.query_one("#field-name", Input).value = ""
        form.query_one("#field-name", Input).focus()
        await type_text(pilot, "Dr Senior Docwright")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CsgHomeScreen), text_of(pilot, "#form-message")
    with store.session() as session:
        member = session.exec(select(CsgMember).where(col(CsgMember.role) == "senior_doctor")).one()
    assert (member.name, member.email) == ("Dr Senior Docwright", "senior@csg.example")
    assert member.joined_on.isoformat() == "2026-01-01" and member.version == 2

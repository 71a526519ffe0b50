"""Each role meets its own areas: a TPD lands on their trainees' cases and sees only what is
shared with them; an administrator lands on the team's users and reaches no case."""

from __future__ import annotations

import pytest

from remedy_tui.app import RemedyApp
from remedy_tui.screens.common.text_viewer import TextViewer
from remedy_tui.screens.team.trainees import TraineesScreen
from remedy_tui.screens.team.users import UsersScreen
from remedy_tui.store import Store
from remedy_tui.store.models import Role
from tests.conftest import PASSPHRASE
from tests.helpers.roles import make_trainees
from tests.helpers.users import add_colleague
from tests.ui.case_helpers import until_screen
from tests.ui.conftest import screen_text, settle, text_of, type_text, unlock

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.mark.both_backends
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_tpd_lands_on_their_trainees_and_sees_only_what_is_shared(
    store: Store, size: tuple[int, int]
) -> None:
    make_trainees(store)
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, PASSPHRASE, user="tess")
        assert isinstance(app.screen, TraineesScreen)
        shown = screen_text(pilot)
        assert "Paedsw" in shown and "1 open, next 20 Dec" in shown and "Surgeson" not in shown
        assert text_of(pilot, "#list-status").startswith("Cases 1-1 of 1")
        # The case managers' areas are not theirs: no key for them, and F2/F3 do nothing.
        assert "Queue" not in shown and "Caseload" not in shown
        await pilot.press("f2", "f3", "f5")
        await settle(pilot)
        assert isinstance(app.screen, TraineesScreen)
        await pilot.press("enter")
        await until_screen(pilot, TextViewer)
        text = app.screen.query_one("#viewer-text").text  # type: ignore[attr-defined]
        assert "Shared action" in text and "Unshared action" not in text
        assert "Case manager: Asha Example" in text
        await pilot.press("escape")
        await pilot.press("s")
        await until_screen(pilot, TextViewer)
        text = app.screen.query_one("#viewer-text").text  # type: ignore[attr-defined]
        assert text.startswith("You have not submitted a referral yet.")


@pytest.mark.both_backends
async def test_an_administrator_lands_on_the_users_and_reaches_no_case(store: Store) -> None:
    add_colleague(store, "adam", "Adam Admin", Role.ADMINISTRATOR, PASSPHRASE)
    make_trainees(store)
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE, user="adam")
        assert isinstance(app.screen, UsersScreen)
        shown = screen_text(pilot)
        assert "Tess Tpd" in shown and "Paediatrics" in shown and "Asha Example" in shown
        assert "Paedsworth" not in shown
        await pilot.press("f3", "f6", "ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Paedsw")
        await settle(pilot)
        await pilot.pause(0.3)  # the palette's search runs after a short pause
        assert "C-000001" not in screen_text(pilot)  # the palette finds no case for them
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)


@pytest.mark.both_backends
async def test_a_case_manager_reads_the_audit_trail_by_case_and_kind(store: Store) -> None:
    from remedy_tui.screens.oversight.audit import AuditScreen

    make_trainees(store)
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE, user="asha")
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        shown = screen_text(pilot)
        assert "case C-000001" in shown and "case C-000002" in shown
        await pilot.press("slash")
        await type_text(pilot, "C-000002")
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "case C-000002" in shown and "case C-000001" not in shown
        await pilot.press("k", "k", "k")  # changes, sign-ins, exports
        await settle(pilot)
        assert text_of(pilot, "#list-filters").startswith("Exports, backups and restores")
        assert "No entries match." in screen_text(pilot)

"""The caseload by keyboard: mine first, overdue follow-ups at the top, a colleague's, Enter."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import OptionList

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import CaseloadScreen, CaseScreen, ChoiceScreen
from remedy_tui.widgets import RecordTable
from tests.ui.case_helpers import until_screen
from tests.ui.conftest import settle, text_of, unlock

SIZE = (130, 40)


def _rows(app: RemedyApp) -> list[tuple[str, ...]]:
    table = app.screen.query_one(RecordTable)
    return [table.row_texts(i) for i in range(table.row_count)]


async def test_f4_shows_my_caseload_overdue_first_and_enter_opens_a_case(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert text_of(pilot, "#list-filters").startswith("My caseload · open and quiet cases")
        shown = _rows(app)
        assert shown and shown[0][5].endswith(" !")
        assert re.match(r"\d+d", shown[0][6])  # how many days the follow-up is overdue
        dues = [row[5].removesuffix(" !") for row in shown if row[5] != "-"]
        assert dues == sorted(dues)  # overdue (earliest) first, then by next review
        overdue = [row[5].endswith(" !") for row in shown]
        assert overdue == sorted(overdue, reverse=True)
        status = text_of(pilot, "#list-status")
        assert status.startswith(f"Cases 1-{len(shown)} of ")
        reference = shown[0][0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.summary is not None and app.screen.summary.reference == reference
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)


async def test_a_colleagues_caseload_is_a_key_away(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f4")
        await settle(pilot)
        mine = _rows(app)
        await pilot.press("u")
        await until_screen(pilot, ChoiceScreen)
        # The team is listed by name: Demo, Morgan, Ari, Kit, Rowan, Sky, Jo, Lee.
        choices = app.screen.query_one("#choice-list", OptionList)
        names = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        target = next(i for i, name in enumerate(names) if name.startswith("Dr Sky Fictitious"))
        current = next(i for i, name in enumerate(names) if name.startswith("Demo Case-Manager"))
        for _ in range(target - current):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(pilot, "#list-filters").startswith("Dr Sky Fictitious · ")
        theirs = _rows(app)
        # Shared cases (where one is second case manager) can be in both; the lists differ.
        assert theirs and theirs != mine
        await pilot.press("m")
        await settle(pilot)
        assert text_of(pilot, "#list-filters").startswith("My caseload")
        assert _rows(app) == mine

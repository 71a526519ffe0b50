"""The queue is never stale: a referral decided from its own screen shows as decided (or goes
from the list) on the way back, and `d` on a referral already decided says so before any
typing."""

from __future__ import annotations

from pathlib import Path

import pytest

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import ReferralScreen, TriageQueueScreen
from remedy_tui.screens.common.picker import PickerScreen
from remedy_tui.screens.triage.decision_form import DecisionScreen
from remedy_tui.widgets.queue_table import QueueTable
from tests.ui.conftest import settle, text_of, type_text, unlock

pytestmark = pytest.mark.usefixtures("frozen_clock")


def references(app: RemedyApp) -> list[str]:
    table = app.screen.query_one(QueueTable)
    return [table.row_texts(i)[1] for i in range(table.row_count)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_deciding_from_the_referral_screen_refreshes_the_queue(
    demo_path: Path, size: tuple[int, int]
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        first = references(app)[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReferralScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        await pilot.press("enter")
        await type_text(pilot, "Keep on file")
        await pilot.press("enter")
        app.screen.query_one("#field-rationale").focus()
        await type_text(pilot, "Low level; kept on file.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReferralScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TriageQueueScreen)
        # The queue shows waiting referrals: the one just decided has gone from it.
        assert first not in references(app)


@pytest.mark.both_backends
async def test_d_on_a_decided_referral_refuses_before_the_form_opens(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        queue = app.screen
        assert isinstance(queue, TriageQueueScreen)
        first = references(app)[0]
        # Decided elsewhere (the referral's own screen in another area, a colleague) while
        # the queue still shows it waiting.
        await pilot.press("enter", "d")
        await settle(pilot)
        await pilot.press("enter")
        await type_text(pilot, "Keep on file")
        await pilot.press("enter")
        app.screen.query_one("#field-rationale").focus()
        await type_text(pilot, "Low level; kept on file.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReferralScreen)
        app.pop_screen()  # leaves without the refresh, as a stale list would be
        await settle(pilot)
        assert references(app)[0] == first
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TriageQueueScreen)  # no form to type into
        said = [n.message for n in app._notifications]  # as the other UI tests read them
        assert any(f"{first} has been decided already" in note for note in said)
        # And the list has read itself again.
        assert first not in references(app)


async def test_o_opens_a_list_of_sources_as_t_and_p_open_theirs(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        for key in ("t", "p", "o"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, PickerScreen), key
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await type_text(pilot, "Self")
        await pilot.press("enter")
        await settle(pilot)
        assert "source: Self" in text_of(pilot, "#list-filters")
        table = app.screen.query_one(QueueTable)
        rows = [table.row_at(i) for i in range(table.row_count)]
        assert rows and all(row is not None and row.source.startswith("Self") for row in rows)

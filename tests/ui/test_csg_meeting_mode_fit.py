"""Meeting mode on a dispute item at 120x40: every field, the next review and the actions
included, can be reached by keyboard and is shown when it has the focus."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from remedy_tui import clock, config
from remedy_tui.app import RemedyApp
from remedy_tui.screens.csg.meeting_mode import CsgMeetingModeScreen
from remedy_tui.services.csg import agenda
from remedy_tui.store import Store
from remedy_tui.store.models import AgendaItemKind
from tests.conftest import PASSPHRASE, USERNAME
from tests.helpers.csg import add_case, add_group, schedule
from tests.ui.conftest import settle, unlock


async def test_every_field_of_a_dispute_item_is_reached_and_shown_at_120x40(
    store: Store, frozen_clock: object, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    add_group(store)
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
    clock.freeze(datetime(2026, 12, 6, 15, 0, tzinfo=UTC))
    app = RemedyApp(store_path=store.where, settings=config.Settings(last_user=USERNAME))
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CsgMeetingModeScreen)
        review = screen.query_one("#field-next-review-on", Input)
        for _ in range(12):
            if app.focused is review:
                break
            await pilot.press("tab")
            await settle(pilot)
        assert app.focused is review
        # Shown on screen, above the footer, when it has the focus.
        region = review.region
        assert region.height > 0 and region.y >= 0 and region.bottom <= 39, region
        actions = screen.query_one("#mm-actions")
        screen.query_one("#mm-body").scroll_end(animate=False)
        await settle(pilot)
        assert actions.region.height > 0 and actions.region.bottom <= 39, actions.region

"""Snapshots of the fairness checklist, with the clock frozen, times in UTC and no blinking."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.widgets.framework_outline import FrameworkOutline
from tests.ui.conftest import settle, unlock

SIZE = (130, 40)


def _app(path: Path) -> RemedyApp:
    return RemedyApp(store_path=path, demo=True, settings=config.Settings())


async def _checklist_with_history(pilot: Pilot[None]) -> None:
    """The first case's checklist, on the first question that has earlier answers: its
    rationale and updates, oldest first."""
    await unlock(pilot, config.DEMO_PASSPHRASE)
    await pilot.press("f3")  # from the queue to the case list
    await settle(pilot)
    await pilot.press("k")
    await settle(pilot)
    screen = pilot.app.screen
    state = screen.state  # type: ignore[attr-defined]
    outline = screen.query_one(FrameworkOutline)
    for question in state.framework.questions():
        if len(state.answers.get(question.id, ())) > 1:
            outline.go_to(question.id)
            break
    await settle(pilot)


def test_checklist_screen_with_history(snap_compare: object, relative_demo: Path) -> None:
    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=_checklist_with_history,
    )


def test_answer_form_refusing_a_no_without_rationale(
    snap_compare: object, relative_demo: Path
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _checklist_with_history(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=run_before,
    )

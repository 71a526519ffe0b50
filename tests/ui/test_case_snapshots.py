"""Snapshots of the case screen and the caseload: clock frozen, local time UTC, cursor still."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from remedy_tui import config
from remedy_tui.app import RemedyApp
from tests.ui.conftest import settle, unlock

SIZE = (120, 36)


def _app(path: Path) -> RemedyApp:
    return RemedyApp(store_path=path, demo=True, settings=config.Settings())


async def _open_first_case(pilot: Pilot[None]) -> None:
    await unlock(pilot, config.DEMO_PASSPHRASE)
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def test_case_screen(snap_compare: object, relative_demo: Path) -> None:
    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=_open_first_case,
    )


def test_case_screen_actions_tab(snap_compare: object, relative_demo: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_first_case(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=run_before,
    )


def test_caseload(snap_compare: object, relative_demo: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f4")
        await settle(pilot)
        for widget in pilot.app.screen.query("Input"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=run_before,
    )

"""Snapshots of the CSG screens, with the clock frozen, the time zone fixed and a relative
store path, so they are the same on every run and every machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from remedy_tui import config
from remedy_tui.app import RemedyApp
from tests.helpers.csg import local_timezone
from tests.ui.conftest import settle, unlock

SIZE = (130, 40)


@pytest.fixture
def relative_demo(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, frozen_clock: object
) -> Iterator[Path]:
    """The demo store by a relative path, in a fixed time zone (meeting times are local)."""
    monkeypatch.chdir(demo_path.parent.parent)
    with local_timezone("Europe/London"):
        yield Path(demo_path.parent.name) / demo_path.name


def _app(path: Path) -> RemedyApp:
    return RemedyApp(store_path=path, demo=True, settings=config.Settings())


def test_agenda_screen(snap_compare: object, relative_demo: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("enter")  # the next meeting's agenda
        await settle(pilot)
        await pilot.press("enter")  # add the first proposal
        await settle(pilot)

    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=run_before,
    )

"""Snapshots of the main screens, with the clock frozen and the cursor not blinking."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from remedy_tui import config
from remedy_tui.app import RemedyApp
from tests.ui.conftest import settle, type_text, unlock

SIZE = (120, 36)


@pytest.fixture
def relative_demo(demo_path: Path, monkeypatch: pytest.MonkeyPatch, frozen_clock: object) -> Path:
    """The demo store by a relative path, so the path on screen is the same every run."""
    monkeypatch.chdir(demo_path.parent.parent)
    return Path(demo_path.parent.name) / demo_path.name


def _app(path: Path) -> RemedyApp:
    app = RemedyApp(store_path=path, demo=True, settings=config.Settings())
    return app


async def _no_blink(pilot: Pilot[None]) -> None:
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


def test_unlock_screen(snap_compare: object, relative_demo: Path) -> None:
    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=_no_blink,
    )


def test_case_list_screen(snap_compare: object, relative_demo: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f3")
        await settle(pilot)
        await _no_blink(pilot)

    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=run_before,
    )


def test_case_list_searched_and_filtered(snap_compare: object, relative_demo: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "quill")
        await pilot.press("enter", "l", "l")
        await pilot.pause(0.3)
        await settle(pilot)
        await _no_blink(pilot)

    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=run_before,
    )


def test_key_map(snap_compare: object, relative_demo: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=run_before,
    )


def test_first_run_screen(
    snap_compare: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = RemedyApp(store_path=Path("new-store") / "remedy.db", settings=config.Settings())
    assert snap_compare(app, terminal_size=(100, 40), run_before=_no_blink)  # type: ignore[operator]


def test_triage_queue(snap_compare: object, relative_demo: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await _no_blink(pilot)

    assert snap_compare(
        _app(relative_demo),
        terminal_size=SIZE,  # type: ignore[operator]
        run_before=run_before,
    )


def test_meeting_mode(snap_compare: object, relative_demo: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("right", "2")
        await settle(pilot)

    assert snap_compare(
        _app(relative_demo),
        terminal_size=(120, 44),  # type: ignore[operator]
        run_before=run_before,
    )

"""What remedy_tui.textual_internals relies on in Textual's private API: each test fails if a
Textual upgrade changes it, so the one module that uses them is mended before users see it."""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from remedy_tui.screens.common.quick_resume import QuickResume
from remedy_tui.textual_internals import (
    make_mode_ahead,
    mark_styled,
    mode_screens,
    mount_hidden,
    stylesheet_generation,
)


class Plain(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("plain")


class ResumeSpy(Screen[None]):
    """Records whether Screen's own handler was told to restyle, after QuickResume's."""

    seen: list[bool]

    @on(events.ScreenResume)
    def spy(self, event: events.ScreenResume) -> None:
        self.seen.append(event.refresh_styles)


class Quick(QuickResume, ResumeSpy):
    def __init__(self) -> None:
        super().__init__()
        self.seen = []


class Harness(App[None]):
    MODES: dict[str, Any] = {"first": Plain, "second": Plain}  # noqa: RUF012


async def test_a_mode_made_ahead_has_its_screen_but_is_not_shown() -> None:
    app = Harness()
    async with app.run_test() as pilot:
        await app.switch_mode("first")
        make_mode_ahead(app, "second")
        await pilot.pause()
        assert app.current_mode == "first"
        stacks = app._screen_stacks
        assert "second" in stacks and len(stacks["second"]) == 1
        assert isinstance(stacks["second"][0], Plain)
        await app.switch_mode("second")
        assert app.screen is stacks["second"][0]


async def test_the_screens_of_a_mode_not_shown_are_read() -> None:
    app = Harness()
    async with app.run_test() as pilot:
        await app.switch_mode("first")
        on_top = Plain()
        await app.push_screen(on_top)
        await app.switch_mode("second")
        await pilot.pause()
        first = mode_screens(app, "first")
        assert len(first) == 2 and first[-1] is on_top
        assert mode_screens(app, "second") == app.screen_stack
        assert mode_screens(app, "never-made") == []


async def test_an_installed_screen_is_mounted_hidden() -> None:
    app = Harness()
    async with app.run_test() as pilot:
        await app.switch_mode("first")
        kept = Plain()
        app.install_screen(kept, "kept")
        mount_hidden(app, "kept")
        await pilot.pause()
        assert kept.is_mounted and app.screen is not kept
        assert kept.query_one(Static).size.width > 0  # laid out at the app's size


async def test_the_stylesheet_generation_counts_theme_changes_and_marks_screens() -> None:
    app = Harness()
    async with app.run_test() as pilot:
        await app.switch_mode("first")
        before = stylesheet_generation(app)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert stylesheet_generation(app) > before
        screen = Plain()
        mark_styled(screen, app)
        assert screen._css_update_count == stylesheet_generation(app)


async def test_quick_resume_runs_before_screens_own_resume_handler() -> None:
    app = Harness()
    async with app.run_test() as pilot:
        await app.switch_mode("first")
        quick = Quick()
        app.install_screen(quick, "quick")  # kept when popped, as the area screens are
        await app.push_screen("quick")
        await pilot.pause()
        await app.pop_screen()
        await app.push_screen("quick")
        await pilot.pause()
        # Shown again with nothing changed: Screen's handler is told not to restyle.
        assert quick.seen[-1] is False
        await app.pop_screen()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        await app.push_screen("quick")
        await pilot.pause()
        assert quick.seen[-1] is True


async def test_the_prompt_driver_reads_a_lone_escape_and_a_sequence_through_textuals_parser() -> (
    None
):
    """The driver's input loop is Textual's, built from its parser: a lone Escape comes out
    as the escape key, and an arrow's sequence as the arrow, read from a pipe in its thread."""
    import asyncio
    import os
    import threading
    import time

    from remedy_tui.textual_internals import prompt_driver

    driver_class = prompt_driver()
    assert driver_class is not None
    keys: list[str] = []

    class Collecting(driver_class):  # type: ignore[misc, valid-type]
        def process_message(self, message: Any) -> None:
            if isinstance(message, events.Key):
                keys.append(message.key)

    read_end, write_end = os.pipe()
    driver = Collecting(App(), debug=False, mouse=False, size=(80, 24))
    driver.fileno = read_end
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        os.write(write_end, b"\x1b")
        deadline = time.monotonic() + 5
        while "escape" not in keys and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        os.write(write_end, b"\x1b[A")
        while "up" not in keys and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
    finally:
        driver.exit_event.set()
        thread.join(timeout=5)
        os.close(write_end)
        os.close(read_end)
    assert keys == ["escape", "up"]

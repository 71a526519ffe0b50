"""Checkboxes read without colour: [x] ticked, [ ] not, and the state follows the value."""

from __future__ import annotations

from textual.app import App, ComposeResult

from remedy_tui.widgets.tick_box import TickBox


class Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield TickBox("Word document", True, id="on")
        yield TickBox("Markdown", False, id="off")


async def test_a_tick_box_shows_its_state_in_characters() -> None:
    app = Boxes()
    async with app.run_test(size=(40, 6)) as pilot:
        on, off = app.query_one("#on", TickBox), app.query_one("#off", TickBox)
        assert str(on.render()).startswith("[x]")
        assert str(off.render()).startswith("[ ]")
        off.focus()
        await pilot.press("space")
        await pilot.pause()
        assert off.value and str(off.render()).startswith("[x]")
        await pilot.press("space")
        await pilot.pause()
        assert not off.value and str(off.render()).startswith("[ ]")

"""Driving the case screen by keyboard in tests: open a case, fill a form, read the screen."""

from __future__ import annotations

import io

from rich.console import Console
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList, Select

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import CaseScreen
from remedy_tui.screens.common.form import FormScreen
from remedy_tui.widgets import PractitionerCard, RecordTable
from tests.ui.conftest import settle, text_of, type_text, unlock


async def open_first_case(pilot: Pilot[None]) -> CaseScreen:
    """Sign in to the demo store and open the first case of the case list with Enter."""
    await unlock(pilot, config.DEMO_PASSPHRASE)
    await pilot.press("f3")  # from the triage queue, where a user lands, to the case list
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CaseScreen)
    return screen


async def open_case(pilot: Pilot[None], reference: str) -> CaseScreen:
    """Find a case in the palette by its reference and open it."""
    await pilot.press("ctrl+p")
    await type_text(pilot, reference)
    await pilot.pause(0.5)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CaseScreen)
    return screen


async def until_screen(pilot: Pilot[None], kind: type[object], tries: int = 100) -> None:
    """Wait until a screen of ``kind`` is on top (a worker may be waiting on it, so the
    usual settle, which waits for every worker, would wait for ever)."""
    for _ in range(tries):
        if isinstance(pilot.app.screen, kind):
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{kind.__name__} never showed; {pilot.app.screen!r} is on top")


async def go_to(pilot: Pilot[None], field: str) -> None:
    """Put the cursor in the form field for ``field`` (as a click on it would)."""
    pilot.app.screen.query_one(f"#field-{field.replace('_', '-')}").focus()
    await pilot.pause()


def focused(pilot: Pilot[None]) -> Widget:
    """The widget with the cursor."""
    widget = pilot.app.focused
    assert widget is not None
    return widget


async def type_into(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` into the field with the cursor, then Tab to the next."""
    await type_text(pilot, text)
    await pilot.press("tab")


async def clear(pilot: Pilot[None]) -> None:
    """Empty the one-line field with the cursor (start of line, then delete to the end)."""
    await pilot.press("ctrl+a", "ctrl+k")


async def paste(pilot: Pilot[None], text: str) -> None:
    """Paste ``text`` into the field with the cursor, as a terminal does."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def pick(pilot: Pilot[None], words: str) -> None:
    """In the drop-down with the cursor, move to the option whose words start with ``words``."""
    assert isinstance(focused(pilot), Select)
    await pilot.press("enter")
    await pilot.pause()
    overlay = focused(pilot)
    assert isinstance(overlay, OptionList)
    labels = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
    target = next(i for i, label in enumerate(labels) if label.startswith(words))
    current = overlay.highlighted or 0
    step = "down" if target >= current else "up"
    for _ in range(abs(target - current)):
        await pilot.press(step)
    await pilot.press("enter")
    await pilot.pause()


async def save(pilot: Pilot[None]) -> None:
    """ctrl+s, then wait for the store."""
    await pilot.press("ctrl+s")
    await settle(pilot)


def form_message(pilot: Pilot[None]) -> str:
    """What the open form's message line says."""
    assert isinstance(pilot.app.screen, FormScreen)
    return text_of(pilot, "#form-message")


def rows(screen: CaseScreen, tab: str) -> list[tuple[str, ...]]:
    """The texts of the rows shown in a tab's table."""
    table = screen.query_one(f"#{tab}-table", RecordTable)
    return [table.row_texts(i) for i in range(table.row_count)]


def card_text(screen: CaseScreen) -> str:
    """The practitioner tab's details as plain text."""
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(screen.query_one(PractitionerCard).content)
    return console.export_text()


def app_of(pilot: Pilot[None]) -> RemedyApp:
    """The app, typed."""
    assert isinstance(pilot.app, RemedyApp)
    return pilot.app

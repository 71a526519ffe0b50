"""Helpers for driving the real app by keyboard."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

KEY_NAMES = {
    " ": "space",
    "-": "minus",
    ".": "full_stop",
    "/": "slash",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
    "'": "apostrophe",
    ":": "colon",
    "_": "underscore",
}


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` key by key, as a user would."""
    await pilot.press(*(KEY_NAMES.get(ch, ch) for ch in text))


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(pilot: Pilot[None], selector: str) -> str:
    """The plain text a Static currently shows."""
    widget = pilot.app.screen.query_one(selector, Static)
    return str(widget.render())


async def unlock(pilot: Pilot[None], passphrase: str, user: str | None = None) -> None:
    """Sign in by keyboard: the user name first if the field is empty, then the passphrase."""
    if user is not None:
        await type_text(pilot, user)
        await pilot.press("enter")
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)


def screen_text(pilot: Pilot[None]) -> str:
    """Everything visible on the screen now, line by line, as the user sees it."""
    import html
    import re

    svg = pilot.app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for match in re.finditer(
        r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg
    ):
        x, y = float(match.group(1)), float(match.group(2))
        rows.setdefault(y, []).append((x, html.unescape(match.group(3))))
    lines = ("".join(text for _, text in sorted(rows[y])) for y in sorted(rows))
    return "\n".join(line.replace("\xa0", " ").rstrip() for line in lines)


@pytest.fixture
def relative_demo(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, frozen_clock: object
) -> Iterator[Path]:
    """The demo store by a relative path, in UTC, so every run of a snapshot draws the same
    screen (the path and times are on it). A snapshot file that needs another zone has its own."""
    monkeypatch.chdir(demo_path.parent.parent)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield Path(demo_path.parent.name) / demo_path.name
    monkeypatch.undo()
    time.tzset()

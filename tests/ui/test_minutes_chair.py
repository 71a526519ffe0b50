"""Minutes a chair signs, by keyboard: each decision says who chaired and who recorded it, and
who was given the case; the referrals carried to next week are listed; the Word file and the
Markdown file say the same things, the meeting's times included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document as WordDocument
from textual.pilot import Pilot

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import MeetingModeScreen, MinutesScreen
from remedy_tui.screens.triage.decision_form import DecisionScreen
from tests.ui.conftest import settle, text_of, type_text, unlock

pytestmark = pytest.mark.usefixtures("frozen_clock")


async def choose_in(pilot: Pilot[None], field: str, words: str) -> None:
    """Put the cursor on a drop-down, open it, type to find ``words``, take it."""
    pilot.app.screen.query_one(f"#{field}").focus()
    await pilot.press("enter")
    await type_text(pilot, words)
    await pilot.press("enter")


async def decide(pilot: Pilot[None], keys: tuple[str, ...], rationale: str) -> str:
    """Decide the referral on screen with ``keys``; return its reference."""
    screen = pilot.app.screen
    assert isinstance(screen, MeetingModeScreen) and screen.detail is not None
    reference = screen.detail.reference
    await pilot.press(*keys)
    await settle(pilot)
    assert isinstance(pilot.app.screen, DecisionScreen)
    if keys[-1] in ("o", "s"):
        await choose_in(pilot, "field-case-manager-id", "Jo Sample")
    pilot.app.screen.query_one("#field-rationale").focus()
    await type_text(pilot, rationale)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MeetingModeScreen), text_of(pilot, "#form-message")
    return reference


async def save_as(pilot: Pilot[None], key: str, folder: Path) -> None:
    await pilot.press(key)
    await settle(pilot)
    pilot.app.screen.query_one("#field-path").value = str(folder)  # type: ignore[attr-defined]
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MinutesScreen)


def lines(text: str) -> list[str]:
    """Text line by line, with Markdown's marks and escapes taken out."""
    text = re.sub(r"\\(.)", r"\1", text).replace("**", "")
    return [" ".join(line.lstrip("#- ").split()) for line in text.splitlines() if line.strip()]


FACTS = ("Chair:", "Attendees:", "Time:", "Decision:", "Given to:", "Decided by:", "R-")


def facts(text_lines: list[str]) -> list[str]:
    """The lines that say who, when, what was decided and what is carried forward."""
    return [line for line in text_lines if line.startswith(FACTS)]


@pytest.mark.both_backends
async def test_the_minutes_name_the_chair_the_recorder_the_owners_and_what_is_carried(
    demo_path: Path, tmp_path: Path
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+s")  # today; the Deputy Postgraduate Dean in the chair
        await settle(pilot)
        assert "chair Dr Rowan Exemplar" in text_of(pilot, "#meeting-bar")
        opened = await decide(pilot, ("2", "o"), "Two moderate areas; supportive supervisor.")
        senior = await decide(pilot, ("3", "s"), "Serious: the senior owner takes it on.")
        deferred = await decide(pilot, ("w",), "Waiting for the trust's own review.")
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MinutesScreen)
        await save_as(pilot, "m", tmp_path)
        await save_as(pilot, "w", tmp_path)
    [markdown] = tmp_path.glob("triage-minutes-*.md")
    [word] = tmp_path.glob("triage-minutes-*.docx")
    md = lines(markdown.read_text(encoding="utf-8"))
    docx = [
        part for paragraph in WordDocument(str(word)).paragraphs for part in lines(paragraph.text)
    ]
    # The Word file says what the Markdown says: the same facts, in the same order.
    assert facts(md) == facts(docx)
    for text in (md, docx):
        assert "Chair: Dr Rowan Exemplar" in text
        assert any(re.fullmatch(r"Time: \d\d:\d\d to \d\d:\d\d", line) for line in text)
        decided = "Decided by: the meeting, chaired by Dr Rowan Exemplar; recorded by Demo"
        assert sum(line.startswith(decided) for line in text) == 3
        assert "Given to: case manager Jo Sample" in text
        assert any(
            re.fullmatch(r"Given to: case manager Jo Sample; senior owner .+", line)
            for line in text
        )
        carried = text[text.index("Carried forward to next week (13)") + 1 :]
        carried = carried[: next(i for i, line in enumerate(carried) if line.startswith("Act"))]
        assert f"{deferred}: " in " ".join(carried)
        assert any("(deferred: Waiting for the trust's own review.)" in line for line in carried)
        assert any(line.endswith("(not discussed)") for line in carried)
        assert not any(line.startswith((opened, senior)) for line in carried)

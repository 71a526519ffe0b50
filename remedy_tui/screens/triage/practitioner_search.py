"""Find the practitioner a referral is about, by name or registration number, or add them."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.triage.practitioner_form import PractitionerFormScreen
from remedy_tui.services.desk import Desk
from remedy_tui.services.triage.practitioner_lookup import (
    PractitionerDraft,
    PractitionerMatch,
    add_practitioner,
    find_practitioners,
)
from remedy_tui.widgets import literal


def describe(match: PractitionerMatch) -> str:
    """One line about a practitioner, with any open case."""
    parts = [match.name, match.registration, match.grade, match.programme or match.employer]
    line = " · ".join(p for p in parts if p)
    if match.open_case_reference:
        line += f"  [open case {match.open_case_reference}]"
    return line


def _add(desk: Desk, draft: PractitionerDraft) -> PractitionerMatch:
    return desk.change(add_practitioner, draft=draft)


class PractitionerSearchScreen(DeskWork, ModalScreen[PractitionerMatch | None]):
    """Type a name or number; Enter picks the highlighted match; ctrl+n adds someone new."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+n", "add", "New practitioner", priority=True),
        Binding("down", "to_list", "To the list", show=False),
    ]
    AUTO_FOCUS = "#practitioner-query"

    def __init__(self, question: str = "Who is the referral about?") -> None:
        super().__init__()
        self.question = question
        self.matches: list[PractitionerMatch] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(self.question, classes="title")
            yield Input(id="practitioner-query", placeholder="name, or GMC / GDC / GPhC number")
            yield OptionList(id="practitioner-matches")
            yield Static("", id="practitioner-message", classes="hint")
            yield Static(
                "Enter chooses · ctrl+n adds a new practitioner · Escape cancels", classes="hint"
            )

    @on(Input.Changed, "#practitioner-query")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        text = event.value
        self._timer = self.set_timer(0.15, lambda: self.search(text))

    def search(self, text: str) -> None:
        """Look the practitioner up at the desk."""
        self.ask(
            lambda desk: desk.read(find_practitioners, text=text, limit=12),
            lambda matches: self._show(text, matches),
            group="practitioner-search",
        )

    def _show(self, text: str, matches: list[PractitionerMatch]) -> None:
        if text != self.query_one("#practitioner-query", Input).value:
            return
        self.matches = matches
        options = self.query_one("#practitioner-matches", OptionList)
        options.clear_options()
        for match in self.matches:
            options.add_option(Option(literal(describe(match))))
        if self.matches:
            options.highlighted = 0
        message = (
            ""
            if self.matches or not text.strip()
            else ("Nobody matches. ctrl+n adds a new practitioner.")
        )
        self.query_one("#practitioner-message", Static).update(message)

    @on(Input.Submitted, "#practitioner-query")
    def _pick_highlighted(self) -> None:
        options = self.query_one("#practitioner-matches", OptionList)
        if self.matches:
            self.dismiss(self.matches[options.highlighted or 0])

    @on(OptionList.OptionSelected, "#practitioner-matches")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.matches[event.option_index])

    def action_to_list(self) -> None:
        """Move into the list of matches."""
        self.query_one("#practitioner-matches", OptionList).focus()

    def action_add(self) -> None:
        """Add someone new, then choose them."""
        # What was typed comes along: the name, and a registration number (not dropped).
        hint = self.query_one("#practitioner-query", Input).value

        def added(match: PractitionerMatch | None) -> None:
            if match is not None:
                self.dismiss(match)

        self.app.push_screen(PractitionerFormScreen(_add, name_hint=hint), added)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)

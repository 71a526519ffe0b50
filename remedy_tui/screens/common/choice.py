"""Choose one of a short list by keyboard: arrows and Enter, or Escape to leave it as it was."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from remedy_tui.widgets import literal


class ChoiceScreen(ModalScreen[str | None]):
    """A titled list of (value, words); dismisses with the value chosen, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, options: Sequence[tuple[str, str]], current: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.options = tuple(options)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice"):
            yield Static(literal(self.title_text), classes="title")
            yield OptionList(
                *(Option(literal(words), id=value) for value, words in self.options),
                id="choice-list",
            )
            yield Static("Enter chooses · Escape leaves it as it was", classes="hint")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        values = [value for value, _ in self.options]
        if self.current in values:
            choices.highlighted = values.index(self.current)
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Leave without choosing."""
        self.dismiss(None)

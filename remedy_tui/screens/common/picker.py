"""Choose one of a list by keyboard: type to narrow it, arrows to move, Enter to choose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from remedy_tui.widgets import literal

ValueT = TypeVar("ValueT")


class PickerScreen(ModalScreen[ValueT | None], Generic[ValueT]):
    """Dismisses with the chosen value, or None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "to_list", "To the list", show=False),
    ]
    AUTO_FOCUS = "#picker-filter"

    def __init__(self, title: str, options: Sequence[tuple[str, ValueT]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self._shown: list[ValueT] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(literal(self.title_text), classes="title")
            yield Input(id="picker-filter", placeholder="type to narrow the list")
            yield OptionList(id="picker-options")
            yield Static("Enter chooses · Escape cancels", classes="hint")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, text: str) -> None:
        needle = text.strip().lower()
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        self._shown = []
        for label, value in self.options:
            if needle in label.lower():
                options.add_option(Option(literal(label)))
                self._shown.append(value)
        if self._shown:
            options.highlighted = 0

    @on(Input.Changed, "#picker-filter")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-filter")
    def _choose_first(self) -> None:
        options = self.query_one("#picker-options", OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        if self._shown:
            self.dismiss(self._shown[index])

    @on(OptionList.OptionSelected, "#picker-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._shown[event.option_index])

    def action_to_list(self) -> None:
        """Move from the filter box into the list."""
        self.query_one("#picker-options", OptionList).focus()

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)

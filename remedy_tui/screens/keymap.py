"""The full key map of the screen underneath, and the keys that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class KeyMapScreen(ModalScreen[None]):
    """Lists every key of the screen it was opened from; Escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close"),
    ]

    def __init__(self, over: Screen[object]) -> None:
        super().__init__()
        self.over = over

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog keymap"):
            yield Static(f"Keys: {self.over.title or self.app.title}", classes="title")
            yield Static(self._table())
            yield Static("Escape or ? to close", classes="hint")

    def _table(self) -> Table:
        table = Table(box=None, show_header=True, expand=True, pad_edge=False)
        table.add_column("Key", no_wrap=True, style="bold")
        table.add_column("Does")
        table.add_column("Where", style="dim")
        seen: set[tuple[str, str]] = set()
        for active in self.over.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system:
                continue
            where = "everywhere" if active.node is self.app else "this screen"
            entry = (binding.description, where)
            if entry in seen:
                continue
            seen.add(entry)
            display = binding.key_display or self.app.get_key_display(binding)
            table.add_row(Text(display), Text(binding.description), Text(where))
        table.add_row(
            Text("ctrl+p"), Text("Command palette: find a case, run any action"), Text("everywhere")
        )
        return table

    def action_close(self) -> None:
        """Close the key map."""
        self.dismiss(None)

"""The full key map of the screen underneath, and the keys that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


def _ours(node: object, binding: Binding) -> bool:
    """True for keys Remedy defines (not the cursor keys every Textual widget brings)."""
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("remedy_tui"):
            continue
        for declared in cls.__dict__.get("BINDINGS", ()):  # declared there, not inherited
            if isinstance(declared, Binding) and declared.action == binding.action:
                return True
    return False


class KeyMapScreen(ModalScreen[None]):
    """Lists every key of the screen it was opened from; Escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close"),
    ]

    def __init__(self, over: Screen[object]) -> None:
        super().__init__()
        self.over = over

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog keymap"):
            yield Static(f"Keys: {self.over.title or self.app.title}", classes="title")
            yield DataTable[Text](id="keymap-table", cursor_type="row", zebra_stripes=True)
            yield Static("Escape or ? to close", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#keymap-table", DataTable)
        table.add_columns("Key", "Does", "Where")
        for key, description, where in self.entries():
            table.add_row(Text(key, style="bold"), Text(description), Text(where, style="dim"))
        table.focus()

    def entries(self) -> list[tuple[str, str, str]]:
        """(key, what it does, where it works) for every described binding, screen first."""
        rows: list[tuple[str, str, str]] = []
        seen: set[tuple[str, str]] = set()
        for active in self.over.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system or not _ours(active.node, binding):
                continue
            where = "everywhere" if active.node is self.app else "this screen"
            if (binding.description, where) in seen:
                continue
            seen.add((binding.description, where))
            display = binding.key_display or self.app.get_key_display(binding)
            rows.append((display, binding.description, where))
        rows.sort(key=lambda row: row[2] == "everywhere")
        rows.append(("ctrl+p", "Command palette: find a case, run any action", "everywhere"))
        return rows

    def action_close(self) -> None:
        """Close the key map."""
        self.dismiss(None)

"""A checkbox whose state reads without colour: ``[x]`` ticked, ``[ ]`` not."""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Textual's checkbox draws the same ``X`` ticked or not and tells them apart by colour
    alone, which a colour-blind user, a high-contrast theme or a monochrome terminal loses.
    This one draws ``[x]`` or ``[ ]`` (its public ``BUTTON_*`` characters), in every theme."""

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = self._mark()

    def _mark(self) -> str:
        return "x" if self.value else " "

    def watch_value(self) -> None:
        """Show the new state, then let the checkbox do what it does on a change."""
        self.BUTTON_INNER = self._mark()
        super().watch_value()

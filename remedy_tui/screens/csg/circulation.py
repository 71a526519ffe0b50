"""Before a document that circulates is produced: each removal from its free text, marked."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from remedy_tui.services.csg.circulation import CirculationPreview
from remedy_tui.widgets import literal


def preview_text(preview: CirculationPreview) -> str:
    """Each piece of free text that loses something, its removals marked, one a paragraph."""
    if not preview.removals:
        return "Nothing to remove: no free text in it names or numbers a practitioner."
    return "\n\n".join(
        f"{n}. {removal.marked()}\n   becomes: {removal.redacted()}"
        for n, removal in enumerate(preview.removals, start=1)
    )


class CsgCirculationPreviewScreen(ModalScreen[bool]):
    """y produces the document as previewed, n or Escape produces nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Produce"),
        Binding("n,escape", "answer(False)", "Cancel"),
    ]

    def __init__(self, preview: CirculationPreview) -> None:
        super().__init__()
        self.preview = preview

    def compose(self) -> ComposeResult:
        count = len(self.preview.removals)
        with Vertical(classes="dialog viewer"):
            yield Static(literal(f"Before producing: {self.preview.title}"), classes="title")
            yield Static(
                "This document circulates. Its free text is checked against every "
                "practitioner in the store (names, the name they go by, registration numbers) "
                "and against numbers like a registration number. "
                + (
                    f"{count} piece{'s' if count != 1 else ''} of text lose something; each "
                    "removal is marked [removed: ...] below and shows as [removed]."
                    if count
                    else ""
                ),
                classes="muted",
            )
            with VerticalScroll(id="preview-text"):
                yield Static(literal(preview_text(self.preview)), id="preview-removals")
            yield Static("y: produce it · n or Escape: produce nothing", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#preview-text").focus()

    def action_answer(self, produce: bool) -> None:
        """Close with the answer."""
        self.dismiss(produce)

"""Where the meeting pack goes: a folder, in which a new folder of the pack is made."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.csg.pack import MeetingPack


@dataclass(frozen=True)
class PackDraft:
    """The folder as typed."""

    folder: str


class CsgPackScreen(FormScreen[MeetingPack]):
    """A folder; the pack goes into a new folder inside it, never over an existing one."""

    AUTO_FOCUS = "#field-folder"

    def __init__(self, submit: Submit[PackDraft, MeetingPack]) -> None:
        super().__init__()
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static("Produce the meeting pack", classes="title")
            yield Static(
                "The agenda (circulation copy), the list of papers, a letter inviting each "
                "practitioner and the calendar invitation, kept in the store and written into a "
                "new folder. The written copies are NOT encrypted.",
                classes="warning-line",
            )
            yield Label("Folder")
            yield Input(str(Path.home()), id="field-folder")
            yield self.message_line()
            yield Static("Enter or ctrl+s produces · Escape cancels", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter on the only field produces the pack."""
        event.prevent_default()
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Produce and write the pack."""
        self.send(self.submit, PackDraft(self.query_one("#field-folder", Input).value))

"""Exporting a stored document to a file the user chooses (recorded in the audit trail)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.views.csg import DocumentRow
from remedy_tui.widgets import literal


@dataclass(frozen=True)
class ExportDraft:
    """Where the copy goes, as typed: a folder or a file name."""

    destination: str


class CsgExportScreen(FormScreen[Path]):
    """A folder or file name; an existing file is never overwritten."""

    AUTO_FOCUS = "#field-destination"

    def __init__(self, document: DocumentRow, submit: Submit[ExportDraft, Path]) -> None:
        super().__init__()
        self.document = document
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(literal(f"Export {self.document.filename}"), classes="title")
            yield Static(
                "The exported copy is NOT encrypted. Choose where it goes with care.",
                classes="warning-line",
            )
            yield Label("Folder or file name")
            yield Input(str(Path.home()), id="field-destination")
            yield self.message_line()
            yield Static("Enter or ctrl+s exports · Escape cancels", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter on the only field exports (rather than moving on)."""
        event.prevent_default()
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Write the file and record the export."""
        draft = ExportDraft(self.query_one("#field-destination", Input).value)
        self.send(self.submit, draft)

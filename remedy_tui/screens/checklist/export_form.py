"""Exporting a case's framework for the personal file: where to, under what name, which formats."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.checklist.export import ExportResult, default_folder, default_name
from remedy_tui.widgets.tick_box import TickBox


@dataclass(frozen=True)
class ExportDraft:
    """Where the framework is to be written, under what name, and in which formats."""

    folder: str
    name: str
    word: bool
    markdown: bool


class ExportForm(FormScreen[ExportResult]):
    """Writes the framework only where the user says, and never over an existing file."""

    def __init__(self, *, reference: str, submit: Submit[ExportDraft, ExportResult]) -> None:
        super().__init__()
        self.reference = reference
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-form"):
            yield Static(f"Export the fairness framework of {self.reference}", classes="title")
            yield Label("Folder")
            yield Input(str(default_folder()), id="field-folder")
            yield Label("File name (the extension is added)")
            yield Input(default_name(self.reference), id="field-name")
            yield TickBox("Word document (.docx)", True, id="field-word")
            yield TickBox("Markdown (.md)", False, id="field-markdown")
            yield Static(
                "The file is not encrypted: keep it in the personal file. An existing file is "
                "never overwritten; the export is recorded in the audit trail.",
                classes="hint",
            )
            yield Static("ctrl+s exports · Escape cancels", classes="hint")
            yield self.message_line()

    def on_mount(self) -> None:
        self.query_one("#field-folder", Input).focus()

    def action_save(self) -> None:
        """Write the files."""
        draft = ExportDraft(
            folder=self.query_one("#field-folder", Input).value,
            name=self.query_one("#field-name", Input).value,
            word=self.query_one("#field-word", Checkbox).value,
            markdown=self.query_one("#field-markdown", Checkbox).value,
        )
        self.send(self.submit, draft)

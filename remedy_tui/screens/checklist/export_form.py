"""Exporting a case's framework for the personal file: where to, under what name, which formats."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, Static

from remedy_tui.screens.common.form import FormScreen
from remedy_tui.services.checklist.export import (
    ExportResult,
    default_folder,
    default_name,
    export_checklist,
)
from remedy_tui.store import Store


class ExportForm(FormScreen[ExportResult]):
    """Writes the framework only where the user says, and never over an existing file."""

    def __init__(self, store: Store, *, case_id: int, reference: str) -> None:
        super().__init__()
        self.store = store
        self.case_id = case_id
        self.reference = reference

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-form"):
            yield Static(f"Export the fairness framework of {self.reference}", classes="title")
            yield Label("Folder")
            yield Input(str(default_folder()), id="field-folder")
            yield Label("File name (the extension is added)")
            yield Input(default_name(self.reference), id="field-name")
            yield Checkbox("Word document (.docx)", True, id="field-word")
            yield Checkbox("Markdown (.md)", False, id="field-markdown")
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
        self.save_with(
            partial(
                self._export,
                self.query_one("#field-folder", Input).value,
                self.query_one("#field-name", Input).value,
                self.query_one("#field-word", Checkbox).value,
                self.query_one("#field-markdown", Checkbox).value,
            )
        )

    def _export(self, folder: str, name: str, word: bool, markdown: bool) -> ExportResult:
        with self.store.session() as session:
            return export_checklist(
                session=session,
                actor_id=self.store.user.id,
                case_id=self.case_id,
                folder=folder,
                name=name,
                word=word,
                markdown=markdown,
            )

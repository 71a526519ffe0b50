"""Attach a file to the case: its bytes go into the encrypted store."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult

from remedy_tui.screens.case.case_form import CaseForm, text_input
from remedy_tui.services.case import documents


@dataclass(frozen=True)
class AttachDraft:
    """The file to attach and a few words about it."""

    path: str
    description: str


class AttachForm(CaseForm[AttachDraft, int]):
    """The path of the file, and a few words about it."""

    HEADING = "Attach a file"
    AUTO_FOCUS = "#field-path"

    def intro(self) -> str:
        return (
            "The file is read into the encrypted store; the original is left where it is "
            f"(up to {documents.describe_size(documents.MAX_BYTES)})."
        )

    def fields(self) -> ComposeResult:
        yield self.row(
            "Path of the file", text_input("path", placeholder="e.g. ~/Documents/notes.pdf")
        )
        yield self.row("Description", text_input("description"))

    def action_save(self) -> None:
        path, description = self.value("path"), self.value("description")
        self.save(AttachDraft(path, description))

"""Export a document, decrypted, to a place the user chooses; the export is audited."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult

from remedy_tui.screens.case.case_form import CaseForm, text_input
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.case.documents import DocumentRow


@dataclass(frozen=True)
class ExportDraft:
    """Where to write the document."""

    destination: str


class DocumentExportForm(CaseForm[ExportDraft, Path]):
    """Where to write the document: a folder (it keeps its name) or a new file's path."""

    HEADING = "Export a document"
    AUTO_FOCUS = "#field-destination"

    def __init__(self, document: DocumentRow, submit: Submit[ExportDraft, Path]) -> None:
        super().__init__(submit)
        self.document = document

    def intro(self) -> str:
        return (
            f"{self.document.filename} ({self.document.size}) will be written, decrypted, where "
            "you say, and the export recorded. Nothing is overwritten."
        )

    def fields(self) -> ComposeResult:
        home = str(Path.home())
        yield self.row("Folder or file", text_input("destination", home))

    def action_save(self) -> None:
        self.save(ExportDraft(self.value("destination")))

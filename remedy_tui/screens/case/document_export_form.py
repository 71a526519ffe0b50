"""Export a document, decrypted, to a place the user chooses; the export is audited."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult

from remedy_tui.screens.case.case_form import CaseForm, text_input
from remedy_tui.services.case import documents
from remedy_tui.services.case.documents import DocumentRow
from remedy_tui.store import Store


class DocumentExportForm(CaseForm[Path]):
    """Where to write the document: a folder (it keeps its name) or a new file's path."""

    HEADING = "Export a document"
    AUTO_FOCUS = "#field-destination"

    def __init__(self, store: Store, case_id: int, document: DocumentRow) -> None:
        super().__init__(store, case_id)
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
        destination, document_id = self.value("destination"), self.document.id
        self.save_in_session(
            lambda session, actor: documents.export_document(
                session=session, document_id=document_id, destination=destination
            )
        )

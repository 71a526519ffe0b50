"""A meeting's documents: produce them when asked (kept in the encrypted store), export one."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.csg.circulation import CsgCirculationPreviewScreen
from remedy_tui.screens.csg.export import CsgExportScreen, ExportDraft
from remedy_tui.screens.csg.pack import CsgPackScreen, PackDraft
from remedy_tui.services.csg.allowed import csg_rights
from remedy_tui.services.csg.circulation import (
    CIRCULATED,
    CirculationPreview,
    circulation_preview,
)
from remedy_tui.services.csg.documents import (
    CsgPaper,
    export_document,
    meeting_documents,
    produce,
)
from remedy_tui.services.csg.pack import MeetingPack, produce_pack
from remedy_tui.services.desk import Desk
from remedy_tui.views.csg import DocumentRow, local
from remedy_tui.widgets import Cell, Column, PagedTable
from remedy_tui.widgets.key_footer import KeyFooter

COLUMNS = (
    Column("Document", 24, 2),
    Column("File", 30, 3),
    Column("Case", 8),
    Column("Size", 8, align="right"),
    Column("Produced", 16),
)


def size_text(size: int) -> str:
    """A file size people read: 980 B, 38 KB, 2.1 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class CsgDocumentsScreen(DeskWork, Screen[None]):
    """Keys 1-6 produce a document; Enter exports the one under the cursor."""

    TITLE = "CSG documents"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "produce('csg_agenda_circulation')", "Agenda (circulation)"),
        Binding("2", "produce('csg_agenda_full')", "Agenda (full)"),
        Binding("3", "produce('csg_minutes')", "Minutes"),
        Binding("4", "produce('csg_feedback')", "Feedback letters"),
        Binding("5", "produce('csg_invitation')", "Invitation (.ics)"),
        Binding("6", "produce('csg_practitioner_invitation')", "Letters to practitioners"),
        Binding("p", "pack", "Meeting pack"),
        Binding("e", "export", "Export"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.rows: tuple[DocumentRow, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Produce: 1 agenda, circulation copy (case references and initials)  ·  2 agenda, "
            "full  ·  3 minutes  ·  4 the chair's feedback letter for each case  ·  5 calendar "
            "invitation  ·  6 a letter inviting each practitioner (in person, a representative "
            "welcome)  ·  p all of the meeting pack into one folder. Word and Markdown, kept in "
            "the encrypted store. Enter exports a copy.",
            id="docs-help",
            classes="muted",
        )
        yield PagedTable(
            COLUMNS, empty_text="No documents yet: press 1 to 6 to produce one.", id="csg-documents"
        )
        yield Static("", id="docs-status")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer producing papers only to whoever the role matrix lets keep documents."""
        if action in ("produce", "pack"):
            return csg_rights(self.access).produces_papers
        return True

    def on_mount(self) -> None:
        if not csg_rights(self.access).produces_papers:
            self.query_one("#docs-help", Static).update(
                "Producing the meeting's papers is not your role's: a case manager produces "
                "them. Listed here are the papers kept about the cases on this agenda, which "
                "your role may read. Enter exports a copy."
            )
        self.query_one(PagedTable).focus()
        self.reload()

    def reload(self) -> None:
        """Fetch the list of documents (not their bytes)."""
        meeting_id = self.meeting_id
        self.ask(lambda desk: desk.read(meeting_documents, meeting_id=meeting_id), self.show)

    def show(self, rows: tuple[DocumentRow, ...]) -> None:
        """Put the documents on screen, newest first."""
        self.rows = rows
        self.query_one(PagedTable).show(
            [
                [
                    Cell(row.label),
                    Cell(row.filename),
                    Cell(row.case_reference),
                    Cell(size_text(row.size_bytes)),
                    Cell(f"{local(row.uploaded_at):%Y-%m-%d %H:%M}"),
                ]
                for row in rows
            ],
            has_previous=False,
            has_next=False,
        )

    def action_produce(self, kind: str) -> None:
        """Produce a document and keep it in the store; one that circulates only after the
        chair has seen what its free text loses."""
        paper = CsgPaper(kind)
        meeting_id = self.meeting_id
        if kind not in CIRCULATED:
            self.produce(paper)
            return
        self.query_one("#docs-status", Static).update(f"Checking: {paper.label}...")

        def answered(produce_it: bool | None) -> None:
            if produce_it:
                self.produce(paper)
            else:
                self.query_one("#docs-status", Static).update(
                    f"Not produced: {paper.label}. Nothing was kept."
                )

        def previewed(preview: CirculationPreview) -> None:
            self.app.push_screen(CsgCirculationPreviewScreen(preview), answered)

        self.ask(
            lambda desk: desk.read(circulation_preview, meeting_id=meeting_id, paper=kind),
            previewed,
        )

    def action_pack(self) -> None:
        """The whole pack at once: the circulation agenda's removals first, then the folder."""
        meeting_id = self.meeting_id

        def written(pack: MeetingPack | None) -> None:
            if pack is not None:
                message = (
                    f"Meeting pack written to {pack.folder} ({len(pack.files)} files). "
                    "These copies are not encrypted: keep them safe."
                )
                self.query_one("#docs-status", Static).update(message)
                self.reload()

        def write(desk: Desk, draft: PackDraft) -> MeetingPack:
            return desk.change(produce_pack, meeting_id=meeting_id, folder=draft.folder)

        def answered(go_on: bool | None) -> None:
            if go_on:
                self.app.push_screen(CsgPackScreen(write), written)
            else:
                self.query_one("#docs-status", Static).update("No pack produced.")

        def previewed(preview: CirculationPreview) -> None:
            self.app.push_screen(CsgCirculationPreviewScreen(preview), answered)

        self.ask(
            lambda desk: desk.read(
                circulation_preview, meeting_id=meeting_id, paper=CsgPaper.AGENDA_CIRCULATION.value
            ),
            previewed,
        )

    def produce(self, paper: CsgPaper) -> None:
        """Produce the document and keep it."""
        meeting_id = self.meeting_id
        self.query_one("#docs-status", Static).update(f"Producing: {paper.label}...")

        def made(rows: tuple[DocumentRow, ...]) -> None:
            names = ", ".join(row.filename for row in rows)
            self.query_one("#docs-status", Static).update(f"Kept in the store: {names}")
            self.query_one(PagedTable).cursor_row = 0
            self.reload()

        self.ask(
            lambda desk: desk.change(produce, meeting_id=meeting_id, paper=paper),
            made,
            change=True,
        )

    def refused(self, message: str, field: str | None = None) -> None:
        """Say why on the status line too."""
        self.query_one("#docs-status", Static).update(message)
        super().refused(message, field)

    @on(PagedTable.RowChosen)
    def action_export(self) -> None:
        """Export the document under the cursor to a file."""
        index = self.query_one(PagedTable).cursor_row
        if not 0 <= index < len(self.rows):
            self.refused("Produce a document first (keys 1 to 6).")
            return

        def exported(path: Path | None) -> None:
            if path is not None:
                message = f"Exported to {path}. This copy is not encrypted: keep it safe."
                self.query_one("#docs-status", Static).update(message)
                self.notify(message, title="Exported", markup=False)

        document = self.rows[index]

        def export(desk: Desk, draft: ExportDraft) -> Path:
            return desk.change(
                export_document, document_id=document.id, destination=draft.destination
            )

        self.app.push_screen(CsgExportScreen(document, export), exported)

    def action_back(self) -> None:
        """Back to the agenda."""
        self.dismiss(None)

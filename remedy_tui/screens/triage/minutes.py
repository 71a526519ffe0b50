"""The minutes of a triage meeting: read them, and save them as Markdown or Word when asked."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, TextArea

from remedy_tui.documents.triage_minutes import MinutesData, minutes_docx, minutes_markdown
from remedy_tui.screens.common.desk_work import DeskWork, HasDesk
from remedy_tui.screens.triage.small_forms import ExportDraft, ExportScreen
from remedy_tui.services.common.exports import export_file
from remedy_tui.services.desk import Desk
from remedy_tui.services.triage.meetings import minutes_data
from remedy_tui.widgets.key_footer import KeyFooter


class MinutesScreen(DeskWork, Screen[None]):
    """Minutes kept in the store; m saves Markdown, w saves a Word document."""

    TITLE = "Minutes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("m", "save('md')", "Save as Markdown"),
        Binding("w", "save('docx')", "Save as Word"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.data: MinutesData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextArea("Loading the minutes...", id="minutes-text", read_only=True, soft_wrap=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#minutes-text").focus()
        self.load()

    def load(self) -> None:
        """Read the minutes at the desk."""
        meeting_id = self.meeting_id
        self.ask(
            lambda desk: desk.read(minutes_data, meeting_id=meeting_id), self._show, group="minutes"
        )

    def _show(self, data: MinutesData) -> None:
        self.data = data
        self.sub_title = data.held_on.isoformat()
        # A read-only text area shows the Markdown literally, exactly as it will be saved.
        self.query_one("#minutes-text", TextArea).load_text(minutes_markdown(data))

    def action_save(self, kind: str) -> None:
        """Save the minutes where the user says."""
        data = self.data
        if data is None:
            return
        stem = f"triage-minutes-{data.held_on.isoformat()}"
        if kind == "md":
            what, name = "the minutes (Markdown)", f"{stem}.md"

            def content() -> bytes:
                return minutes_markdown(data).encode("utf-8")
        else:
            what, name = "the minutes (Word)", f"{stem}.docx"

            desk = cast(HasDesk, self.app).desk
            author = desk.user.full_name if desk is not None else "Remedy"

            def content() -> bytes:
                return minutes_docx(data, author=author)

        record_id = str(self.meeting_id)

        def export(desk: Desk, draft: ExportDraft) -> Path:
            return desk.with_store(
                export_file,
                content=content(),
                typed_path=draft.typed_path,
                default_name=name,
                what=what,
                subject="triage_meetings",
                record_id=record_id,
            )

        def saved(path: object) -> None:
            if path is not None:
                self.notify(f"Saved to {path}", title="Minutes saved", markup=False)

        self.app.push_screen(ExportScreen(what=what, default_name=name, submit=export), saved)

"""The minutes of a triage meeting: read them, and save them as Markdown or Word when asked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, TextArea

from remedy_tui.documents.triage_minutes import MinutesData, minutes_docx, minutes_markdown
from remedy_tui.screens.triage.small_forms import ExportScreen
from remedy_tui.services.triage.meetings import minutes_data
from remedy_tui.store import Store
from remedy_tui.widgets.key_footer import KeyFooter


class MinutesScreen(Screen[None]):
    """Minutes kept in the store; m saves Markdown, w saves a Word document."""

    TITLE = "Minutes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("m", "save('md')", "Save as Markdown"),
        Binding("w", "save('docx')", "Save as Word"),
    ]

    @dataclass
    class Loaded(Message):
        """The minutes arrived."""

        data: MinutesData

    def __init__(self, store: Store, meeting_id: int) -> None:
        super().__init__()
        self.store, self.meeting_id = store, meeting_id
        self.data: MinutesData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextArea("Loading the minutes...", id="minutes-text", read_only=True, soft_wrap=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#minutes-text").focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="minutes")
    def load(self) -> None:
        """Read the minutes in a worker."""
        with self.store.session() as session:
            data = minutes_data(session=session, meeting_id=self.meeting_id)
        self.post_message(self.Loaded(data))

    @on(Loaded)
    def _show(self, event: Loaded) -> None:
        self.data = event.data
        self.sub_title = event.data.held_on.isoformat()
        # A read-only text area shows the Markdown literally, exactly as it will be saved.
        self.query_one("#minutes-text", TextArea).load_text(minutes_markdown(event.data))

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

            def content() -> bytes:
                return minutes_docx(data)

        def saved(path: object) -> None:
            if path is not None:
                self.notify(f"Saved to {path}", title="Minutes saved", markup=False)

        self.app.push_screen(
            ExportScreen(
                self.store,
                what=what,
                default_name=name,
                content=content,
                subject="triage_meetings",
                record_id=str(self.meeting_id),
            ),
            saved,
        )

"""A member declares a conflict of interest on an agenda item, and so steps out of it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.views.csg import AgendaItemView, AttendanceView
from remedy_tui.widgets import literal


@dataclass(frozen=True)
class ConflictDraft:
    """The member chosen and the conflict as typed; blank details withdraw a declaration."""

    member_id: int
    details: str


class CsgConflictScreen(FormScreen[bool]):
    """Choose the member and say what the conflict is; clearing the text withdraws it."""

    AUTO_FOCUS = "#field-member-id"

    def __init__(
        self,
        item: AgendaItemView,
        members: tuple[AttendanceView, ...],
        submit: Submit[ConflictDraft, bool],
    ) -> None:
        super().__init__()
        self.item = item
        self.members = members
        self.submit = submit
        self.declared = {c.member_id: c.details for c in item.conflicts}

    def compose(self) -> ComposeResult:
        item = self.item
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Static(
                literal(f"Conflict of interest: item {item.position}, {item.who or item.title}"),
                classes="title",
            )
            yield Label("Member")
            yield Select(
                [
                    (
                        f"{m.name}{'  (declared)' if m.member_id in self.declared else ''}",
                        m.member_id,
                    )
                    for m in self.members
                ],
                id="field-member-id",
                prompt="Choose the member",
            )
            yield Label("The conflict (why they step out)")
            yield Input(id="field-details")
            yield self.message_line()
            yield Static(
                "They are shown as stepping out of this item in the agenda and the minutes. "
                "To withdraw a declaration made in error, clear the text and save. "
                "ctrl+s saves · Escape cancels",
                classes="hint",
            )

    @on(Select.Changed, "#field-member-id")
    def _member_chosen(self, event: Select.Changed) -> None:
        details = self.declared.get(event.value) if isinstance(event.value, int) else None
        self.query_one("#field-details", Input).value = details or ""

    def action_save(self) -> None:
        """Declare (or withdraw) the conflict."""
        member = self.query_one("#field-member-id", Select).value
        details = self.query_one("#field-details", Input).value
        if not isinstance(member, int):
            self.show_message("Choose the member who has the conflict.")
            self.query_one("#field-member-id", Select).focus()
            return
        self.send(self.submit, ConflictDraft(member, details))

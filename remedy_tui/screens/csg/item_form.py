"""Adding an agenda item by hand: a dispute, a review brought forward, any other business."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.store.models import AgendaItemKind

KINDS = [
    ("Dispute (the chair decides; the decision is final)", AgendaItemKind.DISPUTE),
    ("Review of a case", AgendaItemKind.REVIEW),
    ("New referral", AgendaItemKind.NEW_REFERRAL),
    ("Other business", AgendaItemKind.OTHER),
]


@dataclass(frozen=True)
class ItemDraft:
    """An agenda item as typed: its kind, case, title and minutes."""

    kind: AgendaItemKind
    case_reference: str
    title: str
    minutes_allotted: str


class CsgItemFormScreen(FormScreen[int]):
    """Kind, case reference, title and minutes; dismisses with the new item's id."""

    AUTO_FOCUS = "#field-kind"

    def __init__(self, submit: Submit[ItemDraft, int]) -> None:
        super().__init__()
        self.submit = submit

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Static("Add an item to the agenda", classes="title")
            yield Label("Kind")
            yield Select(KINDS, value=AgendaItemKind.DISPUTE, allow_blank=False, id="field-kind")
            yield Label("Case reference (e.g. C-000123; blank for other business)")
            yield Input(id="field-case-reference")
            yield Label("Title (for a dispute: what is disputed)")
            yield Input(id="field-title")
            yield Label("Minutes (blank for the usual)")
            yield Input(id="field-minutes-allotted")
            yield self.message_line()
            yield Static("ctrl+s adds · Escape cancels", classes="hint")

    def action_save(self) -> None:
        """Add the item."""
        kind = self.query_one("#field-kind", Select).value
        reference = self.query_one("#field-case-reference", Input).value
        title = self.query_one("#field-title", Input).value
        minutes = self.query_one("#field-minutes-allotted", Input).value
        assert isinstance(kind, AgendaItemKind)
        self.send(self.submit, ItemDraft(kind, reference, title, minutes))

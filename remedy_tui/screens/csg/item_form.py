"""Adding an agenda item by hand: a dispute, a review brought forward, any other business."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from remedy_tui.screens.common.form import FormScreen
from remedy_tui.services.csg import agenda
from remedy_tui.store import Store
from remedy_tui.store.models import AgendaItemKind

KINDS = [
    ("Dispute (the chair decides; the decision is final)", AgendaItemKind.DISPUTE),
    ("Review of a case", AgendaItemKind.REVIEW),
    ("New referral", AgendaItemKind.NEW_REFERRAL),
    ("Other business", AgendaItemKind.OTHER),
]


class CsgItemFormScreen(FormScreen[int]):
    """Kind, case reference, title and minutes; dismisses with the new item's id."""

    AUTO_FOCUS = "#field-kind"

    def __init__(self, store: Store, meeting_id: int) -> None:
        super().__init__()
        self.store = store
        self.meeting_id = meeting_id

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
        store, meeting_id = self.store, self.meeting_id
        assert isinstance(kind, AgendaItemKind)

        def save() -> int:
            with store.session() as session:
                return agenda.add_item(
                    session=session,
                    meeting_id=meeting_id,
                    kind=kind,
                    title=title,
                    case_reference=reference,
                    minutes_allotted=minutes,
                )

        self.save_with(save)

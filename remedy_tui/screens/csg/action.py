"""An action agreed at the meeting for one item: what, who, by when. It lands on the case."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from remedy_tui.screens.common.form import FormScreen
from remedy_tui.services.csg import outcomes
from remedy_tui.store import Store
from remedy_tui.views.csg import ActionView, AgendaItemView
from remedy_tui.widgets import literal


class CsgActionScreen(FormScreen[ActionView]):
    """Description, owner and due date."""

    AUTO_FOCUS = "#field-description"

    def __init__(self, store: Store, item: AgendaItemView) -> None:
        super().__init__()
        self.store = store
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(classes="dialog form"):
            yield Static(
                literal(f"Action for item {item.position}: {item.who or item.title}"),
                classes="title",
            )
            yield Label("The action")
            yield Input(id="field-description")
            yield Label("Who does it (optional)")
            yield Input(id="field-owner")
            yield Label("Due on (YYYY-MM-DD, optional)")
            yield Input(id="field-due-on")
            yield self.message_line()
            yield Static("ctrl+s adds · Escape cancels", classes="hint")

    def action_save(self) -> None:
        """Add the action."""
        values = {
            name: self.query_one(f"#field-{name.replace('_', '-')}", Input).value
            for name in ("description", "owner", "due_on")
        }
        store, item_id = self.store, self.item.id

        def save() -> ActionView:
            with store.session() as session:
                return outcomes.add_action(
                    session=session, actor_id=store.user.id, item_id=item_id, **values
                )

        self.save_with(save)

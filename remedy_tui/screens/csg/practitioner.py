"""Whether the practitioner attends their item (seed 000, point 7) and who represents them."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.views.csg import AgendaItemView
from remedy_tui.widgets import literal

ATTENDING: list[tuple[str, str]] = [
    ("Not yet known", "unknown"),
    ("Attending", "yes"),
    ("Not attending", "no"),
]


def attending_value(choice: object) -> bool | None:
    """The stored value for a choice of ATTENDING."""
    return {"yes": True, "no": False}.get(str(choice))


def attending_choice(value: bool | None) -> str:
    """The choice of ATTENDING for a stored value."""
    return {True: "yes", False: "no", None: "unknown"}[value]


@dataclass(frozen=True)
class AttendingDraft:
    """The practitioner's attendance and representative as chosen and typed."""

    attending: bool | None
    representative: str


class CsgPractitionerScreen(FormScreen[bool]):
    """The practitioner's attendance and representative for one item."""

    AUTO_FOCUS = "#field-practitioner-attending"

    def __init__(self, item: AgendaItemView, submit: Submit[AttendingDraft, bool]) -> None:
        super().__init__()
        self.item = item
        self.submit = submit

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(classes="dialog form"):
            yield Static(literal(f"Item {item.position}: {item.who}"), classes="title")
            yield Label("The practitioner")
            yield Select(
                ATTENDING,
                value=attending_choice(item.practitioner_attending),
                allow_blank=False,
                id="field-practitioner-attending",
            )
            yield Label("Their representative, if any (name and body)")
            yield Input(item.representative, id="field-representative")
            yield self.message_line()
            yield Static("ctrl+s saves · Escape cancels", classes="hint")

    def action_save(self) -> None:
        """Record attendance and representative."""
        attending = attending_value(self.query_one("#field-practitioner-attending", Select).value)
        representative = self.query_one("#field-representative", Input).value
        self.send(self.submit, AttendingDraft(attending, representative))

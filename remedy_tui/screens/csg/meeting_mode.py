"""Meeting mode: step through the agenda recording the discussion, outcome, actions and next
review of each item, and the chair's final decision on a dispute."""

from __future__ import annotations

import contextlib
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Label, Select, Static, TextArea

from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.form import field_id
from remedy_tui.screens.common.typed_work import TypedWork
from remedy_tui.screens.csg.action import ActionDraft, CsgActionScreen
from remedy_tui.screens.csg.practitioner import ATTENDING, attending_choice, attending_value
from remedy_tui.services.csg import detail, outcomes
from remedy_tui.services.csg.allowed import CsgRights, csg_rights
from remedy_tui.services.desk import Desk
from remedy_tui.store.models import AgendaItemKind
from remedy_tui.views.csg import (
    ActionView,
    AgendaItemView,
    MeetingDetail,
    day_text,
    local,
)
from remedy_tui.widgets import literal
from remedy_tui.widgets.key_footer import KeyFooter

TEXT_FIELDS = ("discussion_summary", "outcome", "chair_decision", "chair_reasons")


def _area(field: str, height: int) -> TextArea:
    area = TextArea(id=field_id(field), soft_wrap=True, tab_behavior="focus")
    area.styles.height = height
    return area


class CsgMeetingModeScreen(TypedWork, DeskWork, Screen[None]):
    """One item at a time; ctrl+n and ctrl+b save and move on or back."""

    TITLE = "CSG meeting mode"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+n", "step(1)", "Save, next item", priority=True),
        Binding("ctrl+b", "step(-1)", "Save, previous item", priority=True),
        Binding("ctrl+t", "add_action", "Add action", priority=True),
        Binding("escape", "back", "Back to agenda"),
    ]

    def __init__(self, meeting_id: int, item_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.wanted_item_id = item_id
        self.detail: MeetingDetail | None = None
        self.index = 0
        self.filled_item: AgendaItemView | None = None
        self.refill = True
        self.leaving = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="mm-body", can_focus=False):
            yield Static("", id="mm-heading", classes="title")
            yield Static("", id="mm-context")
            with Horizontal(id="mm-practitioner", classes="form-row"):
                with Vertical():
                    yield Label("The practitioner")
                    yield Select(ATTENDING, allow_blank=False, id="field-practitioner-attending")
                with Vertical():
                    yield Label("Representative (if any)")
                    yield Input(id="field-representative")
            yield Label("Discussion summary (the reasons for the outcome)")
            yield _area("discussion_summary", 6)
            with Vertical(id="mm-dispute"):
                yield Label(
                    "The chair's decision on the dispute (final once saved)",
                    id="mm-dispute-label",
                )
                yield _area("chair_decision", 3)
                yield Label("The chair's reasons")
                yield _area("chair_reasons", 3)
            yield Label("Outcome")
            yield _area("outcome", 4)
            yield Label("Next CSG review (YYYY-MM-DD; blank for none)")
            yield Input(id="field-next-review-on")
            yield Static("", id="mm-actions")
            yield Static("", id="form-message", classes="message error")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer adding an action only to whoever the role matrix lets add one to a case."""
        if action == "add_action":
            return self.rights.adds_actions
        return True

    @property
    def rights(self) -> CsgRights:
        """What the signed-in person may record here beyond the meeting's own record."""
        return csg_rights(self.access)

    def on_mount(self) -> None:
        if not self.rights.records_on_the_case:
            self.query_one("#mm-dispute-label", Label).update(
                "The chair's decision on the dispute: a case manager records it, with its "
                "reasons, as one of the case's decisions (your role may not write them)"
            )
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from adding an action: show it, keeping whatever was typed."""
        if self.detail is not None:
            self.reload()

    def reload(self) -> None:
        """Fetch the meeting and its items."""
        meeting_id = self.meeting_id
        self.ask(lambda desk: desk.read(detail.meeting_detail, meeting_id=meeting_id), self.show)

    # Showing ------------------------------------------------------------------------------------

    @property
    def item(self) -> AgendaItemView | None:
        """The item on screen."""
        if self.detail is None or not self.detail.items:
            return None
        return self.detail.items[min(self.index, len(self.detail.items) - 1)]

    def show(self, detail: MeetingDetail) -> None:
        """Show the current item; its fields are filled when it is first shown or saved."""
        self.detail = detail
        if self.wanted_item_id is not None:
            ids = [i.id for i in detail.items]
            self.index = ids.index(self.wanted_item_id) if self.wanted_item_id in ids else 0
            self.wanted_item_id = None
        item = self.item
        if item is None:
            self.query_one("#mm-heading", Static).update("The agenda has no items.")
            return
        meeting = detail.meeting
        who = item.who or "no case"
        self.query_one("#mm-heading", Static).update(
            literal(
                f"Item {item.position} of {len(detail.items)} · {item.kind.label} · {who} · "
                f"{item.minutes_allotted} min from {local(item.planned_start):%H:%M} · "
                f"meeting of {day_text(local(meeting.starts_at).date())}"
            )
        )
        self.query_one("#mm-context", Static).update(literal(self._context_text(item)))
        self.query_one("#mm-actions", Static).update(literal(self._actions(item)))
        self.query_one("#mm-practitioner").display = item.case_id is not None
        self.query_one("#mm-dispute").display = item.kind is AgendaItemKind.DISPUTE
        if self.refill or self.filled_item is None or self.filled_item.id != item.id:
            self._fill(item)
        else:
            self.filled_item = item  # same item, newer version (an action was added)

    def _context_text(self, item: AgendaItemView) -> str:
        assert self.detail is not None
        lines = [
            item.title,
            item.referral_text,
            item.steps_out_text(self.detail.meeting.chair_member_id),
        ]
        return "\n".join(line for line in lines if line)

    def _actions(self, item: AgendaItemView) -> str:
        if not item.actions:
            if not self.rights.adds_actions:
                return "Actions: none yet (a case manager adds them: they land on the case)."
            return "Actions: none yet (ctrl+t adds one; it lands on the case)."
        lines = ["Actions:"]
        for action in item.actions:
            extra = ", ".join(
                part
                for part in (
                    action.owner,
                    f"due {day_text(action.due_on)}" if action.due_on else "",
                )
                if part
            )
            lines.append(f"  • {action.description}" + (f" ({extra})" if extra else ""))
        return "\n".join(lines)

    def _fill(self, item: AgendaItemView) -> None:
        self.filled_item = item
        self.refill = False
        self.query_one("#field-practitioner-attending", Select).value = attending_choice(
            item.practitioner_attending
        )
        self.query_one("#field-representative", Input).value = item.representative
        self.query_one("#field-next-review-on", Input).value = (
            item.next_review_on.isoformat() if item.next_review_on else ""
        )
        for field in TEXT_FIELDS:
            area = self.query_one(f"#{field_id(field)}", TextArea)
            area.text = getattr(item, field)
        closed = bool(item.chair_decision) or not self.rights.records_on_the_case
        for field in ("chair_decision", "chair_reasons"):
            self.query_one(f"#{field_id(field)}", TextArea).read_only = closed
        self.query_one("#form-message", Static).update("")
        self.leaving = False
        with contextlib.suppress(NoMatches):
            self.query_one("#field-discussion-summary", TextArea).focus()

    # Saving -----------------------------------------------------------------------------------

    def _typed(self) -> dict[str, object]:
        values: dict[str, object] = {
            field: self.query_one(f"#{field_id(field)}", TextArea).text for field in TEXT_FIELDS
        }
        values["representative"] = self.query_one("#field-representative", Input).value
        values["next_review_on"] = self.query_one("#field-next-review-on", Input).value
        values["practitioner_attending"] = attending_value(
            self.query_one("#field-practitioner-attending", Select).value
        )
        return values

    @property
    def has_typed(self) -> bool:
        """Whether the item shown holds typing not saved yet."""
        return self._dirty()

    def _dirty(self) -> bool:
        item = self.filled_item
        if item is None:
            return False
        typed = self._typed()
        stored: dict[str, object] = {field: getattr(item, field) for field in TEXT_FIELDS}
        stored["representative"] = item.representative
        stored["next_review_on"] = item.next_review_on.isoformat() if item.next_review_on else ""
        stored["practitioner_attending"] = item.practitioner_attending
        return any(str(typed[k] or "").strip() != str(stored[k] or "").strip() for k in typed)

    def _save(self, then: int) -> None:
        item = self.filled_item
        if item is None:
            return
        typed = self._typed()
        if item.case_id is None:
            typed["practitioner_attending"] = None
            typed["representative"] = ""
        self.query_one("#form-message", Static).update("Saving...")

        def save(desk: Desk) -> None:
            desk.change(
                outcomes.record_item,
                item_id=item.id,
                expected_version=item.version,
                **typed,
            )

        def saved(_: None) -> None:
            self.notify(f"Item {item.position} saved.", markup=False)
            self._move(then)
            self.reload()

        self.ask(save, saved, change=True)

    def _move(self, step: int) -> None:
        if self.detail is None:
            return
        last = len(self.detail.items) - 1
        target = self.index + step
        if step and not 0 <= target <= last:
            self.notify(
                "That was the last item: Escape returns to the agenda, where h marks the "
                "meeting held and d produces the minutes."
                if step > 0
                else "This is the first item.",
                markup=False,
            )
            target = self.index
        self.index = target
        self.refill = True
        self.query_one("#mm-body", VerticalScroll).scroll_home(animate=False)

    def refused(self, message: str, field: str | None = None) -> None:
        """Say why, beside the field at fault; what was typed stays."""
        self.query_one("#form-message", Static).update(literal(message))
        if field:
            with contextlib.suppress(NoMatches):
                self.query_one(f"#{field_id(field)}", Widget).focus()

    def action_save(self) -> None:
        """Save this item."""
        self._save(0)

    def action_step(self, step: int) -> None:
        """Save this item if it changed, then show the next (or previous) one."""
        if self._dirty():
            self._save(step)
        else:
            self._move(step)
            if self.detail is not None:
                self.show(self.detail)

    def action_add_action(self) -> None:
        """An action agreed for this item; it lands on the case."""
        item = self.item
        if item is None:
            return
        item_id = item.id

        def add(desk: Desk, draft: ActionDraft) -> ActionView:
            return desk.change(
                outcomes.add_action,
                item_id=item_id,
                description=draft.description,
                owner=draft.owner,
                due_on=draft.due_on,
            )

        self.app.push_screen(CsgActionScreen(item, add))

    def action_back(self) -> None:
        """Back to the agenda; unsaved changes need a second Escape."""
        if self._dirty() and not self.leaving:
            self.leaving = True
            self.query_one("#form-message", Static).update(
                "This item has unsaved changes: ctrl+s saves them, Escape again leaves without "
                "saving."
            )
            return
        self.dismiss(None)

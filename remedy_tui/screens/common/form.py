"""The shape every form in Remedy shares: a modal with fields, one message line, ctrl+s to save
and Escape to cancel.

A form holds no store: it reads what was typed into a draft and hands it to ``submit``, a
callable the screen that opened the form gave it, which says what to write through the desk.
The form dismisses with what ``submit`` returned; a refusal shows its message, puts the cursor
on the field at fault, and keeps everything typed."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioButton, Select, Static, Switch, TextArea

from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.typed_work import TypedWork
from remedy_tui.services.common.errors import DomainError
from remedy_tui.services.desk import Desk
from remedy_tui.store import StoreError
from remedy_tui.widgets import literal

ResultT = TypeVar("ResultT")
DraftT = TypeVar("DraftT")

# What a form is given to save with: the desk and the draft in, the form's result out.
Submit = Callable[[Desk, DraftT], ResultT]


def field_id(field: str) -> str:
    """The widget id used for a service field name (``rationale`` -> ``field-rationale``)."""
    return "field-" + field.replace("_", "-")


class FormScreen(TypedWork, DeskWork, ModalScreen[ResultT], Generic[ResultT]):
    """A form: Enter moves to the next field, ctrl+s saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save_when_typed", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    # What the fields held when the form opened, to tell what was typed since.
    _as_opened: dict[str, object] | None = None

    def on_mount(self) -> None:
        # Runs after a subclass's own on_mount (Textual calls each class's handler, the
        # subclass first), so values a form fills in as it opens count as the form's own.
        self._as_opened = self.field_values()

    def field_values(self) -> dict[str, object]:
        """What each field holds now, by widget id: text, choice or tick."""
        values: dict[str, object] = {}
        for widget in self.query("Input, TextArea, Select, Checkbox, RadioButton, Switch"):
            if widget.id is None:
                continue
            if isinstance(widget, TextArea):
                values[widget.id] = widget.text
            elif isinstance(widget, Input | Select | Checkbox | RadioButton | Switch):
                values[widget.id] = widget.value
        return values

    @property
    def has_typed(self) -> bool:
        """Whether anything was typed or chosen since the form opened (and is not saved)."""
        return self._as_opened is not None and self.field_values() != self._as_opened

    def message_line(self) -> Static:
        """The line that says what is wrong (compose it with ``id="form-message"``)."""
        return Static("", id="form-message", classes="message error")

    def show_message(self, text: str, *, error: bool = True) -> None:
        """Say something on the message line."""
        try:
            line = self.query_one("#form-message", Static)
        except NoMatches:
            self.notify(text, severity="error" if error else "information", markup=False)
            return
        line.update(literal(text))
        line.set_class(error, "error")

    def show_error(self, error: BaseException) -> None:
        """Show why saving was refused, and put the cursor on the field at fault."""
        if isinstance(error, DomainError | StoreError):
            self.refused(str(error), getattr(error, "field", None))
        else:
            self.show_message("Could not save; nothing was changed.")

    def refused(self, message: str, field: str | None = None) -> None:
        """Show why saving was refused on the message line, and go to the field at fault."""
        self.show_message(message)
        if field is not None:
            with contextlib.suppress(NoMatches):
                self.query_one(f"#{field_id(field)}", Widget).focus()

    # Saving: one at a time, so a second ctrl+s while the first is at the desk does not
    # write the same entry twice.
    _saving = False

    def on_desk_work_refused(self, message: DeskWork.Refused) -> None:
        # DeskWork's own handler runs next (Textual calls each class's handler in turn) and
        # shows the refusal through ``refused``.
        self._saving = False

    def on_desk_work_failed(self, message: DeskWork.Failed) -> None:
        # DeskWork's own handler runs next and reports the failure in the error dialog.
        self._saving = False
        self.show_message("Could not save; nothing was changed.")

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    def action_save(self) -> None:
        """Check and save (subclasses)."""
        raise NotImplementedError

    def action_save_when_typed(self) -> None:
        """Save once the focused field has taken every key typed before ctrl+s.

        ctrl+s is a priority key, handled as soon as it arrives, while the keys before it may
        still be waiting in the field's queue (fast typing, keys sent by a terminal multiplexer);
        reading the fields now would save the text cut short.
        """
        focused = self.focused
        if focused is None:
            self.action_save()
        else:
            focused.call_later(self.action_save)

    def send(self, submit: Submit[DraftT, ResultT], draft: DraftT) -> None:
        """Hand ``draft`` to ``submit`` at the desk; dismiss with its result, or show why not."""
        if self._saving:
            return
        self._saving = True
        self.show_message("Saving...", error=False)
        self.ask(lambda desk: submit(desk, draft), self._submitted, change=True, group="form-save")

    def _submitted(self, result: ResultT) -> None:
        self.dismiss(result)

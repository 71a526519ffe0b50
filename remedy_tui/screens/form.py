"""The shape every form in Remedy shares: a modal with fields, one message line, ctrl+s to save
and Escape to cancel. Saving runs the service in a worker; a refusal shows its message and
puts the cursor on the field at fault, and nothing is stored."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from remedy_tui.services.errors import DomainError, ValidationError
from remedy_tui.store import StoreError
from remedy_tui.widgets import literal

ResultT = TypeVar("ResultT")


def field_id(field: str) -> str:
    """The widget id used for a service field name (``rationale`` -> ``field-rationale``)."""
    return "field-" + field.replace("_", "-")


class FormScreen(ModalScreen[ResultT], Generic[ResultT]):
    """A form: Enter moves to the next field, ctrl+s saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save_when_typed", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

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
            self.show_message(str(error))
        else:
            self.show_message(f"Could not save ({type(error).__name__}); nothing was changed.")
        if isinstance(error, ValidationError):
            with contextlib.suppress(NoMatches):
                self.query_one(f"#{field_id(error.field)}", Widget).focus()

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

    def save_with(self, fn: Callable[[], ResultT]) -> None:
        """Run ``fn`` (a service call) in a worker; dismiss with its result, or show why not."""
        self.show_message("Saving...", error=False)
        self._save_worker(fn)

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-save")
    def _save_worker(self, fn: Callable[[], ResultT]) -> ResultT:
        return fn()

    @on(Worker.StateChanged)
    def _saved(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "form-save":
            return
        event.stop()
        if event.state == WorkerState.SUCCESS:
            result: Any = event.worker.result
            self.dismiss(result)
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            self.show_error(event.worker.error)

"""The shape of the case screen's forms: a title, labelled fields one to a line, the message
line and the keys; each form says which fields it has and reads them into its draft, and the
screen that opened it says what saving the draft writes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from remedy_tui.screens.common.form import FormScreen, Submit, field_id
from remedy_tui.widgets import literal
from remedy_tui.widgets.field_row import FieldRow
from remedy_tui.widgets.limited_text_area import LimitedTextArea
from remedy_tui.widgets.tick_box import TickBox

ResultT = TypeVar("ResultT")
DraftT = TypeVar("DraftT")
HINT = "Tab: next field · ctrl+s: save · Escape: cancel"
# The longest text any case form takes (a timeline entry's); services set their own limits.
LONG_TEXT = 50_000


def text_input(name: str, value: str = "", placeholder: str = "") -> Input:
    """A one-line field for the service field ``name``."""
    return Input(value, id=field_id(name), placeholder=placeholder, compact=True)


def text_area(name: str, value: str = "", *, limit: int = LONG_TEXT) -> LimitedTextArea:
    """A multi-line field for the service field ``name`` (Tab leaves it)."""
    return LimitedTextArea(value, id=field_id(name), max_length=limit)


def choice(
    name: str, options: Iterable[tuple[str, Any]], value: Any = None, *, blank: bool = False
) -> Select[Any]:
    """A drop-down for ``name`` of (words, value): Enter opens it, arrows move, Enter chooses."""
    return Select(
        [(literal(label), key) for label, key in options],
        id=field_id(name),
        value=value if value is not None else Select.NULL,
        allow_blank=blank,
        compact=True,
    )


def keywords(draft: Any) -> dict[str, Any]:
    """A draft's fields as keyword arguments (its names are the service's), one level deep."""
    return {item.name: getattr(draft, item.name) for item in fields(draft)}


def tick(name: str, label: str, value: bool = False) -> Checkbox:
    """A yes/no box for ``name``: space ticks it."""
    return TickBox(label, value, id=field_id(name), compact=True)


class CaseForm(FormScreen[ResultT], Generic[DraftT, ResultT]):
    """A form about one case: it reads its fields into a draft and hands it to ``submit``."""

    HEADING = "Form"

    def __init__(self, submit: Submit[DraftT, ResultT]) -> None:
        super().__init__()
        self.submit = submit

    def fields(self) -> ComposeResult:
        """The form's rows (subclasses)."""
        raise NotImplementedError

    def intro(self) -> str:
        """A line under the title, if the form needs one."""
        return ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog case-form"):
            yield Static(literal(self.HEADING), classes="title")
            if self.intro():
                yield Static(literal(self.intro()), classes="muted form-intro")
            with VerticalScroll(classes="form-body"):
                yield from self.fields()
            yield self.message_line()
            yield Static(HINT, classes="hint")

    @on(LimitedTextArea.Refused)
    def _too_long(self, event: LimitedTextArea.Refused) -> None:
        self.show_message(
            f"That paste would make the text {event.length:,} characters long; the limit is "
            f"{event.limit:,}. Nothing was pasted."
        )

    def row(self, label: str, field: Any) -> FieldRow:
        """A labelled row."""
        return FieldRow(label, field)

    def value(self, name: str) -> str:
        """What is typed in the text field for ``name``."""
        widget = self.query_one(f"#{field_id(name)}")
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        raise TypeError(name)

    def chosen(self, name: str) -> Any:
        """The value chosen in the drop-down for ``name`` (None if nothing)."""
        select = self.query_one(f"#{field_id(name)}", Select)
        return None if select.value is Select.NULL else select.value

    def ticked(self, name: str) -> bool:
        """Whether the box for ``name`` is ticked."""
        return self.query_one(f"#{field_id(name)}", Checkbox).value

    def typed(self, name: str) -> Any:
        """The field for ``name`` as it stands: text, the value chosen ("" if none), or a tick."""
        widget = self.query_one(f"#{field_id(name)}")
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else widget.value
        return self.value(name)

    def save(self, draft: DraftT) -> None:
        """Hand the draft to ``submit``; the form closes with its result, or says why not."""
        self.send(self.submit, draft)

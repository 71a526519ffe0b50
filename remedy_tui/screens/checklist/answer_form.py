"""Answering one question of the framework: the answer chosen with a key, then its rationale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static, TextArea

from remedy_tui import clock
from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.checklist.answers import AnswerChangedError, AnswerView
from remedy_tui.store.models import ChecklistResponse
from remedy_tui.views.framework import Question
from remedy_tui.widgets.framework_outline import answer_label
from remedy_tui.widgets.literal import literal, pieces

ResultT = TypeVar("ResultT")


def now_line(current: AnswerView | None) -> Static:
    """The answer the question has now, with who and when."""
    if current is None:
        return Static(pieces(("Not answered yet.", "$text-muted")), id="answer-now")
    return Static(_now(current), id="answer-now")


def _now(current: AnswerView) -> Content:
    label, style = answer_label(current.response)
    when = f" · {current.answered_by}, {clock.local_text(current.answered_at)}"
    reasons = current.rationale or "(no reasons given)"
    return pieces("Now: ", (label, style), (when, "$text-muted"), "\n", (reasons, "$text-muted"))


@dataclass(frozen=True)
class AnswerDraft:
    """The rationale typed, and the answer it was typed against (to notice a colleague's)."""

    rationale: str
    seen_answer_id: int | None


class AnswerForm(FormScreen[ResultT], Generic[ResultT]):
    """The rationale for an answer; a No or an Unknown is refused without one."""

    def __init__(
        self,
        *,
        question: Question,
        response: ChecklistResponse,
        current: AnswerView | None,
        submit: Submit[AnswerDraft, ResultT],
    ) -> None:
        super().__init__()
        self.question = question
        self.response = response
        self.seen_answer_id = current.id if current else None
        self.current = current
        self.submit = submit

    def compose(self) -> ComposeResult:
        label, style = answer_label(self.response)
        need = (
            "a Yes without reasons is kept, marked as missing them"
            if self.response is ChecklistResponse.YES
            else "required: what is missing, and what will follow"
        )
        with Vertical(classes="dialog answer-form"):
            yield Static(pieces((f"{self.question.id}  ", "bold"), (label, style)), classes="title")
            yield Static(literal(self.question.text), classes="muted question-text")
            yield now_line(self.current)
            yield Label(f"Rationale and updates ({need})")
            yield TextArea(id="field-rationale", soft_wrap=True)
            yield Static("ctrl+s saves · Escape cancels", classes="hint")
            yield self.message_line()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        """Save the answer with its rationale."""
        draft = AnswerDraft(self.query_one(TextArea).text, self.seen_answer_id)
        self.send(self.submit, draft)

    def on_desk_work_refused(self, message: DeskWork.Refused) -> None:
        """A colleague's newer answer is shown, and saving again records this one after it."""
        # The refusal itself is then said on the message line, as for any other.
        error = message.error
        if isinstance(error, AnswerChangedError):
            self.seen_answer_id = error.current.id
            self.query_one("#answer-now", Static).update(_now(error.current))

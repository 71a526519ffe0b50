"""Answering one question of the framework: the answer chosen with a key, then its rationale."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static, TextArea

from remedy_tui import clock
from remedy_tui.screens.common.form import FormScreen
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.checklist.answers import AnswerChangedError, AnswerView, ChecklistState
from remedy_tui.store import Store
from remedy_tui.store.models import ChecklistResponse
from remedy_tui.views.framework import Question
from remedy_tui.widgets.framework_outline import answer_label
from remedy_tui.widgets.literal import literal, pieces


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
class Answered:
    """The answer saved, and the case's checklist read back after it (in the same worker)."""

    answer: AnswerView
    state: ChecklistState


class AnswerForm(FormScreen[Answered]):
    """The rationale for an answer; a No or an Unknown is refused without one."""

    def __init__(
        self,
        store: Store,
        *,
        case_id: int,
        question: Question,
        response: ChecklistResponse,
        current: AnswerView | None,
    ) -> None:
        super().__init__()
        self.store = store
        self.case_id = case_id
        self.question = question
        self.response = response
        self.seen_answer_id = current.id if current else None
        self.current = current

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
        text = self.query_one(TextArea).text
        self.save_with(partial(self._save, text, self.seen_answer_id))

    def _save(self, rationale: str, seen: int | None) -> Answered:
        with self.store.session() as session:
            saved = checklist.answer(
                session=session,
                actor_id=self.store.user.id,
                case_id=self.case_id,
                question_id=self.question.id,
                response=self.response,
                rationale=rationale,
                seen_answer_id=seen,
            )
            # Read the saved state back here, so the checklist redraws once, as the form closes.
            return Answered(saved, checklist.state(session=session, case_id=self.case_id))

    def show_error(self, error: BaseException) -> None:
        """A colleague's newer answer is shown, and saving again records this one after it."""
        if isinstance(error, AnswerChangedError):
            self.seen_answer_id = error.current.id
            self.query_one("#answer-now", Static).update(_now(error.current))
        super().show_error(error)

"""The fairness checklist of one case: every question answered Yes, No or Unknown with one key,
each answer with its rationale and updates, No and Unknown turned into actions, and export."""

from __future__ import annotations

from typing import ClassVar

from sqlmodel import Session
from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList

from remedy_tui.screens.checklist.answer_form import Answered, AnswerForm
from remedy_tui.screens.checklist.export_form import ExportForm
from remedy_tui.screens.checklist.follow_up_form import FollowUpForm
from remedy_tui.screens.checklist.framework_view import VIEW_BINDINGS, FrameworkScreen
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.checklist.export import ExportResult
from remedy_tui.services.common import users
from remedy_tui.store import Store
from remedy_tui.store.models import ChecklistResponse
from remedy_tui.views.checklist import AnswerView, ChecklistAction, ChecklistState
from remedy_tui.views.framework import Part
from remedy_tui.widgets.framework_outline import OutlineData, progress_pieces
from remedy_tui.widgets.literal import pieces
from remedy_tui.widgets.question_detail import QuestionView


class ChecklistScreen(FrameworkScreen):
    """The framework beside the case, answered question by question from the keyboard."""

    TITLE = "Fairness checklist"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('yes')", "Yes"),
        Binding("n", "answer('no')", "No"),
        Binding("u", "answer('unknown')", "Unknown"),
        Binding("e", "update", "Update"),
        Binding("a", "follow_up", "Action"),
        Binding("x", "export", "Export"),
        Binding("r", "reload", "Reload", show=False),
        *VIEW_BINDINGS,
    ]

    def __init__(self, store: Store, case_id: int) -> None:
        super().__init__(store)
        self.case_id = case_id
        self.state: ChecklistState | None = None
        self.team: list[tuple[str, int]] = []

    def fetch(self, session: Session) -> tuple[ChecklistState, list[tuple[str, int]]]:
        """The case's framework, and the team (once) to choose action owners from."""
        state = checklist.state(session=session, case_id=self.case_id)
        team = self.team or [
            (user.full_name, user.id)
            for user in users.list_users(
                session=session, keys=self.store.keys, include_disabled=False
            )
        ]
        return state, team

    def loaded(self, data: tuple[ChecklistState, list[tuple[str, int]]]) -> None:
        self.state, self.team = data
        self.sub_title = f"{self.state.reference} · {self.state.practitioner}"
        self.redraw()

    # What the framework view shows ---------------------------------------------------------

    def outline_data(self) -> OutlineData | None:
        if self.state is None:
            return None
        return OutlineData(
            self.state.framework, self.state.answers, self.state.actions, self.part_shown
        )

    def part_reached(self, part: Part) -> bool:
        return self.state is not None and self.state.part_reached(part)

    def question_view(self, question_id: str) -> QuestionView | None:
        if self.state is None:
            return None
        question = self.state.framework.question(question_id)
        principle = next(
            p.title for p in self.state.framework.principles if p.number == question.principle
        )
        return QuestionView(
            question=question,
            principle=principle,
            answers=self.state.answers.get(question_id, ()),
            actions=self.state.actions.get(question_id, ()),
            history_open=self.history_open,
        )

    def heading(self) -> Content:
        assert self.state is not None
        state = self.state
        summary = state.summary()
        missing = summary.reasons_missing
        return Content("\n").join(
            [
                pieces(
                    (f"{state.reference}  {state.practitioner}", "bold"),
                    ("   Fairness:", ""),
                    *progress_pieces(summary, indent=" "),
                    (f" · {missing} Yes without reasons" if missing else "", "$warning"),
                ),
                pieces(
                    (
                        f"Edition {state.framework.edition} of the {state.framework.title}, "
                        f"{state.framework.publisher}",
                        "$text-muted",
                    )
                ),
            ]
        )

    # Keys ----------------------------------------------------------------------------------

    def _chosen(self) -> tuple[str, AnswerView | None] | None:
        question_id = self.outline.highlighted_question
        if self.state is None:
            self.notify("The checklist is still loading.", markup=False)
            return None
        if question_id is None:
            self.notify("Choose a question first (arrow keys).", markup=False)
            return None
        return question_id, self.state.current(question_id)

    def action_answer(self, response: str) -> None:
        """Answer the highlighted question, then write its rationale."""
        chosen = self._chosen()
        if chosen is None or self.state is None:
            return
        question_id, current = chosen
        self.app.push_screen(
            AnswerForm(
                self.store,
                case_id=self.case_id,
                question=self.state.framework.question(question_id),
                response=ChecklistResponse(response),
                current=current,
            ),
            self._answered,
        )

    def action_update(self) -> None:
        """Add an update to the current answer (the same answer, new rationale)."""
        chosen = self._chosen()
        if chosen is None:
            return
        question_id, current = chosen
        if current is None:
            self.notify(f"{question_id} is not answered yet: y, n or u answers it.", markup=False)
            return
        self.action_answer(current.response.value)

    @on(OptionList.OptionSelected, "#framework-outline")
    def _selected(self) -> None:
        self.action_update()

    def _answered(self, answered: Answered | None) -> None:
        if answered is None:
            return
        self.state = answered.state
        self.redraw()
        saved = answered.answer
        note = " The reasons are missing." if saved.reasons_missing else ""
        self.notify(
            f"{saved.question_id} answered {saved.response.label}.{note}",
            severity="warning" if note else "information",
            markup=False,
        )

    def action_follow_up(self) -> None:
        """Make the highlighted No or Unknown an action on the case."""
        chosen = self._chosen()
        if chosen is None or self.state is None:
            return
        question_id, current = chosen
        if current is None or current.response is ChecklistResponse.YES:
            now = "not answered" if current is None else "answered Yes"
            self.notify(
                f"{question_id} is {now}: only a No or an Unknown becomes an action.",
                markup=False,
            )
            return
        self.app.push_screen(
            FollowUpForm(
                self.store,
                case_id=self.case_id,
                question=self.state.framework.question(question_id),
                current=current,
                team=self.team,
            ),
            self._followed_up,
        )

    def _followed_up(self, action: ChecklistAction | None) -> None:
        if action is None:
            return
        due = action.due_on.isoformat() if action.due_on else "no date"
        self.notify(
            f"Action from {action.question_id} added: {action.owner}, due {due}.", markup=False
        )
        self.load()

    def action_export(self) -> None:
        """Export the case's framework as Word and/or Markdown, to a place you choose."""
        if self.state is not None:
            self.app.push_screen(
                ExportForm(self.store, case_id=self.case_id, reference=self.state.reference),
                self._exported,
            )

    def _exported(self, result: ExportResult | None) -> None:
        if result is None:
            return
        folder = result.paths[0].parent
        names = "\n".join(path.name for path in result.paths)
        self.notify(f"In {folder}:\n{names}", title="Exported", markup=False, timeout=15)

    def action_reload(self) -> None:
        """Read the checklist again (to see a colleague's answers)."""
        self.load()

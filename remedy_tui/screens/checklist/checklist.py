"""The fairness checklist of one case: every question answered Yes, No or Unknown with one key,
each answer with its rationale and updates, No and Unknown turned into actions, and export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList

from remedy_tui.screens.checklist.answer_form import AnswerDraft, AnswerForm
from remedy_tui.screens.checklist.export_form import ExportDraft, ExportForm
from remedy_tui.screens.checklist.follow_up_form import FollowUpDraft, FollowUpForm
from remedy_tui.screens.checklist.framework_view import VIEW_BINDINGS, FrameworkScreen
from remedy_tui.screens.common.desk_work import DeskWork, HasDesk
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.checklist.actions import add_action
from remedy_tui.services.checklist.export import ExportResult, export_checklist
from remedy_tui.services.common.team import Colleague, colleagues
from remedy_tui.services.desk import Desk
from remedy_tui.store.models import ChecklistResponse
from remedy_tui.views.checklist import AnswerView, ChecklistAction, ChecklistState
from remedy_tui.views.framework import FrameworkError, Part
from remedy_tui.widgets.framework_outline import OutlineData, progress_pieces
from remedy_tui.widgets.literal import pieces
from remedy_tui.widgets.question_detail import QuestionView


@dataclass(frozen=True)
class ChecklistRead:
    """A case's checklist, and the team to choose action owners from."""

    state: ChecklistState
    team: tuple[Colleague, ...]


def read_checklist(desk: Desk, case_id: int, team: tuple[Colleague, ...] = ()) -> ChecklistRead:
    """The case's framework as answered, and the team (read once: pass it back to keep it)."""
    with desk.reading() as reads:
        return ChecklistRead(
            reads.read(checklist.state, case_id=case_id), team or reads.read(colleagues)
        )


@dataclass(frozen=True)
class Answered:
    """The answer saved, and the case's checklist read back after it (in the same worker)."""

    answer: AnswerView
    state: ChecklistState


def open_checklist(asker: Screen[Any], case_id: int) -> None:
    """Read a case's checklist, then show it, so it is drawn once with its answers (drawing it
    empty first, then again, was most of the time from the key to the checklist shown)."""
    if not isinstance(asker, DeskWork):
        # A screen that cannot ask the desk: the checklist reads itself once shown.
        asker.app.push_screen(ChecklistScreen(case_id))
        return

    def read(desk: Desk) -> tuple[Desk, ChecklistRead | None]:
        try:
            return desk, read_checklist(desk, case_id)
        except FrameworkError:
            # The checklist screen reads again and names what is wrong with the framework.
            return desk, None

    def show(answer: tuple[Desk, ChecklistRead | None]) -> None:
        desk, read = answer
        # Locked (or signed in afresh) while it was being read: not shown over the unlock screen.
        if cast(HasDesk, asker.app).desk is desk:
            asker.app.push_screen(ChecklistScreen(case_id, preloaded=read))

    asker.ask(read, show, group="open-checklist")


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

    def __init__(self, case_id: int, *, preloaded: ChecklistRead | None = None) -> None:
        super().__init__(preloaded)
        self.case_id = case_id
        self.state: ChecklistState | None = None
        self.team: tuple[Colleague, ...] = ()

    def reader(self) -> Callable[[Desk], ChecklistRead]:
        """The case's framework, and the team (once) to choose action owners from."""
        case_id, team = self.case_id, self.team
        return lambda desk: read_checklist(desk, case_id, team)

    def loaded(self, data: ChecklistRead) -> None:
        self.state, self.team = data.state, data.team
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
        answer = ChecklistResponse(response)
        self.app.push_screen(
            AnswerForm(
                question=self.state.framework.question(question_id),
                response=answer,
                current=current,
                submit=self._save_answer(question_id, answer),
            ),
            self._answered,
        )

    def _save_answer(
        self, question_id: str, response: ChecklistResponse
    ) -> Submit[AnswerDraft, Answered]:
        case_id = self.case_id

        def submit(desk: Desk, draft: AnswerDraft) -> Answered:
            saved = desk.change(
                checklist.answer,
                case_id=case_id,
                question_id=question_id,
                response=response,
                rationale=draft.rationale,
                seen_answer_id=draft.seen_answer_id,
            )
            # Read back in the same worker, so the checklist redraws once, as the form closes.
            return Answered(saved, desk.read(checklist.state, case_id=case_id))

        return submit

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
        case_id = self.case_id

        def submit(desk: Desk, draft: FollowUpDraft) -> ChecklistAction:
            return desk.change(
                add_action,
                case_id=case_id,
                question_id=question_id,
                description=draft.description,
                owner_id=draft.owner_id,
                owner_name=draft.owner_name,
                due_on=draft.due_on,
            )

        self.app.push_screen(
            FollowUpForm(
                question=self.state.framework.question(question_id),
                current=current,
                team=self.team,
                submit=submit,
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
        if self.state is None:
            return
        case_id = self.case_id

        def submit(desk: Desk, draft: ExportDraft) -> ExportResult:
            return desk.change(
                export_checklist,
                case_id=case_id,
                folder=draft.folder,
                name=draft.name,
                word=draft.word,
                markdown=draft.markdown,
            )

        self.app.push_screen(
            ExportForm(reference=self.state.reference, submit=submit), self._exported
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

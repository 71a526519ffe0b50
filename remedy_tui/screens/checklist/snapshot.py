"""The fairness checklist as it stood when a decision was recorded: what had been considered."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content

from remedy_tui import clock
from remedy_tui.screens.checklist.framework_view import VIEW_BINDINGS, FrameworkScreen
from remedy_tui.services.checklist.snapshots import DecisionChecklist, decision_checklist
from remedy_tui.services.desk import Desk
from remedy_tui.widgets.framework_outline import OutlineData, progress_pieces
from remedy_tui.widgets.literal import pieces
from remedy_tui.widgets.question_detail import QuestionView


class ChecklistSnapshotScreen(FrameworkScreen):
    """Read-only: the answers kept with one decision, every section shown."""

    TITLE = "Fairness checklist at a decision"
    BINDINGS: ClassVar[list[BindingType]] = VIEW_BINDINGS

    def __init__(self, decision_id: int) -> None:
        super().__init__()
        self.decision_id = decision_id
        self.kept: DecisionChecklist | None = None
        self.show_all = True

    def reader(self) -> Callable[[Desk], DecisionChecklist]:
        """The decision and the checklist kept with it."""
        decision_id = self.decision_id
        return lambda desk: desk.read(decision_checklist, decision_id=decision_id)

    def loaded(self, data: DecisionChecklist) -> None:
        self.kept = data
        self.sub_title = f"{data.reference} · {data.practitioner}"
        self.redraw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Every section of a kept checklist is shown."""
        return action != "all_sections"

    def outline_data(self) -> OutlineData | None:
        if self.kept is None:
            return None
        answers = {qid: (answer,) for qid, answer in self.kept.answers.items()}
        return OutlineData(self.kept.framework, answers, {}, self.part_shown)

    def question_view(self, question_id: str) -> QuestionView | None:
        if self.kept is None:
            return None
        framework = self.kept.framework
        question = framework.question(question_id)
        principle = next(p.title for p in framework.principles if p.number == question.principle)
        kept = self.kept.answers.get(question_id)
        return QuestionView(
            question=question,
            principle=principle,
            # Newest first, as a live question's: the kept answer, then what came before it.
            answers=(kept, *reversed(kept.earlier)) if kept else (),
            editable=False,
        )

    def heading(self) -> Content:
        assert self.kept is not None
        kept = self.kept
        when = clock.local_text(kept.decided_at)
        if kept.kept:
            status = pieces(
                ("As it stood at this decision:", ""), *progress_pieces(kept.summary(), " ")
            )
        else:
            status = pieces(
                (
                    "No checklist was kept with this decision, so nothing shows as answered.",
                    "$warning",
                )
            )
        return Content("\n").join(
            [
                pieces(
                    (f"{kept.reference}  {kept.practitioner}", "bold"),
                    (f"   {kept.kind.label}: {kept.outcome}", ""),
                    (f"   recorded by {kept.decided_by}, {when}", "$text-muted"),
                ),
                status,
            ]
        )

"""The framework's outline: principles with their progress, and each question with its answer.

Principle and part headings are shown but skipped by the cursor, so up and down move from
question to question. A part whose stage the case has not reached is folded to one line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from remedy_tui.services.checklist.answers import (
    ChecklistAction,
    FairnessSummary,
    ShownAnswer,
    tally,
)
from remedy_tui.store.models import ChecklistResponse
from remedy_tui.views.framework import Framework, Part, Question
from remedy_tui.widgets.literal import pieces

ANSWER_STYLES = {
    ChecklistResponse.YES: "$success",
    ChecklistResponse.NO: "$error bold",
    ChecklistResponse.UNKNOWN: "$warning bold",
}
STAGE_NAMES = {
    "immediate_action": "an immediate or interim action",
    "disposal": "a substantive disposal or closure",
}


@dataclass(frozen=True)
class OutlineData:
    """What the outline shows: the framework, the answers and actions, which parts are open."""

    framework: Framework
    answers: Mapping[str, Sequence[ShownAnswer]]
    actions: Mapping[str, Sequence[ChecklistAction]]
    part_shown: Callable[[Part], bool]

    def progress(self, questions: Sequence[Question]) -> FairnessSummary:
        """Answered, No and Unknown over ``questions``."""
        current = (self.answers.get(q.id) for q in questions)
        return tally(len(questions), ((a[0].response, a[0].rationale) for a in current if a))


def progress_pieces(summary: FairnessSummary, indent: str = "  ") -> list[str | tuple[str, str]]:
    """ "7/10 answered · 1 No · 2 Unknown", the counts that need attention standing out."""
    return [
        (f"{indent}{summary.answered}/{summary.questions} answered", "$text-muted"),
        (" · ", "$text-muted"),
        (f"{summary.no} No", "$error" if summary.no else "$text-muted"),
        (" · ", "$text-muted"),
        (f"{summary.unknown} Unknown", "$warning" if summary.unknown else "$text-muted"),
    ]


def answer_label(response: ChecklistResponse | None) -> tuple[str, str]:
    """An answer as a word and its style ("-" when not answered)."""
    if response is None:
        return "-", "$text-muted"
    return response.label, ANSWER_STYLES[response]


class FrameworkOutline(OptionList):
    """Principles, parts and questions; the highlighted question is the one shown beside it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Previous question", show=False),
        Binding("down", "cursor_down", "Next question", show=False),
        Binding("home", "first", "First question", show=False),
        Binding("end", "last", "Last question", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("enter", "select", "Update the answer", show=False),
    ]
    DEFAULT_CSS = """
    FrameworkOutline {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def show(self, data: OutlineData) -> None:
        """Rebuild the outline, keeping the cursor on the same question."""
        keep = self.highlighted_question
        options: list[Option] = []
        for principle in data.framework.principles:
            options.append(
                Option(
                    Content("\n").join(
                        [
                            pieces((f"{principle.number} {principle.title}", "bold")),
                            pieces(*progress_pieces(data.progress(principle.questions))),
                        ]
                    ),
                    id=f"principle-{principle.number}",
                    disabled=True,
                )
            )
            for part in principle.parts:
                options.extend(self._part(data, part))
        self.set_options(options)
        if keep is not None and self._has(keep):
            self.highlighted = self.get_option_index(keep)
        elif self.highlighted is None or self.options[self.highlighted].disabled:
            self.action_first()

    def _part(self, data: OutlineData, part: Part) -> list[Option]:
        shown = data.part_shown(part)
        found: list[Option] = []
        if part.title:
            second = (
                pieces(*progress_pieces(data.progress(part.questions)))
                if shown
                else pieces(
                    (f"  Not reached: shown after {STAGE_NAMES.get(part.stage, part.stage)}", "")
                )
            )
            found.append(
                Option(
                    Content("\n").join([pieces((f"{part.id} {part.title}", "bold")), second]),
                    id=f"part-{part.id}",
                    disabled=True,
                )
            )
        if shown:
            found.extend(self._question(data, question) for question in part.questions)
        return found

    def _question(self, data: OutlineData, question: Question) -> Option:
        answers = data.answers.get(question.id, ())
        current = answers[0] if answers else None
        label, style = answer_label(current.response if current else None)
        parts: list[str | tuple[str, str]] = [f"{question.id:<7}", (f"{label:<8}", style)]
        if current is not None and current.reasons_missing:
            parts.append(("no reasons ", "$warning italic"))
        open_actions = len(data.actions.get(question.id, ()))
        if open_actions:
            parts.append((f"{open_actions} action{'s' if open_actions > 1 else ''} ", "$accent"))
        parts.append((question.text.replace("\n", " "), "$text-muted"))
        return Option(pieces(*parts), id=question.id)

    def _has(self, option_id: str) -> bool:
        return any(option.id == option_id for option in self.options)

    @property
    def highlighted_question(self) -> str | None:
        """The id of the question under the cursor."""
        option = self.highlighted_option
        if option is None or option.disabled:
            return None
        return option.id

    def go_to(self, option_id: str) -> bool:
        """Put the cursor on a question, or on the first question under a heading (the
        heading then shown at the top)."""
        if not self._has(option_id):
            return False
        index = self.get_option_index(option_id)
        start = index
        while index < self.option_count and self.options[index].disabled:
            index += 1
        if index >= self.option_count:
            return False
        self.highlighted = index
        if index > start:
            self.scroll_to_highlight(top=True)
            headings = self.options[start:index]
            self.scroll_relative(y=-sum(_lines(option) for option in headings), animate=False)
        return True


def _lines(option: Option) -> int:
    return str(option.prompt).count("\n") + 1

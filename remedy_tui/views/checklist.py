"""What the fairness checklist looks like to a screen or a document: answers, actions, the state
of a case's framework and its summary. Small frozen records; no sessions, no ORM rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from remedy_tui.store.models.enums import ChecklistResponse
from remedy_tui.views.framework import Framework, Part, Question


class ShownAnswer(Protocol):
    """What a screen or document needs of an answer, live or kept with a decision."""

    @property
    def response(self) -> ChecklistResponse: ...
    @property
    def rationale(self) -> str | None: ...
    @property
    def answered_by(self) -> str: ...
    @property
    def answered_at(self) -> datetime: ...
    @property
    def reasons_missing(self) -> bool: ...


@dataclass(frozen=True)
class AnswerView:
    """One answer as shown: what, why, who and when."""

    id: int
    question_id: str
    response: ChecklistResponse
    rationale: str | None
    answered_by: str
    answered_at: datetime
    edition: str

    @property
    def reasons_missing(self) -> bool:
        """A Yes given without its reasons (allowed, but the screen says so)."""
        return not (self.rationale or "").strip()


@dataclass(frozen=True)
class FairnessSummary:
    """How far a case's framework has been answered."""

    questions: int
    answered: int
    no: int
    unknown: int
    reasons_missing: int

    @property
    def total(self) -> str:
        """How many questions there are ("?" when the edition could not be read)."""
        return str(self.questions) if self.questions else "?"

    @property
    def text(self) -> str:
        """The short form lists show, e.g. "31/41 answered, 3 No, 5 Unknown"."""
        return f"{self.answered}/{self.total} answered, {self.no} No, {self.unknown} Unknown"

    @property
    def short(self) -> str:
        """The form a narrow column shows, e.g. "31/41 3N 5U" (zero counts left out)."""
        parts = [f"{self.answered}/{self.total}"]
        if self.no:
            parts.append(f"{self.no}N")
        if self.unknown:
            parts.append(f"{self.unknown}U")
        return " ".join(parts)

    @property
    def open_questions(self) -> int:
        """How many answers are a No or an Unknown, which should prompt further inquiry."""
        return self.no + self.unknown


@dataclass(frozen=True)
class ChecklistAction:
    """An open action raised from a No or an Unknown, linked back to its question."""

    id: int
    question_id: str
    description: str
    owner: str
    due_on: date | None


@dataclass(frozen=True)
class ChecklistState:
    """Everything the checklist screen shows for one case, read in one go."""

    case_id: int
    reference: str
    practitioner: str
    opened_on: date
    framework: Framework
    answers: Mapping[str, tuple[AnswerView, ...]]
    actions: Mapping[str, tuple[ChecklistAction, ...]]
    stages_reached: frozenset[str]

    def current(self, question_id: str) -> AnswerView | None:
        """The latest answer to a question, if it has one."""
        answers = self.answers.get(question_id)
        return answers[0] if answers else None

    def summary(self, questions: Iterable[Question] | None = None) -> FairnessSummary:
        """Progress over ``questions`` (the whole framework by default)."""
        chosen = tuple(self.framework.questions() if questions is None else questions)
        current = (self.current(q.id) for q in chosen)
        return tally(len(chosen), ((a.response, a.rationale) for a in current if a))

    def part_reached(self, part: Part) -> bool:
        """True when the case has reached the stage a part belongs to, or it has answers."""
        if part.stage == "any" or part.stage in self.stages_reached:
            return True
        return any(q.id in self.answers for q in part.questions)


def tally(
    questions: int, answers: Iterable[tuple[ChecklistResponse, str | None]]
) -> FairnessSummary:
    """A summary from (response, rationale) pairs of current answers."""
    answered = no = unknown = missing = 0
    for response, rationale in answers:
        answered += 1
        if response is ChecklistResponse.NO:
            no += 1
        elif response is ChecklistResponse.UNKNOWN:
            unknown += 1
        elif not (rationale or "").strip():
            missing += 1
    return FairnessSummary(questions, answered, no, unknown, missing)

"""One question of the framework in full: its text and points as published, the current answer
with who and when, its rationale and updates (the first reason and every update after it, oldest
first, as the framework's "Rationale and updates" column keeps them) and its open actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from remedy_tui import clock
from remedy_tui.services.checklist.answers import ChecklistAction, ShownAnswer
from remedy_tui.store.models import ChecklistResponse
from remedy_tui.views.framework import Question
from remedy_tui.widgets.framework_outline import answer_label
from remedy_tui.widgets.literal import pieces

Piece = str | tuple[str, str]
# The blocks of the pane, top to bottom; "indented" ones are set in from the left, so text
# that wraps stays under its heading.
BLOCKS = (
    ("question", ""),
    ("points", "indented"),
    ("after-points", ""),
    ("answer", "gap"),
    ("rationale", "indented"),
    ("actions-heading", "gap"),
    ("actions", "indented"),
)


@dataclass(frozen=True)
class QuestionView:
    """A question and everything recorded against it, for the detail pane."""

    question: Question
    principle: str
    answers: Sequence[ShownAnswer]
    actions: Sequence[ChecklistAction] = ()
    editable: bool = True


def _who(answer: ShownAnswer) -> str:
    return f"{answer.answered_by}, {clock.local_text(answer.answered_at)}"


def blocks(view: QuestionView) -> dict[str, list[Piece]]:
    """The pieces of text of each block of the pane (empty blocks are hidden)."""
    question = view.question
    current = view.answers[0] if view.answers else None
    found: dict[str, list[Piece]] = {
        "question": [
            (question.id, "bold $primary"),
            (f"  Principle {question.principle}: {view.principle}\n", "$text-muted"),
            question.text,
        ],
        "points": ["\n".join(f"• {point}" for point in question.points)],
        "after-points": [question.after_points or ""],
    }
    found.update(_answer(view.answers, view.editable))
    found.update(_actions(view, current))
    return found


def _answer(answers: Sequence[ShownAnswer], editable: bool) -> dict[str, list[Piece]]:
    current = answers[0] if answers else None
    if current is None:
        hint = "  y Yes · n No · u Unknown" if editable else ""
        return {"answer": [("Not answered", "$text-muted italic"), (hint, "$text-muted")]}
    label, style = answer_label(current.response)
    answer: list[Piece] = [
        ("Answer ", "bold"),
        (label, style),
        (f"   {_who(current)}\n", "$text-muted"),
        ("Rationale and updates", "bold"),
    ]
    if len(answers) > 1:
        answer.append((f"  ({len(answers)} entries, oldest first)", "$text-muted"))
    rationale: list[Piece] = []
    before: ShownAnswer | None = None
    for n, entry in enumerate(reversed(answers)):
        if n:
            rationale.append("\n\n")
        rationale += _entry(entry, before)
        before = entry
    if current.reasons_missing:
        rationale.append(("\nReasons missing: this Yes does not say why.", "$warning bold"))
        if editable:
            rationale.append(("  e adds them.", "$text-muted"))
    return {"answer": answer, "rationale": rationale}


def rationale_heading(entry: ShownAnswer, before: ShownAnswer | None) -> str:
    """How one entry of "Rationale and updates" is introduced: the first answer, an update to
    it (same answer), or a change of answer; with who and when."""
    if before is None:
        what = entry.response.label
    elif before.response is entry.response:
        what = f"Update ({entry.response.label})"
    else:
        what = f"Changed to {entry.response.label}"
    return f"{what} · {_who(entry)}"


def _entry(entry: ShownAnswer, before: ShownAnswer | None) -> list[Piece]:
    heading: Piece = (rationale_heading(entry, before) + "\n", "$text-muted")
    if entry.reasons_missing:
        return [heading, ("(no reasons given)", "$text-muted italic")]
    return [heading, entry.rationale or ""]


def _actions(view: QuestionView, current: ShownAnswer | None) -> dict[str, list[Piece]]:
    if view.actions:
        listed: list[Piece] = []
        for n, action in enumerate(view.actions):
            due = f", due {action.due_on.isoformat()}" if action.due_on else ""
            listed += ["\n" if n else "", f"• {action.description}"]
            listed.append((f"  ({action.owner}{due})", "$text-muted"))
        return {"actions-heading": [("Open actions", "bold")], "actions": listed}
    if view.editable and current is not None and current.response is not ChecklistResponse.YES:
        article = "An" if current.response is ChecklistResponse.UNKNOWN else "A"
        prompt = (
            f"{article} {current.response.label} should prompt further inquiry or action: "
            "a makes it an action with an owner and a due date."
        )
        return {"actions-heading": [(prompt, "$text-muted italic")]}
    return {}


class QuestionDetail(Vertical):
    """Shows a :class:`QuestionView`; text typed by users is always shown literally."""

    DEFAULT_CSS = """
    QuestionDetail {
        height: auto;
    }
    QuestionDetail > Static {
        height: auto;
    }
    QuestionDetail > .indented {
        padding-left: 2;
    }
    QuestionDetail > .gap {
        margin-top: 1;
    }
    """

    def compose(self) -> ComposeResult:
        for name, classes in BLOCKS:
            yield Static(id=f"question-{name}", classes=classes)

    def show(self, view: QuestionView | None, empty: str = "") -> None:
        """Show a question, or ``empty`` when there is none to show."""
        found = blocks(view) if view else {"question": [(empty, "$text-muted italic")]}
        for name, _classes in BLOCKS:
            block = self.query_one(f"#question-{name}", Static)
            parts = found.get(name, [])
            block.display = any(part if isinstance(part, str) else part[0] for part in parts)
            block.update(pieces(*parts))

    @property
    def text(self) -> str:
        """Everything the pane shows, as plain text (for tests and screen readers)."""
        return "\n".join(str(block.render()) for block in self.query(Static) if block.display)

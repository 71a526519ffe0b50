"""A case's fairness framework as a document for the personal file, laid out like the original:
principle headings, each question with its points, the answer boxes, then "Rationale and
updates" with every answer in the order it was given."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from docx import Document
from docx.shared import Mm

from remedy_tui import clock
from remedy_tui.documents import markdown
from remedy_tui.documents.blocks import A4, MARGIN, set_up_pages
from remedy_tui.store.models import ChecklistResponse
from remedy_tui.views.checklist import AnswerView, ChecklistAction, ChecklistState
from remedy_tui.views.framework import Principle, Question

RATIONALE_HEADING = "Rationale and updates"
NO_REASONS = "(reasons not recorded)"


@dataclass(frozen=True)
class FairnessDocument:
    """What goes into the export: the case's framework, and who asked for it and when."""

    checklist: ChecklistState
    exported_by: str
    exported_at: datetime

    @property
    def title(self) -> str:
        """The framework's title as published."""
        return self.checklist.framework.title

    def heading_lines(self) -> list[str]:
        """The lines under the title: whose case, which edition, when exported."""
        state = self.checklist
        summary = state.summary()
        return [
            f"Case {state.reference}: {state.practitioner}",
            f"Framework edition {state.framework.edition}; {summary.text}.",
            f"Exported {clock.local_text(self.exported_at)} by {self.exported_by}.",
        ]


def answer_boxes(current: AnswerView | None) -> str:
    """The answer line of the original form, with the chosen box ticked."""
    chosen = current.response if current else None
    return "           ".join(
        f"{'☒' if response is chosen else '☐'} {response.label}" for response in ChecklistResponse
    )


def update_line(answer: AnswerView) -> tuple[str, str]:
    """One entry of "Rationale and updates": the heading (when, who, answer) and the reasons."""
    when = clock.local_text(answer.answered_at)
    return f"{when}, {answer.answered_by}: {answer.response.label}", answer.rationale or NO_REASONS


def action_line(action: ChecklistAction) -> str:
    """An open action raised from the question."""
    due = f", due {action.due_on.isoformat()}" if action.due_on else ""
    return f"Open action: {action.description} (owner {action.owner}{due})"


def _sections(
    state: ChecklistState,
) -> Iterator[tuple[Principle, str | None, Question]]:
    """Every question with its principle, and the title of its part where the part has one."""
    for principle in state.framework.principles:
        for part in principle.parts:
            for n, question in enumerate(part.questions):
                part_title = f"{part.id} {part.title}" if part.title and n == 0 else None
                yield principle, part_title, question


# Markdown ----------------------------------------------------------------------------------


def md_text(text: str, *, line_start: bool = True) -> str:
    """Free text that Markdown shows as typed, through the one Markdown escaper."""
    return markdown.escape(text, line_start=line_start)


def md_lines(text: str, indent: str = "") -> str:
    """Free text over several lines, each line kept (a hard break), indented by ``indent``."""
    return markdown.lines(text, indent)


def to_markdown(document: FairnessDocument) -> str:
    """The framework as Markdown."""
    state = document.checklist
    out = [f"# {md_text(document.title, line_start=False)}", ""]
    out += [md_text(line) + "  " for line in document.heading_lines()]
    out += ["", f"> {md_text(state.framework.attribution)}", ""]
    principle_shown = None
    for principle, part_title, question in _sections(state):
        if principle is not principle_shown:
            principle_shown = principle
            out += [f"## {principle.number}. {md_text(principle.title, line_start=False)}", ""]
        if part_title:
            out += [f"### {md_text(part_title, line_start=False)}", ""]
        out += [f"#### {question.id}", "", md_lines(question.text), ""]
        if question.points:
            out += [f"- {md_text(point)}" for point in question.points] + [""]
        if question.after_points:
            out += [md_lines(question.after_points), ""]
        answers = state.answers.get(question.id, ())
        out += [answer_boxes(answers[0] if answers else None), "", f"**{RATIONALE_HEADING}**", ""]
        for answer in reversed(answers):
            heading, reasons = update_line(answer)
            out += [f"- **{md_text(heading, line_start=False)}**  ", md_lines(reasons, "  ")]
        for action in state.actions.get(question.id, ()):
            out.append(f"- {md_text(action_line(action))}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# Word --------------------------------------------------------------------------------------


def to_docx(document: FairnessDocument) -> bytes:
    """The framework as a Word document, one table per question as in the original."""
    state = document.checklist
    doc = Document()
    set_up_pages(
        doc,
        subject=f"{document.title}: {state.reference}",
        author="Remedy",
        created=document.exported_at,
    )
    doc.add_heading(document.title, level=0)
    for line in document.heading_lines():
        doc.add_paragraph(line)
    doc.add_paragraph().add_run(state.framework.attribution).italic = True
    principle_shown = None
    for principle, part_title, question in _sections(state):
        if principle is not principle_shown:
            principle_shown = principle
            doc.add_heading(f"{principle.number}. {principle.title}", level=1)
        if part_title:
            doc.add_heading(part_title, level=2)
        _question_table(doc, state, question)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _question_table(doc: Any, state: ChecklistState, question: Question) -> None:
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    number, text = table.cell(0, 0), table.cell(0, 1)
    number.paragraphs[0].add_run(question.id).bold = True
    text.paragraphs[0].add_run(question.text)
    for point in question.points:
        text.add_paragraph(point, style="List Bullet")
    if question.after_points:
        text.add_paragraph(question.after_points)
    answers = state.answers.get(question.id, ())
    table.cell(1, 1).paragraphs[0].add_run(answer_boxes(answers[0] if answers else None))
    rationale = table.cell(2, 1)
    rationale.paragraphs[0].add_run(RATIONALE_HEADING).bold = True
    for answer in reversed(answers):
        heading, reasons = update_line(answer)
        entry = rationale.add_paragraph()
        entry.add_run(heading).bold = True
        for line in reasons.split("\n"):
            rationale.add_paragraph(line)
    for action in state.actions.get(question.id, ()):
        rationale.add_paragraph().add_run(action_line(action)).italic = True
    # The question number's column is narrow and the text's takes the rest, in the grid
    # (LibreOffice reads) and in every cell (Word reads): set apart, they conflicted.
    table.autofit = False
    narrow, wide = Mm(18), A4[0] - 2 * MARGIN - Mm(18)
    table.columns[0].width, table.columns[1].width = narrow, wide
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = narrow, wide
    doc.add_paragraph()

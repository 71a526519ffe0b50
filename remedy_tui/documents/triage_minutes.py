"""Minutes of the weekly triage meeting, as Markdown and as a Word document."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document as WordDocument

from remedy_tui import clock
from remedy_tui.documents.blocks import set_up_pages
from remedy_tui.documents.markdown import escape, paragraph


@dataclass(frozen=True)
class MinutesItem:
    """One referral discussed: the decision and its reasons."""

    reference: str
    practitioner: str
    outcome: str
    level: int | None
    rationale: str
    decided_by: str  # who recorded it, at the keyboard; the meeting's chair decided
    case_reference: str | None
    given_to: str = ""  # the case's case managers and senior owner, in words


@dataclass(frozen=True)
class MinutesCarried:
    """A referral that comes back to next week's meeting, and why."""

    reference: str
    practitioner: str
    why: str


@dataclass(frozen=True)
class MinutesAction:
    """An action agreed at the meeting."""

    description: str
    owner: str
    due_on: date | None
    referral_reference: str | None


@dataclass(frozen=True)
class MinutesData:
    """Everything the minutes say."""

    held_on: date
    chair: str
    attendees: tuple[str, ...]
    started_at: datetime
    ended_at: datetime | None
    items: tuple[MinutesItem, ...]
    actions: tuple[MinutesAction, ...]
    carried: tuple[MinutesCarried, ...] = ()

    @property
    def title(self) -> str:
        """The document's title."""
        return f"Triage meeting minutes, {self.held_on.strftime('%A %d %B %Y')}"

    @property
    def times(self) -> str:
        """When the meeting ran, in local time: from, and to once it has ended."""
        times = self.started_at.astimezone().strftime("%H:%M")
        if self.ended_at:
            times += " to " + self.ended_at.astimezone().strftime("%H:%M")
        return times


def _decided(data: MinutesData, item: MinutesItem) -> str:
    """Who decided (the meeting, in its chair's name) and who recorded it."""
    return f"the meeting, chaired by {data.chair}; recorded by {item.decided_by}"


def _carried_line(item: MinutesCarried) -> str:
    return f"{item.reference}: {item.practitioner} ({item.why})"


def _level(item: MinutesItem) -> str:
    return f"level {item.level}" if item.level else "no level given"


def minutes_markdown(data: MinutesData) -> str:
    """The minutes as Markdown; free text is escaped so it reads as typed."""
    lines = [f"# {escape(data.title)}", ""]
    lines.append(f"**Chair:** {escape(data.chair)}  ")
    lines.append(f"**Attendees:** {escape(', '.join(data.attendees)) or '-'}  ")
    lines.append(f"**Time:** {data.times}")
    lines += ["", f"## Referrals discussed ({len(data.items)})", ""]
    if not data.items:
        lines.append("No referrals were decided.")
    for n, item in enumerate(data.items, start=1):
        heading = f"### {n}. {escape(item.reference)}: {escape(item.practitioner)}"
        lines += [heading, ""]
        outcome = f"**Decision:** {escape(item.outcome)} ({_level(item)})"
        if item.case_reference:
            outcome += f", case {escape(item.case_reference)}"
        lines.append(outcome + "  ")
        if item.given_to:
            lines.append(f"**Given to:** {escape(item.given_to)}  ")
        lines += [
            f"**Decided by:** {escape(_decided(data, item))}  ",
            "**Rationale:**  ",
            paragraph(item.rationale),
            "",
        ]
    lines += [f"## Carried forward to next week ({len(data.carried)})", ""]
    if not data.carried:
        lines.append("Nothing is carried forward.")
    lines += [f"- {escape(_carried_line(item))}" for item in data.carried]
    lines += ["", f"## Actions ({len(data.actions)})", ""]
    if not data.actions:
        lines.append("No actions were agreed.")
    for action in data.actions:
        due = action.due_on.isoformat() if action.due_on else "no date"
        about = f" ({escape(action.referral_reference)})" if action.referral_reference else ""
        lines.append(f"- {escape(action.description)}{about}: {escape(action.owner)}, by {due}")
    return "\n".join(lines).rstrip() + "\n"


def minutes_docx(data: MinutesData, *, author: str = "Remedy") -> bytes:
    """The minutes as a Word document, set up as every Word document Remedy writes (A4, the
    protective marking, page x of y, ``author`` the person who produced it)."""
    document = WordDocument()
    set_up_pages(document, subject=data.title, author=author, created=clock.now())
    document.add_heading(data.title, level=1)
    facts = document.add_paragraph()
    facts.add_run("Chair: ").bold = True
    facts.add_run(data.chair)
    facts.add_run("\nAttendees: ").bold = True
    facts.add_run(", ".join(data.attendees) or "-")
    facts.add_run("\nTime: ").bold = True
    facts.add_run(data.times)
    document.add_heading(f"Referrals discussed ({len(data.items)})", level=2)
    if not data.items:
        document.add_paragraph("No referrals were decided.")
    for n, item in enumerate(data.items, start=1):
        document.add_heading(f"{n}. {item.reference}: {item.practitioner}", level=3)
        decision = document.add_paragraph()
        decision.add_run("Decision: ").bold = True
        text = f"{item.outcome} ({_level(item)})"
        if item.case_reference:
            text += f", case {item.case_reference}"
        decision.add_run(text)
        if item.given_to:
            decision.add_run("\nGiven to: ").bold = True
            decision.add_run(item.given_to)
        decision.add_run("\nDecided by: ").bold = True
        decision.add_run(_decided(data, item))
        reasons = document.add_paragraph()
        reasons.add_run("Rationale: ").bold = True
        reasons.add_run(item.rationale)
    document.add_heading(f"Carried forward to next week ({len(data.carried)})", level=2)
    if not data.carried:
        document.add_paragraph("Nothing is carried forward.")
    for carried in data.carried:
        document.add_paragraph(_carried_line(carried), style="List Bullet")
    document.add_heading(f"Actions ({len(data.actions)})", level=2)
    if not data.actions:
        document.add_paragraph("No actions were agreed.")
    if data.actions:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, title in zip(
            table.rows[0].cells, ("Action", "Referral", "Owner", "Due"), strict=True
        ):
            cell.text = title
        for action in data.actions:
            cells = table.add_row().cells
            cells[0].text = action.description
            cells[1].text = action.referral_reference or ""
            cells[2].text = action.owner
            cells[3].text = action.due_on.isoformat() if action.due_on else ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

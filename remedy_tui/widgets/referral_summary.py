"""A referral laid out for reading: who, what happened, Form 2, suggested level, history."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from remedy_tui.services.triage.decide import ReferralDetail
from remedy_tui.store.models import Severity
from remedy_tui.widgets.literal import literal

SEVERITY_STYLE = {
    Severity.NONE: "dim",
    Severity.LOW: "",
    Severity.MODERATE: "bold",
    Severity.HIGH: "bold reverse",
}


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def _day(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else "-"


def summary_renderables(detail: ReferralDetail) -> list[RenderableType]:
    """The referral as Rich renderables; every piece of free text is literal."""
    p = detail.practitioner
    parts: list[RenderableType] = []
    title = literal(f"{detail.reference}  {p.name}", "bold")
    if p.registration:
        title.append(literal(f"  ({p.registration})"))
    parts.append(title)
    parts.append(
        literal(
            " · ".join(
                x
                for x in (p.grade, detail.programme or p.programme, detail.trust or p.employer)
                if x
            )
        )
    )
    received = literal(
        f"Received {detail.received_on.isoformat()} from {detail.source}"
        + (f" ({detail.referrer})" if detail.referrer else "")
        + (
            f"; decided after {detail.days_waiting} days."
            if detail.status.value == "decided"
            else f"; waiting {detail.days_waiting} days."
        )
    )
    parts.append(received)
    parts.append(literal("Triggers: " + (", ".join(detail.triggers) or "-")))
    if detail.completeness.valid:
        parts.append(Text("Valid referral: Forms 1 and 2 are in.", style="bold"))
    else:
        parts.append(
            Text(
                "Incomplete: " + " and ".join(detail.completeness.missing) + " missing.",
                style="bold reverse",
            )
        )
    if detail.linked_case_reference and detail.status.value == "decided":
        linked = f"Joined to case {detail.linked_case_reference}."
        parts.append(literal(linked, "bold"))
    elif detail.linked_case_reference:
        linked = (
            f"The practitioner has open case {detail.linked_case_reference}: the decision says "
            "whether this referral joins it."
        )
        parts.append(literal(linked, "bold"))
    suggestion = detail.suggestion
    level = f"Suggested level {suggestion.level}" if suggestion.level else "No suggested level"
    parts.append(Text(""))
    parts.append(Text(level + " (the meeting decides):", style="bold"))
    for reason in suggestion.reasons:
        parts.append(literal(f"  - {reason}"))

    parts += [Text(""), _heading("Form 1: what happened")]
    if detail.form1_received_on:
        line = f"Received {_day(detail.form1_received_on)}, completed by "
        line += detail.form1_completed_by
        if detail.form1_incident_on:
            line += f"; incident on {_day(detail.form1_incident_on)}"
        parts.append(literal(line))
        parts.append(literal(detail.form1_what_happened))
    else:
        parts.append(Text("Not received.", style="italic"))

    parts += [Text(""), _heading("Form 2: the concern in seven areas")]
    if detail.form2_received_on:
        parts.append(
            literal(
                f"Received {_day(detail.form2_received_on)}, completed by "
                f"{detail.form2_completed_by}"
            )
        )
    else:
        parts.append(Text("Not received.", style="italic"))
    table = Table(box=None, show_header=True, pad_edge=False, expand=True)
    table.add_column("Area", ratio=2)
    table.add_column("Severity", width=9)
    table.add_column("Description", ratio=5)
    for concern in detail.concerns:
        severity = concern.severity
        table.add_row(
            literal(concern.area),
            Text(
                severity.label if severity else "-",
                style=SEVERITY_STYLE[severity] if severity else "dim",
            ),
            literal(concern.description),
        )
    parts.append(table)

    if detail.form_e_received_on or detail.form_e_exam:
        parts += [Text(""), _heading("Form E: exam failure (by the trainee)")]
        attempt = f", attempt {detail.form_e_attempt}" if detail.form_e_attempt else ""
        parts.append(
            literal(f"{detail.form_e_exam}{attempt}; received {_day(detail.form_e_received_on)}")
        )
        parts.append(literal(detail.form_e_details))

    if detail.requests:
        parts += [Text(""), _heading("Information requested")]
        for request in detail.requests:
            request_line = literal(
                f"{request.asked_on.isoformat()} {request.asked_by} asked "
                f"{request.of_whom}: {request.what}"
            )
            if request.answered_on:
                request_line.append(
                    literal(f"  Answered {request.answered_on.isoformat()}: {request.answer or ''}")
                )
            elif request.due_on:
                request_line.append(
                    Text(
                        f"  Chase by {request.due_on.isoformat()}"
                        + (" (overdue)" if request.overdue else ""),
                        style="bold reverse" if request.overdue else "italic",
                    )
                )
            parts.append(request_line)

    if detail.decisions:
        parts += [Text(""), _heading("Decisions")]
        for decision in detail.decisions:
            level_text = f" (level {decision.level})" if decision.level else ""
            parts.append(
                literal(
                    f"{decision.decided_at.astimezone().strftime('%Y-%m-%d')} "
                    f"{decision.outcome}{level_text}, by {decision.decided_by}",
                    "bold",
                )
            )
            parts.append(literal(f"  {decision.rationale}"))
    return parts


class ReferralSummary(Static):
    """Shows a ReferralDetail; the screen supplies it."""

    DEFAULT_CSS = """
    ReferralSummary {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, detail: ReferralDetail) -> None:
        """Display ``detail``."""
        self.update(Group(*summary_renderables(detail)))

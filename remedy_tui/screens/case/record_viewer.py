"""How each kind of case record reads in full, in the text viewer."""

from __future__ import annotations

from typing import Any

from remedy_tui.screens.common.text_viewer import TextViewer


def record_viewer(name: str, record: Any) -> TextViewer:
    """A record of tab ``name`` (or a decision in full) as text to read."""
    if name == "decision-detail":
        row = record.row
        lines = [
            f"{row.kind.label} by {row.decided_by}, {row.decided_at.astimezone():%Y-%m-%d %H:%M}",
        ]
        if row.from_value or row.to_value:
            lines.append(f"From {row.from_value or '-'} to {row.to_value or '-'}")
        lines += ["", "Rationale", row.rationale]
        for factor, reasons in record.factors:
            lines += ["", factor, reasons]
        lines += ["", "Evidence", record.evidence or "-"]
        lines.append(
            f"\nThe fairness framework as it stood: {record.checklist_answers} answers kept."
        )
        return TextViewer(row.outcome, "\n".join(lines))
    if name == "timeline":
        row = record.row
        about = f"{row.kind.label} · {row.occurred_at.astimezone():%Y-%m-%d %H:%M} · {row.author}"
        if row.confidential:
            about += " · confidential"
        return TextViewer(row.title, record.body or "(no text)", about=about)
    if name == "actions":
        about = (
            f"{record.kind.label} · due {record.due_on} · {record.status.label} · {record.owner}"
        )
        return TextViewer("Action", record.description, about=about)
    if name == "risk":
        lines = [f"{d.label}: likelihood {d.likelihood}, impact {d.impact}" for d in record.domains]
        lines += [
            "",
            "Summary",
            record.summary or "-",
            "",
            "Mitigations",
            record.mitigations or "-",
        ]
        about = f"{record.level} · review by {record.review_on} ({record.review})"
        return TextViewer(f"Risk assessment of {record.assessed_on}", "\n".join(lines), about=about)
    about = f"{record.status.label} since {record.status_changed_on} · {record.detail}"
    return TextViewer(record.kind.label, record.reason or "(no reason recorded)", about=about)

"""The case screen's header: where the case stands, at a glance."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from remedy_tui.services.case.case_summary import CaseSummary
from remedy_tui.widgets.literal import literal


def follow_up_text(summary: CaseSummary, today: date) -> str:
    """The next follow-up, how overdue it is, and the interval, in one line."""
    if summary.is_closed:
        closed = summary.closed_on.isoformat() if summary.closed_on else ""
        return f"Closed {closed}: {summary.closure_reason}".strip()
    interval = (
        f" · every {summary.follow_up_interval_days} days"
        if summary.follow_up_interval_days
        else " · no follow-up interval set (i on Actions)"
    )
    due = summary.next_follow_up_on
    if due is None:
        text = "Next follow-up: none scheduled"
    elif summary.follow_up_overdue:
        text = f"Next follow-up: {due.isoformat()} ({(today - due).days} days overdue)"
    else:
        text = f"Next follow-up: {due.isoformat()}"
    overdue = summary.overdue_actions
    actions = f" · {overdue} overdue action{'s' if overdue != 1 else ''}" if overdue else ""
    return text + interval + actions


class CaseHeader(Vertical):
    """Practitioner, level, status, case managers, follow-up, risk, fairness and flags."""

    DEFAULT_CSS = """
    CaseHeader {
        height: auto;
        padding: 0 1;
        background: $panel;
        border-bottom: solid $primary;
    }
    CaseHeader Static {
        /* A line too long for a narrow terminal wraps rather than losing its end (the
           senior owner's name, the overdue actions). */
        height: auto;
    }
    CaseHeader #case-top {
        height: 1;
    }
    CaseHeader #case-title {
        width: 1fr;
        text-style: bold;
        color: $primary;
    }
    CaseHeader #case-flags, CaseHeader #case-flags-below {
        width: auto;
        color: $warning;
        text-style: bold;
    }
    CaseHeader #case-flags-below {
        display: none;
    }
    CaseHeader .overdue {
        color: $error;
        text-style: bold;
    }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(id="case-top"):
            yield Static("", id="case-title")
            yield Static("", id="case-flags")
        # Where the flags go when the name, number and flags do not fit on one line: the
        # flags must never cover the practitioner's name or number.
        yield Static("", id="case-flags-below")
        for name in ("where", "who", "follow-up", "risk", "fairness"):
            yield Static("", id=f"case-{name}")

    def show(self, summary: CaseSummary, today: date) -> None:
        """Draw ``summary``; free text is shown literally, as everywhere."""
        title = f"{summary.reference}  {summary.practitioner}"
        if summary.registration:
            title += f"  ({summary.registration})"
        self._line("title", title)
        where = " · ".join(p for p in (summary.grade, summary.programme, summary.trust) if p)
        self._line("where", where)
        opened = f"opened {summary.opened_on.isoformat()}"
        if summary.closed_on is not None:
            opened += f", closed after {summary.days_open} days"
        else:
            opened += f", {summary.days_open} days"
        self._line(
            "who",
            f"Level {summary.level} · {summary.status.label} · {opened} · {summary.case_managers}",
        )
        self._line("follow-up", follow_up_text(summary, today), overdue=summary.follow_up_overdue)
        self._line("risk", f"Risk: {summary.risk}", overdue=summary.risk_overdue)
        self._line("fairness", f"Fairness framework: {summary.fairness}")
        self._title = title
        self._flags = "  ".join(f"[{flag}]" for flag in summary.flags.labels)
        self._place_flags(self.content_size.width)

    _title = ""
    _flags = ""

    def _place_flags(self, width: int) -> None:
        """The flags beside the title when both fit, else on a line of their own below it."""
        fits = not width or cell_len(self._title) + 2 + cell_len(self._flags) <= width
        self._line("flags", self._flags if fits else "")
        self._line("flags-below", "" if fits else self._flags)
        self.query_one("#case-flags-below").display = bool(self._flags) and not fits

    def on_resize(self, event: events.Resize) -> None:
        self._place_flags(self.content_size.width)

    def clear(self) -> None:
        """Show nothing (while another case is read)."""
        self._title = self._flags = ""
        names = ("title", "flags", "flags-below", "where", "who", "follow-up", "risk", "fairness")
        for name in names:
            self._line(name, "")
        self.query_one("#case-flags-below").display = False

    def _line(self, name: str, text: str, *, overdue: bool = False) -> None:
        line = self.query_one(f"#case-{name}", Static)
        line.update(literal(text))
        line.set_class(overdue, "overdue")

"""The register of exclusions and restrictions of practice (``x`` on the caseload): every
current one first, with its four-weekly review, Practitioner Performance Advice and the six
months' warning; ``a`` shows past ones too; ``r`` records a review, ``e`` ends one, ``m`` saves
this month's return (``p`` last month's), Enter opens the case."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from remedy_tui import clock
from remedy_tui.messages import OpenCase
from remedy_tui.screens.case.case_form import CaseForm, text_area
from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.form import Submit
from remedy_tui.screens.triage.small_forms import ExportDraft, ExportScreen
from remedy_tui.services.case import exclusions
from remedy_tui.services.case.case_summary import CaseSummary, case_summary
from remedy_tui.services.case.exclusions import ExclusionRow
from remedy_tui.services.common.exports import export_file
from remedy_tui.services.common.validation import RATIONALE_LIMIT
from remedy_tui.services.desk import Desk
from remedy_tui.widgets import PagedTable, literal
from remedy_tui.widgets.field_row import FieldRow
from remedy_tui.widgets.key_footer import KeyFooter
from remedy_tui.widgets.paged_table import Cell, Column
from remedy_tui.widgets.record_table import RecordTable

COLUMNS = (
    Column("Case", 8),
    Column("Practitioner", 20, 2),
    # When narrow, what it is, when it began and for how long give way before the review
    # and the flags, the register's reason to be.
    Column("Action", 23, 1, drop=3),
    Column("Since", 10, drop=2),
    Column("Days", 5, align="right", drop=1),
    Column("Next review", 12),
    Column("Flags", 20, 4),
)


def _cells(row: ExclusionRow) -> list[Cell]:
    due = row.clock.review_due.isoformat() if row.clock.review_due else "ended"
    if row.clock.review_overdue:
        due += " !"
    flags = "; ".join(row.clock.flags) or (
        "ended " + row.ended_on.isoformat() if row.ended_on else "-"
    )
    warn: Literal["", "warning"] = "warning" if row.clock.flags and row.ended_on is None else ""
    return [
        Cell(row.reference),
        Cell(row.practitioner),
        Cell(row.what),
        Cell(row.started_on.isoformat()),
        Cell(str(row.clock.days)),
        Cell(due, "error" if row.clock.review_overdue else ""),
        Cell(flags, warn),
    ]


@dataclass(frozen=True)
class _Page:
    rows: tuple[ExclusionRow, ...]
    offset: int = 0

    @property
    def total(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class ReviewDraft:
    """A review as typed: why it continues or ends, on what evidence."""

    rationale: str
    evidence: str


class ReviewForm(CaseForm[ReviewDraft, int]):
    """The four-weekly review of an exclusion or restriction: it continues, or it ends."""

    def __init__(self, row: ExclusionRow, ends: bool, submit: Submit[ReviewDraft, int]) -> None:
        super().__init__(submit)
        self.episode, self.ends = row, ends
        self.HEADING = f"{'End' if ends else 'Review'}: {row.what}, {row.reference}"

    def intro(self) -> str:
        return (
            f"In force since {self.episode.started_on:%d %b %Y} ({self.episode.clock.days} days); "
            f"{self.episode.reviews} review(s) so far. Terms: {self.episode.terms}"
        )

    def fields(self) -> ComposeResult:
        why = "Why it ends (required)" if self.ends else "Why it continues (required)"
        yield self.row_of(why, "rationale")
        yield self.row_of("Evidence it rests on", "evidence")

    def row_of(self, label: str, name: str) -> FieldRow:
        return self.row(label, text_area(name, limit=RATIONALE_LIMIT))

    def on_mount(self) -> None:
        self.query(FieldRow).first().field.focus()

    def action_save(self) -> None:
        self.save(ReviewDraft(self.value("rationale"), self.value("evidence")))


class ExclusionRegisterScreen(DeskWork, Screen[None]):
    """The register of exclusions and restrictions of practice."""

    TITLE = "Exclusions and restrictions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "all", "Current/all"),
        Binding("r", "review(False)", "Review"),
        Binding("e", "review(True)", "End"),
        Binding("m", "monthly_return(0)", "This month's return"),
        Binding("p", "monthly_return(-1)", "Last month's return"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current_only = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="register-filter", classes="muted")
        yield RecordTable[ExclusionRow](
            COLUMNS,
            _cells,
            empty_text="No exclusion or restriction of practice is in force.",
            id="register-table",
        )
        yield Static("", id="register-status")
        yield KeyFooter()

    @property
    def table(self) -> RecordTable[ExclusionRow]:
        return self.query_one("#register-table", RecordTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.load()

    def load(self) -> None:
        """Read the register at the desk."""
        current_only = self.current_only
        self.ask(
            lambda desk: desk.read(
                exclusions.register, today=clock.today(), current_only=current_only
            ),
            self._show,
            group="register",
        )

    def _show(self, rows: list[ExclusionRow]) -> None:
        self.table.show_page(_Page(tuple(rows)))
        which = "in force now" if self.current_only else "in force now and past"
        self.query_one("#register-filter", Static).update(
            literal(
                f"Exclusions, restrictions and suspensions {which}; reviewed every four weeks, "
                "Practitioner Performance Advice at the start and past 12 weeks (an onward "
                "referral on the case)    (a all · r review · e end · m/p monthly return)"
            )
        )
        flagged = sum(1 for row in rows if row.clock.flags and row.ended_on is None)
        self.query_one("#register-status", Static).update(
            literal(f"{len(rows)} shown · {flagged} need attention")
        )

    def action_all(self) -> None:
        """Current only, or every episode past and present."""
        self.current_only = not self.current_only
        self.load()

    @on(PagedTable.RowChosen)
    def _open(self, event: PagedTable.RowChosen) -> None:
        row = self.table.record_at(event.index)
        if row is not None:
            self.post_message(OpenCase(row.case_id, row.reference))

    def action_review(self, ends: bool) -> None:
        """Record a review of the exclusion under the cursor: it continues, or it ends."""
        row = self.table.current
        if row is None or row.ended_on is not None:
            self.notify("Choose an exclusion or restriction in force.", severity="warning")
            return

        def form(summary: CaseSummary) -> None:
            def submit(desk: Desk, draft: ReviewDraft) -> int:
                return desk.change(
                    exclusions.review,
                    case_id=row.case_id,
                    expected_version=summary.version,
                    ends=ends,
                    rationale=draft.rationale,
                    evidence=draft.evidence,
                )

            def done(result: Any) -> None:
                if result is not None:
                    self.notify("Ended." if ends else "Review recorded.")
                    self.load()

            self.app.push_screen(ReviewForm(row, ends, submit), done)

        case_id = row.case_id
        self.ask(lambda desk: desk.read(case_summary, case_id=case_id), form, group="register")

    def action_monthly_return(self, months_back: int) -> None:
        """Save the return of this month (or last) where the user says."""
        today = clock.today()
        year, month = today.year, today.month + months_back
        if month < 1:
            year, month = year - 1, 12
        name = f"exclusions-return-{year:04d}-{month:02d}.xlsx"
        what = f"the return of exclusions and restrictions for {year:04d}-{month:02d}"

        def export(desk: Desk, draft: ExportDraft) -> Path:
            content, _count = desk.read(
                exclusions.return_workbook, year=year, month=month, today=today
            )
            return desk.with_store(
                export_file,
                content=content,
                typed_path=draft.typed_path,
                default_name=name,
                what=what,
                subject="decisions",
                record_id=None,
            )

        def saved(path: object) -> None:
            if path is not None:
                self.notify(f"Saved to {path}", title="Return saved", markup=False)

        self.app.push_screen(ExportScreen(what=what, default_name=name, submit=export), saved)

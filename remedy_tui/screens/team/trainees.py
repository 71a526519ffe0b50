"""A TPD's or head of school's area: the cases of trainees in their programmes with what is
shared with them (level, status, case manager, the actions marked shared with the TPD), the
referrals they submitted, and a new referral (Form 1)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType

from remedy_tui import clock
from remedy_tui.screens.common.paged_list import PagedListScreen
from remedy_tui.screens.common.text_viewer import TextViewer
from remedy_tui.screens.triage.practitioner_search import PractitionerSearchScreen
from remedy_tui.screens.triage.referral_form import ReferralFormScreen
from remedy_tui.services.common.paging import Page
from remedy_tui.services.desk import Desk
from remedy_tui.services.oversight.trainees import (
    SubmittedReferral,
    TraineeCase,
    TraineeCaseDetail,
    TraineesQuery,
    submitted_referrals,
    trainee_case,
    trainee_cases_page,
)
from remedy_tui.services.triage.intake import IntakeResult, ReferralDraft, create_referral
from remedy_tui.services.triage.practitioner_lookup import PractitionerMatch
from remedy_tui.widgets import Cell, Column, PagedTable
from remedy_tui.widgets.record_table import RecordTable

COLUMNS = (
    Column("Case", 8),
    Column("Trainee", 16, 3),
    Column("Lvl", 3),
    Column("Status", 6),
    Column("Case manager", 12, 2),
    Column("Shared actions", 21),
    Column("Programme", 8, 1),
)


def trainee_cells(row: TraineeCase) -> list[Cell]:
    """A trainee's case as shared with the TPD; an overdue shared action stands out."""
    if row.open_shared_actions:
        due = row.next_shared_due
        overdue = due is not None and due < clock.today()
        when = f", next {due:%d %b}{' !' if overdue else ''}" if due else ""
        actions = Cell(f"{row.open_shared_actions} open{when}", "error" if overdue else "")
    else:
        actions = Cell("none open", "dim")
    return [
        Cell(row.reference),
        Cell(row.practitioner),
        Cell(str(row.level), "strong" if row.level == 3 else ""),
        Cell(row.status.label, "" if row.status.value == "open" else "dim"),
        Cell(row.case_manager),
        actions,
        Cell(row.programme, "dim"),
    ]


def describe_case(detail: TraineeCaseDetail) -> str:
    """The case and its shared actions, as the viewer shows them."""
    case = detail.case
    lines = [
        f"Trainee: {case.practitioner}",
        f"Programme: {case.programme or '-'}    Grade: {case.grade or '-'}",
        f"Level {case.level} · {case.status.label} · opened {case.opened_on.isoformat()}",
        f"Case manager: {case.case_manager}",
        "",
        "Actions shared with the TPD:",
    ]
    if not detail.actions:
        lines.append("  None yet.")
    for action in detail.actions:
        due = f", due {action.due_on.isoformat()}" if action.due_on else ""
        if action.due_on and action.completed_on is None and action.due_on < clock.today():
            due += ", overdue"
        done = f", done {action.completed_on.isoformat()}" if action.completed_on else ""
        owner = f" ({action.owner})" if action.owner else ""
        lines.append(f"  - [{action.status.label}{due}{done}] {action.description}{owner}")
        if action.outcome_note:
            lines.append(f"      Outcome: {action.outcome_note}")
    lines += [
        "",
        "The concern itself, the case's notes and its checklist stay with the case managers;",
        "ask the case manager named above for anything more.",
    ]
    return "\n".join(lines)


def describe_referrals(referrals: tuple[SubmittedReferral, ...]) -> str:
    """The referrals the TPD submitted, one line each."""
    if not referrals:
        return "You have not submitted a referral yet. Press n on the list to submit one."
    lines = []
    for r in referrals:
        level = f", level {r.level}" if r.level is not None else ""
        case = f", joins case {r.case_reference}" if r.case_reference else ""
        lines.append(
            f"{r.reference}  {r.received_on.isoformat()}  {r.practitioner}: "
            f"{r.status.label}{level}{case}"
        )
    return "\n".join(lines)


def _submit(desk: Desk, draft: ReferralDraft) -> IntakeResult:
    return desk.change(create_referral, draft=draft)


class TraineesScreen(PagedListScreen[TraineesQuery, Page[TraineeCase]]):
    """The cases of trainees in the signed-in TPD's programmes; Enter shows one."""

    TITLE = "My trainees"
    NOUN = "cases"
    SEARCH_PLACEHOLDER = "/ search: trainee's name, registration number or case reference"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_referral", "New referral"),
        Binding("s", "submitted", "Referrals I submitted"),
    ]

    def __init__(self) -> None:
        super().__init__(TraineesQuery())

    def make_table(self) -> PagedTable:
        return RecordTable[TraineeCase](
            COLUMNS,
            trainee_cells,
            empty_text="No cases for trainees in your programmes.",
            id="trainees-table",
        )

    def fetch(self, desk: Desk, query: TraineesQuery, offset: int, limit: int) -> Page[TraineeCase]:
        return desk.read(trainee_cases_page, query=query, offset=offset, limit=limit)

    def count(self, desk: Desk, query: TraineesQuery) -> int:
        return desk.read(trainee_cases_page, query=query, offset=0, limit=1).total

    def show_page(self, table: PagedTable, page: Page[TraineeCase]) -> None:
        assert isinstance(table, RecordTable)
        table.show_page(page)

    def describe(self, query: TraineesQuery) -> str:
        return "Your programmes' trainees: level, status, actions shared with you (Enter shows)"

    @on(PagedTable.RowChosen)
    def _open(self, event: PagedTable.RowChosen) -> None:
        row = self.query_one(RecordTable).record_at(event.index)
        if isinstance(row, TraineeCase):
            self.ask(
                lambda desk: desk.read(trainee_case, case_id=row.id),
                self._show_case,
                group="trainee-case",
            )

    def _show_case(self, detail: TraineeCaseDetail) -> None:
        case = detail.case
        self.app.push_screen(
            TextViewer(f"{case.reference} · {case.practitioner}", describe_case(detail))
        )

    def action_submitted(self) -> None:
        """The referrals the signed-in person submitted, and where each stands."""
        self.ask(
            lambda desk: desk.read(submitted_referrals), self._show_submitted, group="submitted"
        )

    def _show_submitted(self, referrals: tuple[SubmittedReferral, ...]) -> None:
        self.app.push_screen(
            TextViewer(
                "Referrals you submitted",
                describe_referrals(referrals),
                about="Newest first; the triage meeting decides each.",
            )
        )

    def action_new_referral(self) -> None:
        """Find (or add) the trainee, then fill in the referral (Form 1)."""

        def chosen(match: PractitionerMatch | None) -> None:
            if match is not None:
                self.app.push_screen(ReferralFormScreen(match, _submit), self._submitted)

        self.app.push_screen(PractitionerSearchScreen(), chosen)

    def _submitted(self, result: IntakeResult | None) -> None:
        if result is None:
            return
        waiting = (
            "ready for triage"
            if result.complete
            else "waiting for " + (" and ".join(result.missing))
        )
        self.notify(
            f"{result.reference} is with the case managers, {waiting}. "
            "Press s to see where it stands.",
            title="Referral submitted",
            markup=False,
        )

"""The caseload: the signed-in user's cases (or a chosen colleague's), overdue follow-ups
first, then by next review date; Enter opens a case."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType

from remedy_tui import clock
from remedy_tui.messages import OpenCase
from remedy_tui.screens.common.choice import ChoiceScreen
from remedy_tui.screens.common.paged_list import PagedListScreen
from remedy_tui.services.common.paging import Page
from remedy_tui.services.common.team import Colleague, colleagues
from remedy_tui.services.desk import Desk
from remedy_tui.services.oversight.caseload import (
    CaseloadQuery,
    CaseloadRow,
    caseload_page,
    count_caseload,
)
from remedy_tui.widgets import Cell, Column, PagedTable
from remedy_tui.widgets.record_table import RecordTable

# The name gets the room it needs; when narrow, grade, then last activity, then the fairness
# framework give way.
COLUMNS = (
    Column("Case", 8),
    Column("Practitioner", 20, 3),
    Column("Grade", 8, 1, drop=3),
    Column("Lvl", 3),
    Column("Status", 6),
    Column("Next follow-up", 14),
    Column("Overdue", 16),
    Column("Fairness framework", 20, 2, drop=1),
    Column("Active", 10, drop=2),
)


def caseload_cells(row: CaseloadRow) -> list[Cell]:
    """A case of the caseload; overdue follow-ups stand out."""
    due = row.next_follow_up_on.isoformat() if row.next_follow_up_on else "-"
    overdue: list[str] = []
    if row.overdue_days:
        overdue.append(f"{row.overdue_days}d")
    if row.overdue_actions:
        overdue.append(f"{row.overdue_actions} action{'s' if row.overdue_actions != 1 else ''}")
    level = f"{row.level}{' ^' if row.escalated else ''}"
    return [
        Cell(row.reference),
        Cell(row.practitioner + (f" ({row.why})" if row.why else "")),
        Cell(row.grade),
        Cell(level, "strong" if row.level == 3 else ""),
        Cell(row.status.label, "" if row.status.value == "open" else "dim"),
        Cell(
            due + (" !" if row.follow_up_overdue else ""), "error" if row.follow_up_overdue else ""
        ),
        Cell(", ".join(overdue), "error" if overdue else ""),
        Cell(row.fairness, "dim"),
        Cell(row.last_activity_at.astimezone().date().isoformat(), "dim"),
    ]


class CaseloadScreen(PagedListScreen[CaseloadQuery, Page[CaseloadRow]]):
    """One person's active cases, a page at a time; u picks a colleague, m comes back to yours,
    v the senior view (every level 3 and escalated case, by next review)."""

    TITLE = "Caseload"
    NOUN = "cases"
    SEARCH_PLACEHOLDER = "/ search this caseload: name, registration number or case reference"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "colleague", "Colleague's caseload"),
        Binding("m", "mine", "My caseload"),
        Binding("v", "senior", "Senior view"),
        Binding("x", "exclusions", "Exclusions"),
    ]

    def __init__(self) -> None:
        # Whose caseload is known once the screen is on the app (the desk is the app's).
        super().__init__(CaseloadQuery(0, ""))

    def on_mount(self) -> None:
        # Textual calls this before the list's own on_mount, which describes and loads it.
        user = self.desk.user
        self.list_query = CaseloadQuery(user.id, user.full_name)

    def make_table(self) -> PagedTable:
        return RecordTable[CaseloadRow](
            COLUMNS, caseload_cells, empty_text="No active cases.", id="caseload-table"
        )

    def fetch(self, desk: Desk, query: CaseloadQuery, offset: int, limit: int) -> Page[CaseloadRow]:
        return desk.read(
            caseload_page, query=query, offset=offset, limit=limit, today=clock.today()
        )

    def count(self, desk: Desk, query: CaseloadQuery) -> int:
        return desk.read(count_caseload, query=query)

    def show_page(self, table: PagedTable, page: Page[CaseloadRow]) -> None:
        assert isinstance(table, RecordTable)
        table.show_page(page)

    def describe(self, query: CaseloadQuery) -> str:
        if query.senior:
            return (
                "Senior view · every open and quiet level 3 or escalated case, by next review    "
                "(v back · u colleague · m mine · Enter opens)"
            )
        whose = "My caseload" if query.user_id == self.desk.user.id else query.user_name
        return (
            f"{whose} · open and quiet cases, overdue follow-ups first    "
            "(u colleague · m mine · v senior view · x exclusions · Enter opens)"
        )

    @on(PagedTable.RowChosen)
    def _open(self, event: PagedTable.RowChosen) -> None:
        table = self.query_one(RecordTable)
        row = table.record_at(event.index)
        if isinstance(row, CaseloadRow):
            self.post_message(OpenCase(row.id, row.reference))

    def action_colleague(self) -> None:
        """Show a colleague's caseload."""
        self.ask(lambda desk: desk.read(colleagues), self._choose_colleague, group="colleague")

    def _choose_colleague(self, team: tuple[Colleague, ...]) -> None:
        options = [(str(person.id), f"{person.full_name} ({person.role})") for person in team]

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            name = next(words for value, words in options if value == choice).split(" (")[0]
            self.set_query(
                replace(self.list_query, user_id=int(choice), user_name=name, senior=False)
            )

        self.app.push_screen(
            ChoiceScreen("Whose caseload?", options, str(self.list_query.user_id)), chosen
        )

    def action_mine(self) -> None:
        """Back to the signed-in user's caseload."""
        user = self.desk.user
        self.set_query(
            replace(self.list_query, user_id=user.id, user_name=user.full_name, senior=False)
        )

    def action_exclusions(self) -> None:
        """The register of exclusions and restrictions of practice."""
        from remedy_tui.screens.oversight.exclusions import ExclusionRegisterScreen

        self.app.push_screen(ExclusionRegisterScreen())

    def action_senior(self) -> None:
        """The senior view (level 3 and escalated cases), or back to the caseload."""
        self.set_query(replace(self.list_query, senior=not self.list_query.senior))

"""The case list: every case, a page at a time, searchable, filterable and sortable by keyboard."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType

from remedy_tui import clock
from remedy_tui.messages import OpenCase, OpenChecklist
from remedy_tui.screens.common.paged_list import PagedListScreen, cycle
from remedy_tui.services.case.case_list import (
    CasePage,
    CaseQuery,
    CaseSort,
    PageKey,
    StatusFilter,
    case_page,
    count_cases,
    keyed,
)
from remedy_tui.services.desk import Desk
from remedy_tui.widgets import CaseTable, PagedTable

LEVELS: tuple[int | None, ...] = (None, 1, 2, 3)


class CaseListScreen(PagedListScreen[CaseQuery, CasePage]):
    """Pages through any number of cases; only one page is ever in the table."""

    TITLE = "Cases"
    NOUN = "cases"
    SEARCH_PLACEHOLDER = "/ search: name, GMC/GDC/GPhC number or case reference"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort", "Sort", show=False),
        Binding("f", "status", "Status filter", show=False),
        Binding("l", "level", "Level filter", show=False),
        Binding("m", "mine", "My cases", show=False),
        Binding("k", "checklist", "Fairness checklist", show=False),
    ]

    def __init__(self, *, initial_search: str = "") -> None:
        super().__init__(CaseQuery(search=initial_search))
        self._reload_on_resume = False

    def make_table(self) -> PagedTable:
        return CaseTable(id="case-table")

    def fetch(self, desk: Desk, query: CaseQuery, offset: int, limit: int) -> CasePage:
        return desk.read(case_page, query=query, offset=offset, limit=limit, today=clock.today())

    def fetch_next_to(
        self, desk: Desk, query: CaseQuery, offset: int, limit: int, shown: CasePage, step: int
    ) -> CasePage | None:
        if not keyed(query) or abs(step) != 1:
            return None
        row = shown.rows[-1] if step > 0 else shown.rows[0]
        key = PageKey(after=PageKey.of(row)) if step > 0 else PageKey(before=PageKey.of(row))
        return desk.read(
            case_page, query=query, offset=offset, limit=limit, today=clock.today(), key=key
        )

    def fetch_last(self, desk: Desk, query: CaseQuery, limit: int) -> CasePage | None:
        if not keyed(query):
            return None
        return desk.read(
            case_page,
            query=query,
            offset=-1,
            limit=limit,
            today=clock.today(),
            key=PageKey(last=True),
        )

    def count(self, desk: Desk, query: CaseQuery) -> int:
        return desk.read(count_cases, query=query)

    def show_page(self, table: PagedTable, page: CasePage) -> None:
        assert isinstance(table, CaseTable)
        table.show_page(page)

    def describe(self, query: CaseQuery) -> str:
        parts = [f"status: {query.status.label}", f"sorted by {query.sort.label}"]
        if query.level:
            parts.append(f"level {query.level}")
        if query.case_manager_id is not None:
            parts.append("my cases")
        return "  ·  ".join(parts) + "    (s sort · f status · l level · m mine · k fairness)"

    @on(PagedTable.RowChosen)
    def _open(self, event: PagedTable.RowChosen) -> None:
        row = self.query_one(CaseTable).case_at(event.index)
        if row is not None:
            self.post_message(OpenCase(row.id, row.reference))

    def action_sort(self) -> None:
        """Cycle through the sort orders."""
        self.set_query(replace(self.list_query, sort=cycle(list(CaseSort), self.list_query.sort)))

    def action_status(self) -> None:
        """Cycle through the status filters."""
        status = cycle(list(StatusFilter), self.list_query.status)
        self.set_query(replace(self.list_query, status=status))

    def action_level(self) -> None:
        """Cycle the level filter: all, 1, 2, 3."""
        self.set_query(replace(self.list_query, level=cycle(LEVELS, self.list_query.level)))

    def action_mine(self) -> None:
        """Toggle between everyone's cases and the signed-in user's."""
        mine = None if self.list_query.case_manager_id is not None else self.desk.user.id
        self.set_query(replace(self.list_query, case_manager_id=mine))

    def action_checklist(self) -> None:
        """Open the fairness checklist of the highlighted case."""
        table = self.query_one(CaseTable)
        row = table.case_at(table.cursor_row)
        if row is not None:
            self._reload_on_resume = True
            self.post_message(OpenChecklist(row.id))

    def on_screen_resume(self) -> None:
        """Back from a case's checklist: its fairness summary may have changed."""
        if self._reload_on_resume:
            self._reload_on_resume = False
            self.action_refresh()

"""The case list: every case, a page at a time, searchable, filterable and sortable by keyboard."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from remedy_tui import clock
from remedy_tui.services.case_list import (
    CasePage,
    CaseQuery,
    CaseSort,
    StatusFilter,
    case_page,
    count_cases,
)
from remedy_tui.store import Store
from remedy_tui.widgets import CaseTable, PagedTable, literal

SEARCH_DELAY = 0.15
LEVELS: tuple[int | None, ...] = (None, 1, 2, 3)


T = TypeVar("T")


def _cycle(options: tuple[T, ...] | list[T], current: T) -> T:
    index = options.index(current) if current in options else -1
    return options[(index + 1) % len(options)]


class CaseListScreen(Screen[None]):
    """Pages through any number of cases; only one page is ever in the table."""

    TITLE = "Cases"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("s", "sort", "Sort"),
        Binding("f", "status", "Status filter"),
        Binding("l", "level", "Level filter"),
        Binding("m", "mine", "My cases"),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    case_query: reactive[CaseQuery] = reactive(CaseQuery, always_update=True)
    page_offset: reactive[int] = reactive(0)

    @dataclass
    class PageLoaded(Message):
        """A page arrived from the database."""

        page: CasePage

    def __init__(self, store: Store, *, initial_search: str = "") -> None:
        super().__init__()
        self.store = store
        self._search_timer: Timer | None = None
        self._loaded_size = 0
        self._initial_search = initial_search

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="case-search-bar"):
            yield Input(
                self._initial_search,
                id="case-search",
                placeholder="/ search: name, GMC/GDC/GPhC number or case reference",
            )
        yield Static("", id="case-filters", classes="muted")
        yield CaseTable(id="case-table")
        yield Static("", id="case-page-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CaseTable).focus()
        self.case_query = replace(self.case_query, search=self._initial_search)
        self._describe()
        # Load once the layout is known, so the first page is exactly one screenful.
        self.call_after_refresh(self.action_refresh)

    @property
    def page_size(self) -> int:
        """As many rows as the table can show without scrolling."""
        return max(5, self.query_one(CaseTable).page_capacity)

    def set_query(self, query: CaseQuery, *, offset: int = 0) -> None:
        """Ask for the first page of a new query."""
        self.case_query = query
        self.page_offset = offset
        self._describe()
        self.load(query, offset, self.page_size)

    def _describe(self) -> None:
        query = self.case_query
        parts = [f"status: {query.status.label}", f"sorted by {query.sort.label}"]
        if query.level:
            parts.append(f"level {query.level}")
        if query.case_manager_id is not None:
            parts.append("my cases")
        self.query_one("#case-filters", Static).update(
            "  ·  ".join(parts) + "    (s sort · f status · l level · m mine)"
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="case-page")
    def load(self, query: CaseQuery, offset: int, limit: int) -> None:
        """Fetch one page in a thread and post it back."""
        self._loaded_size = limit
        with self.store.session() as session:
            if offset < 0:  # "the last page": work out where it starts
                total = count_cases(session=session, query=query)
                offset = max(0, ((total - 1) // limit) * limit)
            page = case_page(
                session=session, query=query, offset=offset, limit=limit, today=clock.today()
            )
        self.post_message(self.PageLoaded(page))

    @on(PageLoaded)
    def _show(self, event: PageLoaded) -> None:
        page = event.page
        if page.query != self.case_query:
            return  # an answer to a question no longer asked
        self.page_offset = page.offset
        self.query_one(CaseTable).show_page(page)
        status = self.query_one("#case-page-status", Static)
        if page.total == 0:
            status.update(
                literal(
                    "No cases match." + (" Escape clears the search." if page.query.search else "")
                )
            )
            return
        pages = (page.total + page.limit - 1) // page.limit
        number = page.offset // page.limit + 1
        status.update(
            f"Cases {page.first:,}-{page.last:,} of {page.total:,}  ·  page {number:,} of "
            f"{pages:,}  ·  PgUp/PgDn pages, ctrl+home/end first/last"
        )

    @on(PagedTable.PageRequested)
    def _page(self, event: PagedTable.PageRequested) -> None:
        size = self.page_size
        if event.edge < 0:
            offset = 0
        elif event.edge > 0:
            offset = -1
        else:
            offset = max(0, self.page_offset + event.step * size)
            page = self.query_one(CaseTable).page
            if page and offset >= page.total:
                return
        self.load(self.case_query, offset, size)

    @on(Input.Changed, "#case-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        text = event.value
        self._search_timer = self.set_timer(
            SEARCH_DELAY, lambda: self.set_query(replace(self.case_query, search=text))
        )

    @on(Input.Submitted, "#case-search")
    def _search_done(self) -> None:
        self.query_one(CaseTable).focus()

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#case-search", Input).focus()

    def action_clear_search(self) -> None:
        """Empty the search box and go back to the table."""
        search = self.query_one("#case-search", Input)
        if search.value:
            search.value = ""
            self.set_query(replace(self.case_query, search=""))
        self.query_one(CaseTable).focus()

    def action_sort(self) -> None:
        """Cycle through the sort orders."""
        self.set_query(replace(self.case_query, sort=_cycle(list(CaseSort), self.case_query.sort)))

    def action_status(self) -> None:
        """Cycle through the status filters."""
        self.set_query(
            replace(self.case_query, status=_cycle(list(StatusFilter), self.case_query.status))
        )

    def action_level(self) -> None:
        """Cycle the level filter: all, 1, 2, 3."""
        self.set_query(replace(self.case_query, level=_cycle(LEVELS, self.case_query.level)))

    def action_mine(self) -> None:
        """Toggle between everyone's cases and the signed-in user's."""
        mine = None if self.case_query.case_manager_id is not None else self.store.user.id
        self.set_query(replace(self.case_query, case_manager_id=mine))

    def action_refresh(self) -> None:
        """Reload the current page."""
        self.load(self.case_query, self.page_offset, self.page_size)

    def on_resize(self) -> None:
        """A different height means a different page size."""
        if self.is_mounted and self._loaded_size and self.page_size != self._loaded_size:
            self.action_refresh()

"""What every list screen shares: a search box, a one-page table, a filter line and a status
line; pages fetched from the database in a thread worker, one screenful at a time."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Static

from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.quick_resume import QuickResume
from remedy_tui.services.desk import Desk
from remedy_tui.widgets import PagedTable, literal
from remedy_tui.widgets.key_footer import KeyFooter

# A keystroke after a pause is searched at once; keys that come faster than this (a paste
# that is not bracketed, a barcode reader) are searched together when they stop.
SEARCH_DELAY = 0.03
T = TypeVar("T")


class ListQuery(Protocol):
    """A list's query: a frozen dataclass with at least the search text."""

    @property
    def search(self) -> str: ...


class ListPage(Protocol):
    """A page of a list: its rows, where it sits, and the query it answers."""

    @property
    def rows(self) -> tuple[Any, ...]: ...
    @property
    def total(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def limit(self) -> int: ...
    @property
    def query(self) -> Any: ...


QueryT = TypeVar("QueryT", bound=ListQuery)
PageT = TypeVar("PageT", bound=ListPage)


def next_offset(offset: int, event: PagedTable.PageRequested, size: int, total: int) -> int:
    """Where the page a table asked for starts: a page on or back, or the first or last."""
    if event.edge:
        return 0 if event.edge < 0 else max(0, (total - 1) // size * size)
    return max(0, offset + event.step * size)


def cycle(options: tuple[T, ...] | list[T], current: T) -> T:
    """The option after ``current`` (wrapping round)."""
    index = options.index(current) if current in options else -1
    return options[(index + 1) % len(options)]


class PagedListScreen(DeskWork, QuickResume, Screen[None], Generic[QueryT, PageT]):
    """A list that pages through any number of rows; subclasses say what to fetch and show."""

    NOUN: ClassVar[str] = "rows"
    SEARCH_PLACEHOLDER: ClassVar[str] = "/ search"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("r", "refresh", "Refresh", show=False),
    ]

    def __init__(self, query: QueryT) -> None:
        super().__init__()
        self.list_query: QueryT = query
        self.page_offset = 0
        self.current_page: PageT | None = None
        self._search_timer: Timer | None = None
        self._searched_at = 0.0
        self._loaded_size = 0

    # What subclasses provide ---------------------------------------------------------------

    def make_table(self) -> PagedTable:
        """The table widget for this list."""
        raise NotImplementedError

    def fetch(self, desk: Desk, query: QueryT, offset: int, limit: int) -> PageT:
        """One page of rows (runs in a worker thread)."""
        raise NotImplementedError

    def count(self, desk: Desk, query: QueryT) -> int:
        """How many rows match (runs in a worker thread)."""
        raise NotImplementedError

    def show_page(self, table: PagedTable, page: PageT) -> None:
        """Put the page into the table."""
        raise NotImplementedError

    def describe(self, query: QueryT) -> str:
        """The filter line for ``query``."""
        return ""

    def status_note(self, page: PageT) -> str:
        """Anything to say before the page count on the status line."""
        return ""

    # The shared machinery ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="list-search-bar"):
            yield Input(
                self.list_query.search, id="list-search", placeholder=self.SEARCH_PLACEHOLDER
            )
        yield Static("", id="list-filters", classes="muted")
        yield self.make_table()
        yield Static("", id="list-status")
        yield KeyFooter()

    @property
    def table(self) -> PagedTable:
        """This screen's table."""
        return self.query_one(PagedTable)

    def on_mount(self) -> None:
        self.table.focus()
        self._describe()
        # Load once the layout is known, so the first page is exactly one screenful.
        self.call_after_refresh(self.action_refresh)

    @property
    def page_size(self) -> int:
        """As many rows as the table can show without scrolling."""
        return max(5, self.table.page_capacity)

    def set_query(self, query: QueryT) -> None:
        """Ask for the first page of a new query."""
        self.list_query = query
        self.page_offset = 0
        self._describe()
        self.load(query, 0, self.page_size)

    def _describe(self) -> None:
        self.query_one("#list-filters", Static).update(literal(self.describe(self.list_query)))

    def fetch_next_to(
        self, desk: Desk, query: QueryT, offset: int, limit: int, shown: PageT, step: int
    ) -> PageT | None:
        """The page ``step`` pages from ``shown`` (which answers the same query with the same
        page size), read from its first or last row; None where this list pages by offset
        only (the default). Runs in a worker thread."""
        return None

    def fetch_last(self, desk: Desk, query: QueryT, limit: int) -> PageT | None:
        """The last page, read from the end; None to count and page by offset (the default)."""
        return None

    def load(self, query: QueryT, offset: int, limit: int, step: int = 0) -> None:
        """Fetch one page at the desk, then show it: ``offset`` -1 is the last page; a
        ``step`` of one page on or back from the page shown may be read from its rows."""
        self._loaded_size = limit
        shown = self.current_page
        if shown is None or not shown.rows or shown.limit != limit or shown.query != query:
            step = 0

        def page_at(desk: Desk) -> PageT:
            if offset < 0:  # "the last page": from the end, or work out where it starts
                last = self.fetch_last(desk, query, limit)
                if last is not None:
                    return last
                total = self.count(desk, query)
                return self.fetch(desk, query, max(0, ((total - 1) // limit) * limit), limit)
            if step and shown is not None and offset > 0:
                near = self.fetch_next_to(desk, query, offset, limit, shown, step)
                if near is not None:
                    return near
            return self.fetch(desk, query, offset, limit)

        self.ask(page_at, self._show, group="list-page")

    def _show(self, page: PageT) -> None:
        if page.query != self.list_query:
            return  # an answer to a question no longer asked
        self.page_offset = page.offset
        self.current_page = page
        self.show_page(self.table, page)
        status = self.query_one("#list-status", Static)
        if page.total == 0:
            hint = " Escape clears the search." if page.query.search else ""
            status.update(literal(f"No {self.NOUN} match.{hint}"))
            return
        pages = (page.total + page.limit - 1) // page.limit
        number = page.offset // page.limit + 1
        first, last = page.offset + 1, page.offset + len(page.rows)
        status.update(
            literal(
                f"{self.status_note(page)}{self.NOUN.capitalize()} {first:,}-{last:,} of "
                f"{page.total:,}  ·  page {number:,} of {pages:,}  ·  PgUp/PgDn pages, "
                "ctrl+home/end first/last"
            )
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
            if self.current_page is not None and offset >= self.current_page.total:
                return
        self.load(self.list_query, offset, size, step=event.step if not event.edge else 0)

    @on(Input.Changed, "#list-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        text = event.value
        if text == self.list_query.search:
            return  # already asked (Escape clears the box and the query together)

        def search() -> None:
            self._search_timer = None
            self._searched_at = time.monotonic()
            self.set_query(replace(self.list_query, search=text))  # type: ignore[type-var]

        since = time.monotonic() - self._searched_at
        if since >= SEARCH_DELAY:
            search()
        else:
            self._search_timer = self.set_timer(SEARCH_DELAY - since, search)

    @on(Input.Submitted, "#list-search")
    def _search_done(self) -> None:
        self.table.focus()

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#list-search", Input).focus()

    def action_clear_search(self) -> None:
        """Empty the search box and go back to the table."""
        search = self.query_one("#list-search", Input)
        if search.value:
            search.value = ""
            if self._search_timer is not None:
                self._search_timer.stop()
            self.set_query(replace(self.list_query, search=""))  # type: ignore[type-var]
        self.table.focus()

    def action_refresh(self) -> None:
        """Reload the current page."""
        self.load(self.list_query, self.page_offset, self.page_size)

    def show_colleagues_changes(self, tables: frozenset[str]) -> None:
        """A colleague changed something on another desktop: read this page again."""
        if self.is_mounted:
            self.action_refresh()

    def on_resize(self) -> None:
        """A different height means a different page size."""
        self._refit()

    @on(PagedTable.HeightChanged)
    def _refit(self) -> None:
        """The table's own height changed (the footer wrapped, say): a page of the new size."""
        if self.is_mounted and self._loaded_size and self.page_size != self._loaded_size:
            self.action_refresh()

"""Finding a case by name, registration number or reference, to act on it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static

from remedy_tui import clock
from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.paged_list import SEARCH_DELAY
from remedy_tui.services.case.case_list import CasePage, CaseQuery, StatusFilter, case_page
from remedy_tui.widgets import Cell, Column, PagedTable

COLUMNS = (
    Column("Case", 8),
    Column("Practitioner", 20, 3),
    Column("Registration", 12),
    Column("Lvl", 3),
    Column("Status", 6),
)
LIMIT = 10


class CasePickerScreen(DeskWork, ModalScreen[int]):
    """Type to search; Enter (or Down) goes to the results; Enter picks a case."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "results", "Results", show=False),
    ]

    def __init__(self, title: str = "Which case?") -> None:
        super().__init__()
        self.title_text = title
        self.page: CasePage | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(self.title_text, classes="title")
            yield Input(id="case-search", placeholder="name, GMC/GDC/GPhC number or C-000123")
            yield PagedTable(COLUMNS, empty_text="Type to find a case.", id="case-results")
            yield Static("Enter picks the case · Escape cancels", id="case-status", classes="hint")

    @on(Input.Changed, "#case-search")
    def _typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self.reload)

    @on(Input.Submitted, "#case-search")
    def _submitted(self) -> None:
        self.action_results()

    def action_results(self) -> None:
        """Move to the results."""
        self.query_one(PagedTable).focus()

    def reload(self) -> None:
        """Search in a worker."""
        text = self.query_one("#case-search", Input).value
        if len(text.strip()) < 2:
            return

        query = CaseQuery(search=text, status=StatusFilter.ALL)
        self.ask(
            lambda desk: desk.read(
                case_page, query=query, offset=0, limit=LIMIT, today=clock.today()
            ),
            self.show,
            group="case-search",
        )

    def show(self, page: CasePage) -> None:
        """Show the cases found."""
        if page.query.search != self.query_one("#case-search", Input).value:
            return  # an answer to an earlier question
        self.page = page
        self.query_one(PagedTable).show(
            [
                [
                    Cell(row.reference),
                    Cell(row.practitioner),
                    Cell(row.registration),
                    Cell(str(row.level)),
                    Cell(row.status.label, "dim" if row.status.value == "closed" else ""),
                ]
                for row in page.rows
            ],
            has_previous=False,
            has_next=False,
        )
        status = f"{page.total:,} cases match" if page.total else "No case matches"
        if page.total > len(page.rows):
            status += f"; the first {len(page.rows)} are shown, type more to narrow them"
        self.query_one("#case-status", Static).update(f"{status}. Enter picks · Escape cancels")

    @on(PagedTable.RowChosen)
    def _chosen(self, event: PagedTable.RowChosen) -> None:
        if self.page is not None and 0 <= event.index < len(self.page.rows):
            self.dismiss(self.page.rows[event.index].id)

    def action_cancel(self) -> None:
        """Pick nothing."""
        self.dismiss(None)

"""The case list table: shows one page of cases and asks its screen for the next or previous."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from remedy_tui.services.case_list import CasePage, CaseRow
from remedy_tui.store.models import CaseStatus
from remedy_tui.widgets.literal import cell

# (title, minimum width, share of the spare width): fixed columns have no share.
COLUMNS: tuple[tuple[str, int, int], ...] = (
    ("Case", 8, 0),
    ("Practitioner", 16, 4),
    ("Grade", 10, 2),
    ("Programme", 10, 2),
    ("Trust", 10, 3),
    ("Lvl", 3, 0),
    ("Status", 6, 0),
    ("Case manager", 10, 2),
    ("Next review", 12, 0),
    ("Days", 4, 0),
)
CELL_PADDING = 1


def column_widths(total: int) -> list[int]:
    """Share the table's width out so every column fits without scrolling sideways."""
    padding = 2 * CELL_PADDING * len(COLUMNS) + 2
    minimum = sum(width for _, width, _ in COLUMNS)
    spare = max(0, total - padding - minimum)
    shares = sum(share for _, _, share in COLUMNS)
    widths = [width + (spare * share) // shares for _, width, share in COLUMNS]
    return widths


class CaseTable(DataTable[Text]):
    """A DataTable that holds exactly one page of cases; paging is the screen's job."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "page(1)", "Next page"),
        Binding("pageup", "page(-1)", "Previous page"),
        Binding("ctrl+home", "edge(-1)", "First page", show=False),
        Binding("ctrl+end", "edge(1)", "Last page", show=False),
    ]

    page: reactive[CasePage | None] = reactive(None, always_update=True)

    @dataclass
    class PageRequested(Message):
        """The user wants another page: ``step`` pages on, or to the first/last (``edge``)."""

        step: int
        edge: int = 0
        cursor: str = "keep"  # "first", "last" or "keep": where the cursor goes afterwards

    @dataclass
    class CaseChosen(Message):
        """The user pressed Enter on a case."""

        case_id: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=CELL_PADDING)
        self._wanted_cursor = "first"
        self._laid_out_for = -1

    def _lay_out(self) -> None:
        """(Re)build the columns for the current width."""
        width = self.size.width
        if width == self._laid_out_for:
            return
        self._laid_out_for = width
        self.clear(columns=True)
        for (title, _, _), column_width in zip(COLUMNS, column_widths(width), strict=True):
            self.add_column(title, width=column_width, key=title)

    def watch_page(self, page: CasePage | None) -> None:
        """Render the page and put the cursor where the request asked."""
        row_before = self.cursor_row
        self._lay_out()
        self.clear()
        if page is None:
            return
        overdue_style = f"bold {self.app.theme_variables.get('error', 'red')}"
        for row in page.rows:
            self.add_row(*self._cells(row, overdue_style), key=str(row.id))
        if not page.rows:
            return
        if self._wanted_cursor == "last":
            target = len(page.rows) - 1
        elif self._wanted_cursor == "keep":
            target = min(row_before, len(page.rows) - 1)
        else:
            target = 0
        self.move_cursor(row=target, animate=False)
        self._wanted_cursor = "keep"

    @staticmethod
    def _cells(row: CaseRow, overdue_style: str) -> list[Text]:
        review = row.next_review_on.isoformat() if row.next_review_on else "-"
        status_style = {"open": "", "quiet": "dim", "closed": "dim italic"}[row.status.value]
        level = cell(str(row.level), "bold" if row.level == 3 else "")
        if row.escalated:
            level.append(" ^", style="bold")
        return [
            cell(row.reference),
            cell(row.practitioner),
            cell(row.grade),
            cell(row.programme),
            cell(row.trust),
            level,
            cell(row.status.label, status_style),
            cell(row.case_manager),
            cell(review + (" !" if row.overdue else ""), overdue_style if row.overdue else ""),
            cell(str(row.days_open)),
        ]

    def request(self, step: int, edge: int = 0, cursor: str = "first") -> None:
        """Ask the screen for another page."""
        self._wanted_cursor = cursor
        self.post_message(self.PageRequested(step=step, edge=edge, cursor=cursor))

    def action_page(self, step: int) -> None:
        """Next or previous page."""
        self.request(step, cursor="keep")

    def action_edge(self, edge: int) -> None:
        """First or last page."""
        self.request(0, edge=edge, cursor="first" if edge < 0 else "last")

    def action_cursor_down(self) -> None:
        """Down past the last row goes on to the next page."""
        page = self.page
        if page and self.cursor_row >= len(page.rows) - 1 and page.last < page.total:
            self.request(1, cursor="first")
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up past the first row goes back to the previous page."""
        page = self.page
        if page and self.cursor_row <= 0 and page.offset > 0:
            self.request(-1, cursor="last")
            return
        super().action_cursor_up()

    def action_select_cursor(self) -> None:
        """Enter opens the case under the cursor."""
        page = self.page
        if page and 0 <= self.cursor_row < len(page.rows):
            self.post_message(self.CaseChosen(page.rows[self.cursor_row].id))


__all__ = ["CaseStatus", "CaseTable"]

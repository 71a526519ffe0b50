"""A paged table of any kind of record: one page of frozen views, drawn as cells."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from remedy_tui.widgets.paged_table import Cell, Column, PagedTable

RowT = TypeVar("RowT")


class RecordTable(PagedTable, Generic[RowT]):
    """Shows a page of views (``rows``, ``offset``, ``total``) with a function that draws one."""

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[RowT], Sequence[Cell]],
        *,
        empty_text: str = "Nothing recorded yet.",
        id: str | None = None,
    ) -> None:
        super().__init__(columns, empty_text=empty_text, id=id)
        self.cells = cells
        self.records: tuple[RowT, ...] = ()

    def show_page(self, page: Any) -> None:
        """Show ``page``, remembering its records so a chosen row can be found again."""
        self.records = tuple(page.rows)
        self.show(
            [self.cells(row) for row in self.records],
            has_previous=page.offset > 0,
            has_next=page.offset + len(page.rows) < page.total,
        )

    def clear_page(self) -> None:
        """Show no rows (while another case is read)."""
        self.records = ()
        self.show([], has_previous=False, has_next=False)

    def record_at(self, index: int) -> RowT | None:
        """The record on row ``index`` of the page."""
        return self.records[index] if 0 <= index < len(self.records) else None

    @property
    def current(self) -> RowT | None:
        """The record under the cursor."""
        return self.record_at(self.cursor_row)

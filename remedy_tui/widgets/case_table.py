"""The case list table: one page of cases, drawn with the paged table."""

from __future__ import annotations

from remedy_tui.services.case.case_list import CasePage, CaseRow
from remedy_tui.widgets.paged_table import Cell, CellStyle, Column, PagedTable

# The name gets the room it needs; when the terminal is narrow grade, programme, fairness,
# trust and days open give way, in that order.
COLUMNS = (
    Column("Case", 8),
    Column("Practitioner", 20, 4),
    Column("Grade", 10, 2, drop=5),
    Column("Programme", 9, 2, drop=4),
    Column("Trust", 10, 3, drop=2),
    Column("Lvl", 3),
    Column("Status", 6),
    Column("Case manager", 12, 2),
    Column("Next review", 12),
    Column("Days", 4, align="right", drop=1),
    Column("Fairness", 12, 1, drop=3),
)


class CaseTable(PagedTable):
    """Shows a CasePage; the screen fetches pages when asked."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, empty_text="No cases match.", id=id)
        self.page: CasePage | None = None

    def show_page(self, page: CasePage) -> None:
        """Show ``page`` and remember where it sits in the whole list."""
        self.page = page
        self.show(
            [self.cells(row) for row in page.rows],
            has_previous=page.offset > 0,
            has_next=page.last < page.total,
        )

    def case_at(self, index: int) -> CaseRow | None:
        """The case on row ``index`` of the page."""
        if self.page is None or not 0 <= index < len(self.page.rows):
            return None
        return self.page.rows[index]

    @staticmethod
    def cells(row: CaseRow) -> list[Cell]:
        """A case as table cells; overdue reviews stand out."""
        review = row.next_review_on.isoformat() if row.next_review_on else "-"
        status_style: CellStyle = "" if row.status.value == "open" else "dim"
        return [
            Cell(row.reference),
            Cell(row.practitioner),
            Cell(row.grade),
            Cell(row.programme),
            Cell(row.trust),
            Cell(f"{row.level}{' ^' if row.escalated else ''}", "strong" if row.level == 3 else ""),
            Cell(row.status.label, status_style),
            Cell(row.case_manager),
            Cell(review + (" !" if row.overdue else ""), "error" if row.overdue else ""),
            Cell(str(row.days_open)),
            CaseTable.fairness_cell(row),
        ]

    @staticmethod
    def fairness_cell(row: CaseRow) -> Cell:
        """Answered of all questions, then how many No and Unknown (which prompt follow-up)."""
        if row.fairness is None:
            return Cell("-", "dim")
        return Cell(row.fairness.short, "warning" if row.fairness.open_questions else "")

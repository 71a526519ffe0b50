"""The triage queue table: one page of waiting referrals."""

from __future__ import annotations

from remedy_tui.services.triage.queue import QueuePage, QueueRow
from remedy_tui.store.models import ReferralStatus
from remedy_tui.widgets.paged_table import Cell, Column, PagedTable

# The name gets the room it needs; when the terminal is narrow the columns of least use in
# the meeting give way first (last activity, fairness, source, then grade).
COLUMNS = (
    Column("Days", 4, align="right"),
    Column("Referral", 8),
    Column("Practitioner", 20, 4),
    Column("Grade, programme", 10, 3, drop=1),
    Column("Trust", 8, 2),
    Column("Source", 7, 1, drop=2),
    Column("Triggers", 8, 3),
    Column("Forms, status", 13, 2),
    Column("Sug.", 4),
    Column("Fairness", 11, drop=3),
    Column("Activity", 10, drop=4),
)


def status_cell(row: QueueRow) -> Cell:
    """Completeness, deferral, a link to an open case, and an overdue chase, in one cell."""
    if row.request_overdue:
        return Cell(f"chase! {row.missing or 'information'}", "error")
    if row.status is ReferralStatus.DEFERRED:
        return Cell("deferred", "dim")
    if row.status is ReferralStatus.DECIDED:
        return Cell("decided", "dim")
    if not row.complete:
        return Cell(f"needs {row.missing}", "warning")
    if row.linked_case:
        return Cell(f"open {row.linked_case}", "strong")  # ready, and joined to it
    return Cell("ready", "success")


class QueueTable(PagedTable):
    """Shows a QueuePage; the screen fetches pages when asked."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, empty_text="No referrals match.", id=id)
        self.page: QueuePage | None = None

    def show_page(self, page: QueuePage) -> None:
        """Show ``page`` and remember where it sits in the whole queue."""
        self.page = page
        self.show(
            [self.cells(row) for row in page.rows],
            has_previous=page.offset > 0,
            has_next=page.offset + len(page.rows) < page.total,
        )

    def row_at(self, index: int) -> QueueRow | None:
        """The referral on row ``index`` of the page."""
        if self.page is None or not 0 <= index < len(self.page.rows):
            return None
        return self.page.rows[index]

    @staticmethod
    def cells(row: QueueRow) -> list[Cell]:
        """A referral as table cells."""
        grade = ", ".join(part for part in (row.grade, row.programme) if part)
        level = str(row.suggested_level) if row.suggested_level else "-"
        return [
            Cell(str(row.days_waiting), "strong" if row.days_waiting > 28 else ""),
            Cell(row.reference),
            Cell(row.practitioner),
            Cell(grade),
            Cell(row.trust),
            Cell(row.source),
            Cell(row.triggers),
            status_cell(row),
            Cell(level, "strong" if row.suggested_level == 3 else ""),
            Cell(row.fairness or "-", "dim"),
            Cell(row.last_activity.isoformat()),
        ]

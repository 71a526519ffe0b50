"""The monthly return of exclusions and restrictions of practice: an Excel workbook of every
episode in force during the month, with its reviews, advice and duration."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font

from remedy_tui import clock

HEADER = (
    "Case",
    "Practitioner",
    "Action",
    "Terms",
    "Decided by",
    "Started",
    "Ended",
    "Days (to the month's end or the end)",
    "Reviews",
    "Last review",
    "Next review due",
    "Practitioner Performance Advice at the start",
    "Flags",
)


@dataclass(frozen=True)
class ReturnRow:
    """One episode as the return shows it (plain values)."""

    reference: str
    practitioner: str
    action: str
    terms: str
    decided_by: str
    started_on: date
    ended_on: date | None
    days: int
    reviews: int
    last_review: date | None
    review_due: date | None
    ppa_at_start: bool
    flags: str


def to_workbook(
    rows: list[ReturnRow], *, month: str, exported_by: str, exported_at: datetime
) -> bytes:
    """The return for ``month`` (YYYY-MM) as an Excel file; every text is kept as text."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Return {month}"
    sheet.append([f"Exclusions and restrictions of practice in force in {month}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [f"Exported {clock.local_text(exported_at)} by {exported_by}. {len(rows)} episodes."]
    )
    sheet.append([])
    sheet.append(list(HEADER))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row.reference,
                row.practitioner,
                row.action,
                row.terms,
                row.decided_by,
                row.started_on,
                row.ended_on,
                row.days,
                row.reviews,
                row.last_review,
                row.review_due,
                "yes" if row.ppa_at_start else "no",
                row.flags,
            ]
        )
        for cell in sheet[sheet.max_row]:
            # Free text is shown literally: a text starting "=" is not a formula.
            if isinstance(cell.value, str):
                cell.data_type = "s"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    widths = (10, 28, 24, 40, 24, 12, 12, 12, 9, 12, 14, 16, 48)
    for column, width in zip("ABCDEFGHIJKLM", widths, strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

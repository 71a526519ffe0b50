"""Attendance at a meeting: present, apologies or absent, one key per member."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.services.csg import meetings
from remedy_tui.store.models import Attendance
from remedy_tui.views.csg import AttendanceView
from remedy_tui.widgets import Cell, Column, PagedTable
from remedy_tui.widgets.paged_table import CellStyle

COLUMNS = (Column("Member", 20, 2), Column("Role", 24, 2), Column("Attendance", 12))
STYLES: dict[Attendance, CellStyle] = {
    Attendance.PRESENT: "success",
    Attendance.APOLOGIES: "warning",
    Attendance.ABSENT: "dim",
}


class CsgAttendanceScreen(DeskWork, ModalScreen[None]):
    """Members due at the meeting; p present, a apologies, x absent, Delete clears."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "mark('present')", "Present"),
        Binding("a", "mark('apologies')", "Apologies"),
        Binding("x", "mark('absent')", "Absent"),
        Binding("delete,backspace", "mark('')", "Clear"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.rows: list[AttendanceView] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Attendance", classes="title")
            yield PagedTable(COLUMNS, empty_text="Nobody is a member that day.", id="attendance")
            yield Static(
                "p present · a apologies · x absent · Delete clears · Escape closes "
                "(each key is saved at once)",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()
        self.reload()

    def reload(self) -> None:
        """Fetch who is due and what is recorded."""
        meeting_id = self.meeting_id
        self.ask(lambda desk: desk.read(meetings.attendance, meeting_id=meeting_id), self.show)

    def show(self, rows: list[AttendanceView]) -> None:
        """Put the members and their attendance on screen."""
        self.rows = rows
        self.query_one(PagedTable).show(
            [
                [
                    Cell(row.name, "strong" if row.is_chair else ""),
                    Cell(row.role_label),
                    Cell(
                        row.attendance.label if row.attendance else "not recorded",
                        STYLES[row.attendance] if row.attendance else "error",
                    ),
                ]
                for row in rows
            ],
            has_previous=False,
            has_next=False,
        )

    def action_mark(self, value: str) -> None:
        """Record the selected member's attendance and move to the next member."""
        table = self.query_one(PagedTable)
        index = table.cursor_row
        if not 0 <= index < len(self.rows):
            return
        member_id, meeting_id = self.rows[index].member_id, self.meeting_id
        attendance = Attendance(value) if value else None
        self.ask(
            lambda desk: desk.change(
                meetings.set_attendance,
                meeting_id=meeting_id,
                member_id=member_id,
                attendance=attendance,
            ),
            lambda _: self.reload(),
            change=True,
        )
        table.action_cursor(1)

    def action_close(self) -> None:
        """Back to the agenda."""
        self.dismiss(None)

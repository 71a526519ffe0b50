"""The register of subject access requests, with each one's deadline clock: n registers a
request, x extends a complex one, Enter opens its pack, t shows retention."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType

from remedy_tui import clock
from remedy_tui.screens.common.form import Submit
from remedy_tui.screens.common.paged_list import PagedListScreen
from remedy_tui.screens.records.pack import PackScreen
from remedy_tui.screens.records.records_form import Line, RecordsForm, Typed
from remedy_tui.screens.records.retention import RetentionScreen
from remedy_tui.screens.triage.practitioner_search import PractitionerSearchScreen
from remedy_tui.services.common.paging import Page
from remedy_tui.services.common.validation import parse_date
from remedy_tui.services.desk import Desk
from remedy_tui.services.records.lists import RecordsQuery, requests_page
from remedy_tui.services.records.sar import SarRow, extend_request, register_request
from remedy_tui.services.triage.practitioner_lookup import PractitionerMatch
from remedy_tui.widgets import Cell, Column, PagedTable
from remedy_tui.widgets.record_table import RecordTable

COLUMNS = (
    Column("Request", 10),
    Column("Practitioner", 16, 2),
    Column("Asked by", 12, 1),
    Column("Received", 11),
    Column("Due", 11),
    Column("Clock", 18),
    Column("Status", 10),
)


def request_cells(row: SarRow) -> list[Cell]:
    """A request with its clock; an overdue one stands out."""
    return [
        Cell(row.reference),
        Cell(row.practitioner),
        Cell(row.requested_by),
        Cell(f"{row.received_on:%d %b %Y}"),
        Cell(f"{row.due_on:%d %b %Y}" + (" (ext)" if row.extended else "")),
        Cell(row.clock, "error" if row.overdue else ("dim" if row.clock == "answered" else "")),
        Cell(row.status.value.replace("_", " ")),
    ]


def _register(person: PractitionerMatch) -> Submit[Typed, str]:
    def submit(desk: Desk, typed: Typed) -> str:
        received = parse_date(
            typed["received_on"], field="received_on", label="Received on", required=True
        )
        assert received is not None
        request = desk.change(
            register_request,
            practitioner_id=person.id,
            requested_by=typed["requested_by"],
            received_on=received,
        )
        return f"{request.reference} is due by {request.due_on:%d %b %Y}."

    return submit


def _extend(row: SarRow) -> Submit[Typed, str]:
    def submit(desk: Desk, typed: Typed) -> str:
        told = parse_date(
            typed["person_told_on"], field="person_told_on", label="Told on", required=True
        )
        assert told is not None
        request = desk.change(
            extend_request, request_id=row.id, reason=typed["reason"], person_told_on=told
        )
        return f"{request.reference} is now due by {request.due_on:%d %b %Y}."

    return submit


class RequestsScreen(PagedListScreen[RecordsQuery, Page[SarRow]]):
    """Subject access requests, the nearest deadline first."""

    TITLE = "Subject access requests"
    NOUN = "requests"
    SEARCH_PLACEHOLDER = "/ search: a request (SAR-000001) or a name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_request", "New request"),
        Binding("x", "extend", "Extend"),
        Binding("t", "retention", "Retention"),
    ]

    def __init__(self) -> None:
        super().__init__(RecordsQuery())

    def make_table(self) -> PagedTable:
        return RecordTable[SarRow](
            COLUMNS, request_cells, empty_text="No subject access requests.", id="sar-table"
        )

    def fetch(self, desk: Desk, query: RecordsQuery, offset: int, limit: int) -> Page[SarRow]:
        return desk.read(requests_page, query=query, offset=offset, limit=limit)

    def count(self, desk: Desk, query: RecordsQuery) -> int:
        return desk.read(requests_page, query=query, offset=0, limit=1).total

    def show_page(self, table: PagedTable, page: Page[SarRow]) -> None:
        assert isinstance(table, RecordTable)
        table.show_page(page)

    def describe(self, query: RecordsQuery) -> str:
        return (
            "A calendar month from receipt, three when extended    "
            "(n new · x extend · Enter the pack · t retention)"
        )

    def _chosen(self) -> SarRow | None:
        table = self.query_one(RecordTable)
        row = table.record_at(table.cursor_row) if table.row_count else None
        return row if isinstance(row, SarRow) else None

    @on(PagedTable.RowChosen)
    def _open(self, event: PagedTable.RowChosen) -> None:
        row = self.query_one(RecordTable).record_at(event.index)
        if isinstance(row, SarRow):
            self.app.push_screen(PackScreen(row.id, row.reference), lambda _: self.action_refresh())

    def action_new_request(self) -> None:
        """Find the practitioner, then say who asked and when it arrived."""

        def chosen(person: PractitionerMatch | None) -> None:
            if person is None:
                return
            form = RecordsForm(
                f"A subject access request from {person.name}",
                (
                    Line(
                        "requested_by", "Asked by (the practitioner, or who for them)", person.name
                    ),
                    Line("received_on", "Received on (YYYY-MM-DD)", clock.today().isoformat()),
                ),
                _register(person),
            )
            self.app.push_screen(form, self._saved)

        self.app.push_screen(PractitionerSearchScreen("Whose request is it?"), chosen)

    def action_extend(self) -> None:
        """Extend the highlighted request by two months (a complex request)."""
        row = self._chosen()
        if row is None:
            return
        form = RecordsForm(
            f"Extend {row.reference} by two months",
            (
                Line("reason", "Why the request is complex"),
                Line(
                    "person_told_on",
                    "The person was told on (YYYY-MM-DD)",
                    clock.today().isoformat(),
                ),
            ),
            _extend(row),
            about="Only within the first month, and only once the person has been told.",
        )
        self.app.push_screen(form, self._saved)

    def _saved(self, said: object) -> None:
        if said:
            self.notify(str(said), title="Saved", markup=False)
            self.action_refresh()

    def action_retention(self) -> None:
        """The records due for retention review."""
        self.app.push_screen(RetentionScreen())

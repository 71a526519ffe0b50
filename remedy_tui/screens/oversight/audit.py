"""The audit trail: who did what, when, to which record; exports with where they went. Type a
case reference (C-000123) or a person's name in the search; u picks a person, k a kind."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.binding import Binding, BindingType

from remedy_tui.screens.common.choice import ChoiceScreen
from remedy_tui.screens.common.paged_list import PagedListScreen, cycle
from remedy_tui.services.common.paging import Page
from remedy_tui.services.desk import Desk
from remedy_tui.services.oversight.audit_trail import (
    AuditKind,
    AuditQuery,
    AuditRow,
    audit_page,
    audit_people,
)
from remedy_tui.widgets import Cell, Column, PagedTable
from remedy_tui.widgets.record_table import RecordTable

COLUMNS = (
    Column("#", 6, align="right"),
    Column("When", 16),
    Column("Who", 10, 1),
    Column("Did", 10),
    Column("Record", 16, 2),
    Column("Fields changed, or where to", 20, 4),
)
EVERYONE = ""


def audit_cells(row: AuditRow) -> list[Cell]:
    """One entry of the trail; exports stand out."""
    outward = row.action in ("export", "backup", "restored")
    return [
        Cell(str(row.id), "dim"),
        Cell(f"{row.at.astimezone():%Y-%m-%d %H:%M}"),
        Cell(row.actor),
        Cell(row.action.replace("_", " "), "strong" if outward else ""),
        Cell(row.record),
        Cell(row.what, "" if outward else "dim"),
    ]


class AuditScreen(PagedListScreen[AuditQuery, Page[AuditRow]]):
    """The trail, newest first."""

    TITLE = "Audit trail"
    NOUN = "entries"
    SEARCH_PLACEHOLDER = "/ search: a case reference (C-000123), or a person's name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "person", "Person"),
        Binding("k", "kind", "Kind"),
    ]

    def __init__(self) -> None:
        super().__init__(AuditQuery())

    def make_table(self) -> PagedTable:
        return RecordTable[AuditRow](
            COLUMNS, audit_cells, empty_text="No entries match.", id="audit-table"
        )

    def fetch(self, desk: Desk, query: AuditQuery, offset: int, limit: int) -> Page[AuditRow]:
        return desk.read(audit_page, query=query, offset=offset, limit=limit)

    def count(self, desk: Desk, query: AuditQuery) -> int:
        return desk.read(audit_page, query=query, offset=0, limit=1).total

    def show_page(self, table: PagedTable, page: Page[AuditRow]) -> None:
        assert isinstance(table, RecordTable)
        table.show_page(page)

    def describe(self, query: AuditQuery) -> str:
        who = f"by {query.actor}" if query.actor else "by everyone"
        return (
            f"{query.kind.label.capitalize()}, {who}; fields changed, never their values    "
            "(u person · k kind)"
        )

    def action_kind(self) -> None:
        """Show the next kind of entry."""
        kinds = tuple(AuditKind)
        self.set_query(replace(self.list_query, kind=cycle(kinds, self.list_query.kind)))

    def action_person(self) -> None:
        """Show one person's entries (or everyone's)."""
        self.ask(lambda desk: desk.read(audit_people), self._choose_person, group="people")

    def _choose_person(self, people: tuple[str, ...]) -> None:
        options = [(EVERYONE, "Everyone"), *((p, p) for p in people)]

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self.set_query(replace(self.list_query, actor=choice or None))

        current = self.list_query.actor or EVERYONE
        self.app.push_screen(ChoiceScreen("Whose entries?", options, current), chosen)

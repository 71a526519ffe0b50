"""One request's pack, record by record: i includes, b blacks out words (a redaction), w
withholds, a includes every record not yet decided, s signs off (a second person), e writes
the signed-off pack to a folder. Enter shows the record as it would be released."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType

from remedy_tui.documents.sar_pack import redact
from remedy_tui.screens.common.confirm import ConfirmScreen
from remedy_tui.screens.common.form import Submit
from remedy_tui.screens.common.paged_list import PagedListScreen
from remedy_tui.screens.common.text_viewer import TextViewer
from remedy_tui.screens.records.records_form import Line, RecordsForm, Typed
from remedy_tui.services.common.paging import Page
from remedy_tui.services.desk import Desk
from remedy_tui.services.records.lists import PackRow, RecordsQuery, pack_page
from remedy_tui.services.records.sar import decide_item, include_the_rest, sign_off
from remedy_tui.services.records.sar_release import release_pack
from remedy_tui.store.models import SarTreatment
from remedy_tui.widgets import Cell, Column, PagedTable
from remedy_tui.widgets.paged_table import CellStyle
from remedy_tui.widgets.record_table import RecordTable

COLUMNS = (
    Column("Section", 14, 1),
    Column("Record", 24, 3),
    Column("Treatment", 10),
    Column("Reason", 14, 2),
    Column("Third parties named", 14, 1),
)


def pack_cells(row: PackRow) -> list[Cell]:
    """A record with its treatment; one not yet decided stands out."""
    style: CellStyle = (
        "error"
        if row.treatment == "undecided"
        else ("strong" if row.treatment != "include" else "")
    )
    return [
        Cell(row.section, "dim"),
        Cell(row.title),
        Cell(row.treatment, style),
        Cell(row.reason),
        Cell(", ".join(row.proposed), "dim"),
    ]


def _decide(request_id: int, row: PackRow, treatment: SarTreatment) -> Submit[Typed, str]:
    def submit(desk: Desk, typed: Typed) -> str:
        words = tuple(w for w in typed["redactions"].split(";"))
        desk.change(
            decide_item,
            request_id=request_id,
            record_table=row.table,
            record_id=row.record_id,
            treatment=treatment,
            reason=typed["reason"],
            redactions=words,
        )
        return f"{row.title}: {treatment.value}."

    return submit


class PackScreen(PagedListScreen[RecordsQuery, Page[PackRow]]):
    """Every record of one request's pack with its treatment."""

    NOUN = "records"
    SEARCH_PLACEHOLDER = "/ search: a record's title or section"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("i", "include", "Include"),
        Binding("b", "redact", "Black out"),
        Binding("w", "withhold", "Withhold"),
        Binding("a", "include_rest", "Include the rest"),
        Binding("s", "sign_off", "Sign off"),
        Binding("e", "release", "Write the pack"),
    ]

    def __init__(self, request_id: int, reference: str) -> None:
        super().__init__(RecordsQuery(request_id=request_id))
        self.request_id, self.reference = request_id, reference
        self.title = f"Subject access pack {reference}"

    def make_table(self) -> PagedTable:
        return RecordTable[PackRow](
            COLUMNS, pack_cells, empty_text="Nothing is held about them.", id="pack-table"
        )

    def fetch(self, desk: Desk, query: RecordsQuery, offset: int, limit: int) -> Page[PackRow]:
        return desk.read(pack_page, query=query, offset=offset, limit=limit)

    def count(self, desk: Desk, query: RecordsQuery) -> int:
        return desk.read(pack_page, query=query, offset=0, limit=1).total

    def show_page(self, table: PagedTable, page: Page[PackRow]) -> None:
        assert isinstance(table, RecordTable)
        table.show_page(page)

    def describe(self, query: RecordsQuery) -> str:
        return (
            f"{self.reference}: i include · b black out · w withhold · a include the rest · "
            "s sign off · e write"
        )

    def action_close(self) -> None:
        """Back to the register."""
        if self.list_query.search:
            self.action_clear_search()
        else:
            self.dismiss(None)

    def _chosen(self) -> PackRow | None:
        table = self.query_one(RecordTable)
        row = table.record_at(table.cursor_row) if table.row_count else None
        return row if isinstance(row, PackRow) else None

    @on(PagedTable.RowChosen)
    def _open_record(self, event: PagedTable.RowChosen) -> None:
        row = self.query_one(RecordTable).record_at(event.index)
        if isinstance(row, PackRow):
            shown = (
                "(withheld)" if row.treatment == "withhold" else redact(row.text, row.redactions)
            )
            self.app.push_screen(
                TextViewer(row.title, shown, about=f"{row.section} · {row.treatment}")
            )

    def action_include(self) -> None:
        """Include the highlighted record as it is."""
        row = self._chosen()
        if row is not None:
            self.ask(
                lambda desk: _decide(self.request_id, row, SarTreatment.INCLUDE)(desk, Typed({})),
                self._saved,
                change=True,
            )

    def action_redact(self) -> None:
        """Black out words of the highlighted record, with the reason."""
        row = self._chosen()
        if row is None:
            return
        words = "; ".join(row.redactions or row.proposed)
        self.app.push_screen(
            RecordsForm(
                f"Black out words of {row.title}",
                (
                    Line("redactions", "Words to black out (separated by ;)", words),
                    Line("reason", "Why (a third party's name, an exemption)", row.reason),
                ),
                _decide(self.request_id, row, SarTreatment.REDACT),
                about=f"Third parties named here: {', '.join(row.proposed) or 'none found'}",
            ),
            self._saved,
        )

    def action_withhold(self) -> None:
        """Withhold the highlighted record, with the reason."""
        row = self._chosen()
        if row is None:
            return
        self.app.push_screen(
            RecordsForm(
                f"Withhold {row.title}",
                (Line("reason", "Why it is withheld (the exemption)", row.reason),),
                _decide(self.request_id, row, SarTreatment.WITHHOLD),
            ),
            self._saved,
        )

    def action_include_rest(self) -> None:
        """Include every record not yet decided."""
        self.ask(
            lambda desk: (
                f"{desk.change(include_the_rest, request_id=self.request_id)} records included."
            ),
            self._saved,
            change=True,
        )

    def action_sign_off(self) -> None:
        """Sign the pack off (a second person, not one who prepared it)."""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.ask(
                    lambda desk: (
                        desk.change(sign_off, request_id=self.request_id).reference
                        + " is signed off; e writes the pack."
                    ),
                    self._saved,
                    change=True,
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Sign off {self.reference}?",
                "You have reviewed every record's treatment and reason.",
            ),
            confirmed,
        )

    def action_release(self) -> None:
        """Write the signed-off pack into a folder (owner-only), recorded as released."""

        def submit(desk: Desk, typed: Typed) -> str:
            folder = desk.with_store(
                release_pack, request_id=self.request_id, typed_folder=typed["path"]
            )
            return f"The pack is in {folder} (readable by you only)."

        self.app.push_screen(
            RecordsForm(
                f"Write the pack of {self.reference}",
                (Line("path", "In the folder"),),
                submit,
                about="A folder of Word documents, the attachments and an index.",
            ),
            self._saved,
        )

    def _saved(self, said: object) -> None:
        if said:
            self.notify(str(said), title="Saved", markup=False)
            self.action_refresh()

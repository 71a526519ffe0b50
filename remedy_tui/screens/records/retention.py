"""The records whose retention period has run: d reviews one for destruction, k keeps it with
a reason until a later date, h puts it on legal hold and u lifts the hold, D destroys one
reviewed for it, l shows the destruction log, p the retention periods and P changes one."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from remedy_tui.screens.common.confirm import ConfirmScreen
from remedy_tui.screens.common.paged_list import PagedListScreen
from remedy_tui.screens.common.text_viewer import TextViewer
from remedy_tui.screens.records.records_form import Line, RecordsForm, Typed
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.paging import Page
from remedy_tui.services.common.validation import parse_date
from remedy_tui.services.desk import Desk
from remedy_tui.services.records import retention
from remedy_tui.services.records.disposal import DestructionRow, destruction_log, dispose
from remedy_tui.services.records.lists import RecordsQuery, due_page
from remedy_tui.services.records.retention import ClassRow, DueRecord
from remedy_tui.store.models import ReviewOutcome
from remedy_tui.widgets import Cell, Column, PagedTable
from remedy_tui.widgets.record_table import RecordTable

COLUMNS = (
    Column("Record", 20, 1),
    Column("Practitioner", 16, 2),
    Column("Class", 14),
    Column("Counted from", 12),
    Column("Due", 12),
    Column("Standing", 16, 1),
)


def due_cells(row: DueRecord) -> list[Cell]:
    """A record due for review, with any hold or decision."""
    standing = (
        "on legal hold"
        if row.on_hold
        else ("reviewed: destroy" if row.destroy_decided else "awaiting review")
    )
    return [
        Cell(row.subject),
        Cell(row.practitioner),
        Cell(row.retention_class.replace("_", " ")),
        Cell(f"{row.counted_from:%d %b %Y}"),
        Cell(f"{row.due_on:%d %b %Y}"),
        Cell(standing, "error" if row.on_hold else ("strong" if row.destroy_decided else "")),
    ]


def describe_log(rows: tuple[DestructionRow, ...]) -> str:
    """The destruction log, one disposal a line."""
    if not rows:
        return "Nothing has been destroyed."
    return "\n".join(
        f"{r.at.astimezone():%d %b %Y %H:%M}  {r.retention_class.replace('_', ' ')}: "
        f"{r.rows} records, {r.documents} documents, {r.audit_entries} audit entries scrubbed; "
        f"by {r.destroyed_by}, on the authority of {r.authorised_by}"
        for r in rows
    )


def describe_periods(rows: tuple[ClassRow, ...]) -> str:
    """The retention schedule, one class a line."""
    return "\n".join(f"{r.code}: {r.label}: {r.years} years from {r.counted_from}" for r in rows)


def _subject(row: DueRecord) -> dict[str, int | None]:
    return {"case_id": row.case_id, "referral_id": row.referral_id}


class RetentionScreen(PagedListScreen[RecordsQuery, Page[DueRecord]]):
    """Cases and referrals whose retention period has run, the longest overdue first."""

    NOUN = "records"
    SEARCH_PLACEHOLDER = "/ search: a case or referral reference, or a name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("d", "destroy_review", "Review: destroy"),
        Binding("k", "keep", "Review: keep"),
        Binding("h", "hold", "Legal hold"),
        Binding("u", "lift_hold", "Lift hold", show=False),
        Binding("D", "dispose", "Destroy"),
        Binding("l", "log", "Destruction log"),
        Binding("p", "periods", "Periods"),
        Binding("P", "set_period", "Change a period", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(RecordsQuery())
        self.title = "Retention: due for review"

    def make_table(self) -> PagedTable:
        return RecordTable[DueRecord](
            COLUMNS, due_cells, empty_text="No record is due for review.", id="retention-table"
        )

    def fetch(self, desk: Desk, query: RecordsQuery, offset: int, limit: int) -> Page[DueRecord]:
        return desk.read(due_page, query=query, offset=offset, limit=limit)

    def count(self, desk: Desk, query: RecordsQuery) -> int:
        return desk.read(due_page, query=query, offset=0, limit=1).total

    def show_page(self, table: PagedTable, page: Page[DueRecord]) -> None:
        assert isinstance(table, RecordTable)
        table.show_page(page)

    def describe(self, query: RecordsQuery) -> str:
        return "Nothing is destroyed without a review    (d destroy · k keep · h hold · D destroy)"

    def action_close(self) -> None:
        """Back to the register."""
        if self.list_query.search:
            self.action_clear_search()
        else:
            self.dismiss(None)

    def _chosen(self) -> DueRecord | None:
        table = self.query_one(RecordTable)
        row = table.record_at(table.cursor_row) if table.row_count else None
        return row if isinstance(row, DueRecord) else None

    def _review(self, outcome: ReviewOutcome) -> None:
        row = self._chosen()
        if row is None:
            return

        def submit(desk: Desk, typed: Typed) -> str:
            until = None
            if outcome is ReviewOutcome.KEEP:
                until = parse_date(
                    typed["keep_until"], field="keep_until", label="Kept until", required=True
                )
            desk.change(
                retention.review_record,
                outcome=outcome,
                reason=typed["reason"],
                keep_until=until,
                **_subject(row),
            )
            return f"The {row.subject} is reviewed: {outcome.value}."

        lines: tuple[Line, ...] = (Line("reason", "Why"),)
        if outcome is ReviewOutcome.KEEP:
            lines += (Line("keep_until", "Kept until (YYYY-MM-DD)"),)
        self.app.push_screen(
            RecordsForm(f"Review the {row.subject}: {outcome.value}", lines, submit), self._saved
        )

    def action_destroy_review(self) -> None:
        """Review the highlighted record and decide to destroy it (the authority)."""
        self._review(ReviewOutcome.DESTROY)

    def action_keep(self) -> None:
        """Review the highlighted record and keep it, with a reason, until a later date."""
        self._review(ReviewOutcome.KEEP)

    def action_hold(self) -> None:
        """Put the highlighted record on legal hold."""
        row = self._chosen()
        if row is None:
            return

        def submit(desk: Desk, typed: Typed) -> str:
            desk.change(retention.place_hold, reason=typed["reason"], **_subject(row))
            return f"The {row.subject} is on legal hold."

        self.app.push_screen(
            RecordsForm(
                f"Legal hold on the {row.subject}",
                (Line("reason", "Why (litigation, an inquiry, a regulator)"),),
                submit,
            ),
            self._saved,
        )

    def action_lift_hold(self) -> None:
        """Lift the legal hold on the highlighted record."""
        row = self._chosen()
        if row is None or not row.on_hold:
            return

        def lift(desk: Desk) -> str:
            held = desk.read(retention.holds)
            for hold in held:
                if (hold.case_id, hold.referral_id) == (row.case_id, row.referral_id):
                    desk.change(retention.lift_hold, hold_id=hold.id)
            return f"The legal hold on the {row.subject} is lifted."

        self.ask(lift, self._saved, change=True)

    def action_dispose(self) -> None:
        """Destroy the highlighted record, reviewed for destruction, for good."""
        row = self._chosen()
        if row is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.ask(lambda desk: self._disposed(desk, row), self._saved, change=True)

        self.app.push_screen(
            ConfirmScreen(
                f"Destroy the {row.subject} for good?",
                "Its rows, documents and the audit entries' copies of its values go; the "
                "destruction log keeps the class, when, by whom and on whose authority.",
            ),
            confirmed,
        )

    @staticmethod
    def _disposed(desk: Desk, row: DueRecord) -> str:
        done = desk.with_store(dispose, **_subject(row))
        return (
            f"Destroyed: {done.rows} records, {done.documents} documents; "
            f"{done.audit_entries} audit entries scrubbed."
        )

    def action_log(self) -> None:
        """The destruction log."""
        self.ask(
            lambda desk: desk.read(destruction_log),
            lambda rows: self._view("Destruction log", describe_log(rows), "No personal data."),
            group="log",
        )

    def action_periods(self) -> None:
        """The retention schedule."""
        self.ask(
            lambda desk: desk.read(retention.retention_classes),
            lambda rows: self._view("Retention periods", describe_periods(rows), "P changes one."),
            group="periods",
        )

    def action_set_period(self) -> None:
        """Change how long a class of record is kept."""

        def submit(desk: Desk, typed: Typed) -> str:
            text = typed["years"].strip()
            if not text.isdigit():
                raise ValidationError("years", "Type the period as a whole number of years.")
            found = desk.change(retention.set_period, code=typed["code"].strip(), years=int(text))
            return f"{found.label}: {found.years} years."

        self.app.push_screen(
            RecordsForm(
                "Change a retention period",
                (
                    Line("code", "Class (case_file, triage_outcome, csg_minutes, document)"),
                    Line("years", "Years"),
                ),
                submit,
            ),
            self._saved,
        )

    def _view(self, title: str, text: str, about: str) -> None:
        self.app.push_screen(TextViewer(title, text, about=about))

    def _saved(self, said: object) -> None:
        if said:
            self.notify(str(said), title="Saved", markup=False)
            self.action_refresh()

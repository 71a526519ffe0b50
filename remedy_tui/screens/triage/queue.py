"""The triage queue: where a case manager lands, and where the weekly meeting starts."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType

from remedy_tui import clock
from remedy_tui.screens.common.paged_list import PagedListScreen, cycle
from remedy_tui.screens.common.picker import PickerScreen
from remedy_tui.screens.triage.actions import TriageActions
from remedy_tui.screens.triage.import_form import ImportScreen
from remedy_tui.screens.triage.meeting import MeetingDraft, MeetingModeScreen, MeetingSetupScreen
from remedy_tui.screens.triage.merge_names import MergeDraft, MergeNamesScreen
from remedy_tui.screens.triage.referral import ReferralScreen
from remedy_tui.services.desk import Desk
from remedy_tui.services.moving_in import ImportResult
from remedy_tui.services.triage.decide import Person, default_senior_owner, people
from remedy_tui.services.triage.meetings import MeetingView, meeting_in_progress, start_meeting
from remedy_tui.services.triage.queue import (
    Completeness,
    QueuePage,
    QueueQuery,
    QueueSort,
    QueueStatus,
    count_queue,
    filter_values,
    queue_page,
)
from remedy_tui.services.triage.reference_names import KnownNames, known_names, merge_names
from remedy_tui.store.models import ReferralSource
from remedy_tui.widgets import PagedTable
from remedy_tui.widgets.queue_table import QueueTable

SOURCES: tuple[ReferralSource | None, ...] = (None, *ReferralSource)


class TriageQueueScreen(TriageActions, PagedListScreen[QueueQuery, QueuePage]):
    """Referrals waiting for triage, a page at a time; n takes a new one."""

    TITLE = "Triage queue"
    NOUN = "referrals"
    SEARCH_PLACEHOLDER = "/ search: practitioner name, GMC/GDC/GPhC number or referral number"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_referral", "New referral"),
        Binding("d", "decide", "Decide"),
        Binding("i", "request", "Request info", show=False),
        Binding("w", "meeting", "Meeting"),
        Binding("ctrl+o", "import_file", "Import a spreadsheet", show=False),
        Binding("s", "sort", "Sort", show=False),
        Binding("f", "status", "Status", show=False),
        Binding("c", "completeness", "Complete?", show=False),
        Binding("t", "trust", "Trust", show=False),
        Binding("p", "programme", "Programme", show=False),
        Binding("o", "source", "Source", show=False),
        Binding("x", "clear_filters", "Clear filters", show=False),
        Binding("m", "merge_names", "Merge two spellings", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(QueueQuery())

    def make_table(self) -> PagedTable:
        return QueueTable(id="queue-table")

    def fetch(self, desk: Desk, query: QueueQuery, offset: int, limit: int) -> QueuePage:
        return desk.read(queue_page, query=query, offset=offset, limit=limit, today=clock.today())

    def count(self, desk: Desk, query: QueueQuery) -> int:
        return desk.read(count_queue, query=query)

    def show_page(self, table: PagedTable, page: QueuePage) -> None:
        assert isinstance(table, QueueTable)
        table.show_page(page)

    def status_note(self, page: QueuePage) -> str:
        if not page.overdue_requests:
            return ""
        plural = "s" if page.overdue_requests != 1 else ""
        return f"{page.overdue_requests} information request{plural} past chase-by date  ·  "

    def describe(self, query: QueueQuery) -> str:
        parts = [f"showing: {query.status.label}", f"sorted by {query.sort.label}"]
        if query.completeness is not Completeness.ANY:
            parts.append(query.completeness.value)
        if query.trust:
            parts.append(f"trust: {query.trust}")
        if query.programme:
            parts.append(f"programme: {query.programme}")
        if query.source:
            parts.append(f"source: {query.source.label}")
        return "  ·  ".join(parts) + "   (s f c t p o; x clears)"

    def _highlighted(self) -> int | None:
        table = self.query_one(QueueTable)
        row = table.row_at(table.cursor_row)
        return row.id if row else None

    @on(PagedTable.RowChosen)
    def _open(self, event: PagedTable.RowChosen) -> None:
        row = self.query_one(QueueTable).row_at(event.index)
        if row is not None:
            self.app.push_screen(ReferralScreen(row.id), lambda _: self.action_refresh())

    def triage_changed(self) -> None:
        self.action_refresh()

    def action_decide(self) -> None:
        """Decide the highlighted referral."""
        referral_id = self._highlighted()
        if referral_id is not None:
            self.start_decision(referral_id)

    def action_request(self) -> None:
        """Ask for information about the highlighted referral."""
        referral_id = self._highlighted()
        if referral_id is not None:
            self.start_request(referral_id)

    def action_sort(self) -> None:
        """Cycle the sort order."""
        self.set_query(replace(self.list_query, sort=cycle(list(QueueSort), self.list_query.sort)))

    def action_status(self) -> None:
        """Cycle which referrals are shown."""
        self.set_query(
            replace(self.list_query, status=cycle(list(QueueStatus), self.list_query.status))
        )

    def action_completeness(self) -> None:
        """Cycle: any, complete, incomplete."""
        self.set_query(
            replace(
                self.list_query,
                completeness=cycle(list(Completeness), self.list_query.completeness),
            )
        )

    def action_source(self) -> None:
        """Choose a source to filter by, from a list, as t and p choose a trust or programme."""
        options: list[tuple[str, ReferralSource | None]] = [("Any source", None)]
        options += [(source.label, source) for source in SOURCES if source is not None]

        def chosen(value: ReferralSource | None) -> None:
            self.set_query(replace(self.list_query, source=value))

        self.app.push_screen(
            PickerScreen[ReferralSource | None]("Filter by source", options), chosen
        )

    def action_clear_filters(self) -> None:
        """Back to every waiting referral, longest waiting first."""
        self.set_query(QueueQuery(search=self.list_query.search))

    def action_trust(self) -> None:
        """Choose a trust to filter by."""
        self._pick("trust")

    def action_programme(self) -> None:
        """Choose a programme to filter by."""
        self._pick("programme")

    def _pick(self, column: str) -> None:
        def show(values: list[str]) -> None:
            options: list[tuple[str, str | None]] = [(f"Any {column}", None)]
            options += [(value, value) for value in values]

            def chosen(value: str | None) -> None:
                if column == "trust":
                    self.set_query(replace(self.list_query, trust=value))
                else:
                    self.set_query(replace(self.list_query, programme=value))

            self.app.push_screen(PickerScreen[str | None](f"Filter by {column}", options), chosen)

        self.ask(lambda desk: desk.read(filter_values, column=column), show, group="queue-pick")

    def action_merge_names(self) -> None:
        """Merge two spellings of a trust, programme, TPD or educational supervisor."""
        self.ask(lambda desk: desk.read(known_names), self._open_merge, group="queue-pick")

    def _open_merge(self, known: KnownNames) -> None:
        def merged(changed: int | None) -> None:
            if changed is not None:
                self.notify(
                    f"{changed} record(s) now read the spelling kept.",
                    title="Spellings merged",
                    markup=False,
                )
                self.action_refresh()

        self.app.push_screen(MergeNamesScreen(known, _merge), merged)

    def action_import_file(self) -> None:
        """Import referrals, cases and their practitioners from a team's spreadsheet."""
        self.app.push_screen(ImportScreen(), self._imported)

    def _imported(self, result: ImportResult | None) -> None:
        if result is None:
            return
        made = ", ".join(f"{n:,} {kind}" for kind, n in result.counts.created.items()) or "nothing"
        self.notify(
            f"{result.file_name}: {result.rows:,} rows; created {made}; the rest matched records "
            "already on file.",
            title="Imported",
            markup=False,
        )
        self.action_refresh()

    def action_meeting(self) -> None:
        """Start the weekly triage meeting, or go back into the one in progress."""

        def load(desk: Desk) -> tuple[MeetingView | None, list[Person], int | None]:
            return (
                desk.read(meeting_in_progress),
                desk.read(people),
                desk.read(default_senior_owner),
            )

        self.ask(load, self._open_meeting, group="queue-meeting")

    def _open_meeting(self, loaded: tuple[MeetingView | None, list[Person], int | None]) -> None:
        running, team, chair = loaded
        if running is not None:
            self.app.push_screen(MeetingModeScreen(running.id), lambda _: self.action_refresh())
            return

        def started(meeting: MeetingView | None) -> None:
            if meeting is not None:
                self.app.push_screen(MeetingModeScreen(meeting.id), lambda _: self.action_refresh())

        me = self.desk.user.id
        setup = MeetingSetupScreen(team, chair or me, _start_meeting, attending_id=me)
        self.app.push_screen(setup, started)


def _merge(desk: Desk, draft: MergeDraft) -> int:
    return desk.change(merge_names, kind=draft.kind, keep=draft.keep, merge=draft.merge)


def _start_meeting(desk: Desk, draft: MeetingDraft) -> MeetingView:
    return desk.change(
        start_meeting,
        held_on=draft.held_on,
        chair_id=draft.chair_id,
        attendees=list(draft.attendees),
    )

"""The case screen: the whole case on one screen, by keyboard.

A header says where the case stands; tabs (1 to 7) hold the timeline, actions and follow-ups,
decisions, risk assessments, onward referrals, documents and the practitioner. Every list is
paged in the database; the screen loads the header and each tab's first page in one worker
and reloads them after each change, so what is on screen is what is stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar, TypeVar

from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Static, TabbedContent
from textual.worker import Worker, WorkerState

from remedy_tui import clock
from remedy_tui.messages import OpenChecklist, OpenChecklistSnapshot
from remedy_tui.screens.case.action_form import ActionForm
from remedy_tui.screens.case.attach_form import AttachForm
from remedy_tui.screens.case.case_decision_form import CaseDecisionForm
from remedy_tui.screens.case.case_sections import (
    PANES,
    SECTION,
    SECTIONS,
    TABS,
    Pages,
    SectionState,
    describe,
)
from remedy_tui.screens.case.complete_action_form import CompleteActionForm
from remedy_tui.screens.case.document_export_form import DocumentExportForm
from remedy_tui.screens.case.entry_form import EntryForm
from remedy_tui.screens.case.follow_up_interval_form import FollowUpIntervalForm
from remedy_tui.screens.case.onward_form import CSG_HANDOFF, OnwardForm
from remedy_tui.screens.case.practitioner_details_form import PractitionerDetailsForm
from remedy_tui.screens.case.record_viewer import record_viewer
from remedy_tui.screens.case.referral_status_form import ReferralStatusForm
from remedy_tui.screens.case.risk_form import RiskForm
from remedy_tui.screens.common.choice import ChoiceScreen
from remedy_tui.screens.common.quick_resume import QuickResume
from remedy_tui.screens.common.text_viewer import TextViewer
from remedy_tui.screens.csg.referral import CsgReferralScreen, referring
from remedy_tui.services.case import actions, documents, timeline
from remedy_tui.services.case.actions import ActionRow, Completed
from remedy_tui.services.case.case_summary import CaseSummary, case_summary
from remedy_tui.services.case.documents import DocumentRow
from remedy_tui.services.case.onward import OnwardRow
from remedy_tui.services.case.practitioners import PractitionerDetails, practitioner_details
from remedy_tui.services.case.risk import RiskRow, review_record
from remedy_tui.services.common import decisions, team
from remedy_tui.services.common.decisions import DecisionRow
from remedy_tui.services.common.errors import DomainError
from remedy_tui.services.common.paging import last_offset
from remedy_tui.store import Store, StoreError
from remedy_tui.store.models import ActionStatus, TimelineKind
from remedy_tui.widgets import PagedTable, literal
from remedy_tui.widgets.case_header import CaseHeader
from remedy_tui.widgets.key_footer import KeyFooter
from remedy_tui.widgets.practitioner_card import PractitionerCard
from remedy_tui.widgets.record_table import RecordTable

T = TypeVar("T")
DEFAULT_PAGE = 20


class CaseScreen(QuickResume, Screen[None]):
    """One case: header, tabs, and every change by keyboard; Escape goes back."""

    TITLE = "Case"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("n", "add_entry", "Note"),
        Binding("8", "checklist", "Fairness checklist"),
        Binding("r", "reload", "Refresh", show=False),
        *(
            Binding(str(n), f"tab('{name}')", f"{title} tab", show=False)
            for n, (name, title) in enumerate(TABS, start=1)
        ),
    ]

    @dataclass
    class Loaded(Message):
        """The header, the practitioner and tabs' pages arrived from the store."""

        summary: CaseSummary | None
        practitioner: PractitionerDetails | None
        review: str
        pages: Pages
        reload: int = 0

    def __init__(self, store: Store, case_id: int, *, blank: bool = False) -> None:
        """``blank``: made ahead of time, showing no case until ``show_case``."""
        super().__init__()
        self.store = store
        self.case_id = case_id
        self._blank = blank
        self.summary: CaseSummary | None = None
        self.practitioner: PractitionerDetails | None = None
        self.sections = {s.name: SectionState(s.query) for s in SECTIONS}
        self._page_size = DEFAULT_PAGE
        self._review = ""
        self._reloads = 0
        self._reload_on_resume = False
        self.in_use = False
        """On a screen stack (the app keeps one case screen between cases)."""

    # Layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield CaseHeader(id="case-header")
        with TabbedContent(id="case-tabs", initial="tab-timeline"):
            for n, (name, title) in enumerate(TABS, start=1):
                with PANES[name](f"{n} {title}", id=f"tab-{name}"):
                    yield Static("", id=f"{name}-status", classes="section-status")
                    if name in SECTION:
                        section = SECTION[name]
                        yield RecordTable[Any](
                            section.columns,
                            section.cells,
                            empty_text=section.empty,
                            id=f"{name}-table",
                        )
                    else:
                        with VerticalScroll(id="practitioner-scroll"):
                            yield PractitionerCard(id="practitioner-card")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.table("timeline").focus()
        if not self._blank:
            self.call_after_refresh(self.action_reload)

    def show_case(self, store: Store, case_id: int) -> None:
        """Make this (popped, kept) screen show another case: what the last one showed is
        cleared at once and the new case read when the screen is shown."""
        self.store, self.case_id, self._blank = store, case_id, False
        self.summary = self.practitioner = None
        self.sections = {s.name: SectionState(s.query) for s in SECTIONS}
        self._review = ""
        self._reloads += 1  # answers still on their way for the last case are dropped
        self.sub_title = ""
        self.query_one(CaseHeader).clear()
        self.query_one(PractitionerCard).clear()
        for section in SECTIONS:
            self.table(section.name).clear_page()
            self._status(section.name, "")
        self.query_one(TabbedContent).active = "tab-timeline"
        self.set_focus(self.table("timeline"))
        self.action_reload()  # now, while the screen is being shown: it is the same size

    def table(self, name: str) -> RecordTable[Any]:
        """The table of tab ``name``."""
        return self.query_one(f"#{name}-table", RecordTable)

    @property
    def page_size(self) -> int:
        """As many rows as the visible table shows without scrolling."""
        for section in SECTIONS:
            table = self.table(section.name)
            if table.size.height:
                self._page_size = max(5, table.page_capacity)
                break
        return self._page_size

    # Loading -----------------------------------------------------------------------------

    def action_reload(self) -> None:
        """Read the header, the practitioner and every tab's current page again."""
        self._reloads += 1
        for state in self.sections.values():
            state.generation += 1  # any answer to an earlier request is now stale
        wanted = {
            name: (state.generation, state.query, state.offset)
            for name, state in self.sections.items()
        }
        self._load_all(self._reloads, wanted, self.page_size)

    @work(thread=True, exit_on_error=False, group="case-load")
    def _load_all(self, reload: int, wanted: dict[str, tuple[int, Any, int]], limit: int) -> None:
        today = clock.today()
        with self.store.session() as session:
            summary = case_summary(session=session, case_id=self.case_id, today=today)
            person = practitioner_details(session=session, practitioner_id=summary.practitioner_id)
            review = review_record(session=session, case_id=self.case_id, today=today).text
            pages = {
                name: (
                    generation,
                    SECTION[name].fetch(session, self.case_id, query, offset, limit, today),
                )
                for name, (generation, query, offset) in wanted.items()
            }
        self.post_message(self.Loaded(summary, person, review, Pages(pages), reload))

    def _load_section(self, name: str) -> None:
        state = self.sections[name]
        state.generation += 1
        self._fetch_section(name, state.generation, state.query, state.offset, self.page_size)

    @work(thread=True, exit_on_error=False)
    def _fetch_section(
        self, name: str, generation: int, query: Any, offset: int, limit: int
    ) -> None:
        with self.store.session() as session:
            page = SECTION[name].fetch(session, self.case_id, query, offset, limit, clock.today())
        self.post_message(self.Loaded(None, None, "", Pages({name: (generation, page)})))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.reload and event.reload != self._reloads:
            return  # a reload since overtaken by another
        if event.summary is not None:
            self.summary = event.summary
            self.sub_title = f"{event.summary.reference} · {event.summary.practitioner}"
            self.query_one(CaseHeader).show(event.summary, clock.today())
            self.refresh_bindings()
        if event.practitioner is not None:
            self.practitioner = event.practitioner
            self.query_one(PractitionerCard).show(event.practitioner)
            self._status(
                "practitioner",
                "e edits the details and contact preferences · q the equality monitoring",
            )
        if event.review:
            self._review = event.review
        for name, (generation, page) in event.pages.pages.items():
            state = self.sections[name]
            if generation != state.generation:
                continue  # an answer to a request since overtaken
            if not page.rows and page.offset > 0:
                state.offset = last_offset(page.total, page.limit)
                self._load_section(name)
                continue
            state.page, state.offset = page, page.offset
            self.table(name).show_page(page)
            self._status(name, describe(SECTION[name], state.query, page, self._review))

    def _status(self, name: str, text: str) -> None:
        self.query_one(f"#{name}-status", Static).update(literal(text))

    @on(PagedTable.PageRequested)
    def _page(self, event: PagedTable.PageRequested) -> None:
        name = (event.table.id or "").removesuffix("-table")
        state = self.sections.get(name)
        if state is None:
            return
        size = self.page_size
        total = state.page.total if state.page else 0
        if event.edge < 0:
            offset = 0
        elif event.edge > 0:
            offset = last_offset(total, size)
        else:
            offset = max(0, state.offset + event.step * size)
            if offset >= total:
                return
        state.offset = offset
        self._load_section(name)

    def on_resize(self) -> None:
        """A different height means a different page size."""
        if self.is_mounted and self.summary is not None:
            self.call_after_refresh(self.action_reload)

    # Moving about ------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to where the case was opened from."""
        self.in_use = False
        self.app.pop_screen()

    def action_tab(self, name: str) -> None:
        """Show tab ``name`` and put the cursor in it."""
        self.query_one(TabbedContent).active = f"tab-{name}"
        # At once, not after the next refresh: a key typed straight after (5 then a) belongs
        # to the new tab.
        if name in SECTION:
            self.set_focus(self.table(name))
        else:
            self.set_focus(self.query_one("#practitioner-scroll"))

    def current(self, name: str) -> Any:
        """The record under the cursor in tab ``name`` (None if the tab is empty)."""
        return self.table(name).current

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer close or reopen as the case stands; nothing changes a case not yet loaded."""
        if action in ("back", "tab", "reload", "checklist", "checklist_then"):
            return True
        if self.summary is None:
            return None
        closed = self.summary.is_closed
        if action == "decide":
            kind = parameters[0] if parameters else ""
            if kind == "close":
                return not closed
            if kind == "reopen":
                return closed
            return None if closed else True
        if action in ("follow_up_interval",):
            return None if closed else True
        return True

    # Reading -----------------------------------------------------------------------------

    async def _read(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` with a session of its own, off the UI thread."""

        def run() -> T:
            with self.store.session() as session:
                return fn(session)

        return await asyncio.to_thread(run)

    @on(PagedTable.RowChosen)
    def _chosen(self, event: PagedTable.RowChosen) -> None:
        name = (event.table.id or "").removesuffix("-table")
        self.read_record(name)

    @work(exclusive=True, group="case-read", exit_on_error=False)
    async def read_record(self, name: str) -> None:
        """Show the record under the cursor in full."""
        record = self.current(name)
        if record is None:
            return
        if name == "timeline" and record.decision_id is not None:
            record = await self._read(
                lambda s: decisions.decision_detail(session=s, decision_id=record.decision_id)
            )
            name = "decision-detail"
        elif name == "timeline" and record.document_id is not None:
            await self._view_document(record.document_id)
            return
        elif name == "decisions":
            record = await self._read(
                lambda s: decisions.decision_detail(session=s, decision_id=record.id)
            )
            name = "decision-detail"
        elif name == "documents":
            await self._view_document(record.id)
            return
        elif name == "timeline":
            record = await self._read(
                lambda s: timeline.entry_detail(session=s, entry_id=record.id)
            )
        self.app.push_screen(record_viewer(name, record))

    async def _view_document(self, document_id: int) -> None:
        try:
            text = await self._read(
                lambda s: documents.document_text(session=s, document_id=document_id)
            )
        except DomainError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        about = "Shown here only; nothing is written to disk."
        if text.truncated:
            about += f" The first {documents.SHOWN_CHARACTERS:,} characters."
        self.app.push_screen(TextViewer(text.filename, text.text, about=about))

    # Changing the case -------------------------------------------------------------------

    def _form(self, form: ModalScreen[Any], done: Callable[[Any], str] | None = None) -> None:
        """Show a form; when it saves, say what happened and read the case again."""

        def saved(result: Any) -> None:
            if result is None:
                return
            if done is not None:
                self.notify(done(result), markup=False)
            self.action_reload()

        self.app.push_screen(form, saved)

    def action_add_entry(self) -> None:
        """Add a meeting, call, letter, email or note to the timeline."""
        self._form(EntryForm(self.store, self.case_id), lambda _: "Added to the timeline.")

    @work(exclusive=True, group="case-read", exit_on_error=False)
    async def action_timeline_kind(self) -> None:
        """Show one kind of entry, or all."""
        counts = await self._read(lambda s: timeline.kind_counts(session=s, case_id=self.case_id))
        options = [("all", f"All kinds ({sum(counts.values()):,})")]
        options += [(k.value, f"{k.label} ({counts[k]:,})") for k in TimelineKind if k in counts]
        state = self.sections["timeline"]
        current = state.query.kind.value if state.query.kind else "all"
        choice = await self.app.push_screen_wait(
            ChoiceScreen("Show which entries?", options, current)
        )
        if choice is None:
            return
        kind = None if choice == "all" else TimelineKind(choice)
        state.query, state.offset = replace(state.query, kind=kind), 0
        self._load_section("timeline")

    def action_timeline_order(self) -> None:
        """Newest first, or oldest first."""
        state = self.sections["timeline"]
        state.query = replace(state.query, newest_first=not state.query.newest_first)
        state.offset = 0
        self._load_section("timeline")

    def action_actions_filter(self) -> None:
        """Open actions only, or all of them."""
        state = self.sections["actions"]
        state.query, state.offset = replace(state.query, open_only=not state.query.open_only), 0
        self._load_section("actions")

    @work(exclusive=True, group="case-read", exit_on_error=False)
    async def action_add_action(self) -> None:
        """Add an action or follow-up."""
        people = await self._read(lambda s: team.colleagues(session=s))
        self._form(ActionForm(self.store, self.case_id, people), lambda _: "Action added.")

    def action_complete_action(self) -> None:
        """Mark the action under the cursor done."""
        row: ActionRow | None = self.current("actions")
        if row is None or row.status is not ActionStatus.OPEN:
            self.notify("Choose an open action first.", severity="warning")
            return

        def said(result: Completed) -> str:
            if result.next_follow_up_on:
                return f"Done. Next follow-up {result.next_follow_up_on.isoformat()}."
            return "Done."

        self._form(CompleteActionForm(self.store, self.case_id, row), said)

    def action_toggle_tpd(self) -> None:
        """Share the action under the cursor with the TPD, or stop sharing it."""
        row: ActionRow | None = self.current("actions")
        if row is None:
            return
        shared = not row.shared_with_tpd
        self._write(
            lambda s, a: actions.set_shared_with_tpd(
                session=s, actor_id=a, action_id=row.id, expected_version=row.version, shared=shared
            ),
            "Shared with the TPD." if shared else "No longer shared with the TPD.",
        )

    def action_follow_up_interval(self) -> None:
        """Set the follow-up interval; the next review date follows."""
        if self.summary is not None:
            self._form(
                FollowUpIntervalForm(self.store, self.case_id, self.summary),
                lambda due: f"Next review {due.isoformat()}.",
            )

    @work(exclusive=True, group="case-read", exit_on_error=False)
    async def action_decide(self, kind: str) -> None:
        """A decision on the case, with its rationale."""
        if self.summary is None:
            return
        people = (
            await self._read(lambda s: team.colleagues(session=s)) if kind == "reassign" else ()
        )
        self._form(
            CaseDecisionForm(self.store, self.summary, kind, people), lambda _: "Decision recorded."
        )

    def action_assess_risk(self) -> None:
        """Record a risk assessment (a review starts from the latest)."""
        state = self.sections["risk"]
        latest: RiskRow | None = (
            state.page.rows[0] if state.page and state.page.rows and state.offset == 0 else None
        )
        self._form(
            RiskForm(self.store, self.case_id, latest), lambda _: "Risk assessment recorded."
        )

    def action_refer(self) -> None:
        """Make an onward referral; one to the CSG goes on to the CSG's own form."""
        regulator = self.practitioner.registration_body if self.practitioner else ""

        def made(result: int | None) -> None:
            if result == CSG_HANDOFF:
                self.action_refer_to_csg(agrees=True)
            elif result is not None:
                self.notify("Referral recorded.")
                self.action_reload()

        self.app.push_screen(OnwardForm(self.store, self.case_id, regulator), made)

    def action_refer_to_csg(self, agrees: bool = False) -> None:
        """Refer the case to the CSG: route, expected outcomes, the signed agreement."""
        self._form(
            CsgReferralScreen(self.case_id, referring(self.case_id), agrees=agrees),
            lambda view: (
                f"{view.case_reference} referred to the CSG; Remedy will propose it "
                "for the next agenda."
            ),
        )

    def action_checklist(self) -> None:
        """Open the case's fairness checklist; the header's summary is read again after."""
        self._reload_on_resume = True
        self.post_message(OpenChecklist(self.case_id))

    def on_screen_resume(self) -> None:
        """Back from the checklist: its answers and actions change the header and tabs."""
        if self._reload_on_resume:
            self._reload_on_resume = False
            self.action_reload()

    def action_checklist_then(self) -> None:
        """Show the fairness checklist as it stood at the decision under the cursor."""
        row: DecisionRow | None = self.current("decisions")
        if row is None:
            self.notify("There is no decision here yet.", severity="warning")
            return
        self.post_message(OpenChecklistSnapshot(row.id))

    def action_referral_status(self) -> None:
        """Move the referral under the cursor on."""
        row: OnwardRow | None = self.current("referrals")
        if row is None:
            self.notify("There is no referral to move on.", severity="warning")
            return
        self._form(ReferralStatusForm(self.store, self.case_id, row), lambda _: "Status changed.")

    def action_attach(self) -> None:
        """Attach a file; its bytes go into the encrypted store."""
        self._form(AttachForm(self.store, self.case_id), lambda _: "Attached.")

    def action_view_document(self) -> None:
        """Read the document under the cursor in the app."""
        self.read_record("documents")

    def action_export_document(self) -> None:
        """Export the document under the cursor to a place of your choosing."""
        row: DocumentRow | None = self.current("documents")
        if row is None:
            self.notify("There is no document to export.", severity="warning")
            return
        self._form(
            DocumentExportForm(self.store, self.case_id, row), lambda path: f"Exported to {path}"
        )

    def action_edit_practitioner(self, equality: bool = False) -> None:
        """Edit the practitioner's details and contact preferences, or equality monitoring."""
        if self.practitioner is not None:
            self._form(
                PractitionerDetailsForm(
                    self.store, self.case_id, self.practitioner, equality=equality
                ),
                lambda _: "Practitioner saved.",
            )

    def _write(self, fn: Callable[[Session, int], object], said: str) -> None:
        self._write_worker(fn, said)

    @work(thread=True, exclusive=True, exit_on_error=False, group="case-write")
    def _write_worker(self, fn: Callable[[Session, int], object], said: str) -> str:
        with self.store.session() as session:
            fn(session, self.store.user.id)
        return said

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        """Say how a write went (a refusal plainly) and read the case again; show read errors."""
        worker = event.worker
        if event.state == WorkerState.SUCCESS and worker.group == "case-write":
            self.notify(str(worker.result), markup=False)
            self.action_reload()
        elif event.state == WorkerState.ERROR and isinstance(
            worker.error, DomainError | StoreError
        ):
            event.stop()
            self.notify(str(worker.error), severity="error", markup=False, timeout=10)
            if worker.group == "case-write":
                self.action_reload()

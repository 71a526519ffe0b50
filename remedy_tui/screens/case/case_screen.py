"""The case screen: the whole case on one screen, by keyboard.

A header says where the case stands; tabs (1 to 7) hold the timeline, actions and follow-ups,
decisions, risk assessments, onward referrals, documents and the practitioner. Every list is
paged in the database; the screen asks the desk for the header and each tab's first page in
one go and again after each change, so what is on screen is what is stored.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Static, TabbedContent

from remedy_tui import clock
from remedy_tui.messages import OpenChecklist, OpenChecklistSnapshot
from remedy_tui.screens.case import case_writes
from remedy_tui.screens.case.action_form import ActionForm
from remedy_tui.screens.case.attach_form import AttachForm
from remedy_tui.screens.case.case_decision_form import CaseDecisionForm
from remedy_tui.screens.case.case_sections import (
    PANES,
    SECTION,
    SECTIONS,
    TABS,
    CaseView,
    SectionState,
    describe,
    read_case,
    read_page,
)
from remedy_tui.screens.case.complete_action_form import CompleteActionForm
from remedy_tui.screens.case.document_export_form import DocumentExportForm
from remedy_tui.screens.case.entry_form import EntryForm
from remedy_tui.screens.case.follow_up_interval_form import FollowUpIntervalForm
from remedy_tui.screens.case.onward_form import CSG_HANDOFF, OnwardForm
from remedy_tui.screens.case.practitioner_details_form import PractitionerDetailsForm
from remedy_tui.screens.case.principle5_form import (
    DisposalForm,
    ImmediateActionForm,
    record_disposal,
    record_immediate_action,
)
from remedy_tui.screens.case.record_viewer import record_viewer
from remedy_tui.screens.case.referral_status_form import ReferralStatusForm
from remedy_tui.screens.case.risk_form import RiskForm
from remedy_tui.screens.common.choice import ChoiceScreen
from remedy_tui.screens.common.desk_work import DeskWork, HasDesk
from remedy_tui.screens.common.quick_resume import QuickResume
from remedy_tui.screens.common.text_viewer import TextViewer
from remedy_tui.screens.csg.referral import CsgReferralScreen, referring
from remedy_tui.services.case import actions, documents, timeline
from remedy_tui.services.case.actions import ActionRow, Completed
from remedy_tui.services.case.case_summary import CaseSummary
from remedy_tui.services.case.closing import StillOpen, still_open
from remedy_tui.services.case.documents import DocumentRow, DocumentText
from remedy_tui.services.case.onward import OnwardRow
from remedy_tui.services.case.practitioners import PractitionerDetails
from remedy_tui.services.case.risk import RiskRow
from remedy_tui.services.case.warm import a_case_id
from remedy_tui.services.common import decisions, team
from remedy_tui.services.common.decisions import DecisionRow
from remedy_tui.services.common.errors import DomainError
from remedy_tui.services.common.paging import last_offset
from remedy_tui.services.common.team import Colleague
from remedy_tui.services.desk import Desk
from remedy_tui.store import StoreError
from remedy_tui.store.models import ActionStatus, TimelineKind
from remedy_tui.views.framework import FrameworkError
from remedy_tui.widgets import PagedTable, literal
from remedy_tui.widgets.case_header import CaseHeader
from remedy_tui.widgets.key_footer import KeyFooter
from remedy_tui.widgets.practitioner_card import PractitionerCard
from remedy_tui.widgets.record_table import RecordTable

DEFAULT_PAGE = 20


class CaseScreen(DeskWork, QuickResume, Screen[None]):
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

    def __init__(self, case_id: int, *, blank: bool = False) -> None:
        """``blank``: made ahead of time, showing no case until ``show_case``."""
        super().__init__()
        self.case_id = case_id
        self._blank = blank
        self.summary: CaseSummary | None = None
        self.practitioner: PractitionerDetails | None = None
        self.sections = {s.name: SectionState(s.query) for s in SECTIONS}
        self._page_size = DEFAULT_PAGE
        self._review = ""
        self._reloads = 0
        self._reload_on_resume = False
        self._writes = 0  # changes asked for and not yet answered: a refusal reloads then
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

    def show_case(self, case_id: int) -> None:
        """Make this (popped, kept) screen show another case: what the last one showed is
        cleared at once and the new case read when the screen is shown."""
        self.case_id, self._blank = case_id, False
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

    def warm_up(self, desk: Desk) -> None:
        """Read one case as this screen would, and its checklist, and keep nothing: run once
        after sign-in, while the user looks at the landing area, so the first case they open
        is read with statements already compiled (issue: the first case took 230 ms against
        130 ms for later ones at 100,000 cases). Nothing is shown and nothing is recorded."""
        if not self.is_attached or cast(HasDesk, self.app).desk is not desk:
            return  # locked, or signed in afresh, since
        limit = self.page_size
        wanted = {
            name: (state.generation, state.query, state.offset)
            for name, state in self.sections.items()
        }

        def warm(desk: Desk) -> None:
            from remedy_tui.screens.checklist.checklist import read_checklist

            # A warm-up that fails (the case gone meanwhile, the store locked) says nothing:
            # the case the user opens is read, and reports, as ever.
            with contextlib.suppress(DomainError, FrameworkError, StoreError):
                case_id = desk.read(a_case_id)
                if case_id is not None:
                    read_case(desk, case_id, 0, wanted, limit)
                    read_checklist(desk, case_id)

        self.ask(warm, lambda _: None, group="warm-up")

    def show_colleagues_changes(self, tables: frozenset[str]) -> None:
        """A colleague changed something on another desktop: read the case again."""
        if self.is_mounted:
            self.action_reload()

    def action_reload(self) -> None:
        """Read the header, the practitioner and every tab's current page again."""
        self._reloads += 1
        for state in self.sections.values():
            state.generation += 1  # any answer to an earlier request is now stale
        wanted = {
            name: (state.generation, state.query, state.offset)
            for name, state in self.sections.items()
        }
        reload, case_id, limit = self._reloads, self.case_id, self.page_size
        self.ask(
            lambda desk: read_case(desk, case_id, reload, wanted, limit),
            self._loaded,
            group="case-load",
        )

    def _load_section(self, name: str) -> None:
        state = self.sections[name]
        state.generation += 1
        case_id, generation, query = self.case_id, state.generation, state.query
        offset, limit = state.offset, self.page_size
        self.ask(
            lambda desk: read_page(desk, case_id, name, generation, query, offset, limit),
            self._loaded,
            group=f"case-page-{name}",
        )

    def _loaded(self, event: CaseView) -> None:
        if event.case_id != self.case_id:
            return  # an answer about the case this (kept) screen showed before
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

    @on(PagedTable.RowChosen)
    def _chosen(self, event: PagedTable.RowChosen) -> None:
        name = (event.table.id or "").removesuffix("-table")
        self.read_record(name)

    def read_record(self, name: str) -> None:
        """Show the record under the cursor in full."""
        record = self.current(name)
        if record is None:
            return
        if name == "timeline" and record.decision_id is not None:
            self._read_decision(record.decision_id)
        elif name == "timeline" and record.document_id is not None:
            self._view_document(record.document_id)
        elif name == "decisions":
            self._read_decision(record.id)
        elif name == "documents":
            self._view_document(record.id)
        elif name == "timeline":
            entry_id = record.id
            self.ask(
                lambda desk: desk.read(timeline.entry_detail, entry_id=entry_id),
                lambda detail: self._view("timeline", detail),
                group="case-read",
            )
        else:
            self._view(name, record)

    def _view(self, name: str, record: Any) -> None:
        self.app.push_screen(record_viewer(name, record))

    def _read_decision(self, decision_id: int) -> None:
        self.ask(
            lambda desk: desk.read(decisions.decision_detail, decision_id=decision_id),
            lambda detail: self._view("decision-detail", detail),
            group="case-read",
        )

    def _view_document(self, document_id: int) -> None:
        def read(desk: Desk) -> DocumentText | str:
            try:
                return desk.read(documents.document_text, document_id=document_id)
            except DomainError as error:
                # A document that cannot be shown is a warning here, not a refused change.
                return str(error)

        self.ask(read, self._show_document, group="case-read")

    def _show_document(self, text: DocumentText | str) -> None:
        if isinstance(text, str):
            self.notify(text, severity="warning", markup=False)
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
        self._form(
            EntryForm(case_writes.add_entry(self.case_id)), lambda _: "Added to the timeline."
        )

    def action_timeline_kind(self) -> None:
        """Show one kind of entry, or all."""
        case_id = self.case_id
        self.ask(
            lambda desk: desk.read(timeline.kind_counts, case_id=case_id),
            self._choose_kind,
            group="case-read",
        )

    def _choose_kind(self, counts: dict[TimelineKind, int]) -> None:
        options = [("all", f"All kinds ({sum(counts.values()):,})")]
        options += [(k.value, f"{k.label} ({counts[k]:,})") for k in TimelineKind if k in counts]
        state = self.sections["timeline"]
        current = state.query.kind.value if state.query.kind else "all"

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            kind = None if choice == "all" else TimelineKind(choice)
            state.query, state.offset = replace(state.query, kind=kind), 0
            self._load_section("timeline")

        self.app.push_screen(ChoiceScreen("Show which entries?", options, current), chosen)

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

    def action_add_action(self) -> None:
        """Add an action or follow-up."""
        submit = case_writes.add_action(self.case_id)
        self.ask(
            lambda desk: desk.read(team.colleagues),
            lambda people: self._form(ActionForm(people, submit), lambda _: "Action added."),
            group="case-read",
        )

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

        self._form(CompleteActionForm(row, case_writes.complete_action(row)), said)

    def action_toggle_tpd(self) -> None:
        """Share the action under the cursor with the TPD, or stop sharing it."""
        row: ActionRow | None = self.current("actions")
        if row is None:
            return
        shared = not row.shared_with_tpd
        self._write(
            lambda desk: desk.change(
                actions.set_shared_with_tpd,
                action_id=row.id,
                expected_version=row.version,
                shared=shared,
            ),
            "Shared with the TPD." if shared else "No longer shared with the TPD.",
        )

    def action_follow_up_interval(self) -> None:
        """Set the follow-up interval; the next review date follows."""
        if self.summary is not None:
            self._form(
                FollowUpIntervalForm(self.summary, case_writes.set_interval(self.summary)),
                lambda due: f"Next review {due.isoformat()}.",
            )

    def action_immediate_action(self) -> None:
        """Record an immediate or interim action, or that none is needed (framework 5.1)."""
        if self.summary is not None:
            self._form(
                ImmediateActionForm(self.summary, record_immediate_action(self.summary)),
                lambda _: "Immediate action recorded; part 5.1 of the checklist is open.",
            )

    def action_disposal(self) -> None:
        """Record the substantive disposal (framework 5.2)."""
        if self.summary is not None:
            self._form(
                DisposalForm(self.summary, record_disposal(self.summary)),
                lambda _: (
                    "Disposal recorded; part 5.2 of the checklist is open: answer it "
                    "before closing the case."
                ),
            )

    def action_decide(self, kind: str) -> None:
        """A decision on the case, with its rationale."""
        summary = self.summary
        if summary is None:
            return

        def form(people: tuple[Colleague, ...], found: StillOpen | None = None) -> None:
            self._form(
                CaseDecisionForm(summary, kind, case_writes.decide(summary), people, found),
                lambda _: "Decision recorded.",
            )

        if kind == "reassign":
            self.ask(lambda desk: desk.read(team.colleagues), form, group="case-read")
        elif kind == "close":
            # Closing lists what is still open first (services.case.closing).
            self.ask(
                lambda desk: desk.read(still_open, case_id=summary.id),
                lambda found: form((), found),
                group="case-read",
            )
        else:
            form(())

    def action_assess_risk(self) -> None:
        """Record a risk assessment (a review starts from the latest)."""
        state = self.sections["risk"]
        latest: RiskRow | None = (
            state.page.rows[0] if state.page and state.page.rows and state.offset == 0 else None
        )
        self._form(
            RiskForm(latest, case_writes.assess_risk(self.case_id)),
            lambda _: "Risk assessment recorded.",
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

        self.app.push_screen(OnwardForm(case_writes.refer(self.case_id), regulator), made)

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
        self._form(
            ReferralStatusForm(row, case_writes.change_referral_status(row)),
            lambda _: "Status changed.",
        )

    def action_attach(self) -> None:
        """Attach a file; its bytes go into the encrypted store."""
        self._form(AttachForm(case_writes.attach(self.case_id)), lambda _: "Attached.")

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
            DocumentExportForm(row, case_writes.export(row)), lambda path: f"Exported to {path}"
        )

    def action_edit_practitioner(self, equality: bool = False) -> None:
        """Edit the practitioner's details and contact preferences, or equality monitoring."""
        if self.practitioner is not None:
            self._form(
                PractitionerDetailsForm(
                    self.practitioner,
                    case_writes.edit_practitioner(self.practitioner),
                    equality=equality,
                ),
                lambda _: "Practitioner saved.",
            )

    def _write(self, job: Callable[[Desk], object], said: str) -> None:
        """Make a change at the desk; say ``said`` when it is made, and read the case again."""
        self._writes += 1
        self.ask(job, lambda _: self._written(said), change=True)

    def _written(self, said: str) -> None:
        self._writes = max(0, self._writes - 1)
        self.notify(said, markup=False)
        self.action_reload()

    def refused(self, message: str, field: str | None = None) -> None:
        """Say plainly why a read or change was refused; after a refused change, read the case
        again (a colleague's change is the usual reason, and it should be seen)."""
        self.notify(message, severity="error", markup=False, timeout=10)
        if self._writes:
            self._writes -= 1
            self.action_reload()

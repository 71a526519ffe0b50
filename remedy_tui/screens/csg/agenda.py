"""Building a meeting's agenda by keyboard: Remedy's proposals below, the agenda above, with
each item's time, the running total against the meeting's length, and who steps out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from remedy_tui.screens.case.attach_form import AttachDraft, AttachForm
from remedy_tui.screens.common.choice import ChoiceScreen
from remedy_tui.screens.common.confirm import ConfirmScreen
from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.paged_list import next_offset
from remedy_tui.screens.csg.attendance import CsgAttendanceScreen
from remedy_tui.screens.csg.conflict import ConflictDraft, CsgConflictScreen
from remedy_tui.screens.csg.documents import CsgDocumentsScreen
from remedy_tui.screens.csg.item_form import CsgItemFormScreen, ItemDraft
from remedy_tui.screens.csg.meeting_form import CsgMeetingFormScreen, rescheduling
from remedy_tui.screens.csg.meeting_mode import CsgMeetingModeScreen
from remedy_tui.screens.csg.practitioner import AttendingDraft, CsgPractitionerScreen
from remedy_tui.services.csg import agenda, detail, meetings
from remedy_tui.services.csg.papers import attach_item_paper
from remedy_tui.services.csg.proposals import proposals
from remedy_tui.services.desk import Desk
from remedy_tui.store.models import CsgMeetingStatus
from remedy_tui.views.csg import (
    AgendaItemView,
    MeetingDetail,
    Proposal,
    ProposalPage,
    day_text,
    local,
)
from remedy_tui.widgets import Cell, Column, PagedTable, literal
from remedy_tui.widgets.key_footer import KeyFooter

ITEM_COLUMNS = (
    Column("#", 2, align="right"),
    Column("Start", 5),
    Column("Kind", 12),
    Column("Case", 8),
    Column("Practitioner", 14, 3),
    Column("Item", 14, 3),
    Column("Min", 3, align="right"),
    Column("Attends", 8),
    Column("Steps out", 9, 2),
)
PROPOSAL_COLUMNS = (
    Column("Kind", 12),
    Column("Case", 8),
    Column("Practitioner", 16, 2),
    Column("Why", 30, 5),
)
PROPOSAL_PAGE = 8


@dataclass(frozen=True)
class _Agenda:
    detail: MeetingDetail
    proposals: ProposalPage


def attending_words(item: AgendaItemView) -> str:
    """The practitioner's attendance in words, for the item's details."""
    if item.case_id is None:
        return ""
    text = {None: "not yet known (p records it)", True: "attending", False: "not attending"}[
        item.practitioner_attending
    ]
    with_rep = f", representative: {item.representative}" if item.representative else ""
    return f"The practitioner: {text}{with_rep}"


def attends_text(item: AgendaItemView) -> str:
    """Whether the practitioner attends, for a narrow column."""
    if item.case_id is None:
        return ""
    text = {None: "?", True: "yes", False: "no"}[item.practitioner_attending]
    return text + (" +rep" if item.representative else "")


class CsgAgendaScreen(DeskWork, Screen[None]):
    """The agenda of one meeting and what Remedy proposes for it."""

    TITLE = "CSG agenda"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False),
        Binding("a", "add", "Add proposal", show=False),
        Binding("o", "other_item", "Add item"),
        Binding("x,delete", "remove", "Remove"),
        Binding("shift+up,left_square_bracket", "move(-1)", "Move up", key_display="⇧↑"),
        Binding("shift+down,right_square_bracket", "move(1)", "Move down", key_display="⇧↓"),
        Binding("plus,equals_sign", "time(5)", "+5 min", key_display="+"),
        Binding("minus", "time(-5)", "-5 min", key_display="-", show=False),
        Binding("t", "attendance", "Attendance"),
        Binding("c", "conflict", "Conflicts"),
        Binding("w", "item_chair", "Who chairs", show=False),
        Binding("f", "attach_paper", "Attach paper", show=False),
        Binding("p", "practitioner", "Practitioner attending", show=False),
        Binding("m", "meeting_mode", "Meeting mode"),
        Binding("d", "documents", "Documents"),
        Binding("e", "edit_meeting", "Edit meeting", show=False),
        Binding("h", "mark_held", "Mark held", show=False),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.data: _Agenda | None = None
        self.proposal_offset = 0
        self.selected_item_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="agenda-heading", classes="strong-line")
        yield Static("", id="agenda-time")
        yield Label("Agenda  (Enter opens the item in meeting mode)", classes="section")
        yield PagedTable(ITEM_COLUMNS, empty_text="Nothing on the agenda yet.", id="agenda-items")
        yield Static("", id="agenda-detail")
        yield Label("Proposed by Remedy", id="agenda-proposals-label", classes="section")
        yield PagedTable(PROPOSAL_COLUMNS, empty_text="Nothing to propose.", id="agenda-proposals")
        yield KeyFooter()

    @property
    def items_table(self) -> PagedTable:
        """The agenda."""
        return self.query_one("#agenda-items", PagedTable)

    @property
    def proposals_table(self) -> PagedTable:
        """The proposals."""
        return self.query_one("#agenda-proposals", PagedTable)

    def on_mount(self) -> None:
        self.proposals_table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from a form or meeting mode: show what changed."""
        if self.data is not None:
            self.reload()

    def show_colleagues_changes(self, tables: frozenset[str]) -> None:
        """A colleague changed something on another desktop: read it again."""
        if self.data is not None:
            self.reload()

    def reload(self) -> None:
        """Fetch the agenda and a page of proposals."""
        meeting_id, offset = self.meeting_id, self.proposal_offset

        def fetch(desk: Desk) -> _Agenda:
            with desk.reading() as reads:
                return _Agenda(
                    reads.read(detail.meeting_detail, meeting_id=meeting_id),
                    reads.read(
                        proposals, meeting_id=meeting_id, offset=offset, limit=PROPOSAL_PAGE
                    ),
                )

        self.ask(fetch, self.show)

    def _changed(self, _: object = None) -> None:
        """A change was saved: show the agenda as it now is."""
        self.reload()

    # Showing -----------------------------------------------------------------------------

    def show(self, data: _Agenda) -> None:
        """Put the agenda, its times and the proposals on screen."""
        self.data = data
        detail, page = data.detail, data.proposals
        meeting = detail.meeting
        start, end = local(meeting.starts_at), local(meeting.ends_at)
        status = "" if meeting.status is CsgMeetingStatus.PLANNED else f" · {meeting.status.label}"
        self.query_one("#agenda-heading", Static).update(
            literal(
                f"{day_text(start.date())}, {start:%H:%M}-{end:%H:%M} · {meeting.place or '-'} · "
                f"Chair: {meeting.chair_name or 'none'}{status}"
            )
        )
        total = sum(i.minutes_allotted for i in detail.items)
        spare = detail.minutes_spare
        count = len(detail.items)
        summary = (
            f"{count} item{'s' if count != 1 else ''} · {total} of {meeting.duration_minutes} min"
        )
        summary += f" · {spare} min spare" if spare >= 0 else f" · {-spare} min OVER"
        line = self.query_one("#agenda-time", Static)
        line.update(literal(summary))
        line.set_class(spare < 0, "over")
        self.items_table.show(
            [self._item_cells(i) for i in detail.items], has_previous=False, has_next=False
        )
        ids = [i.id for i in detail.items]
        if self.selected_item_id in ids:
            self.items_table.cursor_row = ids.index(self.selected_item_id)
        self.proposals_table.show(
            [self._proposal_cells(p) for p in page.rows],
            has_previous=page.offset > 0,
            has_next=page.offset + len(page.rows) < page.total,
        )
        shown = f"{page.offset + 1}-{page.offset + len(page.rows)} of {page.total}"
        self.query_one("#agenda-proposals-label", Label).update(
            f"Proposed by Remedy ({shown if page.total > len(page.rows) else page.total})"
            "  ·  Enter or a adds to the agenda"
        )
        self._describe_item()

    @staticmethod
    def _item_cells(item: AgendaItemView) -> list[Cell]:
        who = item.practitioner.name if item.practitioner else ""
        out = ", ".join(c.member_name for c in item.conflicts)
        return [
            Cell(str(item.position)),
            Cell(f"{local(item.planned_start):%H:%M}"),
            Cell(item.kind.label, "warning" if item.kind.value == "dispute" else ""),
            Cell(item.case_reference),
            Cell(who),
            Cell(item.title),
            Cell(str(item.minutes_allotted)),
            Cell(attends_text(item)),
            Cell(out, "warning" if out else ""),
        ]

    @staticmethod
    def _proposal_cells(proposal: Proposal) -> list[Cell]:
        return [
            Cell(proposal.kind.label, "warning" if proposal.kind.value == "dispute" else ""),
            Cell(proposal.case_reference),
            Cell(proposal.practitioner),
            Cell(proposal.reason),
        ]

    def _item(self) -> AgendaItemView | None:
        if self.data is None:
            return None
        items = self.data.detail.items
        index = self.items_table.cursor_row
        return items[index] if 0 <= index < len(items) else None

    def _describe_item(self) -> None:
        item = self._item()
        pane = self.query_one("#agenda-detail", Static)
        if item is None:
            pane.update("")
            return
        self.selected_item_id = item.id
        assert self.data is not None
        chair = self.data.detail.meeting.chair_member_id
        lines = [
            f"{item.position}. {item.kind.label}: {item.title}",
            item.steps_out_text(chair) + ("" if item.conflicts else " c declares one."),
            attending_words(item),
            item.referral_text,
        ]
        text = literal("\n".join(line for line in lines if line))
        text.no_wrap = True
        text.overflow = "ellipsis"
        pane.update(text)

    @on(PagedTable.CursorMoved)
    def _cursor_moved(self, event: PagedTable.CursorMoved) -> None:
        if event.table.id == "agenda-items":
            self._describe_item()

    # Keys -------------------------------------------------------------------------------------

    def _need_item(self) -> AgendaItemView | None:
        item = self._item()
        if item is None:
            self.refused("Choose an item on the agenda first.")
        return item

    @on(PagedTable.RowChosen)
    def _row_chosen(self, event: PagedTable.RowChosen) -> None:
        if event.table.id == "agenda-proposals":
            self.action_add()
            return
        item = self._item()
        if item is not None:
            self.app.push_screen(CsgMeetingModeScreen(self.meeting_id, item.id))

    def action_add(self) -> None:
        """Put the proposal under the cursor on the agenda."""
        if self.data is None:
            return
        rows = self.data.proposals.rows
        index = self.proposals_table.cursor_row
        if not 0 <= index < len(rows):
            return
        proposal, meeting_id = rows[index], self.meeting_id

        def added(item_id: int) -> None:
            self.selected_item_id = item_id
            self.reload()

        self.ask(
            lambda desk: desk.change(agenda.add_proposal, meeting_id=meeting_id, proposal=proposal),
            added,
            change=True,
        )

    @on(PagedTable.PageRequested)
    def _proposal_page(self, event: PagedTable.PageRequested) -> None:
        if self.data is not None and event.table.id == "agenda-proposals":
            total = self.data.proposals.total
            self.proposal_offset = next_offset(self.proposal_offset, event, PROPOSAL_PAGE, total)
            self.reload()

    def action_other_item(self) -> None:
        """Add an item by hand: a dispute, a review, any other business."""

        def added(item_id: int | None) -> None:
            if item_id is not None:
                self.selected_item_id = item_id

        meeting_id = self.meeting_id

        def add(desk: Desk, draft: ItemDraft) -> int:
            return desk.change(
                agenda.add_item,
                meeting_id=meeting_id,
                kind=draft.kind,
                title=draft.title,
                case_reference=draft.case_reference,
                minutes_allotted=draft.minutes_allotted,
            )

        self.app.push_screen(CsgItemFormScreen(add), added)

    def action_remove(self) -> None:
        """Take the selected item off the agenda, once the chair has confirmed it."""
        item = self._need_item()
        if item is None:
            return

        def removed(_: None) -> None:
            self.notify(f"Item {item.position} removed.", markup=False)
            self.reload()

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.ask(
                    lambda desk: desk.change(agenda.remove_item, item_id=item.id),
                    removed,
                    change=True,
                )

        about = f" ({item.case_reference})" if item.case_reference else ""
        self.app.push_screen(
            ConfirmScreen(
                f"Remove item {item.position}{about} from the agenda?",
                f"{item.kind.label}: {item.title}. Its conflicts of interest go with it; a "
                "case's item goes back to the proposals.",
            ),
            confirmed,
        )

    def action_move(self, step: int) -> None:
        """Move the selected item up or down."""
        item = self._need_item()
        if item is not None:
            self.selected_item_id = item.id
            self.ask(
                lambda desk: desk.change(agenda.move_item, item_id=item.id, step=step),
                self._changed,
                change=True,
            )

    def action_time(self, delta: int) -> None:
        """Give the selected item more or less time."""
        item = self._need_item()
        if item is not None:
            self.ask(
                lambda desk: desk.change(agenda.change_minutes, item_id=item.id, delta=delta),
                self._changed,
                change=True,
            )

    def action_attendance(self) -> None:
        """Who attends, sends apologies or is absent."""
        self.app.push_screen(CsgAttendanceScreen(self.meeting_id))

    def action_conflict(self) -> None:
        """A member declares a conflict of interest on the selected item."""
        item = self._need_item()
        if item is None or self.data is None:
            return
        item_id = item.id
        declared = {c.member_id for c in item.conflicts}
        chair_id = self.data.detail.meeting.chair_member_id
        chair_out: list[bool] = []

        def declare(desk: Desk, draft: ConflictDraft) -> bool:
            # Clearing the text of a declaration made in error withdraws it.
            if not draft.details.strip() and draft.member_id in declared:
                desk.change(agenda.withdraw_conflict, item_id=item_id, member_id=draft.member_id)
            else:
                desk.change(
                    agenda.declare_conflict,
                    item_id=item_id,
                    member_id=draft.member_id,
                    details=draft.details,
                )
                chair_out.append(draft.member_id == chair_id)
            return True

        def declared_one(saved: bool | None) -> None:
            if saved and chair_out and chair_out[-1]:
                # The chair steps out: the screen asks at once who chairs in their place.
                self.choose_item_chair(item_id, chair_stepped_out=True)

        self.app.push_screen(
            CsgConflictScreen(item, self.data.detail.attendance, declare), declared_one
        )

    def action_attach_paper(self) -> None:
        """Attach a paper (a report, a statement) to the selected item."""
        item = self._need_item()
        if item is None:
            return
        item_id = item.id

        def attach(desk: Desk, draft: AttachDraft) -> int:
            return desk.change(
                attach_item_paper,
                item_id=item_id,
                path=draft.path,
                description=draft.description,
            )

        def attached(document_id: int | None) -> None:
            if document_id is not None:
                self.notify(
                    f"Paper attached to item {item.position}; d lists the meeting's papers.",
                    markup=False,
                )

        self.app.push_screen(AttachForm(attach), attached)

    def action_item_chair(self) -> None:
        """Record who chairs the selected item in place of the meeting's chair."""
        item = self._need_item()
        if item is not None:
            self.choose_item_chair(item.id)

    def choose_item_chair(self, item_id: int, *, chair_stepped_out: bool = False) -> None:
        """Ask who chairs an item (the members on the meeting's day who have not stepped out
        of it), then record it; ``chair_stepped_out``: the chair has just declared a conflict
        on it (not yet read back)."""
        if self.data is None:
            return
        detail = self.data.detail
        item = next((i for i in detail.items if i.id == item_id), None)
        if item is None:
            return
        out = {c.member_id for c in item.conflicts}
        if chair_stepped_out and detail.meeting.chair_member_id is not None:
            out.add(detail.meeting.chair_member_id)
        chair = detail.meeting.chair_name or "the chair"
        options = [
            (str(m.member_id), f"{m.name}, {m.role_label}")
            for m in detail.attendance
            if m.member_id not in out
        ]
        steps_out = chair_stepped_out or item.chair_steps_out(detail.meeting.chair_member_id)
        title = (
            f"{chair} steps out of item {item.position} ({item.case_reference or item.title}): "
            "who chairs it?"
            if steps_out
            else f"Who chairs item {item.position} ({item.case_reference or item.title})?"
        )

        def chosen(value: str | None) -> None:
            if value is None:
                return

            def done(_: None) -> None:
                self.notify(f"Item {item.position}: chair recorded.", markup=False)
                self.reload()

            self.ask(
                lambda desk: desk.change(
                    agenda.set_item_chair, item_id=item_id, member_id=int(value)
                ),
                done,
                change=True,
            )

        current = str(item.chaired_by_id or detail.meeting.chair_member_id or "")
        self.app.push_screen(ChoiceScreen(title, options, current), chosen)

    def action_practitioner(self) -> None:
        """Whether the practitioner attends the selected item, and their representative."""
        item = self._need_item()
        if item is not None:
            if item.case_id is None:
                self.refused("This item is not about a practitioner.")
                return
            item_id = item.id

            def record(desk: Desk, draft: AttendingDraft) -> bool:
                desk.change(
                    agenda.set_practitioner_attendance,
                    item_id=item_id,
                    attending=draft.attending,
                    representative=draft.representative,
                )
                return True

            self.app.push_screen(CsgPractitionerScreen(item, record))

    def action_meeting_mode(self) -> None:
        """Step through the agenda, recording as the meeting goes."""
        if self.data is not None and not self.data.detail.items:
            self.refused("Add items to the agenda first.")
            return
        item = self._item()
        self.app.push_screen(CsgMeetingModeScreen(self.meeting_id, item.id if item else None))

    def action_documents(self) -> None:
        """Produce and export the meeting's documents."""
        self.app.push_screen(CsgDocumentsScreen(self.meeting_id))

    def action_edit_meeting(self) -> None:
        """Change the meeting's time or place."""
        if self.data is not None:
            meeting = self.data.detail.meeting
            self.app.push_screen(CsgMeetingFormScreen(rescheduling(meeting), meeting))

    def action_mark_held(self) -> None:
        """Record that the meeting took place."""
        meeting_id = self.meeting_id

        def held(_: object) -> None:
            self.notify("The meeting is recorded as held.", markup=False)
            self.reload()

        self.ask(
            lambda desk: desk.change(meetings.mark_held, meeting_id=meeting_id), held, change=True
        )

    def action_back(self) -> None:
        """Back to the CSG area."""
        self.dismiss(None)

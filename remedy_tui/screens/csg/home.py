"""The CSG area (F5): the group's meetings and members; schedule, add, refer a case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from remedy_tui import clock
from remedy_tui.screens.case.case_picker import CasePickerScreen
from remedy_tui.screens.common.confirm import ConfirmScreen
from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.paged_list import next_offset
from remedy_tui.screens.common.quick_resume import QuickResume
from remedy_tui.screens.csg.agenda import CsgAgendaScreen
from remedy_tui.screens.csg.leaving import CsgLeavingScreen, LeavingDraft
from remedy_tui.screens.csg.meeting_form import CsgMeetingFormScreen, rescheduling, schedule
from remedy_tui.screens.csg.member import CsgMemberScreen, MemberDraft
from remedy_tui.screens.csg.referral import CsgReferralScreen, referring
from remedy_tui.services.common.team import Colleague, colleagues
from remedy_tui.services.csg import meetings, members
from remedy_tui.services.csg.allowed import csg_rights
from remedy_tui.services.desk import Desk
from remedy_tui.store.models import CsgMeetingStatus
from remedy_tui.views.csg import (
    CsgReferralView,
    MeetingPage,
    MeetingView,
    MemberView,
    day_text,
    local,
    when_text,
)
from remedy_tui.widgets import Cell, Column, PagedTable, literal
from remedy_tui.widgets.key_footer import KeyFooter
from remedy_tui.widgets.paged_table import CellStyle

MEETING_COLUMNS = (
    Column("Date", 16),
    Column("Time", 11),
    Column("Status", 9),
    Column("Place", 20, 3),
    Column("Items", 5, align="right"),
    Column("Chair", 14, 1),
)
MEMBER_COLUMNS = (
    Column("Member", 18, 2),
    Column("Role", 24, 2),
    Column("Organisation", 12, 1),
    Column("Joined", 11),
    Column("Left", 11),
)


@dataclass(frozen=True)
class _Home:
    page: MeetingPage
    members: list[MemberView]


class CsgHomeScreen(DeskWork, QuickResume, Screen[None]):
    """Meetings (upcoming first) and members; Enter opens a meeting's agenda."""

    TITLE = "Clinical Support Group"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_meeting", "New meeting"),
        Binding("e", "edit_meeting", "Edit meeting"),
        Binding("x", "cancel_meeting", "Cancel meeting", show=False),
        Binding("a", "add_member", "Add member"),
        Binding("m", "edit_member", "Edit member"),
        Binding("l", "member_leaves", "Member leaves"),
        Binding("h", "past_members", "Past members"),
        Binding("r", "refer_case", "Refer a case"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.include_past = False
        self.meeting_offset = 0
        self.home: _Home | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="csg-summary")
        yield Label("Meetings  (Enter opens the agenda)", classes="section")
        yield PagedTable(
            MEETING_COLUMNS, empty_text="No meetings yet: n schedules one.", id="csg-meetings"
        )
        yield Label("Members", id="csg-members-label", classes="section")
        yield PagedTable(MEMBER_COLUMNS, empty_text="No members yet: a adds one.", id="csg-members")
        yield KeyFooter()

    @property
    def meetings_table(self) -> PagedTable:
        """The meetings."""
        return self.query_one("#csg-meetings", PagedTable)

    @property
    def members_table(self) -> PagedTable:
        """The members."""
        return self.query_one("#csg-members", PagedTable)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer referring a case only to whoever the role matrix lets refer one (not the
        group's own members: the case managers refer, with the practitioner's agreement)."""
        if action == "refer_case":
            return csg_rights(self.access).refers_cases
        return True

    def on_mount(self) -> None:
        self.meetings_table.focus()
        self.call_after_refresh(self.reload)

    def on_screen_resume(self) -> None:
        """Coming back from an agenda or a form: show what changed."""
        if self.home is not None:
            self.reload()

    def show_colleagues_changes(self, tables: frozenset[str]) -> None:
        """A colleague changed something on another desktop: read it again."""
        if self.home is not None:
            self.reload()

    def reload(self) -> None:
        """Fetch a page of meetings and the members."""
        limit = max(5, self.meetings_table.page_capacity)
        offset, include_past = self.meeting_offset, self.include_past

        def fetch(desk: Desk) -> _Home:
            today = clock.today()
            with desk.reading() as reads:
                return _Home(
                    reads.read(meetings.meeting_page, offset=offset, limit=limit, today=today),
                    reads.read(members.list_members, today=today, include_past=include_past),
                )

        self.ask(fetch, self.show)

    def show(self, home: _Home) -> None:
        """Put meetings and members on screen."""
        self.home = home
        page = home.page
        self.meeting_offset = page.offset
        self.meetings_table.show(
            [self._meeting_cells(m) for m in page.rows],
            has_previous=page.offset > 0,
            has_next=page.offset + len(page.rows) < page.total,
        )
        self.members_table.show(
            [self._member_cells(m) for m in home.members], has_previous=False, has_next=False
        )
        today = clock.today()
        chair = next((m for m in home.members if m.is_chair and m.current_on(today)), None)
        current = [m for m in home.members if m.current_on(today)]
        upcoming = next(
            (
                m
                for m in page.rows
                if m.status is CsgMeetingStatus.PLANNED and local(m.starts_at).date() >= today
            ),
            None,
        )
        parts = [
            f"Chair: {chair.name}" if chair else "No chair: a adds a member as Deputy DME (chair)",
            f"{len(current)} current members",
        ]
        access = self.access
        if (
            access is not None
            and access.group == "csg"
            and not any(m.user_id == access.user_id for m in current)
        ):
            # The role matrix shows a CSG login the cases on the agendas only while a member.
            parts.insert(
                0,
                "You are not a current member, so none of the group's cases show: ask a case "
                "manager to add you (a, signs in as you)",
            )
        if upcoming is not None:
            parts.append(
                f"next meeting {when_text(upcoming.starts_at)} ({upcoming.item_count} items)"
            )
        self.query_one("#csg-summary", Static).update(literal("  ·  ".join(parts)))
        label = "Members (past ones included; h hides them)" if self.include_past else "Members"
        self.query_one("#csg-members-label", Label).update(label)

    @staticmethod
    def _meeting_cells(meeting: MeetingView) -> list[Cell]:
        start, end = local(meeting.starts_at), local(meeting.ends_at)
        planned = meeting.status is CsgMeetingStatus.PLANNED
        return [
            Cell(day_text(start.date())),
            Cell(f"{start:%H:%M}-{end:%H:%M}"),
            Cell(meeting.status.label, "success" if planned else "dim"),
            Cell(meeting.place),
            Cell(str(meeting.item_count)),
            Cell(meeting.chair_name or "no chair", "" if meeting.chair_name else "error"),
        ]

    @staticmethod
    def _member_cells(member: MemberView) -> list[Cell]:
        style: CellStyle = "dim" if member.left_on and member.left_on <= clock.today() else ""
        return [
            Cell(member.name, "strong" if member.is_chair else style),
            Cell(member.role_label, style),
            Cell(member.organisation, style),
            Cell(member.joined_on.isoformat(), style),
            Cell(member.left_on.isoformat() if member.left_on else "", style),
        ]

    # Choosing rows ----------------------------------------------------------------------------

    def _meeting(self) -> MeetingView | None:
        if self.home is None:
            return None
        index = self.meetings_table.cursor_row
        rows = self.home.page.rows
        return rows[index] if 0 <= index < len(rows) else None

    def _member(self) -> MemberView | None:
        if self.home is None:
            return None
        index = self.members_table.cursor_row
        rows = self.home.members
        return rows[index] if 0 <= index < len(rows) else None

    @on(PagedTable.RowChosen)
    def _open_meeting(self, event: PagedTable.RowChosen) -> None:
        meeting = self._meeting() if event.table.id == "csg-meetings" else None
        if meeting is not None:
            self.app.push_screen(CsgAgendaScreen(meeting.id))

    @on(PagedTable.PageRequested)
    def _page(self, event: PagedTable.PageRequested) -> None:
        if self.home is not None and event.table.id == "csg-meetings":
            size = max(5, self.meetings_table.page_capacity)
            self.meeting_offset = next_offset(
                self.meeting_offset, event, size, self.home.page.total
            )
            self.reload()

    # Actions -------------------------------------------------------------------------------

    def action_new_meeting(self) -> None:
        """Schedule a meeting, then build its agenda."""

        def scheduled(meeting: MeetingView | None) -> None:
            if meeting is not None:
                self.app.push_screen(CsgAgendaScreen(meeting.id))

        self.app.push_screen(CsgMeetingFormScreen(schedule), scheduled)

    def action_edit_meeting(self) -> None:
        """Change the selected meeting's time or place."""
        meeting = self._meeting()
        if meeting is None:
            self.refused("Choose a meeting first.")
            return
        self.app.push_screen(CsgMeetingFormScreen(rescheduling(meeting), meeting))

    def action_cancel_meeting(self) -> None:
        """Cancel the selected meeting, once confirmed."""
        meeting = self._meeting()
        if meeting is None:
            return

        def cancelled(_: MeetingView) -> None:
            self.notify("Meeting cancelled.", markup=False)
            self.reload()

        def answered(yes: bool | None) -> None:
            if yes:
                self.ask(
                    lambda desk: desk.change(
                        meetings.cancel_meeting,
                        meeting_id=meeting.id,
                        expected_version=meeting.version,
                    ),
                    cancelled,
                    change=True,
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Cancel the meeting of {when_text(meeting.starts_at)}?",
                "Its cases will be proposed again for the next meeting.",
            ),
            answered,
        )

    def action_add_member(self) -> None:
        """Add a member in one of the roles."""

        def added(member: MemberView | None) -> None:
            if member is not None:
                self.notify(f"{member.name} joins the CSG as {member.role_label}.", markup=False)

        def add(desk: Desk, draft: MemberDraft) -> MemberView:
            return desk.change(
                members.add_member,
                name=draft.name,
                role=draft.role,
                organisation=draft.organisation,
                email=draft.email,
                joined_on=draft.joined_on,
                user_id=draft.user_id,
            )

        def open_form(team: tuple[Colleague, ...]) -> None:
            people = tuple((f"{p.full_name} ({p.role})", p.id) for p in team)
            self.app.push_screen(CsgMemberScreen(add, people), added)

        self.ask(lambda desk: desk.read(colleagues), open_form, group="member-form")

    def action_edit_member(self) -> None:
        """Correct the selected member's name, organisation, e-mail or Remedy user."""
        member = self._member() if self.members_table.has_focus else None
        if member is None:
            self.refused("Choose a member in the members list first (Tab moves there).")
            return

        def changed(view: MemberView | None) -> None:
            if view is not None:
                self.notify(f"{view.name}: details saved.", markup=False)
                self.reload()

        def change(desk: Desk, draft: MemberDraft) -> MemberView:
            return desk.change(
                members.update_member,
                member_id=member.id,
                expected_version=member.version,
                name=draft.name,
                organisation=draft.organisation,
                email=draft.email,
                user_id=draft.user_id,
            )

        def open_form(team: tuple[Colleague, ...]) -> None:
            people = tuple((f"{p.full_name} ({p.role})", p.id) for p in team)
            self.app.push_screen(CsgMemberScreen(change, people, member), changed)

        self.ask(lambda desk: desk.read(colleagues), open_form, group="member-form")

    def action_member_leaves(self) -> None:
        """Record when the selected member leaves."""
        member = self._member() if self.members_table.has_focus else None
        if member is None:
            self.refused("Choose a member in the members list first (Tab moves there).")
            return

        def left(changed: MemberView | None) -> None:
            if changed is not None and changed.left_on is not None:
                when = day_text(changed.left_on)
                self.notify(f"{changed.name} leaves the CSG on {when}.", markup=False)

        def leave(desk: Desk, draft: LeavingDraft) -> MemberView:
            return desk.change(
                members.record_leaving,
                member_id=member.id,
                left_on=draft.left_on,
                expected_version=member.version,
            )

        self.app.push_screen(CsgLeavingScreen(member, leave), left)

    def action_past_members(self) -> None:
        """Show or hide members who have left."""
        self.include_past = not self.include_past
        self.reload()

    def action_refer_case(self) -> None:
        """Find a case, then refer it to the group."""

        def referred(view: CsgReferralView | None) -> None:
            if view is not None:
                self.notify(
                    f"{view.case_reference} referred to the CSG; Remedy will propose it for the "
                    "next agenda.",
                    markup=False,
                )

        def picked(case_id: int | None) -> None:
            if case_id is not None:
                self.app.push_screen(CsgReferralScreen(case_id, referring(case_id)), referred)

        self.app.push_screen(CasePickerScreen(), picked)

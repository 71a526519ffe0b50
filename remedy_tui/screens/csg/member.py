"""Adding a member to the group in one of its roles (data/csg_roles.json), or correcting a
member's details (a change of role is a leaving and a joining)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from remedy_tui import clock
from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.common.reference_data import csg_roles
from remedy_tui.views.csg import MemberView
from remedy_tui.widgets import literal


@dataclass(frozen=True)
class MemberDraft:
    """A new member as typed."""

    name: str
    role: str
    organisation: str
    email: str
    joined_on: str
    user_id: int | None = None


class CsgMemberScreen(FormScreen[MemberView]):
    """Name, role, organisation, email and the day they join; for a ``member`` already in the
    group, their details as recorded, the role and the day they joined fixed."""

    AUTO_FOCUS = "#field-name"

    def __init__(
        self,
        submit: Submit[MemberDraft, MemberView],
        people: tuple[tuple[str, int], ...] = (),
        member: MemberView | None = None,
    ) -> None:
        super().__init__()
        self.submit = submit
        self.people = people
        self.member = member

    def compose(self) -> ComposeResult:
        roles = csg_roles()
        member = self.member
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Static(
                literal(f"Change the details of {member.name}")
                if member
                else "Add a member of the CSG",
                classes="title",
            )
            yield Label("Name (as it should appear in the minutes)")
            yield Input(member.name if member else "", id="field-name")
            yield Label("Role" + (" (a new role: record leaving, then add them)" if member else ""))
            role = Select(
                [(role.label, role.code) for role in roles.roles],
                id="field-role",
                prompt="Choose a role",
                disabled=member is not None,
            )
            if member is not None:
                role.value = member.role
            yield role
            yield Label("Organisation (optional)")
            yield Input(member.organisation if member else "", id="field-organisation")
            yield Label("Email (optional; for the calendar invitation)")
            yield Input(member.email if member else "", id="field-email")
            yield Label("Signs in to Remedy as (optional: lets them open the group's area)")
            known = {person for _, person in self.people}
            user = Select(self.people, id="field-user", prompt="Nobody (not a Remedy user)")
            if member is not None and member.user_id in known:
                user.value = member.user_id
            yield user
            yield Label("Joined on (YYYY-MM-DD)")
            joined = member.joined_on if member else clock.today()
            yield Input(joined.isoformat(), id="field-joined-on", disabled=member is not None)
            yield self.message_line()
            yield Static(
                "A person may hold two roles unless they clash. ctrl+s saves · Escape cancels",
                classes="hint",
            )

    def action_save(self) -> None:
        """Add the member."""
        role = self.query_one("#field-role", Select).value
        values = {
            name: self.query_one(f"#field-{name.replace('_', '-')}", Input).value
            for name in ("name", "organisation", "email", "joined_on")
        }
        user = self.query_one("#field-user", Select).value
        draft = MemberDraft(
            role=role if isinstance(role, str) else "",
            user_id=user if isinstance(user, int) else None,
            **values,
        )
        self.send(self.submit, draft)

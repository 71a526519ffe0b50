"""Adding a member to the group in one of its roles (data/csg_roles.json)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from remedy_tui import clock
from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.common.reference_data import csg_roles
from remedy_tui.views.csg import MemberView


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
    """Name, role, organisation, email and the day they join."""

    AUTO_FOCUS = "#field-name"

    def __init__(
        self,
        submit: Submit[MemberDraft, MemberView],
        people: tuple[tuple[str, int], ...] = (),
    ) -> None:
        super().__init__()
        self.submit = submit
        self.people = people

    def compose(self) -> ComposeResult:
        roles = csg_roles()
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Static("Add a member of the CSG", classes="title")
            yield Label("Name (as it should appear in the minutes)")
            yield Input(id="field-name")
            yield Label("Role")
            yield Select(
                [(role.label, role.code) for role in roles.roles],
                id="field-role",
                prompt="Choose a role",
            )
            yield Label("Organisation (optional)")
            yield Input(id="field-organisation")
            yield Label("Email (optional; for the calendar invitation)")
            yield Input(id="field-email")
            yield Label("Signs in to Remedy as (optional: lets them open the group's area)")
            yield Select(self.people, id="field-user", prompt="Nobody (not a Remedy user)")
            yield Label("Joined on (YYYY-MM-DD)")
            yield Input(clock.today().isoformat(), id="field-joined-on")
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

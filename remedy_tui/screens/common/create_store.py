"""First run: there is no store yet, so offer to create one."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.recovery_code import RecoveryCodeScreen
from remedy_tui.services.common.errors import DomainError
from remedy_tui.services.common.validation import check_username, required_text
from remedy_tui.services.desk import Desk
from remedy_tui.store import StoreError
from remedy_tui.store.models import Role
from remedy_tui.store.strength import check_passphrase_policy
from remedy_tui.widgets import literal
from remedy_tui.widgets.key_footer import KeyFooter


class CreateStoreScreen(DeskWork, Screen[Desk]):
    """Creates a new store with its first administrator; dismisses with its desk."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
        Binding("ctrl+s", "create", "Create store"),
    ]
    AUTO_FOCUS = "#username"

    def __init__(self, store_path: Path) -> None:
        super().__init__()
        self.store_path = store_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(), Vertical(id="create-box", classes="dialog"):
            yield Static("Welcome to Remedy", classes="title")
            yield Static(
                literal(
                    f"There is no store at {self.store_path} yet. Create one now: everything "
                    "in it is encrypted, and you will be its first administrator. "
                    "(To look around first, quit and run `remedy demo`.)"
                ),
                classes="muted",
            )
            yield Label("User name (e.g. asmith)")
            yield Input(id="username")
            yield Label("Full name")
            yield Input(id="full-name")
            yield Label("Role")
            yield Select(
                [(role.label, role) for role in Role],
                id="role",
                value=Role.NON_CLINICAL_CASE_MANAGER,
                allow_blank=False,
            )
            yield Label("Passphrase (at least 10 characters; a few unrelated words work well)")
            yield Input(id="passphrase", password=True)
            yield Label("Passphrase again")
            yield Input(id="confirm", password=True)
            yield Static("Enter on the last field (or ctrl+s) creates the store.", classes="hint")
            yield Static("", id="create-message", classes="message")
        yield KeyFooter()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "confirm":
            self.action_create()
        else:
            self.focus_next()

    def _message(self, text: str, *, error: bool = True) -> None:
        message = self.query_one("#create-message", Static)
        message.update(literal(text))
        message.set_class(error, "error")

    def action_create(self) -> None:
        """Check the form and create the store in a worker."""
        username = self.query_one("#username", Input).value
        full_name = self.query_one("#full-name", Input).value
        role = self.query_one("#role", Select).value
        passphrase = self.query_one("#passphrase", Input).value
        confirm = self.query_one("#confirm", Input).value
        try:
            username = check_username(username)
            full_name = required_text(
                full_name, field="full_name", label="Full name", max_length=200
            )
        except DomainError as exc:
            self._message(str(exc))
            return
        try:
            check_passphrase_policy(passphrase, user_inputs=(username, full_name))
        except StoreError as exc:
            self._message(str(exc))
            self.query_one("#passphrase", Input).focus()
            return
        if passphrase != confirm:
            self._message("The two passphrases differ.")
            self.query_one("#confirm", Input).focus()
            return
        assert isinstance(role, Role)
        self._message("Creating the store...", error=False)
        self.create(username, full_name, role, passphrase)

    def create(self, username: str, full_name: str, role: Role, passphrase: str) -> None:
        """Create the store (key derivation runs off the UI thread), then show the recovery
        code once and hand the store's desk to the app."""
        path = self.store_path
        self.off_screen(
            lambda: Desk.create(
                path, username=username, full_name=full_name, role=role, passphrase=passphrase
            ),
            self._created,
            group="create",
        )

    def _created(self, result: tuple[Desk, str]) -> None:
        desk, code = result

        def carry_on(_: None) -> None:
            self.dismiss(desk)

        self.app.push_screen(RecoveryCodeScreen(code), carry_on)

    def refused(self, message: str, field: str | None = None) -> None:
        """Say why the store was not created."""
        self._message(message)

    def on_desk_work_failed(self, message: DeskWork.Failed) -> None:
        message.prevent_default()  # said here, not in the error dialog
        self._message("Could not create the store; nothing was written.")

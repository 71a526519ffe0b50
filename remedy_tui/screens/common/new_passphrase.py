"""First sign-in with a passphrase an administrator set: the user chooses their own first."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.services.common.users import change_passphrase
from remedy_tui.services.desk import Desk
from remedy_tui.widgets import literal
from remedy_tui.widgets.key_footer import KeyFooter


class NewPassphraseScreen(DeskWork, Screen[bool]):
    """Asks for a new passphrase twice before anything of the store is shown; dismisses with
    True once it is changed, False if the user backs out (the store then stays locked)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
        Binding("escape", "back_out", "Cancel"),
    ]
    AUTO_FOCUS = "#new-passphrase"

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.opened = desk  # not yet the app's desk: nothing is shown until this is done

    def compose(self) -> ComposeResult:
        with Vertical(id="new-passphrase-box", classes="dialog"):
            yield Static("Choose your own passphrase", classes="title")
            yield Static(
                literal(
                    f"{self.opened.user.full_name}: an administrator set the passphrase you "
                    "signed in with. Choose one only you know before going on."
                ),
                classes="muted",
            )
            yield Label("New passphrase (at least 10 characters; a few unrelated words work well)")
            yield Input(id="new-passphrase", password=True)
            yield Label("New passphrase again")
            yield Input(id="confirm", password=True)
            yield Static("", id="new-passphrase-message", classes="message")
        yield KeyFooter()

    @on(Input.Submitted, "#new-passphrase")
    def _next_field(self) -> None:
        self.query_one("#confirm", Input).focus()

    @on(Input.Submitted, "#confirm")
    def _submit(self) -> None:
        new = self.query_one("#new-passphrase", Input).value
        again = self.query_one("#confirm", Input).value
        if not new:
            self._message("Type a new passphrase first.")
            self.query_one("#new-passphrase", Input).focus()
            return
        if new != again:
            self._message("The two passphrases differ.")
            self.query_one("#confirm", Input).value = ""
            self.query_one("#confirm", Input).focus()
            return
        self._message("Changing the passphrase...", error=False)
        desk = self.opened
        self.off_screen(
            lambda: desk.with_store(change_passphrase, new_passphrase=new),
            self._changed,
            group="new-passphrase",
        )

    def _message(self, text: str, *, error: bool = True) -> None:
        message = self.query_one("#new-passphrase-message", Static)
        message.update(literal(text))
        message.set_class(error, "error")

    def _changed(self, _: None) -> None:
        self.dismiss(True)

    def action_back_out(self) -> None:
        """Leave without changing it: the store is closed again."""
        self.dismiss(False)

    def refused(self, message: str, field: str | None = None) -> None:
        """Say why the passphrase was refused; the user tries another."""
        self._message(message)
        for field_id in ("#confirm", "#new-passphrase"):
            self.query_one(field_id, Input).value = ""
        self.query_one("#new-passphrase", Input).focus()

    def on_desk_work_failed(self, message: DeskWork.Failed) -> None:
        message.prevent_default()  # said here, not in the error dialog
        self._message("Could not change the passphrase; nothing was changed.")

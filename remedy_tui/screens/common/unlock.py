"""The unlock screen: user name and passphrase, key derivation off the UI thread."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from remedy_tui import config
from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.common.new_passphrase import NewPassphraseScreen
from remedy_tui.services.desk import Desk, Where, place_label
from remedy_tui.widgets import literal
from remedy_tui.widgets.key_footer import KeyFooter


class UnlockScreen(DeskWork, Screen[Desk]):
    """Asks who you are and your passphrase; dismisses with the desk of the unlocked store."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]
    AUTO_FOCUS = "#passphrase"

    def __init__(
        self,
        store_path: Where,
        *,
        user: str | None = None,
        demo: bool = False,
        reason: str | None = None,
    ) -> None:
        super().__init__()
        self.store_path = store_path
        self.initial_user = user or ""
        self.demo = demo
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box", classes="dialog"):
            yield Static("Remedy", classes="title")
            yield Static(literal(f"Store: {place_label(self.store_path)}"), classes="muted")
            if self.demo:
                yield Static(
                    f"Demo store (fictional data): user {config.DEMO_USER}, "
                    f"passphrase {config.DEMO_PASSPHRASE}",
                    id="demo-hint",
                    classes="hint",
                )
            yield Label("User name")
            yield Input(self.initial_user, id="user", placeholder="your user name")
            yield Label("Passphrase")
            yield Input(id="passphrase", password=True, placeholder="your passphrase")
            yield Static(self.reason or "", id="unlock-message", classes="message")
        yield KeyFooter()

    def on_mount(self) -> None:
        if not self.initial_user:
            self.query_one("#user", Input).focus()

    @on(Input.Submitted, "#user")
    def _next_field(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def _submit(self) -> None:
        user = self.query_one("#user", Input).value.strip()
        passphrase = self.query_one("#passphrase", Input).value
        if not user:
            self._message("Type your user name first.")
            self.query_one("#user", Input).focus()
            return
        if not passphrase:
            self._message("Type your passphrase, then press Enter.")
            return
        self._message("Unlocking...")
        self.query_one("#passphrase", Input).disabled = True
        self.unlock(user, passphrase)

    def _message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#unlock-message", Static)
        message.update(literal(text))
        message.set_class(error, "error")

    def unlock(self, user: str, passphrase: str) -> None:
        """Derive the key and open the store (a few hundred milliseconds, off the UI thread)."""
        path = self.store_path
        self.off_screen(
            lambda: Desk.open(path, user, passphrase, via="app"), self._opened, group="unlock"
        )

    def _opened(self, desk: Desk) -> None:
        if not desk.must_change_passphrase:
            self.dismiss(desk)
            return

        def chosen(changed: bool | None) -> None:
            if changed:
                self.dismiss(desk)
            else:
                desk.close()
                self._try_again("Your passphrase was not changed, so Remedy stays locked.")

        self.app.push_screen(NewPassphraseScreen(desk), chosen)

    def _try_again(self, text: str) -> None:
        passphrase = self.query_one("#passphrase", Input)
        passphrase.disabled = False
        passphrase.value = ""
        passphrase.focus()
        self._message(text, error=True)

    def refused(self, message: str, field: str | None = None) -> None:
        """Say why the store did not open, and let the user try again."""
        self._try_again(message)

    def on_desk_work_failed(self, message: DeskWork.Failed) -> None:
        message.prevent_default()  # said here, not in the error dialog
        self._try_again("Could not open the store; nothing was changed.")

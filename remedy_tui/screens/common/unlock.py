"""The unlock screen: user name and passphrase, key derivation off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState

from remedy_tui import config
from remedy_tui.services.common.audit import record
from remedy_tui.store import Store, StoreError
from remedy_tui.widgets import literal
from remedy_tui.widgets.key_footer import KeyFooter


class UnlockScreen(Screen[Store]):
    """Asks who you are and your passphrase; dismisses with the unlocked store."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]
    AUTO_FOCUS = "#passphrase"

    def __init__(
        self,
        store_path: Path,
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
            yield Static(literal(f"Store: {self.store_path}"), classes="muted")
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

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock")
    def unlock(self, user: str, passphrase: str) -> Store:
        """Derive the key and open the store (a few hundred milliseconds, off the UI thread)."""
        store = Store.open(self.store_path, user, passphrase)
        try:
            record(store, "sign_in", "users", str(store.user.id), {"via": "app"})
        except BaseException:
            store.close()
            raise
        return store

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Dismiss with the store, or say what went wrong and let the user try again."""
        if event.worker.group != "unlock":
            return
        event.stop()
        if event.state == WorkerState.SUCCESS:
            store = event.worker.result
            assert isinstance(store, Store)
            self.dismiss(store)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            passphrase = self.query_one("#passphrase", Input)
            passphrase.disabled = False
            passphrase.value = ""
            passphrase.focus()
            if isinstance(error, StoreError):
                self._message(str(error), error=True)
            else:
                self._message(f"Could not open the store ({type(error).__name__}).", error=True)

"""Show a new recovery code once, and make sure it has been written down."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

CONFIRM_WORD = "written"


class RecoveryCodeScreen(ModalScreen[None]):
    """The recovery code, shown once; the user types a word to say they have kept it."""

    BINDINGS: ClassVar[list[BindingType]] = []
    AUTO_FOCUS = "#confirm-written"

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Your recovery code", classes="title")
            yield Static(
                "If every passphrase is lost, this code is the only way back into the store. "
                "It is shown once, now. Write it down and keep it somewhere safe, apart from "
                "the computer.",
            )
            yield Static(self.code, id="recovery-code", classes="code")
            yield Label(f"Type {CONFIRM_WORD!r} and press Enter once you have written it down")
            yield Input(id="confirm-written")
            yield Static("", id="recovery-message", classes="message error")

    @on(Input.Submitted, "#confirm-written")
    def _confirm(self, event: Input.Submitted) -> None:
        if event.value.strip().lower() == CONFIRM_WORD:
            self.dismiss(None)
        else:
            self.query_one("#recovery-message", Static).update(
                f"Type {CONFIRM_WORD} to confirm you have kept the code."
            )

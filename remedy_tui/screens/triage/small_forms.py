"""The short forms of triage: ask for information, record what came back, add an action,
and save a document where the user chooses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from remedy_tui import clock
from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.triage.decide import Person
from remedy_tui.services.triage.information_requests import InformationRequestView
from remedy_tui.widgets import literal


@dataclass(frozen=True)
class RequestDraft:
    """What is asked, of whom, and when to chase."""

    what: str
    of_whom: str
    due_on: str


class RequestInformationScreen(FormScreen[InformationRequestView]):
    """Ask for missing details: what, of whom, and when to chase."""

    AUTO_FOCUS = "#field-request-what"

    def __init__(
        self,
        reference: str,
        submit: Submit[RequestDraft, InformationRequestView],
        missing: str = "",
    ) -> None:
        super().__init__()
        self.reference, self.submit, self.missing = reference, submit, missing

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(literal(f"Request information for {self.reference}"), classes="title")
            yield Label("What is being asked")
            yield Input(self.missing, id="field-request-what")
            yield Label("Of whom")
            yield Input(id="field-request-of-whom")
            yield Label("Chase by (a reminder shows in the queue after this date)")
            yield Input((clock.today() + timedelta(days=14)).isoformat(), id="field-request-due-on")
            yield self.message_line()
            yield Static("ctrl+s records the request · Escape cancels", classes="hint")

    def on_mount(self) -> None:
        # Start on the first field still to fill: what is missing is usually filled in
        # already, so the cursor goes to whom it is asked of.
        if self.missing:
            self.query_one("#field-request-of-whom").focus()

    def action_save(self) -> None:
        """Record the request."""
        draft = RequestDraft(
            what=self.query_one("#field-request-what", Input).value,
            of_whom=self.query_one("#field-request-of-whom", Input).value,
            due_on=self.query_one("#field-request-due-on", Input).value,
        )
        self.send(self.submit, draft)


@dataclass(frozen=True)
class AnswerDraft:
    """What came back for an information request."""

    answer: str


class AnswerRequestScreen(FormScreen[bool]):
    """Record what came back for an open information request."""

    AUTO_FOCUS = "#field-answer"

    def __init__(self, request: InformationRequestView, submit: Submit[AnswerDraft, bool]) -> None:
        super().__init__()
        self.request, self.submit = request, submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static("Record what came back", classes="title")
            yield Static(
                literal(
                    f"Asked {self.request.of_whom} on "
                    f"{self.request.asked_on.isoformat()}: {self.request.what}"
                )
            )
            yield Label("What came back (then complete the forms with e)")
            yield TextArea(id="field-answer", classes="short-text")
            yield self.message_line()
            yield Static("ctrl+s records it · Escape cancels", classes="hint")

    def action_save(self) -> None:
        """Close the request with its answer."""
        self.send(self.submit, AnswerDraft(self.query_one("#field-answer", TextArea).text))


@dataclass(frozen=True)
class ActionDraft:
    """An action agreed in the meeting: what, whose (a colleague or a name), by when."""

    description: str
    owner_id: int | None
    owner_name: str
    due_on: str


class MeetingActionScreen(FormScreen[bool]):
    """An action agreed in the meeting: what, who, by when."""

    AUTO_FOCUS = "#field-description"

    def __init__(self, people: list[Person], about: str, submit: Submit[ActionDraft, bool]) -> None:
        super().__init__()
        self.people, self.about, self.submit = people, about, submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(literal(f"Add an action ({self.about})"), classes="title")
            yield Label("Action")
            yield Input(id="field-description")
            yield Label("Owner: a colleague")
            yield Select(
                [(p.name, p.id) for p in self.people],
                id="field-owner-id",
                prompt="or type a name below",
            )
            yield Label("Owner: someone else (name and role)")
            yield Input(id="field-owner-name", placeholder="e.g. Dr X, TPD")
            yield Label("Due")
            yield Input((clock.today() + timedelta(days=7)).isoformat(), id="field-due-on")
            yield self.message_line()
            yield Static("ctrl+s adds the action · Escape cancels", classes="hint")

    def action_save(self) -> None:
        """Add the action to the meeting."""
        owner = self.query_one("#field-owner-id", Select).value
        draft = ActionDraft(
            description=self.query_one("#field-description", Input).value,
            owner_id=owner if isinstance(owner, int) else None,
            owner_name=self.query_one("#field-owner-name", Input).value,
            due_on=self.query_one("#field-due-on", Input).value,
        )
        self.send(self.submit, draft)


@dataclass(frozen=True)
class ExportDraft:
    """Where to save the document, as typed (a folder or a file name)."""

    typed_path: str


class ExportScreen(FormScreen[Path]):
    """Save a document out of the store, where the user says; nothing leaves otherwise."""

    AUTO_FOCUS = "#field-path"

    def __init__(self, *, what: str, default_name: str, submit: Submit[ExportDraft, Path]) -> None:
        super().__init__()
        self.what, self.default_name, self.submit = what, default_name, submit

    def compose(self) -> ComposeResult:
        suggestion = str(Path.home() / self.default_name)
        with Vertical(classes="dialog form"):
            yield Static(literal(f"Save {self.what}"), classes="title")
            yield Static(
                "The file will not be encrypted: save it only where it belongs, "
                "such as the personal file.",
                classes="warning",
            )
            yield Label("Save to (a folder or a file name)")
            yield Input(suggestion, id="field-path")
            yield self.message_line()
            yield Static("ctrl+s or Enter saves · Escape cancels", classes="hint")

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Write the file and record the export."""
        self.send(self.submit, ExportDraft(self.query_one("#field-path", Input).value))

"""The short forms of triage: ask for information, record what came back, add an action,
and save a document where the user chooses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from remedy_tui import clock
from remedy_tui.screens.common.form import FormScreen
from remedy_tui.services.common.exports import export_file
from remedy_tui.services.triage.decide import Person
from remedy_tui.services.triage.information_requests import (
    InformationRequestView,
    close_request,
    request_information,
)
from remedy_tui.services.triage.meetings import add_action
from remedy_tui.store import Store
from remedy_tui.widgets import literal


class RequestInformationScreen(FormScreen[InformationRequestView]):
    """Ask for missing details: what, of whom, and when to chase."""

    AUTO_FOCUS = "#field-request-what"

    def __init__(
        self, store: Store, referral_id: int, version: int, reference: str, missing: str = ""
    ) -> None:
        super().__init__()
        self.store, self.referral_id, self.version = store, referral_id, version
        self.reference, self.missing = reference, missing

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

    def action_save(self) -> None:
        """Record the request."""
        what = self.query_one("#field-request-what", Input).value
        whom = self.query_one("#field-request-of-whom", Input).value
        due = self.query_one("#field-request-due-on", Input).value
        actor, referral_id, version = self.store.user.id, self.referral_id, self.version

        def save() -> InformationRequestView:
            with self.store.session() as session:
                return request_information(
                    session=session,
                    actor_id=actor,
                    referral_id=referral_id,
                    expected_version=version,
                    what=what,
                    of_whom=whom,
                    due_on=due,
                )

        self.save_with(save)


class AnswerRequestScreen(FormScreen[bool]):
    """Record what came back for an open information request."""

    AUTO_FOCUS = "#field-answer"

    def __init__(self, store: Store, request: InformationRequestView) -> None:
        super().__init__()
        self.store, self.request = store, request

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
        answer = self.query_one("#field-answer", TextArea).text
        actor, request_id = self.store.user.id, self.request.id

        def save() -> bool:
            with self.store.session() as session:
                close_request(session=session, actor_id=actor, request_id=request_id, answer=answer)
            return True

        self.save_with(save)


class MeetingActionScreen(FormScreen[bool]):
    """An action agreed in the meeting: what, who, by when."""

    AUTO_FOCUS = "#field-description"

    def __init__(
        self,
        store: Store,
        meeting_id: int,
        people: list[Person],
        referral_id: int | None,
        about: str,
    ) -> None:
        super().__init__()
        self.store, self.meeting_id, self.people = store, meeting_id, people
        self.referral_id, self.about = referral_id, about

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
        description = self.query_one("#field-description", Input).value
        owner_name = self.query_one("#field-owner-name", Input).value
        due = self.query_one("#field-due-on", Input).value
        actor, meeting_id, referral_id = self.store.user.id, self.meeting_id, self.referral_id

        def save() -> bool:
            with self.store.session() as session:
                add_action(
                    session=session,
                    actor_id=actor,
                    meeting_id=meeting_id,
                    description=description,
                    owner_id=owner if isinstance(owner, int) else None,
                    owner_name=owner_name,
                    due_on=due,
                    referral_id=referral_id,
                )
            return True

        self.save_with(save)


class ExportScreen(FormScreen[Path]):
    """Save a document out of the store, where the user says; nothing leaves otherwise."""

    AUTO_FOCUS = "#field-path"

    def __init__(
        self,
        store: Store,
        *,
        what: str,
        default_name: str,
        content: Callable[[], bytes],
        subject: str,
        record_id: str | None,
    ) -> None:
        super().__init__()
        self.store, self.what, self.default_name = store, what, default_name
        self.content, self.subject, self.record_id = content, subject, record_id

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
        typed = self.query_one("#field-path", Input).value

        def save() -> Path:
            return export_file(
                store=self.store,
                content=self.content(),
                typed_path=typed,
                default_name=self.default_name,
                what=self.what,
                subject=self.subject,
                record_id=self.record_id,
            )

        self.save_with(save)

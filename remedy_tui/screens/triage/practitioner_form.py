"""Add a practitioner who is new to Remedy (at intake)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.triage.practitioner_lookup import PractitionerDraft, PractitionerMatch
from remedy_tui.store.models import Grade, RegistrationBody


class PractitionerFormScreen(FormScreen[PractitionerMatch]):
    """The details intake needs; dismisses with the new practitioner."""

    AUTO_FOCUS = "#field-given-names"

    def __init__(
        self, submit: Submit[PractitionerDraft, PractitionerMatch], *, name_hint: str = ""
    ) -> None:
        super().__init__()
        self.submit = submit
        self.name_hint = name_hint.strip()

    def compose(self) -> ComposeResult:
        given, _, family = self.name_hint.partition(" ")
        with VerticalScroll(classes="dialog form"):
            yield Static("New practitioner", classes="title")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Given names")
                    yield Input(given, id="field-given-names")
                with Vertical():
                    yield Label("Family name")
                    yield Input(family, id="field-family-name")
                with Vertical(classes="narrow"):
                    yield Label("Title")
                    yield Input("Dr", id="field-title")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Regulator")
                    yield Select(
                        [(b.value, b) for b in RegistrationBody],
                        id="field-registration-body",
                        prompt="none",
                    )
                with Vertical():
                    yield Label("Registration number")
                    yield Input(id="field-registration-number", placeholder="e.g. 7 digits")
                with Vertical():
                    yield Label("Grade")
                    yield Select(
                        [(g.label, g) for g in Grade],
                        id="field-grade",
                        value=Grade.FOUNDATION,
                        allow_blank=False,
                    )
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Programme")
                    yield Input(id="field-programme")
                with Vertical():
                    yield Label("Specialty")
                    yield Input(id="field-specialty")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Employer or trust")
                    yield Input(id="field-employer")
                with Vertical():
                    yield Label("TPD")
                    yield Input(id="field-tpd-name")
                with Vertical():
                    yield Label("Educational supervisor")
                    yield Input(id="field-educational-supervisor")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Email")
                    yield Input(id="field-email")
                with Vertical():
                    yield Label("Phone")
                    yield Input(id="field-phone")
            yield self.message_line()
            yield Static("ctrl+s adds the practitioner · Escape cancels", classes="hint")

    def _value(self, name: str) -> str:
        return self.query_one(f"#field-{name}", Input).value

    def action_save(self) -> None:
        """Check and add the practitioner."""
        body = self.query_one("#field-registration-body", Select).value
        grade = self.query_one("#field-grade", Select).value
        draft = PractitionerDraft(
            given_names=self._value("given-names"),
            family_name=self._value("family-name"),
            title=self._value("title"),
            registration_body=body if isinstance(body, RegistrationBody) else None,
            registration_number=self._value("registration-number"),
            grade=grade if isinstance(grade, Grade) else Grade.OTHER,
            specialty=self._value("specialty"),
            programme=self._value("programme"),
            employer=self._value("employer"),
            tpd_name=self._value("tpd-name"),
            educational_supervisor=self._value("educational-supervisor"),
            email=self._value("email"),
            phone=self._value("phone"),
        )
        self.send(self.submit, draft)

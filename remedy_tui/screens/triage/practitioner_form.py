"""Add a practitioner who is new to Remedy (at intake)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.screens.triage.merge_names import suggester
from remedy_tui.services.triage.practitioner_lookup import PractitionerDraft, PractitionerMatch
from remedy_tui.services.triage.reference_names import KnownNames, known_names
from remedy_tui.store.models import Grade, RegistrationBody

TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor"}
BODIES = {body.value.upper(): body for body in RegistrationBody}


@dataclass(frozen=True)
class Hint:
    """What was typed into the search, read as a new practitioner's details."""

    title: str = "Dr"
    given_names: str = ""
    family_name: str = ""
    registration_body: RegistrationBody | None = None
    registration_number: str = ""


def read_hint(typed: str) -> Hint:
    """Read a search as the new practitioner's details: a registration number (with its
    regulator if named) is kept, a title is taken off the front, and the family name is the
    last word (so "Mary Ann Smith" is given names "Mary Ann", family name "Smith"); a single
    word is taken as the family name, as searches usually are."""
    body: RegistrationBody | None = None
    number = ""
    words: list[str] = []
    for word in typed.split():
        if word.upper().rstrip(":") in BODIES:
            body = BODIES[word.upper().rstrip(":")]
        elif word.isdigit():
            number = word
        else:
            words.append(word)
    title = "Dr"
    if words and words[0].lower().rstrip(".") in TITLES:
        title = words.pop(0).rstrip(".")
    given, family = " ".join(words[:-1]), words[-1] if words else ""
    return Hint(title, given, family, body, number)


class PractitionerFormScreen(FormScreen[PractitionerMatch]):
    """The details intake needs; dismisses with the new practitioner."""

    AUTO_FOCUS = "#field-given-names"

    def __init__(
        self, submit: Submit[PractitionerDraft, PractitionerMatch], *, name_hint: str = ""
    ) -> None:
        super().__init__()
        self.submit = submit
        self.hint = read_hint(name_hint)

    def compose(self) -> ComposeResult:
        hint = self.hint
        with VerticalScroll(classes="dialog form"):
            yield Static("New practitioner", classes="title")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Given names")
                    yield Input(hint.given_names, id="field-given-names")
                with Vertical():
                    yield Label("Family name")
                    yield Input(hint.family_name, id="field-family-name")
                with Vertical(classes="narrow"):
                    yield Label("Title")
                    yield Input(hint.title, id="field-title")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Regulator")
                    yield Select(
                        [(b.value, b) for b in RegistrationBody],
                        id="field-registration-body",
                        prompt="none",
                        value=hint.registration_body or Select.NULL,
                    )
                with Vertical():
                    yield Label("Registration number")
                    yield Input(
                        hint.registration_number,
                        id="field-registration-number",
                        placeholder="e.g. 7 digits",
                    )
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

    def on_mount(self) -> None:
        self.ask(lambda desk: desk.read(known_names), self._offer_names, group="known-names")
        self._first_to_fill()

    def _offer_names(self, known: KnownNames) -> None:
        """Offer the spellings on the record as the user types (m on the queue merges two)."""
        for field, names in (
            ("programme", known.programmes),
            ("employer", known.trusts),
            ("tpd-name", known.tpds),
            ("educational-supervisor", known.educational_supervisors),
        ):
            self.query_one(f"#field-{field}", Input).suggester = suggester(names)

    def _first_to_fill(self) -> None:
        # Start on the first field still to fill: the given names unless both names came
        # from the search, then the regulator, the number, the programme.
        hint = self.hint
        if not (hint.given_names and hint.family_name):
            return
        if hint.registration_body is None:
            self.query_one("#field-registration-body").focus()
        elif not hint.registration_number:
            self.query_one("#field-registration-number").focus()
        else:
            self.query_one("#field-programme").focus()

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

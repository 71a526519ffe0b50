"""The intake form: source, triggers, Form 1, Form 2's seven areas and Form E, by keyboard.

Used for a new referral and to complete one whose forms arrive later. Nothing is stored
unless every field passes; a refusal puts the cursor on the field at fault.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from remedy_tui import clock
from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.screens.triage.merge_names import suggester
from remedy_tui.services.common.reference_data import concern_areas
from remedy_tui.services.triage.intake import Form2Entry, IntakeResult, ReferralDraft
from remedy_tui.services.triage.practitioner_lookup import PractitionerMatch
from remedy_tui.services.triage.reference_names import KnownNames, known_names
from remedy_tui.store.models import ReferralSource, Severity, Trigger
from remedy_tui.widgets import literal
from remedy_tui.widgets.tick_box import TickBox

ACADEMIC_NOTE = (
    "Purely academic performance issues are out of scope for this process: tick the box "
    "below only to confirm that, and the referral will not be stored."
)


def _pair(label: str, widget_id: str, value: str = "", placeholder: str = "") -> Vertical:
    return Vertical(Label(label), Input(value, id=widget_id, placeholder=placeholder))


class ReferralFormScreen(FormScreen[IntakeResult]):
    """A new referral for ``practitioner`` (or, with ``draft``, completing an existing one)."""

    def __init__(
        self,
        practitioner: PractitionerMatch,
        submit: Submit[ReferralDraft, IntakeResult],
        *,
        draft: ReferralDraft | None = None,
    ) -> None:
        super().__init__()
        self.practitioner = practitioner
        self.submit = submit
        self.completing = draft is not None
        self.draft = draft or ReferralDraft(
            practitioner_id=practitioner.id, source=None, received_on=clock.today().isoformat()
        )

    def compose(self) -> ComposeResult:
        d = self.draft
        editing = self.completing
        with VerticalScroll(classes="dialog form intake"):
            yield Static("Complete the referral" if editing else "New referral", classes="title")
            who = literal(f"About: {self.practitioner.name}  {self.practitioner.registration}")
            if self.practitioner.open_case_reference:
                who.append(
                    literal(
                        f"  (open case {self.practitioner.open_case_reference}: "
                        "the referral will join it)",
                        "bold",
                    )
                )
            yield Static(who)
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Source (who referred)")
                    yield Select(
                        [(s.label, s) for s in ReferralSource],
                        id="field-source",
                        value=d.source if d.source else Select.NULL,
                        prompt="choose the source",
                    )
                yield _pair("Date received", "field-received-on", d.received_on, "YYYY-MM-DD")
                yield _pair("Referrer's name", "field-referrer-name", d.referrer_name)
                yield _pair("Referrer's contact", "field-referrer-contact", d.referrer_contact)
            with Horizontal(classes="row"):
                yield _pair("Trust", "field-trust", d.trust or self.practitioner.employer)
                yield _pair(
                    "Programme", "field-programme", d.programme or self.practitioner.programme
                )
            yield Label("Triggers (space ticks; at least one)")
            yield SelectionList[Trigger](
                *[(t.label, t, t in d.triggers) for t in Trigger], id="field-triggers"
            )
            yield Static(ACADEMIC_NOTE, classes="hint")
            yield TickBox(
                "Purely academic issue (out of scope)", d.academic_only, id="field-academic-only"
            )

            yield Static(
                "Form 1: what happened (TPD or educational supervisor)", classes="form-section"
            )
            with Horizontal(classes="row"):
                yield _pair(
                    "Form 1 received",
                    "field-form1-received-on",
                    d.form1_received_on,
                    "YYYY-MM-DD, blank if not in",
                )
                yield _pair("Completed by", "field-form1-completed-by", d.form1_completed_by)
                yield _pair(
                    "Date of the incident",
                    "field-form1-incident-on",
                    d.form1_incident_on,
                    "YYYY-MM-DD",
                )
            yield Label("What happened")
            yield TextArea(
                d.form1_what_happened, id="field-form1-what-happened", classes="short-text"
            )

            yield Static(
                "Form 2: the concern in seven areas (completed by the trainer)",
                classes="form-section",
            )
            with Horizontal(classes="row"):
                yield _pair(
                    "Form 2 received",
                    "field-form2-received-on",
                    d.form2_received_on,
                    "YYYY-MM-DD, blank if not in",
                )
                yield _pair("Completed by", "field-form2-completed-by", d.form2_completed_by)
            entries = {entry.area: entry for entry in d.form2}
            severities = [(s.label, Severity(s.code)) for s in concern_areas().severities]
            for area in concern_areas().areas:
                entry = entries.get(area.code, Form2Entry(area.code))
                with Horizontal(classes="row area"):
                    yield Label(area.label, classes="area-label")
                    yield Select(
                        severities,
                        id=f"field-form2-{area.code}-severity",
                        value=entry.severity if entry.severity else Select.NULL,
                        prompt="not rated",
                    )
                    yield Input(
                        entry.description, id=f"field-form2-{area.code}", placeholder=area.hint
                    )

            yield Static("Form E: exam failure (completed by the trainee)", classes="form-section")
            with Horizontal(classes="row"):
                yield _pair(
                    "Form E received",
                    "field-form-e-received-on",
                    d.form_e_received_on,
                    "YYYY-MM-DD, blank if none",
                )
                yield _pair("Exam", "field-form-e-exam", d.form_e_exam)
                yield _pair("Attempt", "field-form-e-attempt", d.form_e_attempt)
                yield _pair(
                    "Date of the exam", "field-form-e-sat-on", d.form_e_sat_on, "YYYY-MM-DD"
                )
            yield Label("The trainee's account")
            yield TextArea(d.form_e_details, id="field-form-e-details", classes="short-text")
            yield self.message_line()
            yield Static(
                "Enter moves on · Tab leaves a text box · ctrl+s saves · Escape cancels",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#field-source", Select).focus()
        # The trusts and programmes already on the record, offered as the user types, so
        # one trust is not typed two ways (m on the queue merges two that were).
        self.ask(lambda desk: desk.read(known_names), self._offer_names, group="known-names")

    def _offer_names(self, known: KnownNames) -> None:
        self.query_one("#field-trust", Input).suggester = suggester(known.trusts)
        self.query_one("#field-programme", Input).suggester = suggester(known.programmes)

    def _text(self, name: str) -> str:
        return self.query_one(f"#field-{name}", Input).value

    def _area(self, name: str) -> str:
        return self.query_one(f"#field-{name}", TextArea).text

    def collect(self) -> ReferralDraft:
        """The form's contents as a draft."""
        source = self.query_one("#field-source", Select).value
        form2 = []
        for area in concern_areas().areas:
            severity = self.query_one(f"#field-form2-{area.code}-severity", Select).value
            form2.append(
                Form2Entry(
                    area.code,
                    severity if isinstance(severity, Severity) else None,
                    self._text(f"form2-{area.code}"),
                )
            )
        return ReferralDraft(
            practitioner_id=self.practitioner.id,
            source=source if isinstance(source, ReferralSource) else None,
            received_on=self._text("received-on"),
            triggers=tuple(self.query_one("#field-triggers", SelectionList).selected),
            academic_only=self.query_one("#field-academic-only", Checkbox).value,
            referrer_name=self._text("referrer-name"),
            referrer_contact=self._text("referrer-contact"),
            trust=self._text("trust"),
            programme=self._text("programme"),
            form1_received_on=self._text("form1-received-on"),
            form1_completed_by=self._text("form1-completed-by"),
            form1_incident_on=self._text("form1-incident-on"),
            form1_what_happened=self._area("form1-what-happened"),
            form2_received_on=self._text("form2-received-on"),
            form2_completed_by=self._text("form2-completed-by"),
            form2=tuple(form2),
            form_e_received_on=self._text("form-e-received-on"),
            form_e_exam=self._text("form-e-exam"),
            form_e_attempt=self._text("form-e-attempt"),
            form_e_sat_on=self._text("form-e-sat-on"),
            form_e_details=self._area("form-e-details"),
        )

    def action_save(self) -> None:
        """Check everything and store the referral whole, or say what is wrong."""
        self.send(self.submit, self.collect())

"""Edit the practitioner: details, contact preferences (framework question 1.3) and optional
equality monitoring, every field of which allows "prefer not to say" (and none of which is
offered to whoever the role matrix withholds the answers from)."""

from __future__ import annotations

from dataclasses import fields, replace

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from remedy_tui.screens.case.case_form import CaseForm, choice, text_input, tick
from remedy_tui.screens.common.form import Submit, field_id
from remedy_tui.services.case import practitioners
from remedy_tui.services.case.practitioners import PractitionerChanges, PractitionerDetails
from remedy_tui.services.common.reference_data import equality_monitoring
from remedy_tui.services.triage.reference_names import KnownNames, known_names
from remedy_tui.store.models import Grade, RegistrationBody
from remedy_tui.widgets import literal
from remedy_tui.widgets.field_row import FieldRow

TEXT_ROWS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("given_names", "Given names"),
    ("family_name", "Family name"),
    ("registration_number", "Registration number"),
    ("specialty", "Specialty"),
    ("programme", "Programme"),
    ("employer", "Employer or trust"),
    ("place_of_qualification", "Place of qualification"),
    ("tpd_name", "TPD"),
    ("educational_supervisor", "Educational supervisor"),
    ("email", "Email"),
    ("phone", "Phone"),
)
CONTACT_ROWS: tuple[tuple[str, str], ...] = (
    ("address_as", "How to address them"),
    ("contact_frequency", "How often to communicate"),
    ("times_to_avoid", "Times to avoid (holidays, days)"),
    ("representative_name", "Representative"),
    ("representative_contact", "Representative's contact"),
)


class PractitionerDetailsForm(CaseForm[PractitionerChanges, PractitionerDetails]):
    """The practitioner's details and contact preferences, or their equality monitoring; the
    draft is the service's own :class:`PractitionerChanges`."""

    def __init__(
        self,
        details: PractitionerDetails,
        submit: Submit[PractitionerChanges, PractitionerDetails],
        *,
        equality: bool = False,
    ) -> None:
        super().__init__(submit)
        self.details = details
        self.start = PractitionerChanges.of(details)
        self.equality = equality
        self.HEADING = f"{details.name}: " + (
            "equality monitoring" if equality else "details and contact preferences"
        )

    def intro(self) -> str:
        if self.equality and self.details.equality_withheld:
            return ""
        if self.equality:
            return (
                "Optional, for monitoring consistency (A Centre for Remediation Support and "
                "Training). Each question allows "
                "'Prefer not to say'; leave a question blank if it was not asked."
            )
        return ""

    def on_mount(self) -> None:
        rows = self.query(FieldRow)
        if rows:
            rows.first().field.focus()
        if not self.equality:
            self.ask(lambda desk: desk.read(known_names), self._offer_names, group="known-names")

    def _offer_names(self, known: KnownNames) -> None:
        """Offer the spellings on the record as the user types, so one trust, programme, TPD
        or supervisor is not typed two ways."""
        for name, names in (
            ("programme", known.programmes),
            ("employer", known.trusts),
            ("tpd_name", known.tpds),
            ("educational_supervisor", known.educational_supervisors),
        ):
            for field in self.query(f"#{field_id(name)}").results(Input):
                field.suggester = SuggestFromList(names, case_sensitive=False)

    def fields(self) -> ComposeResult:
        if self.equality and self.details.equality_withheld:
            # Not offered: the one line says why, and saving writes none of them.
            yield Static(literal(practitioners.EQUALITY_WITHHELD), id="equality-withheld")
            return
        if self.equality:
            yield from self.equality_fields()
            return
        start = self.start
        for name, label in TEXT_ROWS[:3]:
            yield self.row(label, text_input(name, getattr(start, name)))
        bodies = [(body.label, body.value) for body in RegistrationBody]
        yield self.row(
            "Regulator",
            choice("registration_body", bodies, start.registration_body or None, blank=True),
        )
        for name, label in TEXT_ROWS[3:]:
            yield self.row(label, text_input(name, getattr(start, name)))
        grades = [(grade.label, grade.value) for grade in Grade]
        yield self.row("Grade", choice("grade", grades, start.grade))
        yield Static("Contact preferences (framework question 1.3)", classes="form-section")
        methods = [(o.label, o.code) for o in practitioners.CONTACT_METHODS]
        if start.contact_method and start.contact_method not in {c for _, c in methods}:
            methods.append((f"{start.contact_method} (as recorded)", start.contact_method))
        yield self.row(
            "Preferred way of communicating",
            choice("contact_method", methods, start.contact_method or None, blank=True),
        )
        for name, label in CONTACT_ROWS:
            yield self.row(label, text_input(name, getattr(start, name)))
        yield self.row(
            "Copy the representative in",
            tick("copy_representative", "Copy into correspondence", start.copy_representative),
        )

    def equality_fields(self) -> ComposeResult:
        """The optional equality-monitoring questions."""
        start = self.start
        monitoring = equality_monitoring()
        for item in monitoring.fields:
            options = [(o.label, o.code) for o in item.options]
            options.append((monitoring.prefer_not_to_say.label, monitoring.prefer_not_to_say.code))
            value = getattr(start, item.field) or None
            yield self.row(item.label, choice(item.field, options, value, blank=True))

    def action_save(self) -> None:
        if self.equality and self.details.equality_withheld:
            self.dismiss(None)  # nothing was offered, so nothing is saved
            return
        names = [item.name for item in fields(PractitionerChanges)]
        shown = {name: self.typed(name) for name in names if self.query(f"#{field_id(name)}")}
        self.save(replace(self.start, **shown))

"""Drafts for intake tests."""

from __future__ import annotations

from remedy_tui.services.triage.intake import Form2Entry, ReferralDraft
from remedy_tui.services.triage.practitioner_lookup import PractitionerDraft, add_practitioner
from remedy_tui.store import Store
from remedy_tui.store.models import Grade, ReferralSource, RegistrationBody, Severity, Trigger

AREAS = (
    "clinical",
    "communication",
    "teamwork",
    "professionalism",
    "leadership",
    "health",
    "personal",
)


def new_practitioner(store: Store, number: str = "9123456", family: str = "Intakeson") -> int:
    with store.session() as session:
        match = add_practitioner(
            session=session,
            draft=PractitionerDraft(
                given_names="Ida",
                family_name=family,
                grade=Grade.CORE_TRAINEE,
                registration_body=RegistrationBody.GMC,
                registration_number=number,
                programme="Core Medical Training",
                employer="Northfield Demo NHS Trust",
            ),
        )
    return match.id


def form2(**severities: Severity) -> tuple[Form2Entry, ...]:
    entries = []
    for area in AREAS:
        severity = severities.get(area, Severity.NONE)
        description = "" if severity in (Severity.NONE, Severity.LOW) else f"{area} concern"
        entries.append(Form2Entry(area, severity, description))
    return tuple(entries)


def complete_draft(practitioner_id: int, **changes: object) -> ReferralDraft:
    values: dict[str, object] = dict(
        practitioner_id=practitioner_id,
        source=ReferralSource.TPD,
        received_on="2026-11-10",
        triggers=(Trigger.COMMUNICATION,),
        referrer_name="Dr Demo TPD-North",
        form1_received_on="2026-11-10",
        form1_completed_by="Dr Demo TPD-North",
        form1_incident_on="2026-11-01",
        form1_what_happened="Raised voice at a colleague during handover.",
        form2_received_on="2026-11-12",
        form2_completed_by="Dr Sample Mentor",
        form2=form2(communication=Severity.MODERATE, teamwork=Severity.MODERATE),
    )
    values.update(changes)
    return ReferralDraft(**values)  # type: ignore[arg-type]

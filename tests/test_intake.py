"""Intake: complete and incomplete referrals, linking, and bad input that stores nothing."""

from __future__ import annotations

import pytest
from sqlmodel import select

from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.triage.information_requests import (
    close_request,
    request_information,
    requests_for,
)
from remedy_tui.services.triage.intake import create_referral, draft_from, update_referral
from remedy_tui.services.triage.practitioner_lookup import (
    PractitionerDraft,
    add_practitioner,
    find_practitioners,
)
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Case,
    CaseStatus,
    Form2Concern,
    Grade,
    Practitioner,
    Referral,
    ReferralStatus,
    RegistrationBody,
    Severity,
    TimelineEntry,
    Trigger,
)
from tests.intake_helpers import complete_draft, form2, new_practitioner


def _referrals(store: Store) -> list[Referral]:
    with store.session() as session:
        return list(session.exec(select(Referral)).all())


def test_a_complete_referral_waits_for_triage_with_its_suggested_level(
    store: Store, frozen_clock: object
) -> None:
    pid = new_practitioner(store)
    with store.session() as session:
        result = create_referral(session=session, actor_id=store.user.id, draft=complete_draft(pid))
        referral = session.get(Referral, result.referral_id)
        concerns = session.exec(select(Form2Concern)).all()
    assert result.complete and result.missing == () and result.reference == "R-000001"
    assert referral is not None and referral.status is ReferralStatus.AWAITING_TRIAGE
    assert referral.suggested_level == 2  # two moderate areas
    assert referral.trust == "Northfield Demo NHS Trust"  # taken from the practitioner
    assert len(concerns) == 7


def test_an_incomplete_referral_waits_for_information_saying_what_is_missing(
    store: Store, frozen_clock: object
) -> None:
    pid = new_practitioner(store)
    draft = complete_draft(pid, form2_received_on="", form2_completed_by="", form2=())
    with store.session() as session:
        result = create_referral(session=session, actor_id=store.user.id, draft=draft)
        referral = session.get(Referral, result.referral_id)
    assert not result.complete and result.missing == ("Form 2",)
    assert referral is not None and referral.status is ReferralStatus.AWAITING_INFORMATION
    assert referral.suggested_level is None


def test_form_e_stands_in_for_form_1_after_an_exam_failure(
    store: Store, frozen_clock: object
) -> None:
    pid = new_practitioner(store)
    draft = complete_draft(
        pid,
        triggers=(Trigger.EXAM_FAILURE,),
        form1_received_on="",
        form1_completed_by="",
        form1_what_happened="",
        form1_incident_on="",
        form_e_received_on="2026-11-09",
        form_e_exam="MRCP Part 1",
        form_e_attempt="3",
        form_e_details="Third attempt; asking for help.",
    )
    with store.session() as session:
        result = create_referral(session=session, actor_id=store.user.id, draft=draft)
    assert result.complete


def test_a_referral_for_someone_with_an_open_case_joins_that_case(
    store: Store, frozen_clock: object
) -> None:
    from datetime import date

    pid = new_practitioner(store)
    with store.session() as session:
        case = Case(
            reference="C-000007",
            practitioner_id=pid,
            level=2,
            status=CaseStatus.QUIET,
            opened_on=date(2026, 1, 1),
            checklist_edition="fairness-framework-1",
        )
        session.add(case)
        session.commit()
        result = create_referral(session=session, actor_id=store.user.id, draft=complete_draft(pid))
        entry = session.exec(select(TimelineEntry)).one()
    assert result.linked_case_reference == "C-000007"
    assert entry.title.startswith("New referral R-000001 received")


def test_the_queue_shows_the_joined_case_and_its_fairness_summary(
    store: Store, frozen_clock: object
) -> None:
    from datetime import date

    from remedy_tui.services.checklist import answers as checklist
    from remedy_tui.services.triage.queue import QueueQuery, queue_page
    from remedy_tui.store.models import ChecklistResponse
    from tests.conftest import TODAY

    joined = new_practitioner(store)
    alone = new_practitioner(store, number="7654321", family="Aloneson")
    with store.session() as session:
        case = Case(
            reference="C-000007",
            practitioner_id=joined,
            level=2,
            status=CaseStatus.OPEN,
            opened_on=date(2026, 1, 1),
            checklist_edition="fairness-framework-1",
        )
        session.add(case)
        session.commit()
        assert case.id is not None
        for question, response in (("1.1", ChecklistResponse.NO), ("1.2", ChecklistResponse.YES)):
            checklist.answer(
                session=session,
                actor_id=store.user.id,
                case_id=case.id,
                question_id=question,
                response=response,
                rationale="Asked the trust",
                seen_answer_id=None,
            )
        create_referral(session=session, actor_id=store.user.id, draft=complete_draft(joined))
        create_referral(session=session, actor_id=store.user.id, draft=complete_draft(alone))
        page = queue_page(session=session, query=QueueQuery(), offset=0, limit=10, today=TODAY)
    rows = {row.linked_case: row for row in page.rows}
    assert rows["C-000007"].fairness == "2/41 1N"
    assert rows[None].fairness == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received_on": "2026-02-30"}, "received_on", "not a real date"),
        ({"received_on": "next tuesday"}, "received_on", "is not a date"),
        ({"received_on": "2027-01-01"}, "received_on", "in the future"),
        ({"received_on": ""}, "received_on", "required"),
        ({"source": None}, "source", "who sent the referral"),
        ({"triggers": ()}, "triggers", "at least one trigger"),
        ({"academic_only": True}, "academic_only", "out of scope"),
        ({"form1_incident_on": "2026-11-15"}, "form1_incident_on", "after the referral"),
        ({"form1_what_happened": ""}, "form1_what_happened", "say what happened"),
        ({"form1_what_happened": "x" * 20_001}, "form1_what_happened", "too long"),
        (
            {"form1_what_happened": "colour \x1b[31mred"},
            "form1_what_happened",
            "control characters",
        ),
        (
            {"form2": form2(clinical=Severity.HIGH)[:3]},
            "form2_professionalism_severity",
            "rate Professionalism",
        ),
        ({"referrer_name": "line one\nline two"}, "referrer_name", "one line"),
        ({"form_e_attempt": "three"}, "form_e_attempt", "a number"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    store: Store, frozen_clock: object, changes: dict[str, object], field: str, message: str
) -> None:
    pid = new_practitioner(store)
    with store.session() as session, pytest.raises(ValidationError) as refused:
        create_referral(
            session=session, actor_id=store.user.id, draft=complete_draft(pid, **changes)
        )
    assert refused.value.field == field
    assert message in str(refused.value)
    assert _referrals(store) == []
    with store.session() as session:
        assert session.exec(select(Form2Concern)).all() == []


def test_markup_in_free_text_is_stored_exactly_as_typed(store: Store, frozen_clock: object) -> None:
    pid = new_practitioner(store)
    typed = "[bold red]Shouted[/] at [link=x]colleague[/link]"
    with store.session() as session:
        create_referral(
            session=session,
            actor_id=store.user.id,
            draft=complete_draft(pid, form1_what_happened=typed),
        )
    assert _referrals(store)[0].form1_what_happened == typed


def test_registration_numbers_must_have_their_regulators_shape(store: Store) -> None:
    for body, number, message in (
        (RegistrationBody.GMC, "12345", "seven digits"),
        (RegistrationBody.GDC, "1234567", "up to six digits"),
        (RegistrationBody.GPHC, "AB12345", "seven digits"),
    ):
        with store.session() as session, pytest.raises(ValidationError, match=message):
            add_practitioner(
                session=session,
                draft=PractitionerDraft(
                    given_names="A",
                    family_name="B",
                    grade=Grade.SAS,
                    registration_body=body,
                    registration_number=number,
                ),
            )
    with store.session() as session:
        assert session.exec(select(Practitioner)).all() == []


def test_a_registration_number_already_on_file_is_refused_naming_whose(store: Store) -> None:
    new_practitioner(store, number="9000001", family="First")
    with store.session() as session, pytest.raises(ValidationError, match="Dr Ida First"):
        add_practitioner(
            session=session,
            draft=PractitionerDraft(
                given_names="Other",
                family_name="Person",
                grade=Grade.SAS,
                registration_body=RegistrationBody.GMC,
                registration_number="9000001",
            ),
        )


def test_practitioners_are_found_by_name_or_number(store: Store) -> None:
    pid = new_practitioner(store, number="9000042", family="Findable")
    with store.session() as session:
        by_name = find_practitioners(session=session, text="findab")
        by_number = find_practitioners(session=session, text="9000042")
        nothing = find_practitioners(session=session, text="zzz")
    assert [m.id for m in by_name] == [pid] == [m.id for m in by_number]
    assert by_name[0].registration == "GMC 9000042" and nothing == []


def test_requesting_information_sets_a_reminder_and_overdue_shows(
    store: Store, frozen_clock: object
) -> None:
    from datetime import date, timedelta

    from remedy_tui import clock

    pid = new_practitioner(store)
    draft = complete_draft(pid, form2_received_on="", form2_completed_by="", form2=())
    with store.session() as session:
        result = create_referral(session=session, actor_id=store.user.id, draft=draft)
        referral = session.get(Referral, result.referral_id)
        assert referral is not None
        request = request_information(
            session=session,
            actor_id=store.user.id,
            referral_id=result.referral_id,
            expected_version=referral.version,
            what="Please send Form 2.",
            of_whom="Dr Sample Mentor",
            due_on="2026-11-29",
        )
        later = requests_for(
            session=session,
            referral_id=result.referral_id,
            today=clock.today() + timedelta(days=10),
        )
    assert request.of_whom == "Dr Sample Mentor" and request.asked_on == date(2026, 11, 22)
    assert not request.overdue and later[0].overdue
    with store.session() as session:
        close_request(
            session=session,
            actor_id=store.user.id,
            request_id=request.id,
            answer="Form 2 arrived by email.",
        )
        answered = requests_for(
            session=session,
            referral_id=result.referral_id,
            today=clock.today() + timedelta(days=10),
        )
    assert answered[0].answer == "Form 2 arrived by email." and not answered[0].overdue


def test_missing_forms_arriving_make_the_referral_ready_for_triage(
    store: Store, frozen_clock: object
) -> None:
    pid = new_practitioner(store)
    draft = complete_draft(pid, form2_received_on="", form2_completed_by="", form2=())
    with store.session() as session:
        result = create_referral(session=session, actor_id=store.user.id, draft=draft)
        referral = session.get(Referral, result.referral_id)
        assert referral is not None
        stored = draft_from(session, referral)
    full = complete_draft(pid)
    updated = stored.__class__(
        **{
            **stored.__dict__,
            "form2_received_on": full.form2_received_on,
            "form2_completed_by": full.form2_completed_by,
            "form2": full.form2,
        }
    )
    with store.session() as session:
        after = update_referral(
            session=session,
            actor_id=store.user.id,
            referral_id=result.referral_id,
            expected_version=referral.version,
            draft=updated,
        )
        status = session.get(Referral, result.referral_id)
    assert after.complete and status is not None
    assert status.status is ReferralStatus.AWAITING_TRIAGE and status.suggested_level == 2

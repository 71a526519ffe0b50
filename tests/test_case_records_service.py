"""Risk, onward referrals, documents, the practitioner and the caseload, as services."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from remedy_tui.services.case import actions, cases, documents, onward, practitioners, risk
from remedy_tui.services.common.errors import ConflictError, ValidationError
from remedy_tui.services.common.reference_data import mediation_conditions
from remedy_tui.services.desk import Desk
from remedy_tui.services.oversight import caseload
from remedy_tui.store import Store, StorePaths
from remedy_tui.store.models import (
    ActionKind,
    AuditEntry,
    Case,
    Document,
    DocumentContent,
    ExternalReferral,
    ExternalReferralKind,
    ExternalReferralStatus,
    Practitioner,
    PractitionerEquality,
    RiskAssessment,
    Role,
    TimelineEntry,
    User,
)
from tests.conftest import TODAY
from tests.helpers.cases import OPENED, add_colleague, make_case, session_as
from tests.test_store import _plaintext_hits

pytestmark = pytest.mark.usefixtures("frozen_clock")

SCORES = {name: 2 for name in risk.SCORE_FIELDS} | {"patients_likelihood": 4, "patients_impact": 3}


def _count(store: Store, model: type) -> int:
    with store.session() as session:
        return len(session.exec(select(model)).all())


# Risk ----------------------------------------------------------------------------------------


def test_an_assessment_is_kept_with_the_earlier_ones_and_its_review_answerable(
    store: Store,
) -> None:
    case_id = make_case(store)
    with store.session() as session:
        for assessed, review in (
            (OPENED, OPENED + timedelta(days=60)),
            (OPENED + timedelta(days=55), OPENED + timedelta(days=120)),  # on time
            (OPENED + timedelta(days=150), OPENED + timedelta(days=200)),  # 30 days late
        ):
            risk.record_assessment(
                session=session,
                actor_id=store.user.id,
                case_id=case_id,
                scores=SCORES,
                assessed_on=assessed.isoformat(),
                review_on=review.isoformat(),
                summary="Reviewed with the educational supervisor.",
            )
        page = risk.risk_page(session=session, case_id=case_id, offset=0, limit=10, today=TODAY)
        record = risk.review_record(session=session, case_id=case_id, today=TODAY)
        current = risk.current_risk(session=session, case_id=case_id, today=TODAY)
    assert [r.assessed_on for r in page.rows] == [
        OPENED + timedelta(days=150),
        OPENED + timedelta(days=55),
        OPENED,
    ]
    assert page.rows[0].level == "High 12 (patients and the public)"
    assert (
        page.rows[1].review
        == f"reviewed {(OPENED + timedelta(days=150)).isoformat()}, 30 days late"
    )
    assert page.rows[2].review.endswith("on time")
    overdue = (TODAY - (OPENED + timedelta(days=200))).days
    assert page.rows[0].review == f"review overdue by {overdue} days"
    assert record.text == (
        f"3 assessments; 1 of 2 reviews on time; review overdue since "
        f"{(OPENED + timedelta(days=200)).isoformat()} ({overdue} days)."
    )
    assert current is not None and current.review_overdue
    assert current.text.startswith("High 12 (patients and the public), review overdue since")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"colleagues_impact": "6"}, "colleagues_impact", "from 1 to 5"),
        ({"patients_likelihood": ""}, "patients_likelihood", "is required"),
        ({"organisation_impact": "high"}, "organisation_impact", "not a whole number"),
    ],
)
def test_a_score_out_of_range_is_refused(
    store: Store, change: dict[str, str], field: str, message: str
) -> None:
    case_id = make_case(store)
    with store.session() as session, pytest.raises(ValidationError, match=message) as refused:
        risk.record_assessment(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            scores={**SCORES, **change},
            review_on=(TODAY + timedelta(days=90)).isoformat(),
        )
    assert refused.value.field == field
    assert _count(store, RiskAssessment) == 0 and _count(store, TimelineEntry) == 0


def test_a_review_date_must_come_after_the_assessment(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session, pytest.raises(ValidationError, match="must come after"):
        risk.record_assessment(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            scores=SCORES,
            review_on=TODAY.isoformat(),
        )
    assert _count(store, RiskAssessment) == 0


def test_no_assessment_says_so() -> None:
    assert risk.RiskReview(0, 0, 0, 0, 0, None).text == "No risk assessment has been recorded."


# Onward referrals --------------------------------------------------------------------------


def test_a_csg_referral_without_the_practitioners_agreement_is_refused(store: Store) -> None:
    case_id = make_case(store)
    for consent in (None, False):
        with store.session() as session, pytest.raises(ValidationError) as refused:
            onward.make_referral(
                session=session,
                actor_id=store.user.id,
                case_id=case_id,
                referral=onward.NewReferral(
                    kind=ExternalReferralKind.CSG, consent_given=consent, reason="Team working"
                ),
            )
        assert refused.value.field == "consent_given"
        assert "without the practitioner's agreement" in str(refused.value)
    assert _count(store, ExternalReferral) == 0 and _count(store, TimelineEntry) == 0
    with store.session() as session:
        onward.make_referral(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            referral=onward.NewReferral(kind=ExternalReferralKind.CSG, consent_given=True),
        )
        row = onward.onward_page(session=session, case_id=case_id, offset=0, limit=5).rows[0]
    assert row.consent_given and row.detail == "practitioner agreed"


def test_mediation_records_all_six_conditions(store: Store) -> None:
    case_id = make_case(store)
    codes = [c.code for c in mediation_conditions().conditions]
    answers: dict[str, bool | None] = {code: True for code in codes}
    answers[codes[3]] = None
    with store.session() as session, pytest.raises(ValidationError, match="Condition 4") as no:
        onward.make_referral(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            referral=onward.NewReferral(kind=ExternalReferralKind.MEDIATION, mediation=answers),
        )
    assert no.value.field == f"condition_{codes[3]}"
    answers[codes[3]] = False
    made = onward.NewReferral(
        kind=ExternalReferralKind.MEDIATION,
        status=ExternalReferralStatus.MADE,
        mediation=answers,
        provider="Practitioner Performance Advice",
    )
    # A condition not met is not saved silently: it needs the reason (and nothing is saved).
    with store.session() as session, pytest.raises(ValidationError, match="condition 4") as why:
        onward.make_referral(
            session=session, actor_id=store.user.id, case_id=case_id, referral=made
        )
    assert why.value.field == "mediation_reason"
    with store.session() as session:
        assert session.exec(select(ExternalReferral)).all() == []
        onward.make_referral(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            referral=replace(made, mediation_reason="The grievance is paused for mediation."),
        )
        stored = session.exec(select(ExternalReferral)).one()
        row = onward.onward_page(session=session, case_id=case_id, offset=0, limit=5).rows[0]
    assert stored.mediation_conditions == {
        **{code: code != codes[3] for code in codes},
        "unmet_reason": "The grievance is paused for mediation.",
    }
    assert stored.made_on == TODAY
    assert row.detail == (
        "5 of 6 conditions met; not met: mediation is not part of some other formal process "
        "(why: The grievance is paused for mediation.); provider Practitioner Performance Advice"
    )


def test_a_regulator_referral_asks_about_the_mandatory_matters(store: Store) -> None:
    case_id = make_case(store)
    with store.session() as session, pytest.raises(ValidationError, match="always go to") as no:
        onward.make_referral(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            referral=onward.NewReferral(kind=ExternalReferralKind.REGULATOR),
        )
    assert no.value.field == "mandatory_matter"
    with store.session() as session:
        onward.make_referral(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            referral=onward.NewReferral(
                kind=ExternalReferralKind.REGULATOR, mandatory_matter="caution"
            ),
        )
        row = onward.onward_page(session=session, case_id=case_id, offset=0, limit=5).rows[0]
    # The regulator defaults to the practitioner's own.
    assert (row.regulator, row.mandatory_matter) == ("GMC", "A police caution")


def test_a_referral_moves_on_with_a_date_and_a_stale_move_is_refused(store: Store) -> None:
    case_id = make_case(store)
    add_colleague(store)
    with store.session() as session:
        referral_id = onward.make_referral(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            referral=onward.NewReferral(
                kind=ExternalReferralKind.OCCUPATIONAL_HEALTH,
                on=(TODAY - timedelta(days=10)).isoformat(),
                reason="Fatigue and sickness absence.",
            ),
        )
        with pytest.raises(ValidationError, match="before the referral was proposed"):
            onward.change_status(
                session=session,
                actor_id=store.user.id,
                referral_id=referral_id,
                expected_version=1,
                status=ExternalReferralStatus.MADE,
                on=(TODAY - timedelta(days=11)).isoformat(),
            )
    with session_as(store, "bo") as session:
        onward.change_status(
            session=session,
            actor_id=store.user.id,
            referral_id=referral_id,
            expected_version=1,
            status=ExternalReferralStatus.MADE,
            on=(TODAY - timedelta(days=8)).isoformat(),
        )
    with store.session() as session, pytest.raises(ConflictError, match="Bo Colleague"):
        onward.change_status(
            session=session,
            actor_id=store.user.id,
            referral_id=referral_id,
            expected_version=1,
            status=ExternalReferralStatus.WITHDRAWN,
        )
    with store.session() as session:
        onward.change_status(
            session=session,
            actor_id=store.user.id,
            referral_id=referral_id,
            expected_version=2,
            status=ExternalReferralStatus.ACCEPTED,
            note="Appointment on the 30th.",
        )
        stored = session.get(ExternalReferral, referral_id)
        titles = [
            e.title for e in session.exec(select(TimelineEntry).order_by(col(TimelineEntry.id)))
        ]
    assert stored is not None and stored.status is ExternalReferralStatus.ACCEPTED
    assert stored.made_on == TODAY - timedelta(days=8) and stored.status_changed_on == TODAY
    assert titles == [
        "Onward referral proposed: Occupational Health",
        "Occupational Health referral: proposed to made",
        "Occupational Health referral: made to accepted",
    ]


# Documents ---------------------------------------------------------------------------------


@pytest.fixture
def empty_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The system's temporary folder, pointed at an empty one, to see that nothing lands there."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def test_a_document_goes_into_the_store_and_out_only_where_asked(
    store: Store, store_path: Path, tmp_path: Path, empty_tempdir: Path
) -> None:
    case_id = make_case(store)
    source = tmp_path / "inbox" / "meeting notes.txt"
    source.parent.mkdir()
    source.write_bytes(b"CANARYDOCqzx: notes of the meeting of 3 March.\n")
    with store.session() as session:
        document_id = documents.attach_document(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            path=str(source),
            description="Signed notes",
        )
    source.unlink()  # the store's copy is the only one now
    with store.session() as session:
        row = documents.document_page(session=session, case_id=case_id, offset=0, limit=5).rows[0]
        text = documents.document_text(session=session, document_id=document_id)
        entry = session.exec(select(TimelineEntry)).one()
    assert (row.filename, row.media_type, row.description) == (
        "meeting notes.txt",
        "text/plain",
        "Signed notes",
    )
    assert text.text.startswith("CANARYDOCqzx") and entry.document_id == document_id
    assert _plaintext_hits(StorePaths(store_path).all_files()) == []

    exports = tmp_path / "exports"
    exports.mkdir()
    with store.session() as session:
        written = documents.export_document(
            session=session, document_id=document_id, destination=str(exports)
        )
    assert written == exports / "meeting notes.txt"
    assert written.read_bytes().startswith(b"CANARYDOCqzx")
    assert written.stat().st_mode & 0o077 == 0
    with store.session() as session, pytest.raises(ValidationError, match="already exists"):
        documents.export_document(
            session=session, document_id=document_id, destination=str(written)
        )
    with store.session() as session:
        events = session.exec(select(AuditEntry).where(col(AuditEntry.action) == "export")).all()
    assert len(events) == 1 and str(written) in events[0].changes
    assert list(empty_tempdir.iterdir()) == []
    # The only decrypted copy anywhere under tmp_path is the one the user asked for.
    hits = [p for p in tmp_path.rglob("*") if p.is_file() and b"CANARYDOCqzx" in p.read_bytes()]
    assert hits == [written]


def test_a_file_that_cannot_be_read_stores_nothing(store: Store, tmp_path: Path) -> None:
    case_id = make_case(store)
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for path, message in (
        (tmp_path / "missing.pdf", "There is no file at"),
        (tmp_path, "is a folder"),
        (plain / "inside", "could not be read"),
        (empty, "is empty"),
        ("", "The path is required"),
        ("\x1b[31m.txt", "control characters"),
    ):
        with store.session() as session, pytest.raises(ValidationError, match=message):
            documents.attach_document(
                session=session, actor_id=store.user.id, case_id=case_id, path=str(path)
            )
    assert _count(store, Document) == 0 and _count(store, DocumentContent) == 0
    assert _count(store, TimelineEntry) == 0


def test_a_binary_document_is_not_shown_but_can_be_exported(store: Store, tmp_path: Path) -> None:
    case_id = make_case(store)
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF-1.7\xff\xfe\x00binary")
    with store.session() as session:
        document_id = documents.attach_document(
            session=session, actor_id=store.user.id, case_id=case_id, path=str(source)
        )
        with pytest.raises(ValidationError, match="is not text"):
            documents.document_text(session=session, document_id=document_id)
        with pytest.raises(ValidationError, match="does not exist"):
            documents.export_document(
                session=session,
                document_id=document_id,
                destination=str(tmp_path / "no-such-folder" / "x.pdf"),
            )
        written = documents.export_document(
            session=session, document_id=document_id, destination=str(tmp_path / "copy.pdf")
        )
    assert written.read_bytes() == source.read_bytes()


# The practitioner --------------------------------------------------------------------------


def _practitioner_id(store: Store, case_id: int) -> int:
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.practitioner_id


def test_contact_preferences_and_equality_fields_are_saved(store: Store) -> None:
    practitioner_id = _practitioner_id(store, make_case(store))
    with store.session() as session:
        details = practitioners.practitioner_details(
            session=session, practitioner_id=practitioner_id
        )
        changes = practitioners.PractitionerChanges.of(details)
        saved = practitioners.update_practitioner(
            session=session,
            practitioner_id=practitioner_id,
            expected_version=details.version,
            changes=changes.__class__(
                **{
                    **changes.__dict__,
                    "address_as": "Dr Casewell",
                    "contact_method": "email",
                    "contact_frequency": "Fortnightly",
                    "times_to_avoid": "Fridays after 1 pm; Ramadan",
                    "representative_name": "BMA adviser",
                    "copy_representative": True,
                    "ethnicity": "prefer_not_to_say",
                    "disability": "no",
                }
            ),
        )
    assert saved.version == details.version + 1
    assert (saved.contact_method_label, saved.copy_representative) == ("Email", True)
    labels = dict(saved.equality_labels())
    assert labels["Ethnic group"] == "Prefer not to say"
    assert labels["Disability"] == "No" and labels["Sex"] == "Not recorded"


def test_a_stale_or_bad_practitioner_edit_is_refused(store: Store) -> None:
    practitioner_id = _practitioner_id(store, make_case(store))
    make_case(store, reference="C-000002", family_name="Other", registration_number="7000002")
    add_colleague(store)
    with store.session() as session:
        details = practitioners.practitioner_details(
            session=session, practitioner_id=practitioner_id
        )
    base = practitioners.PractitionerChanges.of(details)
    for change, field in (
        ({"given_names": " "}, "given_names"),
        ({"registration_number": "7000002"}, "registration_number"),
        ({"sex": "unicorn"}, "sex"),
        ({"email": "not an address"}, "email"),
        ({"times_to_avoid": "\x1b]0;title\x07"}, "times_to_avoid"),
        ({"grade": ""}, "grade"),
    ):
        with store.session() as session, pytest.raises(ValidationError) as refused:
            practitioners.update_practitioner(
                session=session,
                practitioner_id=practitioner_id,
                expected_version=details.version,
                changes=base.__class__(**{**base.__dict__, **change}),
            )
        assert refused.value.field == field
    with session_as(store, "bo") as session:
        practitioners.update_practitioner(
            session=session,
            practitioner_id=practitioner_id,
            expected_version=details.version,
            changes=base.__class__(**{**base.__dict__, "phone": "0100 000 0000"}),
        )
    with store.session() as session, pytest.raises(ConflictError, match=r"Bo Colleague.*\(phone\)"):
        practitioners.update_practitioner(
            session=session,
            practitioner_id=practitioner_id,
            expected_version=details.version,
            changes=base.__class__(**{**base.__dict__, "address_as": "Ada"}),
        )
    with store.session() as session:
        stored = session.get(Practitioner, practitioner_id)
    assert stored is not None and stored.address_as is None and stored.phone == "0100 000 0000"


def _with(
    changes: practitioners.PractitionerChanges, **typed: object
) -> practitioners.PractitionerChanges:
    return replace(changes, **typed)  # type: ignore[arg-type]


def test_the_cases_manager_reads_and_saves_the_equality_answers(store: Store) -> None:
    practitioner_id = _practitioner_id(store, make_case(store))
    asha = Desk(store)
    details = asha.read(practitioners.practitioner_details, practitioner_id=practitioner_id)
    assert not details.equality_withheld and details.ethnicity is None
    start = practitioners.PractitionerChanges.of(details)
    saved = asha.change(
        practitioners.update_practitioner,
        practitioner_id=practitioner_id,
        expected_version=details.version,
        changes=_with(start, ethnicity="prefer_not_to_say", sex="female"),
    )
    # The answers alone changed, and the practitioner's version moved with them.
    assert saved.version == details.version + 1
    again = asha.read(practitioners.practitioner_details, practitioner_id=practitioner_id)
    assert (again.ethnicity, again.sex, again.version) == (
        "prefer_not_to_say",
        "female",
        saved.version,
    )
    with store.session() as session:
        row = session.get(PractitionerEquality, practitioner_id)
    assert row is not None and (row.ethnicity, row.sex, row.disability) == (
        "prefer_not_to_say",
        "female",
        None,
    )
    # A form opened before the answers changed is stale.
    with pytest.raises(ConflictError, match="Asha Example"):
        asha.change(
            practitioners.update_practitioner,
            practitioner_id=practitioner_id,
            expected_version=details.version,
            changes=_with(start, phone="0100 000 0000"),
        )
    cleared = asha.change(
        practitioners.update_practitioner,
        practitioner_id=practitioner_id,
        expected_version=again.version,
        changes=_with(practitioners.PractitionerChanges.of(again), ethnicity="", sex=""),
    )
    assert (cleared.ethnicity, cleared.sex, cleared.version) == (None, None, again.version + 1)


def test_a_colleague_not_on_the_case_has_the_answers_withheld_and_kept(store: Store) -> None:
    """On the team server its policies give bo no row; on the local file the service asks
    the cases; either way bo's form neither shows nor blanks the answers."""
    from tests.conftest import PASSPHRASE
    from tests.helpers.users import add_colleague as add_signed_in_colleague

    case_id = make_case(store)
    practitioner_id = _practitioner_id(store, case_id)
    asha = Desk(store)
    details = asha.read(practitioners.practitioner_details, practitioner_id=practitioner_id)
    asha.change(
        practitioners.update_practitioner,
        practitioner_id=practitioner_id,
        expected_version=details.version,
        changes=_with(practitioners.PractitionerChanges.of(details), ethnicity="white"),
    )
    add_signed_in_colleague(store, "bo", "Bo Colleague", Role.CLINICAL_CASE_MANAGER, PASSPHRASE)
    bo = Desk(Store.open(store.where, "bo", PASSPHRASE))
    try:
        theirs = bo.read(practitioners.practitioner_details, practitioner_id=practitioner_id)
        assert theirs.equality_withheld
        assert {getattr(theirs, name) for name in practitioners.EQUALITY_FIELDS} == {None}
        start = practitioners.PractitionerChanges.of(theirs)
        with pytest.raises(ValidationError, match="case managers and senior owner") as refused:
            bo.change(
                practitioners.update_practitioner,
                practitioner_id=practitioner_id,
                expected_version=theirs.version,
                changes=_with(start, phone="0100 000 0000", religion="none"),
            )
        assert refused.value.field == "religion"
        saved = bo.change(
            practitioners.update_practitioner,
            practitioner_id=practitioner_id,
            expected_version=theirs.version,
            changes=_with(start, phone="0100 000 0000"),
        )
        assert saved.equality_withheld and saved.phone == "0100 000 0000"
    finally:
        bo.close()
    mine = asha.read(practitioners.practitioner_details, practitioner_id=practitioner_id)
    assert (mine.phone, mine.ethnicity, mine.equality_withheld) == ("0100 000 0000", "white", False)
    # A colleague made second case manager of the case reads them.
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.second_case_manager_id = session.exec(
            select(User.id).where(User.username == "bo")
        ).one()
        session.add(case)
        session.commit()
    bo = Desk(Store.open(store.where, "bo", PASSPHRASE))
    try:
        theirs = bo.read(practitioners.practitioner_details, practitioner_id=practitioner_id)
        assert (theirs.equality_withheld, theirs.ethnicity) == (False, "white")
    finally:
        bo.close()


# The caseload ------------------------------------------------------------------------------


def test_a_caseload_puts_overdue_follow_ups_first_then_next_review(store: Store) -> None:
    bo = add_colleague(store)
    reviews = {"C-000001": 5, "C-000002": -10, "C-000003": None, "C-000004": -2, "C-000005": 1}
    for n, (reference, days) in enumerate(reviews.items(), start=1):
        case_id = make_case(
            store, reference=reference, family_name=f"Load{n}", registration_number=f"710000{n}"
        )
        with store.session() as session:
            case = session.get(Case, case_id)
            assert case is not None
            case.next_review_on = None if days is None else TODAY + timedelta(days=days)
            if reference == "C-000005":
                case.case_manager_id = bo
            session.add(case)
            session.commit()
    with store.session() as session:
        mine = caseload.caseload_page(
            session=session,
            query=caseload.CaseloadQuery(user_id=store.user.id),
            offset=0,
            limit=10,
            today=TODAY,
        )
        theirs = caseload.caseload_page(
            session=session,
            query=caseload.CaseloadQuery(user_id=bo),
            offset=0,
            limit=10,
            today=TODAY,
        )
    assert [r.reference for r in mine.rows] == ["C-000002", "C-000004", "C-000001", "C-000003"]
    assert [r.overdue_days for r in mine.rows] == [10, 2, 0, 0]
    assert mine.rows[0].fairness == "0/41 answered, 0 No, 0 Unknown"
    assert [r.reference for r in theirs.rows] == ["C-000005"] and theirs.total == 1


def test_a_follow_up_added_for_sooner_brings_the_case_up_the_caseload(store: Store) -> None:
    first = make_case(store, reference="C-000001", family_name="Early")
    second = make_case(
        store, reference="C-000002", family_name="Later", registration_number="7100009"
    )
    with store.session() as session:
        cases.set_follow_up_interval(
            session=session,
            actor_id=store.user.id,
            case_id=first,
            expected_version=1,
            interval_days=7,
        )
        cases.set_follow_up_interval(
            session=session,
            actor_id=store.user.id,
            case_id=second,
            expected_version=1,
            interval_days=28,
        )
        actions.add_action(
            session=session,
            actor_id=store.user.id,
            case_id=second,
            kind=ActionKind.FOLLOW_UP,
            description="Call after the ARCP",
            due_on=TODAY - timedelta(days=2),
        )
        page = caseload.caseload_page(
            session=session,
            query=caseload.CaseloadQuery(user_id=store.user.id),
            offset=0,
            limit=10,
            today=TODAY,
        )
    assert [r.reference for r in page.rows] == ["C-000002", "C-000001"]
    assert (page.rows[0].overdue_days, page.rows[0].overdue_actions) == (2, 1)

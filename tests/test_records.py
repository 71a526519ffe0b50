"""Keeping records lawfully: subject access requests with their deadline clock and pack, and
retention with legal holds and disposal, against real stores."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from sqlalchemy import update
from sqlmodel import col, select

from remedy_tui import clock
from remedy_tui.services.case import timeline
from remedy_tui.services.case.documents import attach_document
from remedy_tui.services.common.errors import PermissionDeniedError, ValidationError
from remedy_tui.services.common.history import check_history
from remedy_tui.services.desk import Desk
from remedy_tui.services.records import retention
from remedy_tui.services.records.disposal import destruction_log, dispose
from remedy_tui.services.records.sar import (
    deadline,
    decide_item,
    extend_request,
    include_the_rest,
    register_request,
    request_rows,
    sign_off,
)
from remedy_tui.services.records.sar_pack import pack_records
from remedy_tui.services.records.sar_release import release_pack
from remedy_tui.store import Store
from remedy_tui.store.audit import verify_chain, verify_records
from remedy_tui.store.backend import Backend, Where
from remedy_tui.store.check import run_checks
from remedy_tui.store.models import (
    AuditEntry,
    Case,
    CaseActivity,
    ChecklistAnswer,
    ChecklistResponse,
    DestructionRecord,
    Grade,
    Referral,
    ReferralSource,
    ReferralStatus,
    ReviewOutcome,
    Role,
    SarStatus,
    SarTreatment,
    TimelineKind,
)
from tests.conftest import PASSPHRASE
from tests.helpers.canary import plaintext_pages
from tests.helpers.cases import make_case
from tests.helpers.users import add_colleague

CANARY = "Zebulon-Quartermaine-7731"
OTHER = "Otherperson-Secret-4410"
REFEREE = "Winifred Tattersall"
LATER = datetime(2040, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def dean(store: Store, store_where: Where) -> Iterator[Store]:
    """The same store, signed in as the Deputy Postgraduate Dean."""
    add_colleague(store, "dora", "Dora Dean", Role.DEPUTY_POSTGRADUATE_DEAN, PASSPHRASE)
    opened = Store.open(store_where, "dora", PASSPHRASE)
    yield opened
    opened.close()


def _case_with_records(store: Store, *, reference: str, number: str, secret: str) -> int:
    case_id = make_case(
        store, reference=reference, registration_number=number, family_name=f"Fam{secret}"
    )
    desk = Desk(store)
    desk.change(
        timeline.record_entry,
        case_id=case_id,
        kind=TimelineKind.NOTE,
        title="Call with the practitioner",
        body=f"{secret}: spoke about the concern raised by {REFEREE}.",
    )
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.summary = f"Summary {secret}"
        session.add(case)
        session.add(
            ChecklistAnswer(
                case_id=case_id,
                edition="fairness-framework-1",
                question_id="1.1",
                response=ChecklistResponse.UNKNOWN,
                rationale=f"Not yet known {secret}",
                answered_by_id=store.user.id,
            )
        )
        session.commit()
    return case_id


def _practitioner_of(store: Store, case_id: int) -> int:
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.practitioner_id


def test_the_deadline_is_a_calendar_month_extendable_by_two(
    store: Store, frozen_clock: datetime
) -> None:
    assert deadline(date(2026, 1, 31), extended=False) == date(2026, 2, 28)
    assert deadline(date(2026, 10, 15), extended=True) == date(2027, 1, 15)
    case_id = make_case(store)
    person = _practitioner_of(store, case_id)
    desk = Desk(store)
    late = desk.change(
        register_request,
        practitioner_id=person,
        requested_by="Dr Ada Casewell",
        received_on=date(2026, 10, 15),
    )
    soon = desk.change(
        register_request,
        practitioner_id=person,
        requested_by="Her solicitor",
        received_on=date(2026, 10, 31),
    )
    rows = {r.reference: r for r in desk.read(request_rows)}
    assert rows[late.reference].clock == "overdue by 7 days" and rows[late.reference].overdue
    assert rows[soon.reference].due_on == date(2026, 11, 30)
    assert rows[soon.reference].clock == "due in 8 days"
    with pytest.raises(ValidationError, match="within the first month"):
        desk.change(
            extend_request,
            request_id=late.id,
            reason="Many records",
            person_told_on=date(2026, 11, 20),
        )
    assert desk.read(request_rows)[0].due_on == date(2026, 11, 15)  # nothing changed
    desk.change(
        extend_request,
        request_id=soon.id,
        reason="Many records across three cases",
        person_told_on=date(2026, 11, 20),
    )
    rows = {r.reference: r for r in desk.read(request_rows)}
    assert rows[soon.reference].due_on == date(2027, 1, 31)
    assert rows[soon.reference].extended and rows[soon.reference].clock == "due in 70 days"


def test_a_pack_holds_every_record_of_the_practitioner_and_none_of_another(
    store: Store, frozen_clock: datetime
) -> None:
    mine = _case_with_records(store, reference="C-000001", number="7000001", secret=CANARY)
    theirs = _case_with_records(store, reference="C-000002", number="7000002", secret=OTHER)
    desk = Desk(store)
    request = desk.change(
        register_request,
        practitioner_id=_practitioner_of(store, mine),
        requested_by="Dr Ada",
        received_on=date(2026, 11, 20),
    )
    records = desk.read(pack_records, request_id=request.id)
    text = "\n".join(r.title + "\n" + r.text() for r in records)
    tables = {r.table for r in records}
    assert {"practitioners", "cases", "timeline_entries", "checklist_answers"} <= tables
    assert "audit_entries" in tables
    assert f"Summary {CANARY}" in text and f"Not yet known {CANARY}" in text
    assert OTHER not in text
    with store.session() as session:
        their_entries = {
            str(i)
            for i in session.exec(
                select(AuditEntry.id).where(
                    col(AuditEntry.table_name) == "cases", col(AuditEntry.record_id) == str(theirs)
                )
            )
        }
    assert not their_entries & {r.record_id for r in records if r.table == "audit_entries"}
    note = next(r for r in records if r.table == "timeline_entries")
    assert note.proposed_redactions == ()  # nobody names the referrer as a third party yet
    with store.session() as session:
        session.add(
            Referral(
                reference="R-000001",
                practitioner_id=_practitioner_of(store, mine),
                source=ReferralSource.TPD,
                referrer_name=REFEREE,
                received_on=date(2026, 3, 1),
                status=ReferralStatus.DECIDED,
                case_id=mine,
            )
        )
        session.commit()
    records = desk.read(pack_records, request_id=request.id)
    note = next(r for r in records if r.table == "timeline_entries")
    referral = next(r for r in records if r.table == "referrals")
    assert note.proposed_redactions == (REFEREE,) and referral.proposed_redactions == (REFEREE,)
    assert all(r.proposed_redactions == () for r in records if r.table == "cases")


def test_redaction_and_withholding_are_kept_with_reasons_and_a_second_persons_sign_off(
    store: Store, dean: Store, frozen_clock: datetime, tmp_path: Path
) -> None:
    case_id = _case_with_records(store, reference="C-000001", number="7000001", secret=CANARY)
    desk = Desk(store)
    request = desk.change(
        register_request,
        practitioner_id=_practitioner_of(store, case_id),
        requested_by="Dr Ada",
        received_on=date(2026, 11, 20),
    )
    records = desk.read(pack_records, request_id=request.id)
    note = next(r for r in records if r.table == "timeline_entries")
    answer = next(r for r in records if r.table == "checklist_answers")
    with pytest.raises(ValidationError, match="Say why"):
        desk.change(
            decide_item,
            request_id=request.id,
            record_table=note.table,
            record_id=note.record_id,
            treatment=SarTreatment.REDACT,
            redactions=(REFEREE,),
        )
    desk.change(
        decide_item,
        request_id=request.id,
        record_table=note.table,
        record_id=note.record_id,
        treatment=SarTreatment.REDACT,
        reason="Names a third party who has not consented",
        redactions=(REFEREE,),
    )
    desk.change(
        decide_item,
        request_id=request.id,
        record_table=answer.table,
        record_id=answer.record_id,
        treatment=SarTreatment.WITHHOLD,
        reason="Management forecasting exemption",
    )
    with pytest.raises(ValidationError, match="still need a decision"):
        Desk(dean).change(sign_off, request_id=request.id)
    desk.change(include_the_rest, request_id=request.id)
    with pytest.raises(PermissionDeniedError, match="second person"):
        desk.change(sign_off, request_id=request.id)
    with pytest.raises(ValidationError, match="not signed off"):
        Desk(dean).with_store(release_pack, request_id=request.id, typed_folder=str(tmp_path))
    Desk(dean).change(sign_off, request_id=request.id)
    folder = Desk(dean).with_store(release_pack, request_id=request.id, typed_folder=str(tmp_path))
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert folder / "index.docx" in files
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    words = "\n".join(
        "\n".join(
            [p.text for p in docx.Document(str(f)).paragraphs]
            + [c.text for t in docx.Document(str(f)).tables for row in t.rows for c in row.cells]
        )
        for f in files
        if f.suffix == ".docx"
    )
    assert f"{CANARY}: spoke about the concern raised by [redacted]" in words
    assert REFEREE not in words and f"Not yet known {CANARY}" not in words
    assert "Management forecasting exemption" in words and "Dora Dean" in words
    rows = Desk(dean).read(request_rows)
    assert rows[0].status is SarStatus.RELEASED and rows[0].clock == "answered"
    with dean.session() as session:
        [event] = session.exec(
            select(AuditEntry).where(
                col(AuditEntry.table_name) == "subject_access_requests",
                col(AuditEntry.action) == "export",
            )
        ).all()
        assert json.loads(event.changes)["to"] == str(folder) and event.actor == "dora"


def _due_and_reviewed(dean: Store, case_id: int) -> None:
    clock.freeze(LATER)
    Desk(dean).change(
        retention.review_record,
        case_id=case_id,
        outcome=ReviewOutcome.DESTROY,
        reason="Period run; no open concern",
    )


@pytest.mark.local_file
def test_a_disposal_leaves_no_trace_and_the_chain_still_verifies(
    store: Store, dean: Store, store_where: Where, tmp_path: Path
) -> None:
    case_id = _case_with_records(store, reference="C-000001", number="7000001", secret=CANARY)
    kept = _case_with_records(store, reference="C-000002", number="7000002", secret=OTHER)
    attachment = tmp_path / "letter.txt"
    attachment.write_text(f"Letter about {CANARY}")
    Desk(store).change(attach_document, case_id=case_id, path=str(attachment))
    assert isinstance(store_where, Path)
    store.backend.checkpoint(store.engine)
    assert CANARY.encode() in plaintext_pages(store_where, store.data_key())  # the scan sees it
    try:
        _due_and_reviewed(dean, case_id)
        assert [r.reference for r in Desk(dean).read(retention.due_for_review)] == [
            "C-000001",
            "C-000002",
        ]
        done = Desk(dean).with_store(dispose, case_id=case_id)
    finally:
        clock.freeze(None)
    assert done.documents == 1 and done.rows > 5 and done.audit_entries > 5
    with store.engine.connect() as conn:
        assert verify_chain(conn, store.audit_key()).ok
        assert verify_records(conn).ok
    assert [(c.name, c.detail) for c in run_checks(store) if not c.ok] == []
    pages = plaintext_pages(store_where, store.data_key())
    assert CANARY.encode() not in pages and f"Fam{CANARY}".encode() not in pages
    assert OTHER.encode() in pages  # the other case is untouched
    with store.session() as session:
        assert session.get(Case, case_id) is None and session.get(Case, kept) is not None
        [log] = session.exec(select(DestructionRecord)).all()
    assert log.retention_class == "case_file" and log.authorised_by_id == dean.user.id
    [row] = Desk(dean).read(destruction_log)
    assert row.authorised_by == "Dora Dean" and CANARY not in repr(row)


@pytest.mark.local_file
def test_a_trail_written_before_seals_is_sealed_and_still_verifies_after_a_disposal(
    store: Store, dean: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from remedy_tui.store import audit

    # A trail as an older Remedy wrote it: entries without seals, and without signatures
    # (signing keys came with the same version as seals).
    with store.engine.begin() as conn:
        conn.execute(update(AuditEntry).values(signature=None))
    monkeypatch.setattr(audit, "with_seal", lambda changes: changes)
    monkeypatch.setattr(audit, "sign", lambda signer, digest: None)
    case_id = _case_with_records(store, reference="C-000001", number="7000001", secret=CANARY)
    monkeypatch.undo()
    with store.engine.connect() as conn:
        assert verify_chain(conn, store.audit_key()).ok
    assert check_history(store=store) is None  # this computer has seen the trail as it was
    try:
        _due_and_reviewed(dean, case_id)
        Desk(dean).with_store(dispose, case_id=case_id)
    finally:
        clock.freeze(None)
    with store.engine.connect() as conn:
        assert verify_chain(conn, store.audit_key()).ok
        texts = [r[0] for r in conn.execute(select(AuditEntry.changes))]
        actions = [r[0] for r in conn.execute(select(AuditEntry.action))]
    assert all("__seal__" in t for t in texts) and not any(CANARY in t for t in texts)
    assert "trail_resealed" in actions
    assert check_history(store=dean) is None  # this computer knows the trail was sealed


@pytest.mark.local_file
def test_a_legal_hold_stops_a_disposal(store: Store, dean: Store) -> None:
    case_id = _case_with_records(store, reference="C-000001", number="7000001", secret=CANARY)
    desk = Desk(dean)
    try:
        _due_and_reviewed(dean, case_id)
        hold = desk.change(retention.place_hold, case_id=case_id, reason="Employment tribunal")
        with pytest.raises(ValidationError, match="legal hold"):
            desk.with_store(dispose, case_id=case_id)
        with pytest.raises(ValidationError, match="legal hold"):
            desk.change(
                retention.review_record,
                case_id=case_id,
                outcome=ReviewOutcome.DESTROY,
                reason="Again",
            )
        with dean.session() as session:
            assert session.get(Case, case_id) is not None
        desk.change(retention.lift_hold, hold_id=hold.id)
        desk.with_store(dispose, case_id=case_id)
    finally:
        clock.freeze(None)
    with dean.session() as session:
        assert session.get(Case, case_id) is None


def test_only_the_deans_office_decides_retention(store: Store, frozen_clock: datetime) -> None:
    case_id = make_case(store)
    desk = Desk(store)
    with pytest.raises(PermissionDeniedError, match="Dean's office"):
        desk.change(retention.place_hold, case_id=case_id, reason="Tribunal")
    with pytest.raises(PermissionDeniedError, match="Dean's office"):
        desk.with_store(dispose, case_id=case_id)
    with pytest.raises(PermissionDeniedError, match="Dean's office"):
        desk.change(retention.set_period, code="case_file", years=8)
    assert [c.years for c in desk.read(retention.retention_classes)] == [6, 6, 6, 6]


def test_a_record_not_yet_due_cannot_be_reviewed_or_destroyed(
    store: Store, dean: Store, frozen_clock: datetime
) -> None:
    case_id = make_case(store)
    with pytest.raises(ValidationError, match="not due for review"):
        Desk(dean).change(
            retention.review_record, case_id=case_id, outcome=ReviewOutcome.DESTROY, reason="x"
        )
    if dean.backend.disposal_refusal is None:
        with pytest.raises(ValidationError, match="no review"):
            Desk(dean).with_store(dispose, case_id=case_id)
    Desk(dean).change(retention.set_period, code="case_file", years=10)
    assert Desk(dean).read(retention.due_for_review) == ()


def test_the_team_server_refuses_a_disposal_it_cannot_do_whole(
    store: Store, dean: Store, backend: Backend
) -> None:
    if backend.disposal_refusal is None:
        pytest.skip("a local file disposes of records")
    case_id = make_case(store)
    try:
        _due_and_reviewed(dean, case_id)
        with pytest.raises(PermissionDeniedError, match="Nothing was destroyed"):
            Desk(dean).with_store(dispose, case_id=case_id)
        assert [r.destroy_decided for r in Desk(dean).read(retention.due_for_review)] == [True]
    finally:
        clock.freeze(None)
    with store.session() as session:
        assert session.get(Case, case_id) is not None


def test_a_case_that_never_closes_is_counted_from_its_last_activity(
    store: Store, frozen_clock: datetime
) -> None:
    case_id = make_case(store)
    with store.session() as session:
        activity = session.get(CaseActivity, case_id)
        assert activity is not None
        activity.last_activity_at = datetime(2019, 6, 1, tzinfo=UTC)
        session.add(activity)
        session.commit()
    [due] = Desk(store).read(retention.due_for_review)
    assert due.reference == "C-000001" and due.counted_from == date(2019, 6, 1)
    assert due.due_on == date(2025, 6, 1) and not due.on_hold
    Desk(store).change(
        timeline.record_entry, case_id=case_id, kind=TimelineKind.NOTE, title="Back in touch"
    )
    assert Desk(store).read(retention.due_for_review) == ()  # the period starts again


@pytest.mark.local_file
def test_a_scrubbed_entry_still_shows_tampering(store: Store) -> None:
    from sqlalchemy import text

    from remedy_tui.store.audit import scrub_entries

    case_id = _case_with_records(store, reference="C-000001", number="7000001", secret=CANARY)
    with store.engine.begin() as conn:
        entry_id, before = conn.execute(
            text(
                "SELECT id, changes FROM audit_entries WHERE table_name = 'cases' "
                "AND record_id = :r ORDER BY id LIMIT 1"
            ),
            {"r": str(case_id)},
        ).one()
        assert scrub_entries(conn, store.audit_key(), [entry_id]).entries == 1
    with store.engine.connect() as conn:
        assert verify_chain(conn, store.audit_key()).ok
        after = conn.execute(
            text("SELECT changes FROM audit_entries WHERE id = :i"), {"i": entry_id}
        ).scalar_one()
    assert "C-000001" in before and "C-000001" not in after and '"salt":null' in after
    put_back = '{"reference":"C-000009",'
    for forged in (
        after.replace("{", put_back, 1),  # a value put back
        after.replace('"salt":null', '"salt":"00"').replace("{", put_back, 1),  # and a salt
        after.replace('"salt":null', '"salt":null,"note":"x"'),  # something added to the seal
        after.replace(after[-20:-10], "0" * 10),  # a digest changed
    ):
        assert forged != after
        with store.engine.begin() as conn:
            conn.execute(
                text("UPDATE audit_entries SET changes = :c WHERE id = :i"),
                {"c": forged, "i": entry_id},
            )
        with store.engine.connect() as conn:
            report = verify_chain(conn, store.audit_key())
        assert not report.ok and f"entry {entry_id} has been altered" in str(report.fault)


@pytest.mark.local_file
def test_a_referral_kept_on_file_is_destroyed_with_the_practitioner_it_alone_held(
    store: Store, dean: Store, store_where: Where
) -> None:
    from remedy_tui.store.models import (
        Decision,
        DecisionKind,
        DecisionOutcome,
        Form2Concern,
        Practitioner,
        Severity,
        TriageOutcome,
    )

    with store.session() as session:
        person = Practitioner(
            given_names="Kept", family_name=f"Onfile{CANARY}", grade=Grade.FOUNDATION
        )
        session.add(person)
        session.flush()
        referral = Referral(
            reference="R-000001",
            practitioner_id=person.id,
            source=ReferralSource.TPD,
            referrer_name=REFEREE,
            received_on=date(2026, 3, 1),
            status=ReferralStatus.DECIDED,
            outcome=TriageOutcome.NO_FURTHER_ACTION,
            form1_what_happened=f"What happened {CANARY}",
        )
        session.add(referral)
        session.flush()
        session.add(
            Form2Concern(
                referral_id=referral.id,
                area="clinical",
                severity=Severity.LOW,
                description=f"Concern {CANARY}",
            )
        )
        session.add(
            Decision(
                referral_id=referral.id,
                kind=DecisionKind.TRIAGE,
                code=DecisionOutcome.NO_FURTHER_ACTION,
                outcome="No further action",
                rationale=f"Kept on file {CANARY}",
                decided_by_id=store.user.id,
            )
        )
        session.commit()
        referral_id, person_id = referral.id, person.id
    assert isinstance(store_where, Path)
    try:
        clock.freeze(LATER)
        [due] = Desk(dean).read(retention.due_for_review)
        assert due.retention_class == "triage_outcome" and due.referral_id == referral_id
        Desk(dean).change(
            retention.review_record,
            referral_id=referral_id,
            outcome=ReviewOutcome.DESTROY,
            reason="Period run",
        )
        done = Desk(dean).with_store(dispose, referral_id=referral_id)
    finally:
        clock.freeze(None)
    assert done.retention_class == "triage_outcome" and done.rows >= 5
    with store.session() as session:
        assert session.get(Referral, referral_id) is None
        assert session.get(Practitioner, person_id) is None
    with store.engine.connect() as conn:
        assert verify_chain(conn, store.audit_key()).ok and verify_records(conn).ok
    assert CANARY.encode() not in plaintext_pages(store_where, store.data_key())


def test_csg_papers_are_in_the_pack_but_only_by_a_decision_of_their_own(
    store: Store, dean: Store, frozen_clock: datetime
) -> None:
    from remedy_tui.services.case.documents import add_document
    from remedy_tui.store.models import AgendaItem, AgendaItemKind, CsgMeeting, CsgMeetingStatus

    mine = _case_with_records(store, reference="C-000001", number="7000001", secret=CANARY)
    theirs = _case_with_records(store, reference="C-000002", number="7000002", secret=OTHER)
    with store.session() as session:
        meeting = CsgMeeting(
            starts_at=datetime(2026, 10, 1, 14, tzinfo=UTC),
            status=CsgMeetingStatus.HELD,
            created_by_id=store.user.id,
        )
        session.add(meeting)
        session.flush()
        for position, case_id in enumerate((mine, theirs), start=1):
            session.add(
                AgendaItem(
                    meeting_id=meeting.id,
                    position=position,
                    kind=AgendaItemKind.REVIEW,
                    case_id=case_id,
                    title=f"Case {position}",
                )
            )
        minutes = add_document(
            session,
            case_id=mine,
            actor_id=store.user.id,
            filename="csg-minutes.docx",
            content=f"Minutes: {CANARY} and {OTHER}".encode(),
            kind="csg_minutes",
        )
        minutes.case_id = None
        minutes.csg_meeting_id = meeting.id
        session.add(minutes)
        session.commit()
    desk = Desk(store)
    request = desk.change(
        register_request,
        practitioner_id=_practitioner_of(store, mine),
        requested_by="Dr Ada",
        received_on=date(2026, 11, 20),
    )
    records = desk.read(pack_records, request_id=request.id)
    [paper] = [r for r in records if r.section == "CSG papers"]
    assert paper.needs_decision and paper.filename == "csg-minutes.docx"
    desk.change(include_the_rest, request_id=request.id)
    with pytest.raises(ValidationError, match="1 record of the pack still needs a decision"):
        Desk(dean).change(sign_off, request_id=request.id)
    desk.change(
        decide_item,
        request_id=request.id,
        record_table=paper.table,
        record_id=paper.record_id,
        treatment=SarTreatment.WITHHOLD,
        reason="Speaks of another practitioner; their part cannot be separated",
    )
    Desk(dean).change(sign_off, request_id=request.id)

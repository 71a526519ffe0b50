"""Disposal: a reviewed case or referral destroyed for good, with a destruction log that holds
no personal data.

A disposal deletes the record and every row of it (the timeline, decisions, actions, checklist
answers, risk assessments, onward referrals, CSG agenda items, documents and their bytes) and,
when no other record, request or hold is left about them, the practitioner. Each deletion is
audited like any other, and every earlier audit entry about those rows is scrubbed: its values
give way to their salted digests, which the chain covers (store.audit), so the chain still
verifies and nothing of the values remains. The store is then compacted, so no freed page
keeps the text (backend.forget_removed). The destruction log keeps the class of record, how
many rows, documents and audit entries, when, by whom, and on whose authority (the person
whose review decided to destroy it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import or_
from sqlmodel import Session, col, select

from remedy_tui import clock
from remedy_tui.services.common.access import Access, access_of
from remedy_tui.services.common.errors import (
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from remedy_tui.services.common.history import remember
from remedy_tui.services.records.retention import may_decide, retention_of
from remedy_tui.store import Store
from remedy_tui.store.audit import HEAD_KEY, Scrubbed, record_event, scrub_entries
from remedy_tui.store.backend import backend_of
from remedy_tui.store.models import (
    Action,
    AgendaItem,
    AuditEntry,
    Case,
    CaseActivity,
    ChecklistAnswer,
    ConflictDeclaration,
    Decision,
    DestructionRecord,
    Document,
    DocumentContent,
    ExternalReferral,
    Form2Concern,
    LegalHold,
    Practitioner,
    PractitionerEquality,
    Referral,
    ReferralActivity,
    RetentionReview,
    ReviewOutcome,
    RiskAssessment,
    SarItem,
    StoreMeta,
    SubjectAccessRequest,
    TimelineEntry,
    User,
)


@dataclass(frozen=True)
class Disposal:
    """What one disposal destroyed (the destruction log's row, in words)."""

    retention_class: str
    rows: int
    documents: int
    audit_entries: int
    at: datetime


def _where(model: Any, case_id: int | None, referral_ids: list[int]) -> Any:
    conditions = []
    if case_id is not None and hasattr(model, "case_id"):
        conditions.append(col(model.case_id) == case_id)
    if referral_ids and hasattr(model, "referral_id"):
        conditions.append(col(model.referral_id).in_(referral_ids))
    return or_(*conditions) if conditions else None


def _record_key(obj: Any) -> tuple[str, str]:
    mapper = sa_inspect(obj).mapper
    key = mapper.primary_key_from_instance(obj)
    return str(mapper.local_table.name), "/".join(str(part) for part in key)


def _stages(session: Session, case_id: int | None, referral_ids: list[int]) -> list[list[Any]]:
    """The rows to delete, in an order no foreign key objects to."""

    def rows(model: Any) -> list[Any]:
        where = _where(model, case_id, referral_ids)
        return [] if where is None else list(session.exec(select(model).where(where)))

    agenda = rows(AgendaItem)
    agenda_ids = [a.id for a in agenda]
    conflicts = (
        list(
            session.exec(
                select(ConflictDeclaration).where(
                    col(ConflictDeclaration.agenda_item_id).in_(agenda_ids)
                )
            )
        )
        if agenda_ids
        else []
    )
    documents = rows(Document)
    contents = [c for d in documents if (c := session.get(DocumentContent, d.id)) is not None]
    referrals = [r for r in (session.get(Referral, i) for i in referral_ids) if r is not None]
    case = session.get(Case, case_id) if case_id is not None else None
    case_activity = session.get(CaseActivity, case_id) if case_id is not None else None
    referral_activity = [
        a for a in (session.get(ReferralActivity, i) for i in referral_ids) if a is not None
    ]
    return [
        [*rows(TimelineEntry), *conflicts, *rows(RetentionReview), *rows(LegalHold)],
        [*rows(Decision), *rows(Action), *rows(ChecklistAnswer), *rows(RiskAssessment)],
        [*rows(Form2Concern), *agenda],
        rows(ExternalReferral),
        contents,
        documents,
        [*referral_activity, *referrals],
        [x for x in (case_activity, case) if x is not None],
    ]


def _practitioner_rows(
    session: Session, practitioner_id: int, case_id: int | None, referral_ids: list[int]
) -> list[Any]:
    """The practitioner and their equality answers, when nothing else is held about them."""
    other_cases = session.exec(
        select(Case.id).where(col(Case.practitioner_id) == practitioner_id, col(Case.id) != case_id)
    ).first()
    other_referrals = session.exec(
        select(Referral.id).where(
            col(Referral.practitioner_id) == practitioner_id, col(Referral.id).not_in(referral_ids)
        )
    ).first()
    requests = session.exec(
        select(SubjectAccessRequest.id).where(
            col(SubjectAccessRequest.practitioner_id) == practitioner_id
        )
    ).first()
    if other_cases is not None or other_referrals is not None or requests is not None:
        return []
    person = session.get(Practitioner, practitioner_id)
    equality = session.get(PractitionerEquality, practitioner_id)
    return [x for x in (equality, person) if x is not None]


def dispose(
    *, store: Store, case_id: int | None = None, referral_id: int | None = None
) -> Disposal:
    """Destroy a case (with its referrals) or a referral kept on file, reviewed for
    destruction and on no legal hold; compact the store; return what the log recorded."""
    may_decide(access_of(store.user))
    if (case_id is None) == (referral_id is None):
        raise ValidationError("record", "Choose one case or one referral.")
    refusal = backend_of(store.engine).disposal_refusal
    if refusal is not None:
        raise PermissionDeniedError(refusal)
    with store.session(write=True) as session:
        record = retention_of(session=session, case_id=case_id, referral_id=referral_id)
        if record.on_hold:
            raise ValidationError(
                "record", f"The {record.subject} is on legal hold: nothing was destroyed."
            )
        review = session.exec(
            select(RetentionReview)
            .where(
                col(RetentionReview.case_id) == case_id
                if case_id is not None
                else col(RetentionReview.referral_id) == referral_id
            )
            .order_by(col(RetentionReview.id).desc())
        ).first()
        if review is None or review.outcome is not ReviewOutcome.DESTROY:
            raise ValidationError(
                "record",
                f"The {record.subject} has no review deciding to destroy it: review it first; "
                "nothing was destroyed.",
            )
        if record.due_on > clock.today():
            raise ValidationError(
                "record",
                f"The {record.subject} is kept until {record.due_on:%d %b %Y}: nothing was "
                "destroyed.",
            )
        if case_id is not None:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError("That case is no longer in the store.")
            practitioner_id = case.practitioner_id
            referral_ids = [
                int(i)
                for i in session.exec(select(Referral.id).where(col(Referral.case_id) == case_id))
                if i is not None
            ]
        else:
            referral = session.get(Referral, referral_id)
            if referral is None:
                raise NotFoundError("That referral is no longer in the store.")
            practitioner_id = referral.practitioner_id
            referral_ids = [int(referral_id)] if referral_id is not None else []
        stages = _stages(session, case_id, referral_ids)
        stages.append(_practitioner_rows(session, practitioner_id, case_id, referral_ids))
        keys = {_record_key(obj) for stage in stages for obj in stage}
        documents = sum(1 for stage in stages for obj in stage if isinstance(obj, Document))
        authority = session.get(User, review.reviewed_by_id)
        assert authority is not None and authority.id is not None
        # SAR decisions about these records go with them (a request itself stays).
        for table in {t for t, _ in keys}:
            ids = sorted(i for t, i in keys if t == table)
            for item in session.exec(
                select(SarItem).where(
                    col(SarItem.record_table) == table, col(SarItem.record_id).in_(ids)
                )
            ):
                stages[0].append(item)
        scrubbed = _scrub(session, keys)
        if scrubbed.resealed:
            # Chained again: each computer that saw the trail before says, once, that its
            # history was rewritten; this one remembers the new head below.
            record_event(
                session, "trail_resealed", "audit_entries", None, {"entries": scrubbed.resealed}
            )
        for stage in stages:
            for obj in stage:
                session.delete(obj)
            session.flush()
        at = clock.now()
        log = DestructionRecord(
            retention_class=record.retention_class,
            rows_destroyed=len(keys),
            documents_destroyed=documents,
            audit_entries_scrubbed=scrubbed.entries,
            destroyed_at=at,
            destroyed_by_id=store.user.id,
            authorised_by_id=authority.id,
        )
        session.add(log)
        session.commit()
        if scrubbed.resealed:
            head = json.loads(
                session.exec(select(StoreMeta.value).where(col(StoreMeta.key) == HEAD_KEY)).one()
            )
            remember(store.store_id, (int(head["id"]), str(head["mac"])), restored=True)
    backend_of(store.engine).forget_removed(store.engine)
    return Disposal(record.retention_class, len(keys), documents, scrubbed.entries, at)


def _scrub(session: Session, keys: set[tuple[str, str]]) -> Scrubbed:
    """Scrub every audit entry about the rows in ``keys``."""
    ids: list[int] = []
    by_table: dict[str, list[str]] = {}
    for table, record_id in keys:
        by_table.setdefault(table, []).append(record_id)
    for table, record_ids in by_table.items():
        for start in range(0, len(record_ids), 500):
            ids.extend(
                int(i)
                for i in session.exec(
                    select(AuditEntry.id).where(
                        col(AuditEntry.table_name) == table,
                        col(AuditEntry.record_id).in_(record_ids[start : start + 500]),
                    )
                )
                if i is not None
            )
    return scrub_entries(session.connection(), session.info["audit_key"], ids)


@dataclass(frozen=True)
class DestructionRow:
    """One line of the destruction log, as shown: no personal data."""

    id: int
    retention_class: str
    rows: int
    documents: int
    audit_entries: int
    at: datetime
    destroyed_by: str
    authorised_by: str


def destruction_log(
    *, session: Session, access: Access | None = None
) -> tuple[DestructionRow, ...]:
    """The destruction log, newest first."""
    from remedy_tui.services.records.retention import may_read

    may_read(access)
    names = dict(session.exec(select(User.id, User.full_name)).all())
    return tuple(
        DestructionRow(
            id=int(r.id or 0),
            retention_class=r.retention_class,
            rows=r.rows_destroyed,
            documents=r.documents_destroyed,
            audit_entries=r.audit_entries_scrubbed,
            at=r.destroyed_at,
            destroyed_by=names.get(r.destroyed_by_id, "?"),
            authorised_by=names.get(r.authorised_by_id, "?"),
        )
        for r in session.exec(select(DestructionRecord).order_by(col(DestructionRecord.id).desc()))
    )

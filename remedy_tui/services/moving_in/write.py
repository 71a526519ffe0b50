"""Writing a checked import: every row in one transaction, each record's audit entry marked
with the file and row it came from, and one entry for the import as a whole."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from remedy_tui.services.case.actions import new_action
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import DomainError, ValidationError
from remedy_tui.services.moving_in.plan import (
    ImportCounts,
    ImportPlan,
    PlannedRow,
    PractitionerKey,
    Progress,
    ReferralKey,
)
from remedy_tui.services.triage.decide import apply_decision
from remedy_tui.services.triage.intake import add_referral
from remedy_tui.services.triage.practitioner_lookup import practitioner_from_draft
from remedy_tui.store.audit import SOURCE_INFO, record_event
from remedy_tui.store.models import Action, Practitioner, Referral


class RowRefusedError(DomainError):
    """A row that passed its checks was refused as it was written; nothing was written."""

    def __init__(self, row: int, reason: str) -> None:
        self.row = row
        self.reason = reason
        super().__init__(f"Row {row}: {reason} Nothing was imported.")


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    file_name: str
    rows: int
    counts: ImportCounts


@dataclass
class _Written:
    practitioners: dict[PractitionerKey, int]
    referrals: dict[ReferralKey, tuple[int, int | None]]


def _practitioner_id(session: Session, row: PlannedRow, written: _Written) -> tuple[int, bool]:
    if row.key in written.practitioners:
        return written.practitioners[row.key], True
    if row.practitioner_id is not None:
        written.practitioners[row.key] = row.practitioner_id
        return row.practitioner_id, True
    body, number = row.key
    existing = session.exec(
        select(Practitioner.id).where(
            col(Practitioner.registration_body) == body,
            col(Practitioner.registration_number) == number,
        )
    ).first()
    if existing is not None:  # added by a colleague since the file was checked
        written.practitioners[row.key] = existing
        return existing, True
    practitioner = practitioner_from_draft(row.practitioner)
    session.add(practitioner)
    session.flush()
    assert practitioner.id is not None
    written.practitioners[row.key] = practitioner.id
    return practitioner.id, False


def _write_row(
    session: Session, actor_id: int, row: PlannedRow, written: _Written, counts: ImportCounts
) -> None:
    first = row.key not in written.practitioners
    practitioner_id, matched = _practitioner_id(session, row, written)
    if first:
        counts.add("practitioners", matched=matched)
    if row.referral is None or row.referral_key is None:
        return
    case_id: int | None
    if row.referral_id is not None:
        counts.add("referrals", matched=True, key=row.referral_key)
        stored = session.get(Referral, row.referral_id)
        case_id = stored.case_id if stored is not None else None
    elif row.referral_key in written.referrals:
        case_id = written.referrals[row.referral_key][1]
    else:
        draft = replace(row.referral, practitioner_id=practitioner_id)
        referral, _checked, linked = add_referral(session=session, actor_id=actor_id, draft=draft)
        counts.add("referrals")
        case_id = linked[0] if linked else None
        if row.choice is not None:
            result = apply_decision(
                session=session,
                actor_id=actor_id,
                referral=referral,
                choice=row.choice,
                decided_at=row.decided_at,
            )
            counts.add("decisions")
            if result.case_id is not None and result.case_id != case_id:
                counts.add("cases")
            case_id = result.case_id
        assert referral.id is not None
        written.referrals[row.referral_key] = (referral.id, case_id)
    if row.action is None:
        return
    if case_id is None:
        raise ValidationError(
            "action", "An action belongs to a case, and this row's referral has none."
        )
    action = row.action
    same = session.exec(
        select(Action.id).where(
            col(Action.case_id) == case_id, col(Action.description) == action.description
        )
    ).first()
    if same is not None:
        counts.add("actions", matched=True)
        return
    new_action(
        session=session,
        actor_id=actor_id,
        case_id=case_id,
        description=action.description,
        due_on=action.due_on,
        owner_id=action.owner_id,
        owner_name=action.owner_name,
    )
    counts.add("actions")


def write_import(
    *,
    session: Session,
    actor_id: int,
    plan: ImportPlan,
    access: Access | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Write every row of an accepted plan (the caller commits: the desk, as one transaction);
    a row refused now (the store changed since it was checked) stops it, naming the row."""
    if not plan.accepted:
        raise ValidationError("file", "Some rows were refused, so nothing is imported.")
    written = _Written({}, {})
    counts = ImportCounts()
    total = len(plan.rows)
    for index, row in enumerate(plan.rows, start=1):
        session.info[SOURCE_INFO] = {"imported_from": plan.file_name, "row": row.number}
        try:
            _write_row(session, actor_id, row, written, counts)
            session.flush()
        except DomainError as error:
            raise RowRefusedError(row.number, str(error)) from None
        except IntegrityError:
            raise RowRefusedError(
                row.number,
                "it clashes with a record already on file (perhaps one you may not see).",
            ) from None
        finally:
            session.info.pop(SOURCE_INFO, None)
        if progress is not None and (index % 250 == 0 or index == total):
            progress(index, total)
    record_event(
        session,
        "import",
        "imports",
        None,
        {
            "file": plan.file_name,
            "rows": total,
            "created": counts.created,
            "matched": counts.matched,
        },
    )
    return ImportResult(plan.file_name, total, counts)

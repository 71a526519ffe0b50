"""Everything Remedy holds about one practitioner, record by record, for a subject access
pack: their own record, their referrals and cases with every row of them (decisions, actions,
the timeline, checklist answers with their history, risk assessments, documents, onward
referrals, CSG agenda items), and the audit entries about those records.

Third parties' names (referrers, those who completed the forms, supervisors, colleagues named
as owners of actions) are gathered from the records and proposed for redaction wherever they
appear in the pack's text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import or_
from sqlmodel import Session, col, select

from remedy_tui.services.common.errors import NotFoundError
from remedy_tui.store.models import (
    Action,
    AgendaItem,
    AuditEntry,
    Case,
    ChecklistAnswer,
    Decision,
    Document,
    ExternalReferral,
    Form2Concern,
    Practitioner,
    PractitionerEquality,
    Referral,
    RiskAssessment,
    SubjectAccessRequest,
    TimelineEntry,
)

# Columns that hold a third party's name, by table.
THIRD_PARTIES: dict[str, tuple[str, ...]] = {
    "referrals": ("referrer_name", "referrer_contact", "form1_completed_by", "form2_completed_by"),
    "practitioners": ("tpd_name", "educational_supervisor"),
    "actions": ("owner_name",),
    "external_referrals": ("referrer_name",),
}
# Columns that say nothing to the person (keys and bookkeeping).
_QUIET = {"version", "id"}
# A case's rows, with the column that names the case.
CASE_ROWS: tuple[Any, ...] = (
    Decision,
    Action,
    TimelineEntry,
    RiskAssessment,
    ChecklistAnswer,
    ExternalReferral,
    AgendaItem,
    Document,
)
REFERRAL_ROWS: tuple[Any, ...] = (Form2Concern, Decision, Action, Document)
# The section of the CSG's meeting papers (agendas, minutes) of meetings that discussed them.
CSG_PAPERS = "CSG papers"


@dataclass(frozen=True)
class PackRecord:
    """One record of the pack, as it would be released."""

    table: str
    record_id: str
    section: str
    title: str
    fields: tuple[tuple[str, str], ...]
    proposed_redactions: tuple[str, ...]
    document_id: int | None = None
    filename: str | None = None
    # A paper that speaks of others too (a CSG meeting's agenda or minutes): never included
    # with the rest, only by a decision of its own.
    needs_decision: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """The table and id that name the record."""
        return self.table, self.record_id

    def text(self) -> str:
        """Everything the record says, as plain text."""
        return "\n".join(f"{label}: {value}" for label, value in self.fields)


def _shown(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y %H:%M UTC")
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _fields(obj: Any) -> tuple[tuple[str, str], ...]:
    mapper = sa_inspect(obj).mapper
    pairs = []
    for attr in mapper.column_attrs:
        if attr.key in _QUIET or attr.key.endswith("_id"):
            continue
        value = getattr(obj, attr.key)
        if value is None or value == [] or value == "":
            continue
        pairs.append((attr.key.replace("_", " ").capitalize(), _shown(value)))
    return tuple(pairs)


def _clip(text: str, most: int = 48) -> str:
    """The start of a free text, on one line, for a record's title."""
    line = " ".join(text.split())
    return line if len(line) <= most else line[: most - 1] + "…"


def _title(obj: Any) -> str:
    match obj:
        case Practitioner():
            return f"Your record: {obj.display_name}"
        case PractitionerEquality():
            return "Your equality-monitoring answers"
        case Case():
            return f"Case {obj.reference}"
        case Referral():
            return f"Referral {obj.reference} received {obj.received_on:%d %b %Y}"
        case TimelineEntry():
            return f"Timeline: {obj.title} ({obj.occurred_at:%d %b %Y})"
        case Decision():
            return f"Decision: {_shown(obj.kind)}, {obj.outcome} ({obj.decided_at:%d %b %Y})"
        case ChecklistAnswer():
            answer = _shown(obj.response)
            return f"Checklist question {obj.question_id}: {answer} ({obj.answered_at:%d %b %Y})"
        case Document():
            return f"Document: {obj.filename}"
        case Form2Concern():
            area = obj.area.replace("_", " ")
            return f"Form 2 concern: {area} ({_shown(obj.severity).lower()})"
        case Action():
            due = f", due {obj.due_on:%d %b %Y}" if obj.due_on else ""
            return f"Action: {_clip(obj.description)}{due}"
        case RiskAssessment():
            return f"Risk assessment ({obj.assessed_on:%d %b %Y})"
        case ExternalReferral():
            return f"Onward referral: {_shown(obj.kind)} ({obj.proposed_on:%d %b %Y})"
        case AgendaItem():
            return f"CSG agenda item: {_clip(obj.title)}"
        case _:
            name = str(sa_inspect(obj).mapper.local_table.name).replace("_", " ")
            return f"{name.capitalize()} #{obj.id}"


def _names_in(obj: Any, table: str) -> set[str]:
    names = set()
    for column in THIRD_PARTIES.get(table, ()):
        value = getattr(obj, column, None)
        if isinstance(value, str) and len(value.strip()) >= 2:
            names.add(value.strip())
    return names


def practitioner_rows(session: Session, practitioner_id: int) -> list[tuple[str, Any]]:
    """Every row Remedy holds about the practitioner, each with the section it belongs in."""
    person = session.get(Practitioner, practitioner_id)
    if person is None:
        raise NotFoundError("That practitioner is no longer in the store.")
    rows: list[tuple[str, Any]] = [("About you", person)]
    equality = session.get(PractitionerEquality, practitioner_id)
    if equality is not None:
        rows.append(("About you", equality))
    referrals = session.exec(
        select(Referral)
        .where(col(Referral.practitioner_id) == practitioner_id)
        .order_by(col(Referral.id))
    ).all()
    cases = session.exec(
        select(Case).where(col(Case.practitioner_id) == practitioner_id).order_by(col(Case.id))
    ).all()
    seen: set[tuple[str, int]] = set()
    for referral in referrals:
        section = f"Referral {referral.reference}"
        rows.append((section, referral))
        for model in REFERRAL_ROWS:
            for obj in session.exec(
                select(model).where(col(model.referral_id) == referral.id).order_by(col(model.id))
            ):
                seen.add((model.__tablename__, obj.id))
                rows.append((section, obj))
    for case in cases:
        section = f"Case {case.reference}"
        rows.append((section, case))
        for model in CASE_ROWS:
            for obj in session.exec(
                select(model).where(col(model.case_id) == case.id).order_by(col(model.id))
            ):
                if (model.__tablename__, obj.id) not in seen:
                    seen.add((model.__tablename__, obj.id))
                    rows.append((section, obj))
    case_ids = [c.id for c in cases]
    if case_ids:
        meetings = select(AgendaItem.meeting_id).where(col(AgendaItem.case_id).in_(case_ids))
        for paper in session.exec(
            select(Document)
            .where(col(Document.case_id).is_(None), col(Document.csg_meeting_id).in_(meetings))
            .order_by(col(Document.id))
        ):
            rows.append((CSG_PAPERS, paper))
    return rows


def _record_id(obj: Any) -> str:
    key = sa_inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in key)


def _audit_records(session: Session, held: list[tuple[str, Any]]) -> list[PackRecord]:
    by_table: dict[str, set[str]] = {}
    for _section, obj in held:
        by_table.setdefault(sa_inspect(obj).mapper.local_table.name, set()).add(_record_id(obj))
    conditions = [
        (col(AuditEntry.table_name) == table) & col(AuditEntry.record_id).in_(sorted(ids))
        for table, ids in by_table.items()
    ]
    if not conditions:
        return []
    entries = session.exec(
        select(AuditEntry).where(or_(*conditions)).order_by(col(AuditEntry.id))
    ).all()
    records = []
    for entry in entries:
        try:
            changes = json.loads(entry.changes)
        except ValueError:
            changes = {}
        fields = sorted(k for k in changes if k != "version" and not k.startswith("__"))
        records.append(
            PackRecord(
                table="audit_entries",
                record_id=str(entry.id),
                section="Audit trail",
                title=f"Audit entry {entry.id}",
                fields=(
                    ("When", _shown(entry.at)),
                    ("Who", entry.actor),
                    ("Did", entry.action),
                    ("Record", f"{entry.table_name} #{entry.record_id}"),
                    ("Fields", ", ".join(fields)),
                ),
                proposed_redactions=(),
            )
        )
    return records


def pack_records(*, session: Session, request_id: int) -> tuple[PackRecord, ...]:
    """Every record of the request's pack, in order, with the third parties' names proposed
    for redaction in each."""
    request = session.get(SubjectAccessRequest, request_id)
    if request is None:
        raise NotFoundError("That subject access request is no longer in the register.")
    if request.practitioner_id is None:
        return ()
    held = practitioner_rows(session, request.practitioner_id)
    third_parties: set[str] = set()
    for _section, obj in held:
        third_parties |= _names_in(obj, sa_inspect(obj).mapper.local_table.name)
    records: list[PackRecord] = []
    for section, obj in held:
        fields = _fields(obj)
        text = "\n".join(v for _l, v in fields)
        proposed = tuple(
            sorted(
                name for name in third_parties if re.search(re.escape(name), text, re.IGNORECASE)
            )
        )
        is_document = isinstance(obj, Document)
        paper = section == CSG_PAPERS
        records.append(
            PackRecord(
                table=sa_inspect(obj).mapper.local_table.name,
                record_id=_record_id(obj),
                section=section,
                title=f"CSG paper (speaks of others too): {obj.filename}" if paper else _title(obj),
                fields=fields,
                proposed_redactions=proposed,
                document_id=obj.id if is_document else None,
                filename=obj.filename if is_document else None,
                needs_decision=paper,
            )
        )
    records.extend(_audit_records(session, held))
    return tuple(records)

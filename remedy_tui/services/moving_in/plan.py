"""Checking every row of a team's spreadsheet before anything is written: what would be
created, what is already on file (matched by registration number), and what is refused, why.

Each row is one practitioner and, optionally, a referral about them, its triage decision (which
may open a case) and one action on that case. The checks are intake's and triage's own
(``check_draft``, ``check_registration``, ``check_rationale``), so an imported record passes the
same rules as one typed in the app. Rows naming the same referral (same practitioner, date
received and source) after its first add only their action.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import TypeVar

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.decisions import check_rationale
from remedy_tui.services.common.errors import DomainError, PermissionDeniedError, ValidationError
from remedy_tui.services.common.reference_data import concern_areas
from remedy_tui.services.common.validation import clean_text, parse_date
from remedy_tui.services.moving_in.sheet import CellValue, Refusal, Sheet, SheetRow
from remedy_tui.services.triage.decide import NEEDS_VALID_REFERRAL, TriageChoice, _check_level
from remedy_tui.services.triage.intake import (
    Form2Entry,
    ReferralDraft,
    check_draft,
)
from remedy_tui.services.triage.practitioner_lookup import (
    ACTIVE,
    PractitionerDraft,
    practitioner_from_draft,
)
from remedy_tui.store.models import (
    Case,
    Grade,
    Practitioner,
    Referral,
    ReferralSource,
    RegistrationBody,
    Severity,
    TriageOutcome,
    Trigger,
    User,
)

E = TypeVar("E", bound=enum.Enum)
Progress = Callable[[int, int], None]
PractitionerKey = tuple[RegistrationBody, str]
ReferralKey = tuple[RegistrationBody, str, date, ReferralSource]
OPENS_CASE = (TriageOutcome.OPEN_CASE, TriageOutcome.SENIOR_OWNER, TriageOutcome.ESCALATE_TO_DEAN)
NOT_IMPORTED = (TriageOutcome.REQUEST_INFORMATION,)


@dataclass(frozen=True)
class PlannedAction:
    """An action on the row's case: what, who owns it (a user or a name), when due."""

    description: str
    owner_id: int | None
    owner_name: str | None
    due_on: date


@dataclass(frozen=True)
class PlannedRow:
    """A row that passed every check, and what importing it does."""

    number: int
    key: PractitionerKey
    practitioner: PractitionerDraft
    practitioner_id: int | None
    referral: ReferralDraft | None = None
    referral_key: ReferralKey | None = None
    referral_id: int | None = None
    first_of_referral: bool = True
    choice: TriageChoice | None = None
    decided_at: datetime | None = None
    action: PlannedAction | None = None


@dataclass
class ImportCounts:
    """How many records of each kind would be (or were) created, and how many matched."""

    created: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    _seen: set[tuple[str, object]] = field(default_factory=set, repr=False, compare=False)

    def add(self, kind: str, *, matched: bool = False, key: object = None) -> None:
        """Count one more ``kind`` created (or matched); a record several rows name (by
        ``key``) is counted once."""
        if key is not None:
            if (kind, key) in self._seen:
                return
            self._seen.add((kind, key))
        bucket = self.matched if matched else self.created
        bucket[kind] = bucket.get(kind, 0) + 1


@dataclass(frozen=True)
class ImportPlan:
    """Every row checked: those to import and those refused, with what importing would do."""

    file_name: str
    rows: tuple[PlannedRow, ...]
    refusals: tuple[Refusal, ...]
    counts: ImportCounts

    @property
    def accepted(self) -> bool:
        """True when no row was refused (only then is anything written)."""
        return not self.refusals


# Reading cells ------------------------------------------------------------------------------


def _text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _date_text(value: CellValue, label: str) -> str:
    """A date cell as intake reads one (YYYY-MM-DD); a number is refused, not guessed."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValidationError(
            label,
            f"{label}: {_text(value)} is a number, not a date (format the column as dates, "
            "or type YYYY-MM-DD).",
        )
    return _text(value)


def _choice(kind: type[E], value: str, label: str) -> E | None:
    text = value.strip()
    if not text:
        return None
    wanted = re.sub(r"[\s_-]+", " ", text.lower())
    for member in kind:
        words = {str(member.value), getattr(member, "label", str(member.value))}
        if wanted in {re.sub(r"[\s_-]+", " ", w.lower()) for w in words}:
            return member
    choices = ", ".join(str(m.value) for m in kind)
    raise ValidationError(label, f"{label}: {text!r} is not one of {choices}.")


def _concerns(text: str) -> tuple[Form2Entry, ...]:
    """``area=severity: description; ...`` as Form 2 entries (areas by code or label)."""
    areas = {a.code: a.code for a in concern_areas().areas}
    areas.update({a.label.lower(): a.code for a in concern_areas().areas})
    entries = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        head, _, description = part.partition(":")
        area, eq, severity = head.partition("=")
        code = areas.get(area.strip().lower())
        if not eq or code is None:
            raise ValidationError(
                "concerns",
                f"Concern areas: {part!r} is not AREA=SEVERITY "
                f"(areas: {', '.join(sorted(areas))}).",
            )
        rated = _choice(Severity, severity, "Concern severity")
        entries.append(Form2Entry(code, rated, description.strip()))
    return tuple(entries)


# Checking rows ------------------------------------------------------------------------------


@dataclass
class _Known:
    """What is on file, read once, and what earlier rows of the file will add."""

    practitioners: dict[PractitionerKey, tuple[int, str, str]]
    referrals: dict[tuple[int, date, ReferralSource], tuple[int, int | None]]
    open_cases: set[int]
    users: dict[str, int]
    names_in_file: dict[PractitionerKey, tuple[int, str]] = field(default_factory=dict)
    referrals_in_file: dict[ReferralKey, PlannedRow] = field(default_factory=dict)
    cases_in_file: set[PractitionerKey] = field(default_factory=set)


def _known(session: Session) -> _Known:
    practitioners = {
        (body, number): (pid, family, given)
        for pid, body, number, family, given in session.execute(
            sa_select(
                col(Practitioner.id),
                col(Practitioner.registration_body),
                col(Practitioner.registration_number),
                col(Practitioner.family_name),
                col(Practitioner.given_names),
            ).where(col(Practitioner.registration_number).is_not(None))
        ).all()
        if body is not None
    }
    referrals = {
        (pid, received, source): (rid, case_id)
        for rid, pid, received, source, case_id in session.execute(
            sa_select(
                col(Referral.id),
                col(Referral.practitioner_id),
                col(Referral.received_on),
                col(Referral.source),
                col(Referral.case_id),
            )
        ).all()
    }
    open_cases = set(
        session.execute(
            sa_select(col(Case.practitioner_id)).where(col(Case.status).in_(ACTIVE))
        ).scalars()
    )
    users = {
        name: uid
        for uid, name in session.execute(
            sa_select(col(User.id), col(User.username)).where(col(User.active).is_(True))
        ).all()
    }
    return _Known(practitioners, referrals, open_cases, users)


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _practitioner(
    row: SheetRow, get: Callable[[str], CellValue], known: _Known
) -> tuple[PractitionerKey, PractitionerDraft, int | None]:
    body = _choice(RegistrationBody, _text(get("registration_body")), "Regulator")
    number = _text(get("registration_number")).strip()
    if not number:
        raise ValidationError(
            "registration_number",
            "There is no registration number: Remedy matches practitioners by it.",
        )
    body = body or RegistrationBody.GMC
    grade = _choice(Grade, _text(get("grade")), "Grade") or Grade.OTHER
    draft = PractitionerDraft(
        title=_text(get("title")) or "Dr",
        given_names=_text(get("given_names")),
        family_name=_text(get("family_name")),
        grade=grade,
        registration_body=body,
        registration_number=number,
        specialty=_text(get("specialty")),
        programme=_text(get("programme")),
        employer=_text(get("employer")),
    )
    checked = practitioner_from_draft(draft)  # the app's checks (the number's shape above all)
    assert checked.registration_number is not None
    key = (body, checked.registration_number)
    family = checked.family_name
    on_file = known.practitioners.get(key)
    if on_file is not None and not _same_name(on_file[1], family):
        raise ValidationError(
            "registration_number",
            f"Matched two ways: {body.value} {key[1]} is on file for {on_file[2]} "
            f"{on_file[1]}, but this row names {family}.",
        )
    earlier = known.names_in_file.get(key)
    if earlier is not None and not _same_name(earlier[1], family):
        raise ValidationError(
            "registration_number",
            f"Matched two ways: row {earlier[0]} gives {body.value} {key[1]} to {earlier[1]}, "
            f"but this row names {family}.",
        )
    known.names_in_file.setdefault(key, (row.number, family))
    return key, draft, on_file[0] if on_file else None


def _referral(get: Callable[[str], CellValue], mapped: frozenset[str]) -> ReferralDraft | None:
    parts = ("received_on", "source", "triggers", "form1_what_happened", "outcome", "action")
    if not any(_text(get(name)).strip() for name in parts if name in mapped):
        return None
    triggers = tuple(
        t
        for t in (
            _choice(Trigger, part, "Trigger") for part in re.split(r"[;,]", _text(get("triggers")))
        )
        if t is not None
    )
    return ReferralDraft(
        practitioner_id=0,
        source=_choice(ReferralSource, _text(get("source")), "Source"),
        received_on=_date_text(get("received_on"), "Date received"),
        triggers=triggers,
        referrer_name=_text(get("referrer_name")),
        form1_received_on=_date_text(get("form1_received_on"), "Form 1 received"),
        form1_completed_by=_text(get("form1_completed_by")),
        form1_incident_on=_date_text(get("form1_incident_on"), "Date of the incident"),
        form1_what_happened=_text(get("form1_what_happened")),
        form2_received_on=_date_text(get("form2_received_on"), "Form 2 received"),
        form2_completed_by=_text(get("form2_completed_by")),
        form2=_concerns(_text(get("concerns"))),
    )


def _decision(
    get: Callable[[str], CellValue], received: date, known: _Known, today: date
) -> tuple[TriageChoice, datetime] | None:
    outcome = _choice(TriageOutcome, _text(get("outcome")), "Triage outcome")
    if outcome is None:
        for name in ("level", "rationale", "decided_on", "case_manager"):
            if _text(get(name)).strip():
                raise ValidationError(name, f"{name} is given but the triage outcome is not.")
        return None
    if outcome in NOT_IMPORTED:
        raise ValidationError(
            "outcome",
            f"{outcome.label} is not imported: record the request in the app, where it is "
            "followed up.",
        )
    level_text = _text(get("level")).strip()
    if level_text and not re.fullmatch(r"[123]", level_text):
        raise ValidationError("level", "The level is 1, 2 or 3.")
    rationale = check_rationale(_text(get("rationale")))
    manager = _text(get("case_manager")).strip()
    manager_id = known.users.get(manager) if manager else None
    if manager and manager_id is None:
        raise ValidationError(
            "case_manager", f"Case manager {manager!r} is not an active user of this store."
        )
    if outcome is TriageOutcome.OPEN_CASE and manager_id is None:
        raise ValidationError("case_manager", "Opening a case needs its case manager (user name).")
    senior = None
    if outcome in (TriageOutcome.SENIOR_OWNER, TriageOutcome.ESCALATE_TO_DEAN):
        if manager_id is None:
            raise ValidationError(
                "case_manager", "A level 3 case needs its senior owner (user name) as case manager."
            )
        senior, manager_id = manager_id, None
    choice = TriageChoice(
        outcome=outcome,
        rationale=rationale,
        level=int(level_text) if level_text else None,
        case_manager_id=manager_id,
        senior_owner_id=senior,
    )
    _check_level(choice)
    decided = parse_date(
        _date_text(get("decided_on"), "Date decided"),
        field="decided_on",
        label="Date decided",
        required=True,
    )
    assert decided is not None
    if decided < received:
        raise ValidationError(
            "decided_on",
            f"Date decided ({decided.isoformat()}) is before the referral was received "
            f"({received.isoformat()}).",
        )
    if decided > today:
        raise ValidationError(
            "decided_on", f"Date decided ({decided.isoformat()}) is in the future."
        )
    return choice, datetime.combine(decided, time(12), tzinfo=UTC)


def _action(get: Callable[[str], CellValue], known: _Known) -> PlannedAction | None:
    text = clean_text(
        _text(get("action")), field="action", label="Action", max_length=20_000, multiline=True
    )
    if text is None:
        for name in ("action_owner", "action_due_on"):
            if _text(get(name)).strip():
                raise ValidationError(name, f"{name} is given but the action is not.")
        return None
    owner = clean_text(
        _text(get("action_owner")), field="action_owner", label="Action owner", max_length=200
    )
    if owner is None:
        raise ValidationError("action_owner", "The action has no owner (a user name or a name).")
    due = parse_date(
        _date_text(get("action_due_on"), "Action due"),
        field="action_due_on",
        label="Action due",
        required=True,
    )
    assert due is not None
    owner_id = known.users.get(owner)
    return PlannedAction(text, owner_id, None if owner_id else owner, due)


def _check_row(
    row: SheetRow, mapping: dict[str, str], known: _Known, counts: ImportCounts, today: date
) -> PlannedRow:
    if row.problems:
        raise ValidationError("file", "; ".join(row.problems))
    by_field = {name: column for column, name in mapping.items()}

    def get(name: str) -> CellValue:
        column = by_field.get(name)
        return row.cells.get(column) if column is not None else None

    key, draft, practitioner_id = _practitioner(row, get, known)
    planned = PlannedRow(row.number, key, draft, practitioner_id)
    referral = _referral(get, frozenset(by_field))
    if referral is None:
        _count_practitioner(counts, key, practitioner_id)
        return planned
    checked = check_draft(referral, today)
    received = checked.values["received_on"]
    source = referral.source
    assert isinstance(received, date) and source is not None
    referral_key: ReferralKey = (*key, received, source)
    decision = _decision(get, received, known, today)
    action = _action(get, known)
    first = known.referrals_in_file.get(referral_key)
    on_file = (
        known.referrals.get((practitioner_id, received, source))
        if practitioner_id is not None
        else None
    )
    planned = replace(
        planned,
        referral=referral,
        referral_key=referral_key,
        referral_id=on_file[0] if on_file else None,
        first_of_referral=first is None,
        choice=decision[0] if decision else None,
        decided_at=decision[1] if decision else None,
        action=action,
    )
    if first is not None and decision is not None and first.choice != decision[0]:
        raise ValidationError(
            "outcome",
            f"Row {first.number} is the same referral with another triage decision; give the "
            "decision once.",
        )
    has_case = (
        (on_file is not None and on_file[1] is not None)
        or (first is not None and first.choice is not None and _gives_case(first.choice))
        or (decision is not None and _gives_case(decision[0]))
    )
    if on_file is None and first is None and decision is not None:
        choice = decision[0]
        complete = checked.completeness
        if choice.outcome in NEEDS_VALID_REFERRAL and not complete.valid:
            raise ValidationError(
                "outcome",
                f"{choice.outcome.label} needs a valid referral ({' and '.join(complete.missing)} "
                "missing in this row).",
            )
        open_now = (practitioner_id in known.open_cases) or key in known.cases_in_file
        if choice.outcome in OPENS_CASE and open_now:
            raise ValidationError(
                "outcome",
                "The practitioner already has an open case: link the referral to it "
                "(link_to_case) rather than opening a second one.",
            )
        if choice.outcome is TriageOutcome.LINK_TO_CASE and not open_now:
            raise ValidationError("outcome", "There is no open case to link this referral to.")
        if choice.outcome in OPENS_CASE:
            known.cases_in_file.add(key)
    if action is not None and decision is not None and action.due_on < decision[1].date():
        raise ValidationError(
            "action_due_on",
            f"Action due ({action.due_on.isoformat()}) is before the case was opened "
            f"({decision[1].date().isoformat()}).",
        )
    if action is not None and not has_case:
        raise ValidationError(
            "action", "An action belongs to a case, and this row's referral has none."
        )
    _count_practitioner(counts, key, practitioner_id)
    if on_file is not None:
        counts.add("referrals", matched=True, key=referral_key)
    elif first is None:
        known.referrals_in_file[referral_key] = planned
        counts.add("referrals")
        if decision is not None:
            counts.add("decisions")
            if decision[0].outcome in OPENS_CASE:
                counts.add("cases")
    if action is not None:
        counts.add("actions", matched=on_file is not None)
    return planned


def _gives_case(choice: TriageChoice) -> bool:
    return choice.outcome in OPENS_CASE or choice.outcome is TriageOutcome.LINK_TO_CASE


def _count_practitioner(counts: ImportCounts, key: PractitionerKey, pid: int | None) -> None:
    counts.add("practitioners", matched=pid is not None, key=key)


def plan_import(
    *,
    session: Session,
    sheet: Sheet,
    mapping: dict[str, str],
    access: Access | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Check every row of ``sheet`` read through ``mapping`` (column -> field); nothing is
    written."""
    if access is not None:
        if not access.sees_every_case:
            raise PermissionDeniedError(
                "Importing the team's records is for the case managers and the Deans, who see "
                "every referral and case; nothing was changed."
            )
        for table in ("practitioners", "referrals", "cases", "decisions", "actions"):
            if not access.writes(table):
                raise PermissionDeniedError(
                    f"Your role does not add {table}, so you cannot import them; nothing was "
                    "changed."
                )
    known = _known(session)
    today = clock.today()
    counts = ImportCounts()
    planned: list[PlannedRow] = []
    refusals: list[Refusal] = []
    total = len(sheet.rows)
    for index, row in enumerate(sheet.rows, start=1):
        try:
            planned.append(_check_row(row, mapping, known, counts, today))
        except DomainError as error:
            refusals.append(Refusal(row.number, str(error)))
        if progress is not None and (index % 250 == 0 or index == total):
            progress(index, total)
    return ImportPlan(sheet.path.name, tuple(planned), tuple(refusals), counts)

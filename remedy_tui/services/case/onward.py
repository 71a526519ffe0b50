"""Onward referrals from a case: Occupational Health, the CSG, assisted mediation, Practitioner
Performance Advice, the regulator and external clinical review, each with a status and a date.

The CSG takes no referral without the practitioner's agreement (seed 000); assisted mediation
asks its six conditions (seed 003); a regulator referral asks whether the matter is one that
must always go to the regulator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui.services.case import timeline
from remedy_tui.services.case.case_dates import case_day
from remedy_tui.services.common.conflicts import check_version
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.paging import Page, count_rows
from remedy_tui.services.common.reference_data import mediation_conditions, regulator_prompts
from remedy_tui.services.common.validation import clean_text
from remedy_tui.store.models import (
    Case,
    ExternalReferral,
    ExternalReferralKind,
    ExternalReferralStatus,
    Practitioner,
    RegistrationBody,
    TimelineKind,
)

REASON_LIMIT = 10_000
PROVIDER_LIMIT = 200
NO_MANDATORY_MATTER = "none"
# Statuses from which the referral has really gone to the other party.
SENT = (
    ExternalReferralStatus.MADE,
    ExternalReferralStatus.ACCEPTED,
    ExternalReferralStatus.IN_PROGRESS,
    ExternalReferralStatus.COMPLETED,
)
CSG_CONSENT_REFUSAL = (
    "No referral to the Clinical Support Group can be made without the practitioner's "
    "agreement (the Clinical Support Group paper: 'No referral to the CSG can take place without "
    "the Doctor/Dentist "
    "being in agreement'). Record their agreement first; nothing was saved."
)


@dataclass(frozen=True)
class OnwardRow:
    """One onward referral as listed."""

    id: int
    version: int
    kind: ExternalReferralKind
    status: ExternalReferralStatus
    proposed_on: date
    made_on: date | None
    status_changed_on: date
    provider: str
    reason: str
    consent_given: bool | None
    conditions_met: int | None
    conditions_asked: int | None
    regulator: str
    mandatory_matter: str
    # Assisted mediation: the conditions not met, and why it goes ahead all the same.
    conditions_unmet: tuple[str, ...] = ()
    unmet_reason: str = ""

    @property
    def detail(self) -> str:
        """What is particular to this kind of referral, in a few words."""
        if self.kind is ExternalReferralKind.CSG:
            return "practitioner agreed" if self.consent_given else "no agreement on file"
        if self.kind is ExternalReferralKind.MEDIATION and self.conditions_asked:
            words = f"{self.conditions_met} of {self.conditions_asked} conditions met"
            if self.conditions_unmet:
                words += "; not met: " + "; ".join(self.conditions_unmet)
            if self.unmet_reason:
                words += f" (why: {self.unmet_reason})"
            if self.provider:
                words += f"; provider {self.provider}"
            return words
        if self.kind is ExternalReferralKind.REGULATOR:
            return ", ".join(p for p in (self.regulator, self.mandatory_matter) if p)
        return self.provider


def mandatory_matter_label(code: str | None) -> str:
    """The words for a mandatory-matter code ("" when not recorded)."""
    if not code:
        return ""
    if code == NO_MANDATORY_MATTER:
        return "none of the mandatory matters"
    for option in regulator_prompts().mandatory_matters:
        if option.code == code:
            return option.label
    return code


def _row(referral: ExternalReferral) -> OnwardRow:
    assert referral.id is not None
    answers = referral.mediation_conditions or {}
    codes = [c.code for c in mediation_conditions().conditions]
    asked = [answers[c] for c in codes if isinstance(answers.get(c), bool)]
    unmet = tuple(
        c.label for c in mediation_conditions().conditions if answers.get(c.code) is False
    )
    return OnwardRow(
        id=referral.id,
        version=referral.version,
        kind=referral.kind,
        status=referral.status,
        proposed_on=referral.proposed_on,
        made_on=referral.made_on,
        status_changed_on=referral.status_changed_on,
        provider=referral.provider or "",
        reason=referral.reason or "",
        consent_given=referral.consent_given,
        conditions_met=sum(asked) if asked else None,
        conditions_asked=len(asked) if asked else None,
        regulator=referral.regulator.value if referral.regulator else "",
        mandatory_matter=mandatory_matter_label(referral.mandatory_matter),
        conditions_unmet=unmet,
        unmet_reason=str(answers.get(UNMET_REASON) or ""),
    )


def onward_page(*, session: Session, case_id: int, offset: int, limit: int) -> Page[OnwardRow]:
    """One page of a case's onward referrals, latest first."""
    offset = max(0, offset)
    rows = session.execute(
        sa_select(ExternalReferral)
        .where(col(ExternalReferral.case_id) == case_id)
        .order_by(col(ExternalReferral.proposed_on).desc(), col(ExternalReferral.id).desc())
        .offset(offset)
        .limit(limit)
    ).scalars()
    total = count_rows(session, ExternalReferral, col(ExternalReferral.case_id) == case_id)
    return Page(tuple(_row(r) for r in rows), int(total), offset, limit)


@dataclass(frozen=True)
class NewReferral:
    """An onward referral as the user typed it."""

    kind: ExternalReferralKind
    status: ExternalReferralStatus = ExternalReferralStatus.PROPOSED
    on: date | str | None = None
    reason: str | None = None
    provider: str | None = None
    consent_given: bool | None = None
    mediation: Mapping[str, bool | None] | None = None
    # Why mediation is proposed although a condition is not met (required then).
    mediation_reason: str | None = None
    regulator: str | None = None
    mandatory_matter: str | None = None


UNMET_REASON = "unmet_reason"


def _mediation_answers(
    answers: Mapping[str, bool | None] | None, reason: str | None = None
) -> dict[str, Any]:
    """All six conditions answered yes or no, or a message naming the first one that is not;
    a condition not met needs the reason mediation is proposed all the same."""
    answers = answers or {}
    recorded: dict[str, Any] = {}
    for n, condition in enumerate(mediation_conditions().conditions, start=1):
        answer = answers.get(condition.code)
        if not isinstance(answer, bool):
            raise ValidationError(
                f"condition_{condition.code}",
                "Assisted mediation: answer each of the six conditions (NHS Resolution's "
                "assisted mediation guidance). "
                f"Condition {n}, '{condition.label}', is not answered; nothing was saved.",
            )
        recorded[condition.code] = answer
    unmet = [
        (n, c.label)
        for n, c in enumerate(mediation_conditions().conditions, start=1)
        if recorded[c.code] is False
    ]
    why = clean_text(
        reason,
        field="mediation_reason",
        label="The reason",
        max_length=REASON_LIMIT,
        multiline=True,
    )
    if unmet and not why:
        listed = "; ".join(f"condition {n}, '{label}'" for n, label in unmet)
        raise ValidationError(
            "mediation_reason",
            f"Assisted mediation works best when all six conditions are met; {listed} is not "
            "met: say why mediation is proposed all the same. Nothing was saved.",
        )
    if unmet and why:
        recorded[UNMET_REASON] = why
    return recorded


def _regulator(
    session: Session, case: Case, regulator: str | None, matter: str | None
) -> tuple[RegistrationBody, str]:
    prompts = regulator_prompts()
    code = (regulator or "").strip()
    if not code:
        practitioner = session.get(Practitioner, case.practitioner_id)
        body = practitioner.registration_body if practitioner else None
        if body is None:
            raise ValidationError("regulator", "Choose the regulator.")
        code = body.value
    if code not in {r.code for r in prompts.regulators}:
        raise ValidationError("regulator", f"{code!r} is not a regulator Remedy knows.")
    matter_code = (matter or "").strip()
    known = {m.code for m in prompts.mandatory_matters} | {NO_MANDATORY_MATTER}
    if matter_code not in known:
        raise ValidationError(
            "mandatory_matter",
            "Say whether this is one of the matters that must always go to the regulator "
            "(a conviction, caution or charge, for example), or none of them.",
        )
    return RegistrationBody(code), matter_code


def make_referral(*, session: Session, actor_id: int, case_id: int, referral: NewReferral) -> int:
    """Record an onward referral (proposed or made) and put it on the timeline; commits."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case {case_id}; nothing was saved.")
    kind = referral.kind
    if kind is ExternalReferralKind.CSG and referral.consent_given is not True:
        raise ValidationError("consent_given", CSG_CONSENT_REFUSAL)
    if referral.status not in (ExternalReferralStatus.PROPOSED, ExternalReferralStatus.MADE):
        raise ValidationError("status", "A new referral is proposed or made.")
    on = case_day(case, referral.on, field="on", label="The date", default_today=True)
    reason = clean_text(
        referral.reason, field="reason", label="The reason", max_length=REASON_LIMIT, multiline=True
    )
    provider = clean_text(
        referral.provider, field="provider", label="The provider", max_length=PROVIDER_LIMIT
    )
    record = ExternalReferral(
        case_id=case_id,
        kind=kind,
        status=referral.status,
        proposed_on=on,
        made_on=on if referral.status is ExternalReferralStatus.MADE else None,
        status_changed_on=on,
        provider=provider,
        reason=reason,
        created_by_id=actor_id,
    )
    if kind is ExternalReferralKind.CSG:
        record.consent_given = True
        record.consent_recorded_on = on
    if kind is ExternalReferralKind.MEDIATION:
        record.mediation_conditions = _mediation_answers(
            referral.mediation, referral.mediation_reason
        )
    if kind is ExternalReferralKind.REGULATOR:
        record.regulator, record.mandatory_matter = _regulator(
            session, case, referral.regulator, referral.mandatory_matter
        )
    session.add(record)
    session.flush()
    row = _row(record)
    timeline.add_entry(
        session=session,
        case_id=case_id,
        kind=TimelineKind.REFERRAL,
        title=f"Onward referral {referral.status.label.lower()}: {kind.label}"
        + (f" ({timeline.headline(row.detail, 120)})" if row.detail else ""),
        body=reason,
        author_id=actor_id,
        occurred_at=timeline.moment(on),
    )
    session.commit()
    assert record.id is not None
    return record.id


def change_status(
    *,
    session: Session,
    actor_id: int,
    referral_id: int,
    expected_version: int,
    status: ExternalReferralStatus,
    on: date | str | None = None,
    note: str | None = None,
) -> int:
    """Move a referral on (made, accepted, in progress, completed, declined, withdrawn)."""
    text = clean_text(note, field="note", label="The note", max_length=REASON_LIMIT, multiline=True)
    record = session.get(ExternalReferral, referral_id)
    if record is None:
        raise NotFoundError("That referral no longer exists; nothing was saved.")
    check_version(
        session=session,
        record=record,
        expected_version=expected_version,
        what=f"The {record.kind.label} referral",
    )
    case = session.get(Case, record.case_id)
    assert case is not None
    if status is record.status:
        raise ValidationError("status", f"The referral is already {status.label.lower()}.")
    if (
        record.kind is ExternalReferralKind.CSG
        and status in SENT
        and record.consent_given is not True
    ):
        raise ValidationError("status", CSG_CONSENT_REFUSAL)
    day = case_day(case, on, field="on", label="The date", default_today=True)
    if day < record.proposed_on:
        raise ValidationError(
            "on",
            f"The date ({day.isoformat()}) is before the referral was proposed "
            f"({record.proposed_on.isoformat()}); nothing was saved.",
        )
    old = record.status
    record.status = status
    record.status_changed_on = day
    if status in SENT and record.made_on is None:
        record.made_on = day
    session.add(record)
    timeline.add_entry(
        session=session,
        case_id=record.case_id,
        kind=TimelineKind.REFERRAL,
        title=f"{record.kind.label} referral: {old.label.lower()} to {status.label.lower()}",
        body=text,
        author_id=actor_id,
        occurred_at=timeline.moment(day),
    )
    session.commit()
    return referral_id

"""Referring a case to the CSG (seed 000): the route, the outcomes the referrer and the
practitioner agreed, the practitioner's agreement and its signed document."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from remedy_tui import clock
from remedy_tui.services.case import documents, timeline
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.validation import clean_text, parse_date, required_text
from remedy_tui.services.csg.allowed import csg_rights, refuse_unless, seen_cases
from remedy_tui.store.models import (
    Case,
    CaseStatus,
    CsgRoute,
    ExternalReferral,
    ExternalReferralKind,
    ExternalReferralStatus,
    Practitioner,
    TimelineKind,
)
from remedy_tui.views.csg import (
    ROUTE_CONTEXTS,
    CaseBrief,
    CsgReferralView,
    day_text,
    route_text,
)

ACTIVE = (
    ExternalReferralStatus.PROPOSED,
    ExternalReferralStatus.MADE,
    ExternalReferralStatus.ACCEPTED,
    ExternalReferralStatus.IN_PROGRESS,
)
AGREEMENT_KIND = "csg_agreement"


def case_brief(*, session: Session, case_id: int, access: Access | None = None) -> CaseBrief:
    """The case as the referral form heads it, and any CSG referral it already has (named
    columns: a whole case row holds its summary, which not every role may read)."""
    row = session.execute(
        sa_select(
            col(Case.reference),
            col(Case.status),
            col(Practitioner.title),
            col(Practitioner.given_names),
            col(Practitioner.family_name),
        )
        .join(Practitioner, col(Practitioner.id) == col(Case.practitioner_id))
        .where(col(Case.id) == case_id, *seen_cases(access, Case.id))
    ).first()
    if row is None:
        raise NotFoundError(f"There is no case {case_id}.")
    reference, status, *name = row
    active = _active_referral(session, case_id)
    return CaseBrief(
        id=case_id,
        reference=reference,
        practitioner=" ".join(part for part in name if part),
        closed=CaseStatus(status) is CaseStatus.CLOSED,
        active_csg_referral_on=(active.made_on or active.proposed_on) if active else None,
    )


def _active_referral(session: Session, case_id: int) -> ExternalReferral | None:
    return session.exec(
        select(ExternalReferral).where(
            col(ExternalReferral.case_id) == case_id,
            col(ExternalReferral.kind) == ExternalReferralKind.CSG,
            col(ExternalReferral.status).in_([s.value for s in ACTIVE]),
        )
    ).first()


def read_agreement(path_typed: str) -> tuple[Path, bytes]:
    """The signed agreement's path and bytes, or a clear error saying why it cannot be read."""
    if not (path_typed or "").strip():
        raise ValidationError(
            "agreement_path",
            "Attach the signed agreement (the Clinical Support Group paper, point 5): type the "
            "path of the signed "
            "document. Nothing was saved.",
        )
    return documents.read_file(path_typed, field="agreement_path")


def refer_to_csg(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    practitioner_agrees: bool,
    route: CsgRoute | None,
    route_context: str = "",
    referrer_name: str = "",
    expected_outcomes: str = "",
    agreed_on: str = "",
    agreement_path: str = "",
    in_place_of_formal_action: bool = False,
    non_cooperation_explained: bool = False,
    access: Access | None = None,
) -> CsgReferralView:
    """Refer a case to the CSG; without the practitioner's agreement nothing is stored."""
    refuse_unless(
        csg_rights(access).refers_cases,
        access,
        "refer a case to the CSG",
        "the case's case manager refers it, with the practitioner's signed agreement",
    )
    if not practitioner_agrees:
        raise ValidationError(
            "practitioner_agrees",
            "No referral to the CSG can be made without the practitioner's agreement "
            "(the Clinical Support Group paper, point 3). Record their agreement first; "
            "nothing was saved.",
        )
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case {case_id}.")
    if case.status is CaseStatus.CLOSED:
        raise ValidationError(
            "case", f"{case.reference} is closed; reopen it before referring it to the CSG."
        )
    active = _active_referral(session, case_id)
    if active is not None:
        made = active.made_on or active.proposed_on
        raise ValidationError(
            "case",
            f"{case.reference} was already referred to the CSG on {day_text(made)} and that "
            "referral is still open. Nothing was saved.",
        )
    if route is None:
        raise ValidationError("route", "Choose how the referral comes: CoM, OH or self-referral.")
    if route_context and route_context not in dict(ROUTE_CONTEXTS):
        raise ValidationError("route_context", "Choose what the referral follows, or none.")
    referrer = clean_text(
        referrer_name, field="referrer_name", label="The referrer", max_length=200
    )
    if not referrer and route is not CsgRoute.SELF:
        raise ValidationError(
            "referrer_name",
            f"Name the referring {route.label}: the chair's feedback goes to them "
            "(the Clinical Support Group paper, point 11).",
        )
    outcomes = required_text(
        expected_outcomes,
        field="expected_outcomes",
        label="The expected outcomes agreed with the practitioner",
        max_length=20_000,
        multiline=True,
    )
    agreed = parse_date(agreed_on, field="agreed_on", label="The date they agreed", required=True)
    assert agreed is not None
    if agreed > clock.today():
        raise ValidationError("agreed_on", "The agreement cannot be dated in the future.")
    if in_place_of_formal_action and not non_cooperation_explained:
        raise ValidationError(
            "non_cooperation_explained",
            "This referral is in place of formal action: confirm the practitioner was told that "
            "not cooperating with the CSG, or not taking full part, will lead to the "
            "disciplinary process (the Clinical Support Group paper, point 6). Nothing was saved.",
        )
    path, content = read_agreement(agreement_path)

    today = clock.today()
    document = documents.add_document(
        session,
        case_id=case_id,
        actor_id=actor_id,
        filename=path.name,
        content=content,
        kind=AGREEMENT_KIND,
        description="Signed agreement to the CSG referral and its expected outcomes",
    )
    assert document.id is not None
    referral = ExternalReferral(
        case_id=case_id,
        kind=ExternalReferralKind.CSG,
        status=ExternalReferralStatus.MADE,
        proposed_on=today,
        made_on=today,
        status_changed_on=today,
        provider="Clinical Support Group",
        consent_given=True,
        consent_recorded_on=agreed,
        route=route,
        route_context=route_context or None,
        referrer_name=referrer,
        expected_outcomes=outcomes,
        in_place_of_formal_action=in_place_of_formal_action,
        non_cooperation_explained=non_cooperation_explained,
        agreement_document_id=document.id,
        created_by_id=actor_id,
    )
    session.add(referral)
    how = route_text(route, route_context or None)
    formal = (
        " In place of formal action; non-cooperation explained."
        if in_place_of_formal_action
        else ""
    )
    timeline.add_entry(
        session=session,
        case_id=case_id,
        kind=TimelineKind.REFERRAL,
        title=f"Referred to the Clinical Support Group ({how})",
        body=f"Expected outcomes agreed with the practitioner:\n{outcomes}\n\n"
        f"The practitioner agreed on {day_text(agreed)}; the signed agreement is "
        f"{path.name}.{formal}",
        author_id=actor_id,
        document_id=document.id,
    )
    session.commit()
    assert referral.id is not None
    return CsgReferralView(
        id=referral.id,
        case_id=case_id,
        case_reference=case.reference,
        route=route,
        agreement_document_id=document.id,
    )

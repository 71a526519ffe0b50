"""Referral to the CSG: never without the practitioner's agreement; the signed agreement kept
in the store; non-cooperation explained where the referral replaces formal action."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlmodel import select

from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.csg import referrals
from remedy_tui.store import Store
from remedy_tui.store.attachments import read_form
from remedy_tui.store.models import (
    CaseStatus,
    CsgRoute,
    Document,
    DocumentContent,
    ExternalReferral,
    ExternalReferralStatus,
    TimelineEntry,
    TimelineKind,
)
from tests.helpers.csg import add_case, agreement, refer


def _nothing_stored(store: Store) -> None:
    with store.session() as session:
        assert session.exec(select(ExternalReferral)).all() == []
        assert session.exec(select(Document)).all() == []
        assert session.exec(select(DocumentContent)).all() == []
        assert session.exec(select(TimelineEntry)).all() == []


def test_a_referral_without_the_practitioner_s_agreement_is_refused(
    store: Store, frozen_clock: object, tmp_path: Path
) -> None:
    case_id = add_case(store, "Ada", "Lovelace", 1)
    with pytest.raises(ValidationError) as refused:
        refer(store, case_id, agreement(tmp_path), practitioner_agrees=False)
    assert refused.value.field == "practitioner_agrees"
    assert str(refused.value) == (
        "No referral to the CSG can be made without the practitioner's agreement "
        "(the Clinical Support Group paper, point 3). Record their agreement first; nothing was "
        "saved."
    )
    _nothing_stored(store)


def test_a_referral_keeps_the_route_the_outcomes_and_the_signed_agreement(
    store: Store, frozen_clock: object, tmp_path: Path
) -> None:
    case_id = add_case(store, "Ada", "Lovelace", 1)
    signed = agreement(tmp_path)
    view = refer(store, case_id, signed, route=CsgRoute.OCCUPATIONAL_HEALTH, route_context="")
    with store.session() as session:
        referral = session.exec(select(ExternalReferral)).one()
        document = session.get(Document, view.agreement_document_id)
        content = session.get(DocumentContent, view.agreement_document_id)
        assert content is not None
        # As the store keeps them: sealed under the team key on a team server.
        stored = read_form(session, content.document_id, content.content)
        entry = session.exec(select(TimelineEntry)).one()
    assert referral.status is ExternalReferralStatus.MADE and referral.consent_given
    assert referral.route is CsgRoute.OCCUPATIONAL_HEALTH
    assert referral.expected_outcomes == "Better handovers; reflective log each month."
    assert referral.agreement_document_id == view.agreement_document_id
    assert document is not None and document.case_id == case_id
    assert document.filename == "signed-agreement.pdf" and document.media_type == "application/pdf"
    assert stored == signed.read_bytes()
    assert document.sha256 == hashlib.sha256(signed.read_bytes()).hexdigest()
    assert entry.kind is TimelineKind.REFERRAL and entry.document_id == document.id
    assert entry.title == "Referred to the Clinical Support Group (Occupational Health)"


def test_in_place_of_formal_action_needs_non_cooperation_explained(
    store: Store, frozen_clock: object, tmp_path: Path
) -> None:
    case_id = add_case(store, "Ada", "Lovelace", 1)
    with pytest.raises(ValidationError, match="disciplinary process") as refused:
        refer(store, case_id, agreement(tmp_path), in_place_of_formal_action=True)
    assert refused.value.field == "non_cooperation_explained"
    _nothing_stored(store)
    refer(
        store,
        case_id,
        agreement(tmp_path),
        in_place_of_formal_action=True,
        non_cooperation_explained=True,
    )
    with store.session() as session:
        referral = session.exec(select(ExternalReferral)).one()
    assert referral.in_place_of_formal_action and referral.non_cooperation_explained


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp: tmp / "missing.pdf", "There is no file at"),
        (lambda tmp: tmp, "is a folder"),
        (lambda tmp: (tmp / "empty.pdf", (tmp / "empty.pdf").write_bytes(b""))[0], "is empty"),
        (lambda tmp: Path(""), "Attach the signed agreement"),
    ],
)
def test_an_unreadable_agreement_is_refused_and_nothing_is_stored(
    store: Store, frozen_clock: object, tmp_path: Path, make: object, words: str
) -> None:
    case_id = add_case(store, "Ada", "Lovelace", 1)
    path = make(tmp_path)  # type: ignore[operator]
    typed = "" if str(path) == "." else str(path)
    with pytest.raises(ValidationError, match=words) as refused:
        refer(store, case_id, Path("unused"), agreement_path=typed)
    assert refused.value.field == "agreement_path"
    _nothing_stored(store)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"route": None}, "route", "CoM, OH or self-referral"),
        ({"route_context": "gossip"}, "route_context", "Choose what the referral follows"),
        ({"referrer_name": ""}, "referrer_name", "Name the referring CoM"),
        ({"expected_outcomes": "  "}, "expected_outcomes", "is required"),
        ({"expected_outcomes": "ok\x1b]52;c;evil\x07"}, "expected_outcomes", "control"),
        ({"agreed_on": "2026-11-31"}, "agreed_on", "not a real date"),
        ({"agreed_on": "2026-12-25"}, "agreed_on", "in the future"),
    ],
)
def test_bad_referral_input_is_refused_and_nothing_is_stored(
    store: Store,
    frozen_clock: object,
    tmp_path: Path,
    changes: dict[str, object],
    field: str,
    words: str,
) -> None:
    case_id = add_case(store, "Ada", "Lovelace", 1)
    with pytest.raises(ValidationError, match=words) as refused:
        refer(store, case_id, agreement(tmp_path), **changes)
    assert refused.value.field == field
    _nothing_stored(store)


def test_a_self_referral_needs_no_referrer_and_markup_is_kept(
    store: Store, frozen_clock: object, tmp_path: Path
) -> None:
    case_id = add_case(store, "Ada", "Lovelace", 1)
    refer(
        store,
        case_id,
        agreement(tmp_path),
        route=CsgRoute.SELF,
        referrer_name="",
        expected_outcomes="[bold]Confidence[/bold] in theatre",
    )
    with store.session() as session:
        referral = session.exec(select(ExternalReferral)).one()
    assert referral.referrer_name is None
    assert referral.expected_outcomes == "[bold]Confidence[/bold] in theatre"


def test_a_second_open_referral_and_a_closed_case_are_refused(
    store: Store, frozen_clock: object, tmp_path: Path
) -> None:
    case_id = add_case(store, "Ada", "Lovelace", 1)
    refer(store, case_id, agreement(tmp_path))
    with pytest.raises(ValidationError, match="already referred to the CSG on Sun 22 Nov 2026"):
        refer(store, case_id, agreement(tmp_path))
    closed = add_case(store, "Grace", "Hopper", 2, status=CaseStatus.CLOSED)
    with pytest.raises(ValidationError, match="is closed; reopen it"):
        refer(store, closed, agreement(tmp_path))
    with store.session() as session:
        brief = referrals.case_brief(session=session, case_id=case_id)
    assert brief.reference == "C-000001" and brief.practitioner == "Dr Ada Lovelace"
    assert brief.active_csg_referral_on is not None and not brief.closed

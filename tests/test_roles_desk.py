"""The role matrix through the desk, on the local file and on the team server alike: each
person signs in as themselves and reads what their role gives them, through the services
their screens use."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from remedy_tui.services.common.access import access_of
from remedy_tui.services.desk import Desk
from remedy_tui.services.oversight import trainees
from remedy_tui.store import Store
from remedy_tui.store.models import Role
from tests.conftest import PASSPHRASE
from tests.helpers.roles import Trainees, make_trainees
from tests.helpers.users import add_colleague

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def team(store: Store) -> Iterator[Trainees]:
    yield make_trainees(store)


def signed_in(store: Store, username: str) -> Desk:
    return Desk(Store.open(store.where, username, PASSPHRASE))


def test_each_role_has_its_own_areas(store: Store) -> None:
    assert access_of(store.user).areas == (
        "queue",
        "cases",
        "caseload",
        "csg",
        "audit",
        "records",
        "users",
    )
    for username, role, areas in (
        ("tess", Role.TPD, ("trainees",)),
        ("cara", Role.CLINICAL_DIRECTOR, ("csg",)),
        ("adam", Role.ADMINISTRATOR, ("users",)),
        (
            "dee",
            Role.DEPUTY_POSTGRADUATE_DEAN,
            ("queue", "cases", "caseload", "csg", "audit", "records", "equality"),
        ),
    ):
        add_colleague(store, username, username.title(), role, PASSPHRASE)
        desk = signed_in(store, username)
        try:
            assert desk.access.areas == areas
        finally:
            desk.close()


def test_a_tpd_sees_their_trainees_cases_and_only_the_shared_actions(team: Trainees) -> None:
    tess = signed_in(team.store, "tess")
    try:
        page = tess.read(
            trainees.trainee_cases_page, query=trainees.TraineesQuery(), offset=0, limit=20
        )
        assert [row.reference for row in page.rows] == ["C-000001"] and page.total == 1
        row = page.rows[0]
        assert row.programme == "Paediatrics" and row.open_shared_actions == 1
        assert row.case_manager == "Asha Example"
        detail = tess.read(trainees.trainee_case, case_id=team.paediatrics)
        assert [a.description for a in detail.actions] == ["Shared action"]
        with pytest.raises(Exception, match="not one of your trainees'"):
            tess.read(trainees.trainee_case, case_id=team.surgery)
        found = tess.read(
            trainees.trainee_cases_page,
            query=trainees.TraineesQuery("surge"),
            offset=0,
            limit=20,
        )
        assert found.total == 0
    finally:
        tess.close()


def test_a_case_manager_sees_every_case_there(team: Trainees) -> None:
    page = Desk(team.store).read(
        trainees.trainee_cases_page, query=trainees.TraineesQuery(), offset=0, limit=20
    )
    assert page.total == 2


def test_a_tpd_submits_a_referral_for_their_trainee_and_follows_it(team: Trainees) -> None:
    from remedy_tui.services.triage.intake import ReferralDraft, create_referral
    from remedy_tui.services.triage.practitioner_lookup import find_practitioners
    from remedy_tui.store.models import ReferralSource, ReferralStatus, Trigger

    tess = signed_in(team.store, "tess")
    try:
        found = tess.read(find_practitioners, text="Paedsworth")
        assert [m.name for m in found] == ["Dr Ada Paedsworth"]
        assert tess.read(find_practitioners, text="Surgeson") == []
        draft = ReferralDraft(
            practitioner_id=found[0].id,
            source=ReferralSource.TPD,
            received_on="2026-11-20",
            triggers=(Trigger.ALTERCATION,),
            form1_received_on="2026-11-20",
            form1_completed_by="Tess Tpd",
            form1_what_happened="Missed three night shifts without notice.",
        )
        result = tess.change(create_referral, draft=draft)
        assert result.linked_case_reference == "C-000001"
        submitted = tess.read(trainees.submitted_referrals)
        assert [r.reference for r in submitted] == [result.reference]
        assert submitted[0].status in (
            ReferralStatus.AWAITING_TRIAGE,
            ReferralStatus.AWAITING_INFORMATION,
        )
    finally:
        tess.close()
    # The case managers see it in the queue, joined to the trainee's open case.
    from remedy_tui.services.triage.queue import QueueQuery, queue_page

    page = Desk(team.store).read(
        queue_page, query=QueueQuery(), offset=0, limit=20, today=date(2026, 11, 29)
    )
    assert result.reference in [row.reference for row in page.rows]

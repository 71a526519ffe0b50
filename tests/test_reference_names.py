"""Trusts, programmes, TPDs and educational supervisors: the spellings on the record are
offered as kept lists, and two spellings of one name are merged into one, every record
changed audited; a wrong merge is refused and changes nothing."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.triage.reference_names import known_names, merge_names
from remedy_tui.store import Store
from remedy_tui.store.models import AuditEntry, Practitioner, Referral, Role
from tests.conftest import PASSPHRASE
from tests.helpers.users import add_colleague
from tests.test_triage import _referral

pytestmark = pytest.mark.usefixtures("frozen_clock")


def test_two_spellings_of_a_trust_become_one_and_each_change_is_audited(store: Store) -> None:
    _referral(store, trust="Lowmoor Teaching Hospitals")
    _referral(store, number="9123457", trust="Lowmoor Teaching Hosp.")
    with store.session() as session:
        trusts = known_names(session=session).trusts
        assert {"Lowmoor Teaching Hospitals", "Lowmoor Teaching Hosp."} <= set(trusts)
        assert "Northfield Demo NHS Trust" in trusts  # an employer is a trust too
        before = len(session.exec(select(AuditEntry)).all())
        changed = merge_names(
            session=session,
            actor_id=store.user.id,
            kind="trust",
            keep="Lowmoor Teaching Hospitals",
            merge="Lowmoor Teaching Hosp.",
        )
        assert changed == 1
        assert "Lowmoor Teaching Hosp." not in known_names(session=session).trusts
        assert {r.trust for r in session.exec(select(Referral)).all()} == {
            "Lowmoor Teaching Hospitals"
        }
        audited = session.exec(select(AuditEntry).where(col(AuditEntry.id) > before)).all()
        assert [(a.table_name, a.action) for a in audited] == [("referrals", "update")]


def test_a_wrong_merge_is_refused_and_changes_nothing(store: Store) -> None:
    _referral(store, trust="Lowmoor Teaching Hospitals")
    add_colleague(
        store, "tess", "Tess TPD", Role.TPD, PASSPHRASE, programmes=("Core Medical Training",)
    )
    with store.session() as session:
        cases = [
            ("trust", "Lowmoor Teaching Hospitals", "Lowmoor Teaching Hospitals", "the same"),
            ("trust", "Lowmoor Teaching Hospitals", "Nowhere General", "No record has"),
            ("trust", "", "Lowmoor Teaching Hospitals", "spelling to keep"),
            ("colour", "a", "b", "Choose which list"),
            ("programme", "Core Medicine", "Core Medical Training", "a TPD or head of school"),
        ]
        for kind, keep, merge, message in cases:
            with pytest.raises(ValidationError, match=message):
                merge_names(
                    session=session, actor_id=store.user.id, kind=kind, keep=keep, merge=merge
                )
            session.rollback()
        programmes = {p.programme for p in session.exec(select(Practitioner)).all()}
        assert programmes == {"Core Medical Training"}


def test_tpds_and_supervisors_are_lists_too(store: Store) -> None:
    _referral(store)
    with store.session() as session:
        practitioner = session.exec(select(Practitioner)).one()
        practitioner.tpd_name = "Dr Demo TPD-North"
        practitioner.educational_supervisor = "Dr Sample Mentor"
        session.add(practitioner)
        session.commit()
        names = known_names(session=session)
    assert names.tpds == ("Dr Demo TPD-North",)
    assert names.educational_supervisors == ("Dr Sample Mentor",)
    assert names.programmes == ("Core Medical Training",)

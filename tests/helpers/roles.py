"""A TPD and two trainees' cases, one in their programme, each with a shared and an
unshared action: the same on the local file and the team server."""

from __future__ import annotations

from dataclasses import dataclass

from remedy_tui.services.case.actions import add_action
from remedy_tui.services.desk import Desk
from remedy_tui.store import Store
from remedy_tui.store.models import Case, Practitioner, Role
from tests.conftest import PASSPHRASE
from tests.helpers.cases import make_case
from tests.helpers.users import add_colleague


@dataclass(frozen=True)
class Trainees:
    store: Store
    paediatrics: int  # a trainee in tess's programme (Paediatrics)
    surgery: int  # a trainee outside it


def make_trainees(store: Store) -> Trainees:
    """tess (TPD of Paediatrics), a case in her programme and one outside it, each with a
    shared and an unshared action."""
    add_colleague(store, "tess", "Tess Tpd", Role.TPD, PASSPHRASE, ("Paediatrics",))
    paediatrics = make_case(store, reference="C-000001", family_name="Paedsworth")
    surgery = make_case(
        store, reference="C-000002", family_name="Surgeson", registration_number="7000002"
    )
    with store.session() as session:
        for case_id, programme in ((paediatrics, "Paediatrics"), (surgery, "Surgery")):
            case = session.get(Case, case_id)
            assert case is not None
            person = session.get(Practitioner, case.practitioner_id)
            assert person is not None
            person.programme = programme
            session.add(person)
        session.commit()
    for case_id in (paediatrics, surgery):
        for shared in (False, True):
            Desk(store).change(
                add_action,
                case_id=case_id,
                description=f"{'Shared' if shared else 'Unshared'} action",
                due_on="2026-12-20",
                shared_with_tpd=shared,
            )
    return Trainees(store, paediatrics, surgery)

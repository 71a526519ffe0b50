"""Building small cases in a test store, and writing as another member of the team."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlmodel import Session, select

from remedy_tui.store import Store
from remedy_tui.store.models import (
    Case,
    CaseStatus,
    Grade,
    Practitioner,
    RegistrationBody,
    Role,
    User,
)

OPENED = date(2026, 3, 2)


def make_case(
    store: Store,
    *,
    reference: str = "C-000001",
    opened_on: date = OPENED,
    level: int = 2,
    status: CaseStatus = CaseStatus.OPEN,
    family_name: str = "Casewell",
    registration_number: str = "7000001",
) -> int:
    """A case about a new practitioner, managed by the store's user; returns its id."""
    with store.session() as session:
        practitioner = Practitioner(
            given_names="Ada",
            family_name=family_name,
            registration_body=RegistrationBody.GMC,
            registration_number=registration_number,
            grade=Grade.SPECIALTY_REGISTRAR,
            programme="Acute Medicine",
            employer="Northgate Example Trust",
        )
        session.add(practitioner)
        session.flush()
        assert practitioner.id is not None
        case = Case(
            reference=reference,
            practitioner_id=practitioner.id,
            level=level,
            status=status,
            opened_on=opened_on,
            case_manager_id=store.user.id,
            checklist_edition="fairness-framework-1",
        )
        session.add(case)
        session.commit()
        assert case.id is not None
        return case.id


def add_colleague(
    store: Store,
    username: str = "bo",
    full_name: str = "Bo Colleague",
    *,
    role: Role = Role.CLINICAL_CASE_MANAGER,
    active: bool = True,
) -> int:
    """Another member of the team (no key slot: they only appear in the record). On a team
    server the users table is the administrator's: the row is written as the database owner."""
    if store.server is not None and not store.server.names_user:
        from tests.conftest import PASSPHRASE, USERNAME
        from tests.helpers.postgres import owner_address

        owner = Store.open(owner_address(store.server.database), USERNAME, PASSPHRASE)
        try:
            return add_colleague(owner, username, full_name, role=role, active=active)
        finally:
            owner.close()
    with store.session() as session:
        user = User(username=username, full_name=full_name, role=role, active=active)
        session.add(user)
        session.commit()
        assert user.id is not None
        return user.id


@contextmanager
def session_as(store: Store, username: str) -> Iterator[Session]:
    """A session whose writes are audited as ``username`` (someone else at another desk)."""
    with store.session() as session:
        session.info["actor"] = username
        user = session.exec(select(User).where(User.username == username)).one()
        session.info["actor_id"] = user.id
        yield session

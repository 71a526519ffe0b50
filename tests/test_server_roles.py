"""The role matrix on the team server, tried as each role's own login with plain SQL.

Whatever a screen shows, these are the rows and columns the server itself hands each person:
a TPD reading the case tables directly gets only trainees in their programmes and only what is
shared with them; a confidential note is invisible to a TPD, a CSG member and even a case
manager who does not manage that case; an administrator reads no case at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import psycopg
import pytest
from sqlmodel import select

from remedy_tui.services.case.actions import add_action
from remedy_tui.services.case.timeline import record_entry
from remedy_tui.services.desk import Desk
from remedy_tui.store import Store
from remedy_tui.store.backend import Backend
from remedy_tui.store.models import (
    AgendaItem,
    AgendaItemKind,
    Case,
    CsgMeeting,
    CsgMeetingStatus,
    CsgMember,
    Practitioner,
    PractitionerEquality,
    Role,
    TimelineKind,
    User,
)
from remedy_tui.store.server import ServerAddress
from tests.conftest import PASSPHRASE
from tests.helpers.cases import make_case
from tests.helpers.users import add_colleague

PEOPLE = {
    "tess": (Role.TPD, ("Paediatrics",)),
    "cara": (Role.CLINICAL_DIRECTOR, ()),
    "adam": (Role.ADMINISTRATOR, ()),
    "bo": (Role.CLINICAL_CASE_MANAGER, ()),
    "dee": (Role.DEPUTY_POSTGRADUATE_DEAN, ()),
}


@dataclass(frozen=True)
class Team:
    """The cases each test reads, and how to sign in as each person."""

    address: ServerAddress
    paediatrics: int  # a trainee in tess's programme; managed by asha; on no agenda
    surgery: int  # outside tess's programme; on the CSG's agenda
    bo_case: int  # managed by bo, with a confidential note of bo's

    def sql(self, who: str) -> psycopg.Connection[tuple[object, ...]]:
        host, port = self.address.url.split("//")[1].split("/")[0].split(":")
        return psycopg.connect(
            host=host,
            port=port,
            dbname=self.address.database,
            user=self.address.login_role(who),
            password=PASSPHRASE,
            autocommit=True,
        )


def rows(conn: psycopg.Connection[tuple[object, ...]], query: str) -> list[tuple[object, ...]]:
    return conn.execute(query).fetchall()  # type: ignore[arg-type]


def denied(conn: psycopg.Connection[tuple[object, ...]], query: str) -> bool:
    try:
        conn.execute(query)  # type: ignore[arg-type]
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


@pytest.fixture
def team(store: Store, backend: Backend) -> Iterator[Team]:
    if backend.name != "postgresql":
        pytest.skip("the role matrix is enforced by the team server")
    assert isinstance(store.where, ServerAddress)
    for name, (role, programmes) in PEOPLE.items():
        add_colleague(store, name, name.title(), role, PASSPHRASE, programmes)
    paediatrics = make_case(store, reference="C-000001", family_name="Paedsworth")
    surgery = make_case(
        store, reference="C-000002", family_name="Surgeson", registration_number="7000002"
    )
    bo_case = make_case(
        store, reference="C-000003", family_name="Bocase", registration_number="7000003"
    )
    with store.session() as session:
        ids = {u.username: u.id for u in session.exec(select(User))}
        for case_id, programme in ((paediatrics, "Paediatrics"), (surgery, "Surgery")):
            case = session.get(Case, case_id)
            assert case is not None
            person = session.get(Practitioner, case.practitioner_id)
            assert person is not None
            person.programme = programme
            session.add(person)
            session.add(
                PractitionerEquality(practitioner_id=case.practitioner_id, ethnicity="white")
            )
        bo = session.get(Case, bo_case)
        assert bo is not None
        bo.case_manager_id = ids["bo"]
        session.add(bo)
        member = CsgMember(
            name="Cara", role="deputy_dme", user_id=ids["cara"], joined_on=date(2026, 1, 5)
        )
        session.add(member)
        meeting = CsgMeeting(
            starts_at=datetime(2026, 12, 3, 14, tzinfo=UTC),
            status=CsgMeetingStatus.PLANNED,
            created_by_id=store.user.id,
        )
        session.add(meeting)
        session.flush()
        assert meeting.id is not None
        session.add(
            AgendaItem(
                meeting_id=meeting.id,
                position=1,
                kind=AgendaItemKind.NEW_REFERRAL,
                case_id=surgery,
                title="Surgeson",
            )
        )
        session.commit()
    for case_id in (paediatrics, surgery):
        for confidential in (False, True):
            Desk(store).change(
                record_entry,
                case_id=case_id,
                kind=TimelineKind.NOTE,
                title="confidential" if confidential else "open",
                body="Occupational health: details" if confidential else "Met the trainee.",
                confidential=confidential,
            )
        for shared in (False, True):
            Desk(store).change(
                add_action,
                case_id=case_id,
                description="shared" if shared else "unshared",
                due_on="2026-12-20",
                shared_with_tpd=shared,
            )
    bo_store = Store.open(store.where, "bo", PASSPHRASE)
    try:
        Desk(bo_store).change(
            record_entry,
            case_id=bo_case,
            kind=TimelineKind.NOTE,
            title="bo's confidential",
            body="Health details only bo may read.",
            confidential=True,
        )
    finally:
        bo_store.close()
    yield Team(store.where, paediatrics, surgery, bo_case)


def test_a_tpd_reading_the_case_tables_gets_only_what_the_matrix_allows(team: Team) -> None:
    with team.sql("tess") as tess:
        assert rows(tess, "SELECT id FROM cases ORDER BY id") == [(team.paediatrics,)]
        assert rows(tess, "SELECT reference, level, status FROM cases") == [("C-000001", 2, "open")]
        assert denied(tess, "SELECT summary FROM cases")
        assert rows(tess, "SELECT description FROM actions") == [("shared",)]
        assert denied(tess, "SELECT * FROM timeline_entries")
        assert rows(tess, "SELECT family_name FROM practitioners") == [("Paedsworth",)]
        assert denied(tess, "SELECT * FROM practitioner_equality")
        assert denied(tess, "SELECT * FROM audit_entries")
        assert denied(tess, "SELECT * FROM checklist_answers")
        assert denied(tess, "UPDATE cases SET level = 3")


def test_a_confidential_note_is_seen_only_by_the_case_managers_of_its_case(team: Team) -> None:
    with team.sql("cara") as cara:
        assert denied(cara, "SELECT * FROM timeline_entries")
        assert rows(cara, "SELECT id FROM cases") == [(team.surgery,)]
        assert rows(cara, "SELECT family_name FROM practitioners") == [("Surgeson",)]
        assert denied(cara, "SELECT * FROM practitioner_equality")
    with team.sql("bo") as bo:
        titles = rows(bo, "SELECT title FROM timeline_entries WHERE confidential ORDER BY id")
        assert titles == [("bo's confidential",)]
        # bo works every case of the team, but not asha's confidential notes.
        assert len(rows(bo, "SELECT id FROM cases")) == 3
        assert len(rows(bo, "SELECT id FROM timeline_entries WHERE NOT confidential")) >= 2
    with team.sql("dee") as dee:
        # The Deputy Dean sees every case, and no confidential note of a case they do not own.
        assert len(rows(dee, "SELECT id FROM cases")) == 3
        assert rows(dee, "SELECT id FROM timeline_entries WHERE confidential") == []


def test_equality_answers_are_seen_only_by_the_case_managers_of_the_persons_case(
    team: Team,
) -> None:
    answers = "SELECT ethnicity FROM practitioner_equality"
    person_of = "SELECT practitioner_id, 'mixed' FROM cases WHERE id = {}"
    add = "INSERT INTO practitioner_equality (practitioner_id, ethnicity) " + person_of
    with team.sql("tess") as tess:
        assert denied(tess, answers)
    with team.sql("cara") as cara:
        assert denied(cara, answers)
    with team.sql("asha") as asha:
        # asha manages the Paediatrics and Surgery cases.
        assert rows(asha, answers) == [("white",), ("white",)]
    with team.sql("bo") as bo:
        # bo manages a case of the team, but not these people's.
        assert rows(bo, answers) == []
        assert bo.execute("UPDATE practitioner_equality SET ethnicity = 'mixed'").rowcount == 0
        assert denied(bo, add.format(team.paediatrics))
        bo.execute(add.format(team.bo_case))
        assert rows(bo, answers) == [("mixed",)]
    with team.sql("dee") as dee:
        # The Deputy Dean sees every case, and no answers of a person whose case they do not own.
        assert rows(dee, answers) == []
    with team.sql("asha") as asha:
        asha.execute(
            "UPDATE cases SET senior_owner_id = (SELECT id FROM users WHERE username = 'dee') "
            f"WHERE id = {team.surgery}"
        )
    with team.sql("dee") as dee:
        # ...and those of the person whose case they are senior owner of.
        assert rows(dee, answers) == [("white",)]


def test_an_administrator_manages_users_and_reads_no_case(team: Team) -> None:
    with team.sql("adam") as adam:
        assert denied(adam, "SELECT id FROM cases")
        assert denied(adam, "SELECT * FROM referrals")
        assert denied(adam, "SELECT * FROM practitioners")
        assert len(rows(adam, "SELECT username FROM users")) == 6


def test_no_desktop_can_change_another_persons_key_slot_or_the_trail(team: Team) -> None:
    with team.sql("bo") as bo:
        changed = bo.execute("UPDATE key_slots SET slot = slot WHERE name = 'user:asha'")
        assert changed.rowcount == 0
        assert bo.execute("UPDATE key_slots SET slot = slot WHERE name = 'user:bo'").rowcount == 1
        assert denied(bo, "DELETE FROM audit_entries")
        assert denied(bo, "UPDATE audit_entries SET actor = 'x'")
        assert denied(bo, "DELETE FROM store_meta")


def test_a_refusal_by_the_server_reaches_the_desk_as_words(team: Team) -> None:
    from remedy_tui.services.case.case_summary import case_summary
    from remedy_tui.services.common.errors import PermissionDeniedError

    tess = Store.open(team.address, "tess", PASSPHRASE)
    try:
        with pytest.raises(PermissionDeniedError, match="Your role may not see or change this"):
            Desk(tess).read(case_summary, case_id=team.paediatrics)
    finally:
        tess.close()


def test_the_matrix_places_every_role_and_guards_every_table(store: Store) -> None:
    from remedy_tui.store.roles import load_matrix
    from remedy_tui.store.server_policies import COMMON

    if store.server is None:
        pytest.skip("the role matrix is enforced by the team server")
    matrix = load_matrix()
    assert sorted(r for g in matrix.groups for r in g.roles) == sorted(Role)
    with store.engine.connect() as conn:
        from sqlalchemy import text

        tables = set(
            conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            ).scalars()
        )
    assert tables == set(matrix.tables) | set(COMMON)

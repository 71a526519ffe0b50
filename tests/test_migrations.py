"""Migrations and models agree, and every migration runs up and back down."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.command import downgrade, upgrade
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlmodel import SQLModel

from remedy_tui.services.triage.practitioner_lookup import find_practitioners
from remedy_tui.store import Store
from remedy_tui.store.engine import make_engine
from remedy_tui.store.migrate import alembic_config, head_revision
from remedy_tui.store.migrations.hooks import include_object
from remedy_tui.store.models import Case, Practitioner
from tests.conftest import PASSPHRASE, USERNAME
from tests.helpers.cases import make_case

ANSWERS = (
    "ethnicity",
    "sex",
    "age_band",
    "disability",
    "religion",
    "sexual_orientation",
    "international_graduate",
)


@contextmanager
def _migrating(store: Store) -> Iterator[tuple[Connection, Config]]:
    """A connection that may change the schema, with Alembic's configuration on it: the
    file's own (foreign keys off, DDL in transactions), or the team database's owner's. The
    store is closed first."""
    key = store.data_key()
    server = store.server
    where = store.where
    store.close()
    if server is None:
        assert isinstance(where, Path)
        engine = make_engine(where, key, transactional_ddl=True)
    else:
        from tests.helpers.postgres import owner_address

        engine = owner_address(server.database).owner_engine()
    try:
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            yield conn, config
            conn.commit()
    finally:
        engine.dispose()


@pytest.mark.local_file
def test_the_models_match_the_migrations(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == [], "a model changed without a migration: " + repr(differences)


@pytest.mark.local_file
def test_every_migration_goes_down_and_up_again(store: Store, store_path: Path) -> None:
    key = store.data_key()
    store.close()
    engine = make_engine(store_path, key, transactional_ddl=True)
    try:
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            downgrade(config, "base")
            tables = conn.execute(text("SELECT name FROM sqlite_schema WHERE type='table'"))
            assert {row[0] for row in tables} == {"alembic_version"}
            upgrade(config, "head")
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert revision == head_revision()
    finally:
        engine.dispose()


@pytest.mark.local_file
def test_0006_moves_each_last_activity_to_its_own_table_and_back(
    store: Store, store_path: Path
) -> None:
    case_id = make_case(store)
    key = store.data_key()
    store.close()
    engine = make_engine(store_path, key, transactional_ddl=True)
    try:
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            downgrade(config, "0005")
            conn.execute(text("UPDATE cases SET last_activity_at = '2026-01-02 03:04:05.000000'"))
            upgrade(config, "head")
            moved = conn.execute(
                text("SELECT last_activity_at FROM case_activity WHERE case_id = :id"),
                {"id": case_id},
            ).scalar()
            assert moved == "2026-01-02 03:04:05.000000"
            columns = {row[1] for row in conn.execute(text("PRAGMA table_info(cases)"))}
            assert "last_activity_at" not in columns
            downgrade(config, "0005")
            back = conn.execute(text("SELECT last_activity_at FROM cases")).scalar()
            assert back == "2026-01-02 03:04:05.000000"
            upgrade(config, "head")
    finally:
        engine.dispose()


def test_0010_moves_the_equality_answers_to_their_own_table_and_back(store: Store) -> None:
    answered = make_case(store, family_name="Answered")
    silent = make_case(
        store, reference="C-000002", family_name="Silent", registration_number="7000002"
    )
    where = store.where
    with _migrating(store) as (conn, config):
        downgrade(config, "0009")
        conn.execute(
            text(
                "UPDATE practitioners SET ethnicity = 'prefer_not_to_say', sex = 'female' "
                "WHERE id = (SELECT practitioner_id FROM cases WHERE id = :id)"
            ),
            {"id": answered},
        )
        upgrade(config, "head")
        moved = conn.execute(
            text(
                f"SELECT p.family_name, {', '.join('e.' + a for a in ANSWERS)} "
                "FROM practitioner_equality AS e JOIN practitioners AS p "
                "ON p.id = e.practitioner_id"
            )
        ).all()
        # One row, for the practitioner who has any answer; the silent one has none.
        assert [tuple(row) for row in moved] == [
            ("Answered", "prefer_not_to_say", "female", None, None, None, None, None)
        ]
        columns = {c["name"] for c in inspect(conn).get_columns("practitioners")}
        assert columns.isdisjoint(ANSWERS) and "family_name" in columns
        downgrade(config, "0009")
        back = conn.execute(
            text(f"SELECT family_name, {', '.join(ANSWERS)} FROM practitioners ORDER BY id")
        ).all()
        assert [tuple(row) for row in back] == [
            ("Answered", "prefer_not_to_say", "female", None, None, None, None, None),
            ("Silent", None, None, None, None, None, None, None),
        ]
        assert not inspect(conn).has_table("practitioner_equality")
        upgrade(config, "head")
    # The name search (kept in step by triggers on the local file) still finds people, old
    # names and new ones, after the columns went.
    reopened = Store.open(where, USERNAME, PASSPHRASE)
    try:
        with reopened.session() as session:
            case = session.get(Case, silent)
            assert case is not None
            person = session.get(Practitioner, case.practitioner_id)
            assert person is not None
            person.family_name = "Renamed"
            session.add(person)
            session.commit()
        with reopened.session() as session:
            assert [m.name for m in find_practitioners(session=session, text="Answered")] == [
                "Dr Ada Answered"
            ]
            assert [m.name for m in find_practitioners(session=session, text="Renamed")] == [
                "Dr Ada Renamed"
            ]
            assert find_practitioners(session=session, text="Silent") == []
    finally:
        reopened.close()


# Rows as they were written before 0013: codes, labels and free text side by side.
OLD_DECISIONS = (
    ("triage", "open_case", None, None, "open_case", "Open a case"),
    ("triage", "Escalate to the Dean", None, None, "escalate_to_dean", "Escalate to the Dean"),
    ("level_change", "Level 2 to 3", "2", "3", "level_raised", "Level 2 to 3"),
    ("level_change", "Level 3 to 2", "3", "2", "level_lowered", "Level 3 to 2"),
    ("level_change", "Level 3 to 3", "3", "3", "recorded", "Level 3 to 3"),
    ("status_change", "Support gone quiet", "open", "quiet", "gone_quiet", "Support gone quiet"),
    ("escalation", "Escalated to the Dean", None, None, "escalated_to_dean", None),
    ("closure", "Closed", None, None, "closed", "Closed"),
    ("closure", "Closed: plan completed", "open", "closed", "closed", None),
    ("csg_outcome", "Continue under CSG review", None, None, "csg_outcome_recorded", None),
    ("chair_dispute", "Chair's decision: stands", None, None, "chair_decided", None),
)


def test_0013_codes_every_decision_and_keeps_its_words_apart(store: Store) -> None:
    case_id = make_case(store)
    user_id = store.user.id
    with _migrating(store) as (conn, config):
        downgrade(config, "0010")
        for kind, outcome, before, after, _, _ in OLD_DECISIONS:
            conn.execute(
                text(
                    "INSERT INTO decisions (case_id, kind, outcome, from_value, to_value, "
                    "rationale, decided_by_id, decided_at) VALUES (:case, :kind, :outcome, "
                    ":before, :after, 'Reasons.', :user, CURRENT_TIMESTAMP)"
                ),
                {
                    "case": case_id,
                    "kind": kind,
                    "outcome": outcome,
                    "before": before,
                    "after": after,
                    "user": user_id,
                },
            )
        upgrade(config, "head")
        rows = conn.execute(text("SELECT code, outcome FROM decisions ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [
            (code, words if words is not None else outcome)
            for _, outcome, _, _, code, words in OLD_DECISIONS
        ]
        downgrade(config, "0010")
        # Going back, a triage decision holds its code again, as the code before 0013 reads it.
        back = conn.execute(text("SELECT outcome FROM decisions ORDER BY id")).all()
        assert [r[0] for r in back] == [
            code if kind == "triage" else outcome for kind, outcome, _, _, code, _ in OLD_DECISIONS
        ]
        upgrade(config, "head")

"""The team server: its schema, its logins, what a desktop's login may do, and its commands.

Every test here runs on the throwaway PostgreSQL cluster of ``scripts/with-postgres``; the
service suite runs on it as well, through the ``backend`` fixture.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import SQLModel

from remedy_tui.services.common import users
from remedy_tui.services.desk import Desk
from remedy_tui.store import PassphrasePolicyError, Store, StoreError, WrongPassphraseError
from remedy_tui.store.backend import Backend
from remedy_tui.store.migrations.hooks import include_object
from remedy_tui.store.models import Role
from remedy_tui.store.server import PLAIN_LOOPBACK, VERIFY_FULL, ServerAddress
from tests.conftest import PASSPHRASE, USERNAME
from tests.helpers import postgres as pg
from tests.helpers.users import add_colleague

ROOT = Path(__file__).parent.parent


@pytest.fixture
def server_only(backend: Backend) -> None:
    if backend.name != "postgresql":
        pytest.skip("about the team server")


pytestmark = pytest.mark.usefixtures("server_only")


def _connect(address: ServerAddress, login: str, password: str) -> psycopg.Connection[object]:
    host, port = address.url.split("//")[1].split("/")[0].split(":")
    return psycopg.connect(  # type: ignore[return-value]
        host=host, port=port, dbname=address.database, user=login, password=password
    )


def test_the_models_match_the_migrations_on_postgresql(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == [], "a model changed without a migration: " + repr(differences)


def test_a_desktop_signs_in_as_its_own_login_never_the_owner(store: Store) -> None:
    assert store.server is not None
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar_one() == (
            f"{store.server.database}.{USERNAME}"
        )
        owner = conn.execute(
            text("SELECT tableowner FROM pg_tables WHERE tablename = 'cases'")
        ).scalar_one()
        assert owner != conn.execute(text("SELECT current_user")).scalar_one()


def test_a_desktop_cannot_change_or_delete_the_audit_trail(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_entries")).scalar_one() > 0
        for statement in ("UPDATE audit_entries SET actor = 'x'", "DELETE FROM audit_entries"):
            with pytest.raises(ProgrammingError, match="permission denied"):
                conn.execute(text(statement))
            conn.rollback()


def test_a_wrong_passphrase_and_an_unknown_user_get_the_same_refusal(store: Store) -> None:
    where = store.where
    for user, passphrase in ((USERNAME, "not the passphrase"), ("nobody", PASSPHRASE)):
        with pytest.raises(WrongPassphraseError, match="Wrong user name or passphrase"):
            Store.open(where, user, passphrase)


def test_changing_a_passphrase_changes_the_login_too(store: Store) -> None:
    where = store.where
    assert isinstance(where, ServerAddress)
    users.change_passphrase(store=store, new_passphrase="a brand new passphrase")
    store.close()
    with pytest.raises(WrongPassphraseError):
        Store.open(where, USERNAME, PASSPHRASE)
    with pytest.raises(psycopg.OperationalError):
        _connect(where, where.login_role(USERNAME), PASSPHRASE).close()
    Store.open(where, USERNAME, "a brand new passphrase").close()


def test_disabling_a_colleague_drops_their_login_and_ends_their_sessions(store: Store) -> None:
    where = store.where
    assert isinstance(where, ServerAddress)
    add_colleague(store, "bo", "Bo Colleague", Role.CLINICAL_CASE_MANAGER, PASSPHRASE)
    theirs = Store.open(where, "bo", PASSPHRASE)
    owner = Store.open(pg.owner_address(where.database), USERNAME, PASSPHRASE)
    try:
        users.disable_user(store=owner, username="bo")
    finally:
        owner.close()
    with pytest.raises(WrongPassphraseError):
        Store.open(where, "bo", PASSPHRASE)
    # Their open connection was ended by the server, and cannot be made again.
    with (
        pytest.raises(OperationalError, match="authentication failed"),
        theirs.engine.connect() as conn,
    ):
        conn.execute(text("SELECT 1"))
    theirs.close()
    found = pg_role_exists(where.login_role("bo"))
    assert not found


def pg_role_exists(name: str) -> bool:
    url = pg.admin_url()
    assert url is not None
    with psycopg.connect(url) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
            is not None
        )


def test_a_passphrase_the_administrator_sets_is_checked_and_changed_at_first_sign_in(
    store: Store,
) -> None:
    where = store.where
    assert isinstance(where, ServerAddress)
    add_colleague(store, "bo", "Bo Colleague", Role.CLINICAL_CASE_MANAGER, PASSPHRASE)
    owner = Store.open(pg.owner_address(where.database), USERNAME, PASSPHRASE)
    try:
        rows_before = owner.server_keys()._saved
        with pytest.raises(PassphrasePolicyError, match="too easy to guess"):
            users.reset_server_passphrase(store=owner, username="bo", passphrase="password12")
        with pytest.raises(PassphrasePolicyError, match="common password"):
            users.add_user(
                store=owner,
                username="cy",
                full_name="Cy Colleague",
                role=Role.TPD,
                passphrase="1234567890",
            )
        assert owner.server_keys()._saved == rows_before
        assert not pg_role_exists(where.login_role("cy"))
        Store.open(where, "bo", PASSPHRASE).close()  # bo's slot and login are as they were
        users.reset_server_passphrase(store=owner, username="bo", passphrase="bos reset words")
    finally:
        owner.close()
    theirs = Store.open(where, "bo", "bos reset words")
    try:
        assert theirs.must_change_passphrase
        users.change_passphrase(store=theirs, new_passphrase="bo chose these words")
        assert not theirs.must_change_passphrase
    finally:
        theirs.close()
    again = Store.open(where, "bo", "bo chose these words")
    assert not again.must_change_passphrase
    again.close()
    with pytest.raises(psycopg.OperationalError):
        _connect(where, where.login_role("bo"), "bos reset words").close()


def test_a_colleague_is_added_only_by_the_owner(store: Store) -> None:
    with pytest.raises(users.PermissionDeniedError, match="remedy server users add"):
        users.add_user(
            store=store,
            username="cy",
            full_name="Cy Colleague",
            role=Role.TPD,
            passphrase=PASSPHRASE,
        )


def test_an_address_is_verify_full_unless_plainly_told_and_plain_only_on_loopback() -> None:
    assert ServerAddress("postgresql://db.example.nhs.uk/remedy").tls == VERIFY_FULL
    with pytest.raises(StoreError, match="only to this machine"):
        ServerAddress("postgresql://db.example.nhs.uk/remedy", PLAIN_LOOPBACK)
    with pytest.raises(StoreError, match="database's name"):
        ServerAddress("postgresql://db.example.nhs.uk/", VERIFY_FULL)
    with pytest.raises(StoreError, match="starts postgresql://"):
        ServerAddress("mysql://db.example.nhs.uk/remedy")
    secret = ServerAddress("postgresql://owner:hunter22@127.0.0.1/remedy", PLAIN_LOOPBACK)
    assert "hunter22" not in secret.display()


def test_a_server_that_cannot_prove_itself_is_refused_in_words(store: Store) -> None:
    where = store.where
    assert isinstance(where, ServerAddress)
    # The throwaway cluster has no certificate: verify-full must refuse to connect.
    strict = ServerAddress(where.url, VERIFY_FULL)
    with pytest.raises(StoreError) as refused:
        Store.open(strict, USERNAME, PASSPHRASE)
    assert "TLS" in str(refused.value) or "reach" in str(refused.value)


def _remedy(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "remedy_tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        timeout=120,
        cwd=ROOT,
    )


def test_an_administrator_sets_up_a_team_and_a_desktop_checks_it(
    pg_template: str, tmp_path: Path
) -> None:
    database = pg.copy_database(pg_template)
    try:
        owner_url = pg.owner_address(database).url
        desktop_url = pg.user_address(database).url
        common = {"REMEDY_CONFIG_DIR": str(tmp_path), "REMEDY_INSECURE_PLAIN_LOOPBACK": "1"}
        init = ("server", "init", owner_url, "--user", "ada", "--full-name", "Ada Admin")
        weak = _remedy(*init, env={**common, "REMEDY_NEW_PASSPHRASE": "password12"})
        assert weak.returncode == 1
        assert len(weak.stderr.strip().splitlines()) == 1
        assert "too easy to guess" in weak.stderr and "common password" in weak.stderr
        made = _remedy(
            "server",
            "init",
            owner_url,
            "--user",
            "ada",
            "--full-name",
            "Ada Admin",
            env={**common, "REMEDY_NEW_PASSPHRASE": PASSPHRASE},
        )
        assert made.returncode == 0, made.stderr
        assert "Recovery code" in made.stdout and "remedy server use" in made.stdout
        added = _remedy(
            "server",
            "users",
            "add",
            owner_url,
            "tess",
            "--role",
            "tpd",
            "--full-name",
            "Tess Programme-Director",
            env={
                **common,
                "REMEDY_USER": "ada",
                "REMEDY_PASSPHRASE": PASSPHRASE,
                "REMEDY_NEW_PASSPHRASE": "tess's own passphrase",
            },
        )
        assert added.returncode == 0, added.stderr
        assert f"'{database}.tess'" in added.stdout
        weak = _remedy(
            "server",
            "users",
            "add",
            owner_url,
            "cy",
            "--full-name",
            "Cy Colleague",
            env={
                **common,
                "REMEDY_USER": "ada",
                "REMEDY_PASSPHRASE": PASSPHRASE,
                "REMEDY_NEW_PASSPHRASE": "aaaaaaaaaa",
            },
        )
        assert weak.returncode == 1 and len(weak.stderr.strip().splitlines()) == 1
        assert "Repeats" in weak.stderr and not pg_role_exists(f"{database}.cy")
        used = _remedy("server", "use", desktop_url, env=common)
        assert used.returncode == 0, used.stderr
        # The saved profile holds the address and nothing secret.
        saved = (tmp_path / "settings.json").read_text(encoding="utf-8")
        assert (tmp_path / "settings.json").stat().st_mode & 0o777 == 0o600
        assert desktop_url in saved and PASSPHRASE not in saved
        ada = {"REMEDY_USER": "ada", "REMEDY_PASSPHRASE": PASSPHRASE}
        checked = _remedy("check", env={**common, **ada})
        assert checked.returncode == 0, checked.stderr
        assert "ok    audit chain" in checked.stdout and "ok    server" in checked.stdout
        assert "forced on every table" in checked.stdout
        assert "skipped" not in checked.stdout
        # A TPD may not read the trail: their check says so, and fails nothing.
        # Her passphrase is the one the administrator set: she chooses her own first.
        tess = {"REMEDY_USER": "tess", "REMEDY_PASSPHRASE": "tess's own passphrase"}
        refused = _remedy("check", env={**common, **tess})
        assert refused.returncode == 1 and "`remedy passwd`" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        chosen = {"REMEDY_NEW_PASSPHRASE": "tess picks her words"}
        changed = _remedy("passwd", env={**common, **tess, **chosen})
        assert changed.returncode == 0, changed.stderr
        tess = {"REMEDY_USER": "tess", "REMEDY_PASSPHRASE": "tess picks her words"}
        checked = _remedy("check", env={**common, **tess})
        assert checked.returncode == 0, checked.stderr
        assert "skipped: your role may not read the audit trail" in checked.stdout
        # Every administrator's passphrase lost: the owner resets one with the recovery code.
        code = next(w for w in made.stdout.split() if w.count("-") == 4)
        reset = _remedy(
            "server",
            "users",
            "reset",
            owner_url,
            "ada",
            "--recovery-code",
            env={
                **common,
                "REMEDY_USER": "ada",
                "REMEDY_RECOVERY_CODE": code,
                "REMEDY_NEW_PASSPHRASE": "ada's second passphrase",
            },
        )
        assert reset.returncode == 0, reset.stderr
        ada = {"REMEDY_USER": "ada", "REMEDY_PASSPHRASE": "ada's second passphrase"}
        assert _remedy("check", env={**common, **ada}).returncode == 0
        wrong = _remedy(
            "server",
            "users",
            "reset",
            owner_url,
            "ada",
            "--recovery-code",
            env={
                **common,
                "REMEDY_USER": "ada",
                "REMEDY_RECOVERY_CODE": "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA",
                "REMEDY_NEW_PASSPHRASE": "a third passphrase here",
            },
        )
        assert wrong.returncode == 1 and "recovery code does not open" in wrong.stderr
        refused = _remedy(
            "server",
            "users",
            "add",
            desktop_url,
            "x",
            env={**common, "REMEDY_USER": "ada", "REMEDY_PASSPHRASE": PASSPHRASE},
        )
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "owner" in refused.stderr
        # The app and desktop commands never sign in as the database's owner.
        as_owner = _remedy("--server", owner_url, "check", env={**common, **ada})
        assert as_owner.returncode == 1 and "names a database user" in as_owner.stderr
        assert "Traceback" not in as_owner.stderr
    finally:
        pg.drop_database(database)


def test_the_desk_works_on_the_team_database(store: Store) -> None:
    from remedy_tui.services.common.users import list_users

    desk = Desk(store)
    assert [u.username for u in desk.read(list_users)] == [USERNAME]


def test_a_colleagues_change_is_heard_within_a_second(store: Store) -> None:
    import queue
    import time

    from remedy_tui.services.case.timeline import record_entry
    from remedy_tui.store.models import TimelineKind
    from tests.helpers.cases import make_case

    case_id = make_case(store)
    add_colleague(store, "bo", "Bo Colleague", Role.CLINICAL_CASE_MANAGER, PASSPHRASE)
    heard: queue.Queue[tuple[float, frozenset[str]]] = queue.Queue()
    stop = Desk(store).watch(lambda tables: heard.put((time.monotonic(), tables)))
    assert stop is not None
    # This desktop's own change is on its screen already: it is not announced back to it.
    Desk(store).change(record_entry, case_id=case_id, kind=TimelineKind.NOTE, title="Mine")
    with pytest.raises(queue.Empty):
        heard.get(timeout=1.0)
    bo = Store.open(store.where, "bo", PASSPHRASE)
    try:
        Desk(bo).change(
            record_entry, case_id=case_id, kind=TimelineKind.NOTE, title="From bo's desk"
        )
        written = time.monotonic()  # committed: from here the colleague's change is news
        at, tables = heard.get(timeout=2)
        assert "timeline_entries" in tables and "audit_entries" not in tables
        assert at - written < 1.0
    finally:
        bo.close()
        stop()


def test_attachments_reach_the_server_sealed_and_read_back_whole(
    store: Store, tmp_path: Path
) -> None:
    from remedy_tui.services.case.documents import attach_document, document_text
    from tests.helpers.cases import make_case

    where = store.where
    assert isinstance(where, ServerAddress)
    case_id = make_case(store)
    secret = "Signed agreement: occupational health recommends a phased return."
    letter = tmp_path / "agreement.txt"
    letter.write_text(secret, encoding="utf-8")
    other = tmp_path / "letter.txt"
    other.write_text("A letter.", encoding="utf-8")
    desk = Desk(store)
    first = desk.change(attach_document, case_id=case_id, path=str(letter))
    second = desk.change(attach_document, case_id=case_id, path=str(other))
    assert desk.read(document_text, document_id=first).text == secret

    # What a dump or the server's administrator sees: no attachment.
    owner = pg.owner_address(where.database).owner_engine()
    try:
        with owner.begin() as conn:
            stored = conn.execute(
                text("SELECT content FROM document_contents WHERE document_id = :d"), {"d": first}
            ).scalar_one()
            assert secret.encode() not in bytes(stored) and bytes(stored).startswith(b"RMDA1")
            # Moving one document's sealed bytes onto another is caught, not shown.
            conn.execute(
                text(
                    "UPDATE document_contents SET content = "
                    "(SELECT content FROM document_contents WHERE document_id = :a) "
                    "WHERE document_id = :b"
                ),
                {"a": first, "b": second},
            )
    finally:
        owner.dispose()
    with pytest.raises(StoreError, match="altered, or belong to another document"):
        desk.read(document_text, document_id=second)


def test_a_local_store_moves_in_whole_and_checks_pass_on_both(
    pg_template: str, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from remedy_tui import config
    from remedy_tui.demo import DemoSpec, build_demo_store
    from remedy_tui.services.case.documents import document_text
    from remedy_tui.store.backend import backend_named
    from remedy_tui.store.check import run_checks
    from remedy_tui.store.models import Document
    from remedy_tui.store.server_import import import_store
    from tests.conftest import FAST_KDF, TODAY

    local_path = tmp_path / "local" / "remedy.db"
    local, _ = build_demo_store(
        local_path,
        DemoSpec(cases=30, seed=3, today=TODAY),
        kdf=FAST_KDF,
        backend=backend_named("sqlcipher"),
    )
    with local.session() as session:
        first_document = session.exec(select(func.min(Document.id))).one()[0]
    local_text = Desk(local).read(document_text, document_id=first_document).text
    local.close()
    database = pg.copy_database(pg_template)
    try:
        done = import_store(
            pg.owner_address(database), local_path, config.DEMO_USER, config.DEMO_PASSPHRASE
        )
        assert done.rows["cases"] == 30 and done.rows["audit_entries"] > 0
        assert "rexemplar" in done.logins_needed and config.DEMO_USER not in done.logins_needed

        moved = Store.open(pg.user_address(database), config.DEMO_USER, config.DEMO_PASSPHRASE)
        try:
            results = run_checks(moved)
            assert all(r.ok for r in results), results
            assert "skipped" not in next(r for r in results if r.name == "audit chain").detail
            assert Desk(moved).read(document_text, document_id=first_document).text == local_text
        finally:
            moved.close()
        # Every row is there (counted as the owner: a case manager does not see every row).
        owner = pg.owner_address(database).owner_engine()
        try:
            with owner.connect() as conn:
                for table, count in done.rows.items():
                    assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == count
        finally:
            owner.dispose()
        back = Store.open(local_path, config.DEMO_USER, config.DEMO_PASSPHRASE)
        try:
            assert all(r.ok for r in run_checks(back))
        finally:
            back.close()
        with pytest.raises(StoreError, match="not empty"):
            import_store(
                pg.owner_address(database), local_path, config.DEMO_USER, config.DEMO_PASSPHRASE
            )
    finally:
        pg.drop_database(database)


def test_the_owner_backs_up_with_pg_dump_and_the_dump_holds_no_attachment(
    backend: Backend, tmp_path: Path
) -> None:
    """The README's backup: a non-superuser owner (as a trust's IT department makes one),
    `pg_dump --enable-row-security`; the attachment is in the dump only sealed."""
    import shutil
    import uuid

    from psycopg import sql as psql

    from remedy_tui.services.case.documents import attach_document
    from tests.conftest import FAST_KDF
    from tests.helpers.cases import make_case

    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.fail("pg_dump is not on PATH (scripts/with-postgres puts it there)")
    owner = f"owner_{uuid.uuid4().hex[:8]}"
    database = pg.new_database_name("dump")
    pg.admin(
        psql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD 'an owner password'").format(
            psql.Identifier(owner)
        )
    )
    # An empty database the owner owns: `remedy server init` makes the schema as the owner.
    pg.admin(
        psql.SQL("CREATE DATABASE {} OWNER {}").format(
            psql.Identifier(database), psql.Identifier(owner)
        )
    )
    try:
        host_port = pg.user_address(database).url.split("//")[1].split("/")[0]
        host, port = host_port.split(":")
        address = ServerAddress(
            f"postgresql://{owner}:an%20owner%20password@{host_port}/{database}", PLAIN_LOOPBACK
        )
        made, _ = Store.create(
            address,
            username="ada",
            full_name="Ada Admin",
            role=Role.CLINICAL_CASE_MANAGER,
            passphrase=PASSPHRASE,
            kdf=FAST_KDF,
        )
        made.close()
        ada = Store.open(pg.user_address(database), "ada", PASSPHRASE)
        try:
            case_id = make_case(ada)
            secret = "Occupational health report: not for the server's eyes."
            report = tmp_path / "report.txt"
            report.write_text(secret, encoding="utf-8")
            Desk(ada).change(attach_document, case_id=case_id, path=str(report))
        finally:
            ada.close()
        env = {**os.environ, "PGPASSWORD": "an owner password"}
        args = [pg_dump, "-h", host, "-p", port, "-U", owner, database]
        plain = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
        assert plain.returncode != 0 and "row-level security" in plain.stderr
        dumped = subprocess.run(
            [pg_dump, "--enable-row-security", *args[1:]],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert dumped.returncode == 0, dumped.stderr
        assert "COPY public.cases" in dumped.stdout and "Casewell" in dumped.stdout
        assert secret not in dumped.stdout
    finally:
        pg.drop_database(database)
        pg.admin(psql.SQL("DROP OWNED BY {}").format(psql.Identifier(owner)))
        pg.admin(psql.SQL("DROP ROLE {}").format(psql.Identifier(owner)))


def test_a_login_ended_mid_session_is_told_in_words_and_changes_nothing(store: Store) -> None:
    """The administrator disables a colleague while their desktop is open: their next read or
    change meets a message, not the driver's error, and nothing is half-written."""
    from remedy_tui.services.case.timeline import record_entry
    from remedy_tui.store.models import TimelineKind
    from tests.helpers.cases import make_case

    where = store.where
    assert isinstance(where, ServerAddress)
    case_id = make_case(store)
    add_colleague(store, "bo", "Bo Colleague", Role.CLINICAL_CASE_MANAGER, PASSPHRASE)
    bo = Desk(Store.open(where, "bo", PASSPHRASE))
    owner = Store.open(pg.owner_address(where.database), USERNAME, PASSPHRASE)
    try:
        users.disable_user(store=owner, username="bo")
    finally:
        owner.close()
    try:
        with pytest.raises(StoreError, match="connection to the team server was lost") as lost:
            bo.change(record_entry, case_id=case_id, kind=TimelineKind.NOTE, title="Too late")
        assert "psycopg" not in str(lost.value) and "OperationalError" not in str(lost.value)
    finally:
        bo.close()
    with store.engine.connect() as conn:
        written = conn.execute(
            text("SELECT count(*) FROM timeline_entries WHERE title = 'Too late'")
        ).scalar()
    assert written == 0


def test_an_older_team_database_is_upgraded_by_its_owner_and_desktops_sign_in_again(
    store: Store, tmp_path: Path
) -> None:
    """A desktop of a newer Remedy is refused by an older team database with the command to
    run; the owner's `remedy server upgrade` migrates it and makes the policies again (a new
    table has none until then), after which the desktop signs in and reads it."""
    from alembic.command import downgrade

    from remedy_tui.services.case.practitioners import practitioner_details
    from remedy_tui.store.migrate import alembic_config, head_revision
    from remedy_tui.store.models import Case
    from tests.helpers.cases import make_case

    case_id = make_case(store)
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        practitioner_id = case.practitioner_id
    assert store.server is not None
    where, database = store.where, store.server.database
    store.close()
    engine = pg.owner_address(database).owner_engine()
    try:
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            downgrade(config, "0009")
            conn.commit()
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="remedy server upgrade"):
        Store.open(where, USERNAME, PASSPHRASE)
    common = {"REMEDY_CONFIG_DIR": str(tmp_path), "REMEDY_INSECURE_PLAIN_LOOPBACK": "1"}
    owner_url = pg.owner_address(database).url
    upgraded = _remedy("server", "upgrade", owner_url, env=common)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"from schema 0009 to {head_revision()}" in upgraded.stdout
    again = Store.open(where, USERNAME, PASSPHRASE)
    try:
        details = Desk(again).read(practitioner_details, practitioner_id=practitioner_id)
        assert not details.equality_withheld  # the new table has its policies: asha's case
    finally:
        again.close()
    twice = _remedy("server", "upgrade", owner_url, env=common)
    assert twice.returncode == 0 and "already" in twice.stdout
    # A database nobody has set up is refused in words, and left alone.
    empty = pg.new_database_name("empty")
    pg.admin(f'CREATE DATABASE "{empty}"')
    try:
        refused = _remedy("server", "upgrade", pg.owner_address(empty).url, env=common)
        assert refused.returncode != 0 and "remedy server init" in refused.stderr
        assert "Traceback" not in refused.stderr
    finally:
        pg.drop_database(empty)

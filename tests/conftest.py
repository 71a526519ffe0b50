"""Fixtures: real encrypted stores in tmp_path, a frozen clock and an isolated config folder.

Every store fixture is made through the ``backend`` fixture, so each backend runs the same
service tests unchanged: add its name to ``BACKENDS``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from remedy_tui import clock
from remedy_tui.demo import DemoSpec, build_demo_store
from remedy_tui.store import Store, StorePaths
from remedy_tui.store.backend import Backend, Where, backend_named
from remedy_tui.store.keyslots import KdfParams
from remedy_tui.store.models import Role
from remedy_tui.store.server import ServerAddress
from tests.helpers import postgres as pg

# Hypothesis keeps no example database on disk: nothing from a test run is left behind.
settings.register_profile("remedy", database=None, deadline=None)
settings.load_profile("remedy")

# Key derivation is deliberately slow (~200 ms); tests that are not about it use a cheap
# setting, stored in the slot like any other, so stores still open through the real path.
FAST_KDF = KdfParams(salt=b"\0" * 16, memory_kib=1024, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple"
USERNAME = "asha"
TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 30, tzinfo=UTC)
DEMO_CASES = 300
BACKENDS = ("sqlcipher", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses a store once per backend.

    The UI tests are about screens, not engines: they run on the default backend only, so
    their names (and the snapshot files named after them) stay as they are, except the
    keyboard journeys marked ``both_backends``, which run on the team server too. A test marked
    ``local_file`` is about the encrypted file itself (its key-slot file, backups, lockout)
    and runs on SQLCipher only.
    """
    both = metafunc.definition.get_closest_marker("both_backends") is not None
    ui = "ui" in metafunc.definition.path.parts
    if "backend" in metafunc.fixturenames and (both or not ui):
        local = metafunc.definition.get_closest_marker("local_file") is not None
        names = BACKENDS[:1] if local else BACKENDS
        metafunc.parametrize("backend", names, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> Backend:
    """The database backend this test's stores are made with.

    PostgreSQL needs the throwaway cluster of ``scripts/with-postgres``; without it those
    tests are skipped, except under CI, where a missing cluster is a failure.
    """
    chosen = backend_named(getattr(request, "param", BACKENDS[0]))
    if chosen.name == "postgresql" and pg.admin_url() is None:
        message = "no PostgreSQL to test against: run the tests through scripts/with-postgres"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return chosen


@pytest.fixture(scope="session")
def pg_template(backend: Backend) -> str:
    """A team database migrated to the head revision, made once per test process."""
    return pg.make_template()


def _new_team_database(request: pytest.FixtureRequest) -> str:
    template: str = request.getfixturevalue("pg_template")
    name = pg.copy_database(template)
    request.addfinalizer(lambda: pg.drop_database(name))
    return name


@pytest.fixture
def store_where(backend: Backend, request: pytest.FixtureRequest, tmp_path: Path) -> Where:
    """Where this test's new store is: a file in tmp_path, or a new team database."""
    if backend.name == "postgresql":
        return pg.user_address(_new_team_database(request))
    return tmp_path / "store" / "remedy.db"


@pytest.fixture(autouse=True)
def isolated_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Settings go to a throwaway folder, and no REMEDY_* variable leaks in from outside."""
    folder = tmp_path_factory.mktemp("config")
    for name in (
        "REMEDY_STORE",
        "REMEDY_USER",
        "REMEDY_PASSPHRASE",
        "REMEDY_NEW_PASSPHRASE",
        "REMEDY_RECOVERY_CODE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REMEDY_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def frozen_clock() -> Iterator[datetime]:
    """The app's clock fixed at NOW."""
    clock.freeze(NOW)
    yield NOW
    clock.freeze(None)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where a test's store lives."""
    return tmp_path / "store" / "remedy.db"


@pytest.fixture
def store(store_where: Where, backend: Backend) -> Iterator[Store]:
    """A new, empty store signed in as its administrator (on a team server: set up by its
    owner, then signed in to as the administrator's own login, as a desktop does)."""
    made = store_where
    if isinstance(store_where, ServerAddress):
        made = pg.owner_address(store_where.database)
    opened, _code = Store.create(
        made,
        username=USERNAME,
        full_name="Asha Example",
        role=Role.NON_CLINICAL_CASE_MANAGER,
        passphrase=PASSPHRASE,
        kdf=FAST_KDF,
        backend=backend,
    )
    if isinstance(store_where, ServerAddress):
        opened.close()
        opened = Store.open(store_where, USERNAME, PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, backend: Backend) -> Where:
    """A demo store built once per run (and backend); tests get their own copy."""
    where: Where = tmp_path_factory.mktemp("demo-template") / "demo.db"
    if backend.name == "postgresql":
        where = pg.owner_address(pg.copy_database(pg.make_template(), prefix="demo"))
    store, _ = build_demo_store(
        where, DemoSpec(cases=DEMO_CASES, seed=1, today=TODAY), kdf=FAST_KDF, backend=backend
    )
    backend.checkpoint(store.engine)
    store.close()
    return where


def copy_store(source: Path, dest_dir: Path, name: str = "demo.db") -> Path:
    """Copy a closed store's database and key slots."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    src, dst = StorePaths(source), StorePaths(dest_dir / name)
    shutil.copyfile(src.db, dst.db)
    shutil.copyfile(src.keys, dst.keys)
    return dst.db


@pytest.fixture
def demo_path(demo_template: Where, tmp_path: Path, request: pytest.FixtureRequest) -> Where:
    """This test's own copy of the demo store (on a team server: a copy of the database,
    with logins of its own for the demo team)."""
    if isinstance(demo_template, ServerAddress):
        name = pg.copy_database(demo_template.database)
        request.addfinalizer(lambda: pg.drop_database(name))
        pg.adopt_demo(name)
        return pg.user_address(name)
    return copy_store(demo_template, tmp_path / "demo")


@pytest.fixture
def demo_store(demo_path: Where, backend: Backend) -> Iterator[Store]:
    """The demo store, open as the demo user."""
    from remedy_tui import config

    opened = Store.open(demo_path, config.DEMO_USER, config.DEMO_PASSPHRASE, backend=backend)
    yield opened
    opened.close()

"""The backend seam: every backend keeps the protocol, and no SQLite-only SQL leaks past it."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from remedy_tui.store import Store
from remedy_tui.store.backend import Backend, backend_of, backends
from tests.conftest import BACKENDS

ROOT = Path(__file__).resolve().parent.parent
ENGINE_NEUTRAL = (ROOT / "remedy_tui" / "services", ROOT / "remedy_tui" / "demo")

# SQL only SQLite (or SQLCipher) understands; it belongs in the SQLCipher backend.
SQLITE_ONLY = re.compile(
    r"\bPRAGMA\b"
    r"|\bsqlite_\w+"
    r"|\bBEGIN\s+IMMEDIATE\b"
    r"|\bVACUUM\b"
    r"|\bANALYZE\b"
    r"|\bMATCH\b"
    r"|\bexec_driver_sql\b"
    r"|func\.(julianday|strftime|group_concat|ifnull|printf|instr)\b"
    # DB-API "qmark" placeholders: "(?, ?)" or "= ?".
    r"|\(\s*\?\s*(,\s*\?\s*)*\)"
    r"|[=<>]\s*\?(?=[\s,)\"']|$)",
)


def _protocol_methods() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in vars(Backend).items()
        if callable(member) and not name.startswith("_")
    }


def test_every_registered_backend_runs_the_suite() -> None:
    assert set(backends()) == set(BACKENDS)


def test_the_backend_implements_the_protocol(backend: Backend) -> None:
    assert isinstance(backend, Backend)
    assert isinstance(backend.name, str) and isinstance(backend.dialect, str)
    for name, expected in _protocol_methods().items():
        found = inspect.signature(getattr(type(backend), name))
        assert list(found.parameters) == list(expected.parameters), name


def test_a_store_session_finds_its_backend(store: Store, backend: Backend) -> None:
    assert store.backend is backend
    with store.session() as session:
        assert backend_of(session) is backend
    with store.engine.connect() as conn:
        assert backend_of(conn) is backend


def test_the_sqlite_only_pattern_catches_what_it_should() -> None:
    for offender in (
        'conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")',
        "SELECT name FROM sqlite_schema",
        "INSERT INTO t (a, b) VALUES (?, ?)",
        "WHERE id = ?",
        "func.julianday(Case.opened_on)",
    ):
        assert SQLITE_ONLY.search(offender), offender
    for fine in ('"Leave without saving?"', "col(Case.id) == case_id", "Is this right? (yes)"):
        assert not SQLITE_ONLY.search(fine), fine


@pytest.mark.parametrize("folder", ENGINE_NEUTRAL, ids=lambda p: p.name)
def test_services_and_the_demo_hold_no_sqlite_only_sql(folder: Path) -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted(folder.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SQLITE_ONLY.search(line)
    ]
    assert found == []

"""What differs between database engines, behind one small protocol.

The store, the services and the demo generator reach anything engine-specific (how a
database is made and opened, how a change takes the write lock, the name search, backups,
integrity checks, maintenance) only through a :class:`Backend`; everything else is written
once, in SQLAlchemy, for every engine. A service never asks which engine it is on: it asks
:func:`backend_of` its session for the backend and uses what the protocol offers.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import ColumnElement, Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from remedy_tui.store.progress import SILENT, Progress
from remedy_tui.store.server import ServerAddress

#: Where a store is: an encrypted file on this computer, or a team database on a server.
Where = Path | ServerAddress


@dataclass(frozen=True)
class CheckResult:
    """One check with its verdict and a line of detail."""

    name: str
    ok: bool
    detail: str


def unreadable_as_failed(name: str, check: Callable[[], CheckResult]) -> CheckResult:
    """Run one check; one that the store's damage stops (a page that will not decrypt or
    parse) is reported as failed, in the database's own words, and the checks after it run."""
    try:
        return check()
    except DBAPIError as error:
        reason = str(getattr(error, "orig", None) or "unreadable").split("\n", 1)[0]
        return CheckResult(name, False, f"could not be read: {reason}")


@runtime_checkable
class Backend(Protocol):
    """The engine-specific part of a store; the SQLCipher store is the first implementation."""

    #: The backend's name, as tests and settings spell it.
    name: str
    #: The SQLAlchemy dialect its engines speak, to find the backend from a connection.
    dialect: str
    #: Whether documents' bytes are encrypted by Remedy before they are stored (where the
    #: database itself is not encrypted by a key only the team holds).
    seals_attachments: bool
    #: Why records cannot be disposed of from a desktop here, or None where they can.
    disposal_refusal: str | None

    def create_database(self, where: Where, data_key: bytes) -> list[Path]:
        """Make a new, empty database at the head revision; return the files it wrote."""
        ...

    def open_engine(self, where: Where, data_key: bytes) -> Engine:
        """An engine whose every connection is opened with ``data_key``."""
        ...

    def upgrade(
        self, engine: Engine, where: Where, data_key: bytes, backup: Callable[[str], Path]
    ) -> Path | None:
        """Bring an older database up to date after ``backup``; return the backup's path."""
        ...

    def begin_write(self, session: Session) -> None:
        """Take the database's write lock at once, at the start of a change."""
        ...

    def lock_audit_head(self, conn: Connection) -> None:
        """Lock the audit chain's head so no other change can number an entry meanwhile."""
        ...

    def matches_practitioner(self, column: Any, typed: str) -> ColumnElement[bool] | None:
        """A condition: ``column`` (a practitioner id) is someone whose name matches ``typed``."""
        ...

    def copy_database(self, engine: Engine, dest: Path, progress: Progress = SILENT) -> None:
        """Write a consistent copy of the open database to the file ``dest``, as encrypted."""
        ...

    def snapshot(self, engine: Engine) -> AbstractContextManager[Connection]:
        """A connection whose reads all see the store as it was at the first of them, however
        colleagues write meanwhile (``remedy check`` reads the chain in batches, then its
        head); rolled back when done."""
        ...

    def integrity_checks(
        self, conn: Connection, *, full: bool = False, progress: Progress = SILENT
    ) -> list[CheckResult]:
        """The engine's own checks that the database is whole: pages, encryption, keys.
        ``full``: also check every index against its table (slower; ``remedy check --full``)."""
        ...

    def lost(self, error: BaseException) -> str | None:
        """What a user should read when ``error`` means the database went away under them
        (a network drop, a server restart, their login ended), or None when it does not."""
        ...

    def refusal(self, error: BaseException) -> str | None:
        """What a user should read when the database refused ``error`` for their role, or None
        when it is not such a refusal."""
        ...

    def watch(
        self, engine: Engine, callback: Callable[[frozenset[str]], None]
    ) -> Callable[[], None] | None:
        """Call ``callback`` with the tables others change, as they change them; return how
        to stop, or None where the engine cannot tell."""
        ...

    def may_read_audit(self, conn: Connection) -> bool:
        """True when this connection may read the whole audit trail."""
        ...

    def counts_every_equality_answer(self, conn: Connection) -> bool:
        """True when a count over the equality-monitoring answers on this connection counts
        every practitioner's, not only those the signed-in person may read one by one."""
        ...

    def checkpoint(self, engine: Engine) -> None:
        """Fold pending writes into the database file, so the file alone is the store."""
        ...

    def analyze(self, conn: Connection) -> None:
        """Refresh the query planner's statistics after a bulk load."""
        ...

    def forget_removed(self, engine: Engine) -> None:
        """After a disposal, leave nothing of the removed rows in the store's files: rebuild
        what may still hold their text (a search index) and compact the store."""
        ...


_BY_DIALECT: dict[str, Backend] = {}


def register(backend: Backend) -> Backend:
    """Make ``backend`` the one :func:`backend_of` finds for connections of its dialect."""
    _BY_DIALECT[backend.dialect] = backend
    return backend


def backends() -> dict[str, Backend]:
    """Every registered backend by name."""
    _load_builtin()
    return {backend.name: backend for backend in _BY_DIALECT.values()}


def backend_named(name: str) -> Backend:
    """The registered backend called ``name``."""
    try:
        return backends()[name]
    except KeyError:
        raise ValueError(f"There is no database backend called {name!r}.") from None


def default_backend() -> Backend:
    """The backend a store uses unless told otherwise."""
    return backend_named("sqlcipher")


def backend_of(bind: Session | Connection | Engine) -> Backend:
    """The backend behind a session, connection or engine."""
    if isinstance(bind, Session):
        chosen = bind.info.get("backend")
        if chosen is not None:
            return chosen  # type: ignore[no-any-return]
        dialect = bind.get_bind().dialect.name
    else:
        dialect = bind.dialect.name
    _load_builtin()
    try:
        return _BY_DIALECT[dialect]
    except KeyError:
        raise ValueError(f"No database backend is registered for {dialect!r}.") from None


def _load_builtin() -> None:
    # Importing the module registers it; done lazily so this module imports no engine.
    import remedy_tui.store.postgres  # noqa: F401
    import remedy_tui.store.sqlcipher  # noqa: F401

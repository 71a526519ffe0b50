"""The desk: the one object through which the screens and the command line read and change
the store.

A read runs a service function over a session. A change runs one in a single transaction,
commits it, and waits its turn behind every other change made from this process, so three
quick key presses are three changes in turn, each seeing what the one before wrote. The desk
knows who is signed in and fills in the ``actor_id`` of every service that asks for one.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from remedy_tui.services.common.access import Access, access_of
from remedy_tui.services.common.audit import record_sign_in
from remedy_tui.services.common.conflicts import describe_changes_since
from remedy_tui.services.common.errors import ConflictError, PermissionDeniedError
from remedy_tui.services.common.history import check_history
from remedy_tui.store import SignedInUser, Store, StoreError
from remedy_tui.store.backend import Where as Where
from remedy_tui.store.errors import PassphraseChangeNeededError
from remedy_tui.store.models import Role
from remedy_tui.store.models.versioned import Versioned
from remedy_tui.store.server import ServerAddress

T = TypeVar("T")

# One change at a time from this process, whichever screen or worker asks for it.
_ONE_CHANGE_AT_A_TIME = threading.Lock()


@cache
def _takes(fn: Callable[..., Any]) -> frozenset[str]:
    """The names of ``fn``'s parameters (cached: asked on every read and change)."""
    try:
        return frozenset(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return frozenset()


class Desk:
    """Reads and changes on an open store, as its signed-in user."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._access: Access | None = None
        # Set at sign-in when the store's audit trail is shorter than, or differs from, what
        # this computer saw before (services.common.history).
        self.history_warning: str | None = None

    @classmethod
    def open(cls, db_path: Where, username: str, passphrase: str, *, via: str | None) -> Desk:
        """Unlock the store at ``db_path`` as ``username``; with ``via`` (where from: "app"),
        note the sign-in in the audit trail."""
        store = Store.open(db_path, username, passphrase)
        desk = cls(store)
        try:
            if via is not None:
                desk.history_warning = desk.with_store(check_history)
                desk.with_store(record_sign_in, via=via)
        except BaseException:
            store.close()
            raise
        return desk

    @classmethod
    def open_with_recovery_code(
        cls, address: ServerAddress, recovery_code: str, username: str
    ) -> Desk:
        """On a team server, the owner's way back in with the recovery code, acting as the
        administrator ``username`` (the administrator's commands only)."""
        return cls(Store.open_server_with_recovery_code(address, recovery_code, username))

    @classmethod
    def create(
        cls, db_path: Where, *, username: str, full_name: str, role: Role, passphrase: str
    ) -> tuple[Desk, str]:
        """Make a new store with its first (administrator) user; return its desk and the
        recovery code, to be shown once."""
        store, recovery_code = Store.create(
            db_path, username=username, full_name=full_name, role=role, passphrase=passphrase
        )
        return cls(store), recovery_code

    def _context(self, fn: Callable[..., Any], kwargs: dict[str, Any]) -> dict[str, Any]:
        """Fill in what the desk knows and ``fn`` asks for: who acts, what their role lets
        them see (``access``), the key slots."""
        takes = _takes(fn)
        if "actor_id" in takes and "actor_id" not in kwargs:
            kwargs["actor_id"] = self._store.user.id
        if "access" in takes and "access" not in kwargs:
            kwargs["access"] = self.access
        if "keys" in takes and "keys" not in kwargs:
            kwargs["keys"] = self._store.keys
        return kwargs

    @property
    def user(self) -> SignedInUser:
        """Who is signed in."""
        return self._store.user

    @property
    def access(self) -> Access:
        """What the signed-in person's role lets them see and do (the role matrix)."""
        if self._access is None:
            self._access = access_of(self._store.user)
        return self._access

    @property
    def must_change_passphrase(self) -> bool:
        """True when an administrator set the signed-in user's passphrase: they choose their
        own (``remedy passwd`` or the app) before anything else."""
        return self._store.must_change_passphrase

    def refuse_until_passphrase_changed(self) -> None:
        """For a command other than ``remedy passwd``: refuse, and close the store, while the
        user's passphrase is still the one an administrator set."""
        if self.must_change_passphrase:
            self.close()
            raise PassphraseChangeNeededError(
                "Your passphrase was set by an administrator: choose your own with "
                "`remedy passwd` (or in the app) first; nothing was done."
            )

    @property
    def on_server(self) -> bool:
        """True on a team server, False on a local file."""
        return self._store.server is not None

    @property
    def store_id(self) -> str:
        """The identity of the open store (to tell one session's work from the next's)."""
        return self._store.store_id

    @property
    def migration_backup(self) -> Path | None:
        """Where the store was backed up before an upgrade made while opening it, if one was."""
        return self._store.migration_backup

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run the service ``fn(session=..., **kwargs)`` and return what it read."""
        with self._refusals(), self._store.session() as session:
            return fn(*args, session=session, **self._context(fn, kwargs))

    @contextlib.contextmanager
    def _refusals(self) -> Iterator[None]:
        """A refusal by the team server's role matrix, or a connection to it lost, as a
        message fit to show (the raw error names the driver and carries its words)."""
        try:
            yield
        except DBAPIError as error:
            lost = self._store.backend.lost(error)
            if lost is not None:
                raise StoreError(lost) from None
            message = self._store.backend.refusal(error)
            if message is None:
                raise
            raise PermissionDeniedError(message) from None

    @contextlib.contextmanager
    def reading(self) -> Iterator[Reader]:
        """Several reads in one session, for a screen that shows what they read together
        (the case screen's header and tabs): one connection, not one per read."""
        with self._refusals(), self._store.session() as session:
            yield Reader(self, session)

    def change(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run the service ``fn`` in one transaction, commit, and return its result.

        A change that meets a record a colleague changed meanwhile is refused with a
        :class:`ConflictError` that names them; nothing of it is kept.
        """
        kwargs = self._context(fn, kwargs)
        with _ONE_CHANGE_AT_A_TIME, self._refusals(), self._store.session(write=True) as session:
            try:
                result = fn(*args, session=session, **kwargs)
                session.commit()
            except StaleDataError:
                stale = _stale_record(session)
                session.rollback()
                raise ConflictError(_stale_message(session, stale, self.access)) from None
            return result

    def with_store(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(store=..., **kwargs)`` for the few services that work on the store as a
        whole (key slots, backups, integrity checks), in turn with every change."""
        with _ONE_CHANGE_AT_A_TIME:
            return fn(*args, store=self._store, **kwargs)

    def watch(self, callback: Callable[[frozenset[str]], None]) -> Callable[[], None] | None:
        """Call ``callback`` (from another thread) with the tables colleagues change, as they
        change them, until the returned function is called; None where nobody else writes
        (the local file)."""
        return self._store.backend.watch(self._store.engine, callback)

    def close(self) -> None:
        """Close the store and forget its keys."""
        self._store.close()

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has dropped the connections and forgotten the keys."""
        return self._store.data_key() == b""


def place_exists(where: Where) -> bool:
    """True when there is a store to unlock there (a team server always has one)."""
    from remedy_tui.store import store_exists
    from remedy_tui.store.server import ServerAddress

    return isinstance(where, ServerAddress) or store_exists(where)


def place_label(where: Where, *, short: bool = False) -> str:
    """How a screen names where the store is: its file, or the team database and server."""
    from remedy_tui.store.server import ServerAddress

    if isinstance(where, ServerAddress):
        return where.database if short else f"team database {where.database} on {where.host}"
    return where.name if short else str(where)


class Reader:
    """Reads at the desk in one session; ``read`` is called as :meth:`Desk.read` is."""

    def __init__(self, desk: Desk, session: Session) -> None:
        self._desk = desk
        self._session = session

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run the service ``fn(session=..., **kwargs)`` in this reader's session."""
        return fn(*args, session=self._session, **self._desk._context(fn, kwargs))


class Reads(Protocol):
    """What can read at the desk: the desk itself, or a :class:`Reader` of one session."""

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run the service ``fn(session=..., **kwargs)`` and return what it read."""
        ...


def _stale_record(session: Session) -> tuple[str, int, int] | None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Versioned) and session.is_modified(obj):
            state = sa_inspect(obj)
            version = state.committed_state.get("version", getattr(obj, "version", None))
            record_id = getattr(obj, "id", None)
            if isinstance(version, int) and isinstance(record_id, int):
                return str(type(obj).__tablename__), record_id, version
    return None


def _stale_message(session: Session, stale: tuple[str, int, int] | None, access: Access) -> str:
    who = "a colleague"
    if stale is not None:
        table, record_id, version = stale
        who = describe_changes_since(
            session=session, table=table, record_id=record_id, version=version, access=access
        )
    return (
        f"This record was changed by {who} at the same moment, so nothing was saved. "
        "Your entry is still on screen: look at the record again, then save."
    )

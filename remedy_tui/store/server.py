"""Where a team server is and how a desktop connects to it, as its user's own login role.

A team database is named by a PostgreSQL URL without a password (``postgresql://host/db``).
Each Remedy user signs in to it as a login role of their own, named from the database and
their user name, with their passphrase as its password; the table owner's credentials never
reach a desktop. Connections are made over TLS with the server's certificate checked
(``verify-full``) unless the address says, in so many words, that it is a plain connection to
this machine for tests and demos.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import QueuePool

from remedy_tui.store.errors import StoreError

#: The only TLS modes Remedy speaks: the server's certificate checked against its name, or
#: (named so nobody chooses it by accident) no TLS at all, allowed only on loopback.
VERIFY_FULL = "verify-full"
PLAIN_LOOPBACK = "insecure-plain-loopback"
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
_DATABASE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CONNECT_TIMEOUT_S = 10


class ServerAddressError(StoreError):
    """A team server's address that Remedy cannot use."""


@dataclass(frozen=True)
class ServerAddress:
    """A team database: host, port, database name and how to secure the connection.

    The URL may carry a user and password only for the administrator's commands
    (``remedy server init``); a desktop signs in with the Remedy user's own role.
    """

    url: str
    tls: str = VERIFY_FULL

    def __post_init__(self) -> None:
        parsed = self._parsed()
        if parsed.get_backend_name() != "postgresql":
            raise ServerAddressError(
                f"A team server's address starts postgresql:// (got {self.display()})."
            )
        if not parsed.host:
            raise ServerAddressError(f"The server address {self.display()} names no host.")
        if not parsed.database or not _DATABASE.match(parsed.database):
            raise ServerAddressError(
                f"The server address {self.display()} must end with the team database's name: "
                "lower-case letters, digits and '_', starting with a letter, at most 40 long."
            )
        if self.tls not in (VERIFY_FULL, PLAIN_LOOPBACK):
            raise ServerAddressError(f"Unknown connection security {self.tls!r}.")
        if self.tls == PLAIN_LOOPBACK and parsed.host not in _LOOPBACK:
            raise ServerAddressError(
                f"A plain, unencrypted connection is allowed only to this machine (127.0.0.1), "
                f"not to {parsed.host}: a team server is reached over TLS."
            )

    def _parsed(self) -> URL:
        try:
            url = make_url(self.url)
        except Exception:  # SQLAlchemy raises ArgumentError and ValueError alike here
            raise ServerAddressError(
                "That is not a server address: write it as postgresql://HOST:PORT/DATABASE."
            ) from None
        if url.drivername in ("postgres", "postgresql+psycopg"):
            url = url.set(drivername="postgresql")
        return url

    @property
    def database(self) -> str:
        """The team database's name."""
        name = self._parsed().database
        assert name is not None
        return name

    @property
    def host(self) -> str:
        """The server's host name."""
        return str(self._parsed().host)

    @property
    def names_user(self) -> bool:
        """True when the address carries a database user (the administrator's commands)."""
        return bool(self._parsed().username)

    def display(self) -> str:
        """The address without any password, for messages."""
        return str(urlsplit(self.url)._replace(netloc=_netloc_without_password(self.url)).geturl())

    def login_role(self, username: str) -> str:
        """The PostgreSQL login role of Remedy user ``username`` in this team database."""
        return login_role(self.database, username)

    def engine_for(self, username: str, passphrase: str, *, pool_size: int = 4) -> Engine:
        """An engine connecting as ``username``'s own login role with their passphrase."""
        url = (
            self._parsed()
            .set(drivername="postgresql+psycopg")
            .set(username=self.login_role(username), password=passphrase, query={})
        )
        return make_engine(url, self.tls, pool_size=pool_size)

    def owner_engine(self) -> Engine:
        """An engine as the user the URL names (the administrator's commands only)."""
        url = self._parsed().set(drivername="postgresql+psycopg", query={})
        return make_engine(url, self.tls, pool_size=1)


def _netloc_without_password(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    if parts.username:
        return f"{unquote(parts.username)}@{host}"
    return host


def login_role(database: str, username: str) -> str:
    """``{database}.{username}``: one login per person per team database, so one PostgreSQL
    cluster can hold several teams' databases without their people colliding."""
    return f"{database}.{username}"


def group_role(database: str, role: str) -> str:
    """The group role of Remedy role ``role`` in ``database`` (its grants and policies)."""
    return f"{database}.{role}"


# The server processes behind each engine's connections, so a desktop can tell its own
# changes from its colleagues' when the server announces them.
_OWN_PIDS: weakref.WeakKeyDictionary[Engine, set[int]] = weakref.WeakKeyDictionary()


def own_backend_pids(engine: Engine) -> set[int]:
    """The server process ids of the connections ``engine`` has made (kept up to date)."""
    return _OWN_PIDS.setdefault(engine, set())


def make_engine(url: URL, tls: str, *, pool_size: int) -> Engine:
    """An engine with TLS as asked, no parameters in error messages, and UTC sessions."""
    connect_args: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "remedy",
        "options": "-c timezone=UTC -c lock_timeout=10000",
    }
    if tls == VERIFY_FULL:
        connect_args["sslmode"] = "verify-full"
    else:
        connect_args["sslmode"] = "disable"
    engine = create_engine(
        url,
        connect_args=connect_args,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=4,
        pool_pre_ping=True,
        # Parameters are case data: never put them in exception messages or logs.
        hide_parameters=True,
    )
    pids = own_backend_pids(engine)

    @event.listens_for(engine, "connect")
    def _remember_pid(dbapi_connection: Any, record: Any) -> None:
        pids.add(int(dbapi_connection.info.backend_pid))

    return engine

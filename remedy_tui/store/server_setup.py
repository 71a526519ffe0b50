"""Setting up a team database and its people: ``remedy server init`` and ``server users``.

These run as the role the administrator's URL names (the owner of the team database, with
CREATEROLE); a desktop never runs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from remedy_tui.store.backend import backend_named
from remedy_tui.store.errors import StoreError, StoreExistsError, WrongPassphraseError
from remedy_tui.store.keyslots import (
    KdfParams,
    new_data_key,
    new_recovery_code,
)
from remedy_tui.store.models import Role
from remedy_tui.store.server import ServerAddress
from remedy_tui.store.server_keys import ServerKeySlots
from remedy_tui.store.server_roles import create_group_roles, create_login
from remedy_tui.store.strength import check_passphrase_policy

if TYPE_CHECKING:
    from remedy_tui.store.store import Store


def describe_connection_error(exc: BaseException, address: ServerAddress) -> StoreError:
    """What a failed connection means for a user, without the driver's own words."""
    message = str(getattr(exc, "orig", exc)).lower()
    where = address.display()
    if (
        "password authentication failed" in message
        or "role" in message
        and ("does not exist" in message)
    ):
        return WrongPassphraseError("Wrong user name or passphrase.")
    if "database" in message and "does not exist" in message:
        return StoreError(f"There is no team database called {address.database} at {where}.")
    if "ssl" in message or "certificate" in message:
        return StoreError(
            f"The team server at {where} did not prove who it is over TLS (its certificate is "
            "missing, expired or for another name, or this computer does not trust it): ask "
            "your IT department. Remedy does not connect to a server it cannot verify."
        )
    if "permission denied" in message:
        return StoreError(
            f"Your login to {where} is not allowed into the team database: ask your administrator."
        )
    return StoreError(
        f"Cannot reach the team server at {where}: check the network, or ask your IT department."
    )


def check_reachable(engine: Engine, address: ServerAddress) -> None:
    """Connect once, turning a refusal into a message a user can act on."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        raise describe_connection_error(exc, address) from None


def _initialised(conn: Connection) -> bool:
    exists = conn.execute(text("SELECT to_regclass('store_meta') IS NOT NULL")).scalar_one()
    if not exists:
        return False
    found = conn.execute(text("SELECT 1 FROM store_meta WHERE key = 'store_id'")).first()
    return found is not None


def create_team_database(
    store_class: type[Store],
    address: ServerAddress,
    *,
    username: str,
    full_name: str,
    role: Role,
    passphrase: str,
    kdf: KdfParams | None = None,
) -> tuple[Store, str]:
    """Make the schema, the group roles, the team key and its first (administrator) user and
    their login; return the store (as the owner) and the recovery code."""
    check_passphrase_policy(passphrase, user_inputs=(username, full_name))
    backend = backend_named("postgresql")
    engine = address.owner_engine()
    try:
        check_reachable(engine, address)
        with engine.connect() as conn:
            if _initialised(conn):
                raise StoreExistsError(
                    f"The team database at {address.display()} is already set up."
                )
        backend.create_database(address, b"")
        data_key = new_data_key()
        keys = ServerKeySlots.new_for(engine, kdf_template=kdf)
        signer = keys.set_user(username, passphrase, data_key)
        recovery_code = new_recovery_code()
        recovery_signer = keys.set_recovery_code(recovery_code, data_key)
        with engine.begin() as conn:
            create_group_roles(conn, address.database)
            create_login(conn, address.database, username, passphrase, role)
        from remedy_tui.store.store import SignedInUser

        placeholder = SignedInUser(0, username, full_name, role, True)
        store = store_class(
            None, engine, data_key, placeholder, keys, backend, address, signer=signer
        )
        store.write_first_records(username, full_name, role, recovery_signer)
        keys.save()
        return store, recovery_code
    except BaseException:
        engine.dispose()
        raise


def upgrade_team_database(address: ServerAddress) -> tuple[str | None, str]:
    """Bring a team database's schema to this Remedy's and make its grants and policies again
    (a new table has none until then), as the owner, in one transaction: a failure leaves the
    database as it was. Returns the schema revisions before and after."""
    from alembic.command import upgrade

    from remedy_tui.store.migrate import alembic_config, check_not_newer, current_revision
    from remedy_tui.store.migrate import head_revision as head

    engine = address.owner_engine()
    try:
        check_reachable(engine, address)
        with engine.connect() as conn:
            if not _initialised(conn):
                raise StoreError(
                    f"The team database at {address.display()} is not set up yet: run "
                    "`remedy server init` first."
                )
            before = current_revision(conn)
            check_not_newer(before)
            config = alembic_config()
            config.attributes["connection"] = conn
            upgrade(config, "head")
            create_group_roles(conn, address.database)
            conn.commit()
        return before, head()
    finally:
        engine.dispose()


def terminate_sessions(conn: Connection, login: str) -> None:
    """End every open connection of ``login`` (a disabled person's desktops); before the
    login is dropped, since the server names a session's user from the role."""
    conn.execute(
        text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :u"),
        {"u": login},
    )

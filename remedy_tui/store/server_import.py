"""Moving a team in: a local store copied whole into an empty team database.

Every record keeps its id, every audit entry its place in the chain, and the team key *is* the
local store's data key, so the audit chain (keyed from it) verifies on the server as it did on
the file, and each person's key slot (bound to the store's identity, which moves too) still
opens with their passphrase. Documents are sealed under the team key on the way in. The one
thing that cannot move is a person's PostgreSQL login, which needs their passphrase: the
person importing gets theirs; everyone else is given one by ``remedy server users reset``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert, select, text
from sqlmodel import SQLModel

import remedy_tui.store.models  # noqa: F401  (every table on SQLModel.metadata)
from remedy_tui.store.attachments import seal
from remedy_tui.store.backend import backend_named
from remedy_tui.store.errors import StoreError, StoreExistsError
from remedy_tui.store.keyslots import KeySlotFile
from remedy_tui.store.models import Role
from remedy_tui.store.server import ServerAddress
from remedy_tui.store.server_keys import ServerKeySlots
from remedy_tui.store.server_roles import create_group_roles, create_login
from remedy_tui.store.server_setup import check_reachable
from remedy_tui.store.store import Store

BATCH = 2000


@dataclass(frozen=True)
class Imported:
    """What was copied: rows per table, and the people who still need a login."""

    rows: dict[str, int]
    logins_needed: tuple[str, ...]


def _empty(conn: Connection) -> bool:
    found = conn.execute(text("SELECT 1 FROM store_meta WHERE key = 'store_id'")).first()
    users = conn.execute(text("SELECT count(*) FROM users")).scalar_one()
    return found is None and users == 0


def _copy(source: Connection, target: Connection, table: Table, seal_key: bytes) -> int:
    """Every row of ``table``, in batches, ids and all."""
    copied = 0
    result = source.execution_options(stream_results=True).execute(select(table))
    while batch := result.fetchmany(BATCH):
        rows: list[dict[str, Any]] = [dict(row._mapping) for row in batch]
        if table.name == "document_contents":
            for row in rows:
                row["content"] = seal(seal_key, row["document_id"], bytes(row["content"]))
        target.execute(insert(table), rows)
        copied += len(rows)
    return copied


def import_store(address: ServerAddress, db_path: Path, username: str, passphrase: str) -> Imported:
    """Copy the local store at ``db_path`` (unlocked as ``username``) into the empty team
    database at ``address`` (whose URL names its owner), in one transaction."""
    from remedy_tui.store.attachments import derive_attachment_key

    if not address.names_user:
        raise StoreError(
            "Moving a team in connects as the team database's owner: give the address as "
            "postgresql://OWNER@HOST:PORT/DATABASE."
        )
    local = Store.open(db_path, username, passphrase)
    backend = backend_named("postgresql")
    engine = address.owner_engine()
    try:
        check_reachable(engine, address)
        backend.create_database(address, b"")  # the schema, to the head revision
        data_key = local.data_key()
        keys = KeySlotFile.load(local.paths.keys)
        counts: dict[str, int] = {}
        with local.engine.connect() as source, engine.begin() as target:
            if not _empty(target):
                raise StoreExistsError(
                    f"The team database at {address.display()} is not empty: a store is moved "
                    "into a new, empty team database only."
                )
            seal_key = derive_attachment_key(data_key)
            for table in SQLModel.metadata.sorted_tables:
                counts[table.name] = _copy(source, target, table, seal_key)
            server_keys = ServerKeySlots(
                path=keys.path, store_id=keys.store_id, slots=list(keys.slots), engine=engine
            )
            server_keys.save_on(target)
            backend.analyze(target)  # move the id sequences past the copied rows
            create_group_roles(target, address.database)
            people = target.execute(
                text("SELECT username, role FROM users WHERE active ORDER BY username")
            ).all()
            for person in people:
                if person.username == username:
                    create_login(target, address.database, username, passphrase, Role(person.role))
        needed = tuple(p.username for p in people if p.username != username)
        return Imported(counts, needed)
    finally:
        engine.dispose()
        local.close()

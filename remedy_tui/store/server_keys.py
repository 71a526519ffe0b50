"""The team key's slots on a team server: one row per slot in ``key_slots``.

On the local file the key slots live in a file beside the database; on a team server they live
in the database, one row per user and one for the recovery code, so that a user's own row can
be changed (a new passphrase) without touching anyone else's. Nothing in a row is secret in
clear: each is the team key wrapped under one person's passphrase (Argon2id, AES-256-GCM).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from remedy_tui.store.errors import KeySlotFileError
from remedy_tui.store.keyslots import KdfParams, KeySlot, KeySlotFile

_NOWHERE = Path("(team server)")


def _row_name(slot: KeySlot) -> str:
    return f"user:{slot.user}" if slot.kind == "user" else slot.kind


@dataclass
class ServerKeySlots(KeySlotFile):
    """Key slots kept in the team database; :meth:`save` writes only the rows that changed."""

    engine: Engine | None = None
    _saved: dict[str, str] = field(default_factory=dict)

    @classmethod
    def new_for(cls, engine: Engine, kdf_template: KdfParams | None = None) -> ServerKeySlots:
        """Empty slots for a new team database (written by :meth:`save`)."""
        fresh = KeySlotFile.new(_NOWHERE, kdf_template)
        return cls(path=_NOWHERE, store_id=fresh.store_id, kdf_template=kdf_template, engine=engine)

    @classmethod
    def load_from(cls, engine: Engine) -> ServerKeySlots:
        """Read every slot this user may see, and the team database's identity."""
        with engine.connect() as conn:
            store_id = conn.execute(
                text("SELECT value FROM store_meta WHERE key = 'store_id'")
            ).scalar()
            rows = conn.execute(text("SELECT name, slot FROM key_slots ORDER BY name")).all()
        if store_id is None:
            raise KeySlotFileError(
                "This team database has not been set up: run `remedy server init` first."
            )
        try:
            slots = [KeySlot.from_json(json.loads(row.slot)) for row in rows]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeySlotFileError(f"The team database's key slots are damaged ({exc}).") from None
        loaded = cls(path=_NOWHERE, store_id=str(store_id), slots=slots, engine=engine)
        loaded._saved = {row.name: row.slot for row in rows}
        return loaded

    def save(self) -> None:
        """Write the slots that are new or changed, and remove those that went."""
        assert self.engine is not None, "server key slots are saved through their engine"
        with self.engine.begin() as conn:
            self.save_on(conn)

    def save_on(self, conn: Connection) -> None:
        """:meth:`save` inside the caller's transaction (with the change the slots go with)."""
        now = {_row_name(slot): json.dumps(slot.to_json(), sort_keys=True) for slot in self.slots}
        for name, slot in now.items():
            if self._saved.get(name) == slot:
                continue
            if name in self._saved:
                conn.execute(
                    text("UPDATE key_slots SET slot = :slot WHERE name = :name"),
                    {"name": name, "slot": slot},
                )
            else:
                conn.execute(
                    text("INSERT INTO key_slots (name, slot) VALUES (:name, :slot)"),
                    {"name": name, "slot": slot},
                )
        for name in set(self._saved) - set(now):
            conn.execute(text("DELETE FROM key_slots WHERE name = :name"), {"name": name})
        self._saved = now

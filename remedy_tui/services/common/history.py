"""The audit trail's head as this computer last saw it, kept outside the store.

Someone who can open a store can cut the end off its audit trail and move the recorded head
back: the chain left behind still verifies. A copy of Remedy that has seen the longer trail
remembers its head (the last entry's number and MAC) in the user's own settings folder, and
says so when a store's history is now shorter than that, or differs at that entry. It holds
only numbers and MACs, no case data; like every file Remedy writes it is owner-only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from remedy_tui import config
from remedy_tui.store import Store
from remedy_tui.store.audit import HEAD_KEY
from remedy_tui.store.models import AuditEntry, StoreMeta
from remedy_tui.store.private_files import write_atomically

FILE = "seen-audit-heads.json"


def _path() -> Path:
    return config.config_dir() / FILE


def _load() -> dict[str, Any]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def check_history(*, store: Store) -> str | None:
    """None if the store's trail reaches (at least) the head this computer last saw, with
    the same entry there; otherwise what is wrong, in words. Remembers the newer head."""
    seen = _load().get(store.store_id)
    with store.backend.snapshot(store.engine) as conn:
        recorded = conn.execute(
            select(col(StoreMeta.value)).where(col(StoreMeta.key) == HEAD_KEY)
        ).scalar()
        if recorded is None:
            return None
        loaded = json.loads(recorded)
        head = (int(loaded["id"]), str(loaded["mac"]))
        seen_mac = None
        if isinstance(seen, dict) and store.backend.may_read_audit(conn):
            seen_mac = conn.execute(
                select(col(AuditEntry.mac)).where(col(AuditEntry.id) == int(seen.get("id", 0)))
            ).scalar()
    if isinstance(seen, dict):
        seen_id, mac = int(seen.get("id", 0)), str(seen.get("mac", ""))
        if head[0] < seen_id:
            return (
                f"its audit trail ends at entry {head[0]:,}, but this computer has seen it "
                f"reach entry {seen_id:,}: entries have been removed"
            )
        if (head[0] == seen_id and head[1] != mac) or (seen_mac is not None and seen_mac != mac):
            return (
                f"its audit trail's entry {seen_id:,} is not the one this computer saw: its "
                "history has been rewritten"
            )
    remember(store.store_id, head)
    return None


def remember(store_id: str, head: tuple[int, str], *, restored: bool = False) -> None:
    """Keep ``head`` as the newest this computer has seen of the store ``store_id``; after a
    restore made here (``restored``), the restored trail's head replaces it, shorter or not."""
    seen = _load()
    current = seen.get(store_id)
    if not restored and isinstance(current, dict) and int(current.get("id", 0)) >= head[0]:
        return
    seen[store_id] = {"id": head[0], "mac": head[1]}
    try:
        _path().parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(_path(), json.dumps(seen, indent=2).encode("utf-8"))
    except OSError:
        pass  # remembering is a safeguard, never a reason to refuse work


def recorded_head(*, store: Store) -> tuple[int, str] | None:
    """The head of the store's audit trail as the store records it (to remember after a
    restore, when the restored trail is the store's history from then on)."""
    with store.backend.snapshot(store.engine) as conn:
        recorded = conn.execute(
            select(col(StoreMeta.value)).where(col(StoreMeta.key) == HEAD_KEY)
        ).scalar()
    if recorded is None:
        return None
    loaded = json.loads(recorded)
    return int(loaded["id"]), str(loaded["mac"])

"""The audit trail: every write recorded with who, when, which record and what changed.

Entries are chained: each carries an HMAC (under a key derived from the data key) over its
own content and the previous entry's HMAC, and the chain's head is kept in ``store_meta``,
so editing, deleting or truncating history is detected by :func:`verify_chain`.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, insert, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.attributes import get_history
from sqlmodel import col

from remedy_tui.store.backend import backend_of
from remedy_tui.store.errors import AuditError
from remedy_tui.store.models import AuditEntry, StoreMeta, utcnow

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
TEXT_LIMIT = 2000
_UNAUDITED = (AuditEntry, StoreMeta)


def derive_audit_key(data_key: bytes) -> bytes:
    """The HMAC key for the audit chain, derived from (and never equal to) the data key."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"remedy audit chain v1")
    return hkdf.derive(data_key)


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value; long text and bytes are summarised by digest."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if isinstance(value, str):
        if len(value) > TEXT_LIMIT:
            digest = hashlib.sha256(value.encode("utf-8")).hexdigest()
            return {"text": len(value), "sha256": digest}
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


@dataclass(frozen=True)
class PendingEntry:
    """An audit entry about to be chained and written."""

    action: str
    table_name: str
    record_id: str | None
    changes: dict[str, Any]


def _mac(key: bytes, entry_id: int, at: str, actor: str, entry: PendingEntry, prev: str) -> str:
    body = json.dumps(
        [entry_id, at, actor, entry.action, entry.table_name, entry.record_id, entry.changes, prev],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def _canonical_changes(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def append(conn: Connection, key: bytes, actor: str, entries: Iterable[PendingEntry]) -> None:
    """Chain ``entries`` onto the trail; must run inside the write transaction they describe."""
    entries = list(entries)
    if not entries:
        return
    if not actor:
        raise AuditError("A write without a signed-in user cannot be audited, so it was refused.")
    # Take the write lock before reading the head (a write session holds it already; any other
    # takes it here): two processes can then never number two entries alike.
    backend_of(conn).lock_audit_head(conn)
    last_id, prev = _head(conn)
    at = utcnow()
    at_text = at.isoformat()
    rows = []
    for offset, entry in enumerate(entries, start=1):
        entry_id = last_id + offset
        mac = _mac(key, entry_id, at_text, actor, entry, prev)
        rows.append(
            {
                "id": entry_id,
                "at": at,
                "actor": actor,
                "action": entry.action,
                "table_name": entry.table_name,
                "record_id": entry.record_id,
                "changes": json.dumps(entry.changes, sort_keys=True, separators=(",", ":")),
                "prev_mac": prev,
                "mac": mac,
            }
        )
        prev = mac
    conn.execute(insert(AuditEntry), rows)
    head_value = json.dumps({"id": last_id + len(entries), "mac": prev})
    updated = conn.execute(
        update(StoreMeta).where(col(StoreMeta.key) == HEAD_KEY).values(value=head_value)
    )
    if updated.rowcount == 0:
        conn.execute(insert(StoreMeta).values(key=HEAD_KEY, value=head_value))


def _head(conn: Connection) -> tuple[int, str]:
    """The chain's last entry's id and MAC, from the recorded head (which a change may read
    and update even where it may not read the trail: a TPD's referral is audited too), or
    from the trail itself for a store that has no head recorded yet."""
    recorded = conn.execute(
        select(col(StoreMeta.value)).where(col(StoreMeta.key) == HEAD_KEY)
    ).scalar()
    if recorded is not None:
        head = json.loads(recorded)
        return int(head["id"]), str(head["mac"])
    last = conn.execute(
        select(col(AuditEntry.id), col(AuditEntry.mac)).order_by(col(AuditEntry.id).desc()).limit(1)
    ).first()
    return (int(last[0] or 0), str(last[1])) if last else (0, GENESIS)


def _record_id(obj: Any) -> str | None:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    if any(part is None for part in key):
        return None
    return "/".join(str(part) for part in key)


def _pending_from_session(session: Session) -> list[PendingEntry]:
    pending: list[PendingEntry] = []
    for obj in session.new:
        if isinstance(obj, _UNAUDITED):
            continue
        mapper = inspect(obj).mapper
        values = {attr.key: _plain(getattr(obj, attr.key)) for attr in mapper.column_attrs}
        pending.append(PendingEntry("insert", mapper.local_table.name, _record_id(obj), values))
    for obj in session.dirty:
        if isinstance(obj, _UNAUDITED) or not session.is_modified(obj):
            continue
        mapper = inspect(obj).mapper
        changes: dict[str, Any] = {}
        for attr in mapper.column_attrs:
            history = get_history(obj, attr.key)
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                changes[attr.key] = [_plain(old), _plain(new)]
        if changes:
            if mapper.version_id_col is not None:
                # The flush has already bumped the version; record the step it took.
                version = getattr(obj, "version", None)
                if isinstance(version, int):
                    changes["version"] = [version - 1, version]
            pending.append(
                PendingEntry("update", mapper.local_table.name, _record_id(obj), changes)
            )
    for obj in session.deleted:
        if isinstance(obj, _UNAUDITED):
            continue
        mapper = inspect(obj).mapper
        pending.append(PendingEntry("delete", mapper.local_table.name, _record_id(obj), {}))
    return pending


def after_flush(session: Session, flush_context: UOWTransaction) -> None:
    """Session hook: chain an entry for every row the flush inserted, changed or deleted."""
    pending = _pending_from_session(session)
    if pending:
        append(
            session.connection(), session.info["audit_key"], session.info.get("actor", ""), pending
        )


def record_event(
    session: Session, action: str, table_name: str, record_id: str | None, details: dict[str, Any]
) -> None:
    """Chain an entry for something that is not a row change: a sign-in, an export."""
    conn = session.connection()
    entry = PendingEntry(action, table_name, record_id, _plain(details))
    actor = session.info.get("actor", "")
    append(conn, session.info["audit_key"], actor, [entry])


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found."""

    entries: int
    fault: str | None

    @property
    def ok(self) -> bool:
        """True when the whole chain verifies."""
        return self.fault is None


def verify_chain(conn: Connection, key: bytes, batch: int = 5000) -> ChainReport:
    """Recompute every HMAC in order and compare the end of the chain with the recorded head."""
    prev = GENESIS
    expected_id = 1
    last_id = 0
    while True:
        rows = conn.execute(
            select(AuditEntry)
            .where(col(AuditEntry.id) >= expected_id)
            .order_by(col(AuditEntry.id))
            .limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            entry_id = row.id
            if entry_id != expected_id:
                return ChainReport(last_id, f"audit entry {expected_id} is missing (deleted)")
            if row.prev_mac != prev:
                return ChainReport(
                    last_id, f"audit entry {entry_id} does not follow entry {last_id}"
                )
            entry = PendingEntry(
                row.action, row.table_name, row.record_id, _canonical_changes(row.changes)
            )
            at_text = row.at.isoformat()
            if not hmac.compare_digest(
                _mac(key, entry_id, at_text, row.actor, entry, prev), row.mac
            ):
                return ChainReport(last_id, f"audit entry {entry_id} has been altered")
            prev = row.mac
            last_id = entry_id
            expected_id += 1
    head_row = conn.execute(
        select(col(StoreMeta.value)).where(col(StoreMeta.key) == HEAD_KEY)
    ).scalar()
    if head_row is None:
        if last_id:
            return ChainReport(last_id, "the audit chain's recorded head is missing")
        return ChainReport(0, None)
    head = json.loads(head_row)
    if head.get("id") != last_id or head.get("mac") != prev:
        return ChainReport(
            last_id,
            f"the audit trail ends at entry {last_id} but entry {head.get('id')} was recorded: "
            "entries have been removed",
        )
    return ChainReport(last_id, None)

"""The audit trail: every write recorded with who, when, which record and what changed.

Entries are chained: each carries an HMAC (under a key derived from the data key) over its
own content and the previous entry's HMAC, and the chain's head is kept in ``store_meta``,
so editing, deleting or truncating history is detected by :func:`verify_chain`.

What the chain covers of an entry's changes is their *seal* (:func:`sealed`), not the values
themselves: each entry carries a random salt (under ``__seal__``), and the chain covers, for
every field, an HMAC of its name and value under that salt. A disposal (services.records)
scrubs an entry by replacing its values and salt with those field digests
(:func:`scrub_entries`): the seal, and so every MAC in the chain, stays as it was, while nothing
of the values is left, not even a digest a guess could be tested against (the salt went with
them). Entries written before seals were kept (no ``__seal__``) are covered value by value, as
they always were; :func:`reseal_trail` gives them seals and chains the trail again, after
checking it, the first time one of them must be scrubbed.

Everyone who can open the store can compute that HMAC, so the chain alone holds only against
outsiders. Against insiders, each entry is also signed (Ed25519, over :func:`entry_digest`) by
the person who made it, with the signing key in their key slot that only their passphrase
unlocks; the
public keys are introduced by entries of their own (``signing_key``): a person's first by
themselves or by an administrator, each later one signed by the key before it (a passphrase
change) or by an administrator or the recovery code (a reset). Rewriting an entry and
recomputing the chain then breaks the signature of every later entry made by anyone else.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, insert, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.attributes import get_history
from sqlmodel import col

from remedy_tui.store.backend import backend_of
from remedy_tui.store.errors import AuditError
from remedy_tui.store.keyslots import RECOVERY_SIGNER
from remedy_tui.store.models import AuditEntry, StoreMeta, utcnow

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
TEXT_LIMIT = 2000
_UNAUDITED = (AuditEntry, StoreMeta)
# The action of an entry that introduces a person's public signing key.
SIGNING_KEY = "signing_key"
# The key under which the audit chain's HMAC key is kept in ``store_meta`` once the data key it
# was first derived from has been replaced (a rekey): the chain's key never changes.
AUDIT_KEY_META = "audit_key"


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


# The key under which an entry's changes carry the digest of the record as the change left
# it (inserts and updates): covered by the entry's HMAC with the rest of its changes.
DIGEST_KEY = "__digest__"
# The key under which an entry carries where its record came from when it was not typed but
# imported (``{"imported_from": file name, "row": n}``): set on the session as
# ``session.info[SOURCE_INFO]`` while that record is flushed, covered by the HMAC likewise.
SOURCE_KEY = "__source__"
SOURCE_INFO = "audit_source"


@dataclass(frozen=True)
class PendingEntry:
    """An audit entry about to be chained and written."""

    action: str
    table_name: str
    record_id: str | None
    changes: dict[str, Any]


# The key under which an entry's changes carry their seal: the salt of the field digests, and
# the digests of the fields a disposal scrubbed.
SEAL_KEY = "__seal__"


def _field_digest(salt: str, name: str, value: Any) -> str:
    body = json.dumps([name, value], sort_keys=True, separators=(",", ":"))
    return hmac.new(bytes.fromhex(salt), body.encode("utf-8"), hashlib.sha256).hexdigest()


def sealed(changes: dict[str, Any]) -> Any:
    """What the chain covers of an entry's changes: the digest of every field under the entry's
    salt (those scrubbed kept as they were), or, for an entry written before seals were kept,
    the changes themselves."""
    seal = changes.get(SEAL_KEY)
    if not isinstance(seal, dict):
        return changes
    salt = seal.get("salt")
    scrubbed = seal.get("scrubbed") or {}
    digests: dict[str, Any] = dict(scrubbed) if isinstance(scrubbed, dict) else {"?": scrubbed}
    extra = sorted(set(seal) - {"salt", "scrubbed"})
    if extra:
        # Nothing else belongs in a seal: anything added is covered, so the MAC no longer
        # matches.
        digests["?"] = {name: seal[name] for name in extra}
    for name, value in changes.items():
        if name == SEAL_KEY:
            continue
        if not isinstance(salt, str):
            # A value beside a seal with no salt was put back after a scrub: cover it as it
            # is, so the MAC no longer matches.
            digests[name] = ["unsalted", value]
            continue
        digests[name] = _field_digest(salt, name, value)
    return {SEAL_KEY: digests}


def with_seal(changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` with a fresh salt, ready to be chained."""
    if SEAL_KEY in changes:
        return changes
    return {**changes, SEAL_KEY: {"salt": secrets.token_hex(16)}}


def _mac(key: bytes, entry_id: int, at: str, actor: str, entry: PendingEntry, prev: str) -> str:
    covered = sealed(entry.changes)
    body = json.dumps(
        [entry_id, at, actor, entry.action, entry.table_name, entry.record_id, covered, prev],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def _digest_value(value: Any) -> Any:
    """A column value as the digest sees it: a moment in UTC whatever zone it was given in
    (the column stores UTC, so the record read back must digest alike)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC)
    return _plain(value)


def record_digest(obj: Any) -> str:
    """SHA-256 of every column of a mapped record, as written."""
    mapper = inspect(obj).mapper
    values = {attr.key: _digest_value(getattr(obj, attr.key)) for attr in mapper.column_attrs}
    body = json.dumps(values, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _canonical_changes(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def entry_digest(entry_id: int, at: str, actor: str, entry: PendingEntry) -> str:
    """What an entry's author signs: SHA-256 of its number, moment, author, action, record and
    the seal of its changes (so a disposal that scrubs the values keeps the signature). Not its
    place in the chain (the previous MAC): the chain is the MAC's to keep, and a trail chained
    again (a disposal's reseal) keeps the signature of every entry that had a seal."""
    body = json.dumps(
        [
            entry_id,
            at,
            actor,
            entry.action,
            entry.table_name,
            entry.record_id,
            sealed(entry.changes),
        ],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _signed_text(digest: str) -> bytes:
    return b"remedy audit entry v1|" + digest.encode("ascii")


def sign(signer: Ed25519PrivateKey, digest: str) -> str:
    """The signature an entry with this digest (:func:`entry_digest`) carries."""
    return base64.b64encode(signer.sign(_signed_text(digest))).decode("ascii")


def signature_holds(public: bytes, digest: str, signature: str) -> bool:
    """True when ``signature`` is the holder of ``public``'s over an entry with ``digest``."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(
            base64.b64decode(signature, validate=True), _signed_text(digest)
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def public_signing_key(signer: Ed25519PrivateKey) -> str:
    """The public half of ``signer``, as a ``signing_key`` entry gives it."""
    return base64.b64encode(signer.public_key().public_bytes_raw()).decode("ascii")


def append(
    conn: Connection,
    key: bytes,
    actor: str,
    entries: Iterable[PendingEntry],
    signer: Ed25519PrivateKey | None = None,
) -> None:
    """Chain ``entries`` onto the trail, each signed by ``signer`` (the actor's signing key);
    must run inside the write transaction they describe."""
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
    for offset, given in enumerate(entries, start=1):
        entry = PendingEntry(
            given.action, given.table_name, given.record_id, with_seal(given.changes)
        )
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
                "signature": (
                    None
                    if signer is None
                    else sign(signer, entry_digest(entry_id, at_text, actor, entry))
                ),
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
    source = session.info.get(SOURCE_INFO)
    for obj in session.new:
        if isinstance(obj, _UNAUDITED):
            continue
        mapper = inspect(obj).mapper
        values = {attr.key: _plain(getattr(obj, attr.key)) for attr in mapper.column_attrs}
        values[DIGEST_KEY] = record_digest(obj)
        if source:
            values[SOURCE_KEY] = _plain(source)
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
            changes[DIGEST_KEY] = record_digest(obj)
            if source:
                changes[SOURCE_KEY] = _plain(source)
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
            session.connection(),
            session.info["audit_key"],
            session.info.get("actor", ""),
            pending,
            session.info.get("signer"),
        )


def record_event(
    session: Session, action: str, table_name: str, record_id: str | None, details: dict[str, Any]
) -> None:
    """Chain an entry for something that is not a row change: a sign-in, an export."""
    conn = session.connection()
    entry = PendingEntry(action, table_name, record_id, _plain(details))
    actor = session.info.get("actor", "")
    append(conn, session.info["audit_key"], actor, [entry], session.info.get("signer"))


def introduce_signing_key(
    session: Session, subject: str, public: str, record_id: str | None = None
) -> None:
    """Chain the entry that makes ``public`` ``subject``'s signing key from here on (signed,
    like every entry, by whoever is signed in)."""
    record_event(session, SIGNING_KEY, "users", record_id, {"user": subject, "key": public})


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found."""

    entries: int
    fault: str | None
    # Entries written before people had signing keys (the chain still covers them).
    unsigned: int = 0

    @property
    def ok(self) -> bool:
        """True when the whole chain verifies."""
        return self.fault is None


class _Signatures:
    """The signing keys as the chain has introduced them so far, and the check of each entry's
    signature against its author's key (see the module's docstring for the rules)."""

    def __init__(self, admins: set[str] | None) -> None:
        self.admins = admins
        self.keys: dict[str, bytes] = {}
        self.signed_seen = False
        self.unsigned = 0

    def fault(self, row: Any, digest: str) -> str | None:
        """Why ``row``'s signature over ``digest`` does not hold, or None when it does."""
        where = f"audit entry {row.id} (by {row.actor}, {row.action} {row.table_name})"
        introduced = self._introduced(row)
        if row.signature is None:
            if self.signed_seen:
                return (
                    f"{where} is not signed, though the entries before it are: it was "
                    "written past Remedy"
                )
            self.unsigned += 1
            self._learn(introduced)
            return None
        self.signed_seen = True
        own = [self.keys.get(row.actor)]
        if introduced is not None and introduced[0] == row.actor and row.actor not in self.keys:
            own.append(introduced[1])  # a person's first key, introduced by themselves
        by_recovery = False
        if not any(
            public is not None and signature_holds(public, digest, row.signature) for public in own
        ):
            # A session opened with the recovery code signs with the code's key.
            recovery = self.keys.get(RECOVERY_SIGNER)
            by_recovery = recovery is not None and signature_holds(recovery, digest, row.signature)
            if not by_recovery:
                return (
                    f"{where} is not signed by {row.actor}: it was altered, or written by "
                    "someone else in their name"
                )
        if introduced is not None and introduced[0] != row.actor and not by_recovery:
            first = introduced[0] not in self.keys
            if self.admins is not None and row.actor not in self.admins and not first:
                return (
                    f"{where} gives {introduced[0]} a new signing key, but {row.actor} is not "
                    "an administrator"
                )
        self._learn(introduced)
        return None

    def _introduced(self, row: Any) -> tuple[str, bytes] | None:
        if row.action != SIGNING_KEY:
            return None
        try:
            details = json.loads(row.changes)
            return str(details["user"]), base64.b64decode(str(details["key"]), validate=True)
        except (ValueError, KeyError, TypeError):
            return None

    def _learn(self, introduced: tuple[str, bytes] | None) -> None:
        if introduced is not None:
            self.keys[introduced[0]] = introduced[1]


def verify_chain(
    conn: Connection,
    key: bytes,
    batch: int = 5000,
    admins: set[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ChainReport:
    """Recompute every HMAC in order, check every signature against its author's key, and
    compare the end of the chain with the recorded head. ``admins``: the user names that may
    give someone else a signing key (None: not checked); ``progress`` is told how many
    entries are verified after each batch."""
    prev = GENESIS
    expected_id = 1
    last_id = 0
    signatures = _Signatures(admins)
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
                return ChainReport(
                    last_id, f"audit entry {expected_id} is missing (deleted)", signatures.unsigned
                )
            if row.prev_mac != prev:
                return ChainReport(
                    last_id,
                    f"audit entry {entry_id} does not follow entry {last_id}",
                    signatures.unsigned,
                )
            entry = PendingEntry(
                row.action, row.table_name, row.record_id, _canonical_changes(row.changes)
            )
            at_text = row.at.isoformat()
            if not hmac.compare_digest(
                _mac(key, entry_id, at_text, row.actor, entry, prev), row.mac
            ):
                return ChainReport(
                    last_id, f"audit entry {entry_id} has been altered", signatures.unsigned
                )
            unsigned = signatures.fault(row, entry_digest(entry_id, at_text, row.actor, entry))
            if unsigned is not None:
                return ChainReport(last_id, unsigned, signatures.unsigned)
            prev = row.mac
            last_id = entry_id
            expected_id += 1
        if progress is not None:
            progress(last_id)
    head_row = conn.execute(
        select(col(StoreMeta.value)).where(col(StoreMeta.key) == HEAD_KEY)
    ).scalar()
    if head_row is None:
        if last_id:
            return ChainReport(
                last_id, "the audit chain's recorded head is missing", signatures.unsigned
            )
        return ChainReport(0, None)
    head = json.loads(head_row)
    if head.get("id") != last_id or head.get("mac") != prev:
        return ChainReport(
            last_id,
            f"the audit trail ends at entry {last_id} but entry {head.get('id')} was recorded: "
            "entries have been removed",
            signatures.unsigned,
        )
    return ChainReport(last_id, None, signatures.unsigned)


@dataclass(frozen=True)
class RecordReport:
    """What :func:`verify_records` found."""

    compared: int
    faults: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when every record matches its last audit entry."""
        return not self.faults


CHANGES = ("insert", "update", "delete")


def _models() -> dict[str, Any]:
    """Every audited model, by table name."""
    from sqlmodel import SQLModel

    found: dict[str, Any] = {}
    for mapper in SQLModel._sa_registry.mappers:  # noqa: SLF001 - SQLModel's one registry
        model = mapper.class_
        if model in _UNAUDITED:
            continue
        found[str(model.__tablename__)] = model
    return found


def record_table_count() -> int:
    """How many tables :func:`verify_records` compares, for its progress."""
    return len(_models())


def _digest_of(changes: str | None) -> str | None:
    """The digest an entry's changes carry (None for entries written before digests were)."""
    try:
        loaded = json.loads(changes or "{}")
    except ValueError:
        return None
    digest = loaded.get(DIGEST_KEY) if isinstance(loaded, dict) else None
    return str(digest) if digest is not None else None


def verify_records(
    conn: Connection, most: int = 20, progress: Callable[[int], None] | None = None
) -> RecordReport:
    """Compare every record that has audit entries with the last of them: a record whose
    digest differs was changed without an entry; one the trail last inserted or changed but
    the store no longer holds was deleted without one; one the trail deleted but the store
    holds was put back past Remedy. Records no entry describes (written by the demo, by a
    migration, or before digests were kept) are not compared."""
    from sqlalchemy import func

    faults: list[str] = []
    compared = 0
    session = Session(bind=conn)
    for done, (table, model) in enumerate(sorted(_models().items())):
        if progress is not None:
            progress(done)
        last = (
            select(col(AuditEntry.record_id), func.max(col(AuditEntry.id)).label("last"))
            .where(col(AuditEntry.table_name) == table, col(AuditEntry.action).in_(CHANGES))
            .group_by(col(AuditEntry.record_id))
            .subquery()
        )
        latest = {
            str(record_id): (str(entry_id), str(action), _digest_of(changes))
            for record_id, entry_id, action, changes in conn.execute(
                select(
                    col(AuditEntry.record_id),
                    col(AuditEntry.id),
                    col(AuditEntry.action),
                    col(AuditEntry.changes),
                ).join(last, col(AuditEntry.id) == last.c.last)
            )
        }
        if not latest:
            continue
        seen: set[str] = set()
        rows = session.execute(select(model).execution_options(yield_per=1000)).scalars()
        for obj in rows:
            record_id = _record_id(obj)
            if record_id is None or record_id not in latest:
                continue
            seen.add(record_id)
            compared += 1
            entry_id, action, digest = latest[record_id]
            if action == "delete":
                faults.append(
                    f"{table} {record_id} is in the store, though entry {entry_id} deleted it"
                )
            elif digest is not None and record_digest(obj) != digest:
                faults.append(
                    f"{table} {record_id} differs from entry {entry_id}: it was changed "
                    "without an entry"
                )
        for record_id, (entry_id, action, _digest) in latest.items():
            if action != "delete" and record_id not in seen:
                faults.append(
                    f"{table} {record_id} is missing, though entry {entry_id} {action}ed it: "
                    "it was deleted without an entry"
                )
        if len(faults) >= most:
            break
    session.close()
    return RecordReport(compared, tuple(faults[:most]))


@dataclass(frozen=True)
class Scrubbed:
    """What :func:`scrub_entries` did: how many entries it scrubbed, and how many entries
    written before seals it first sealed (the trail then chained again)."""

    entries: int
    resealed: int


def scrub_entries(conn: Connection, key: bytes, entry_ids: Iterable[int]) -> Scrubbed:
    """Replace the values (and salt) of the given entries with their field digests, keeping
    every MAC as it was; entries without a seal are first given one (:func:`reseal_trail`).
    Runs inside the disposal's transaction."""
    ids = sorted(set(entry_ids))
    if not ids:
        return Scrubbed(0, 0)
    resealed = 0
    if conn.execute(
        select(col(AuditEntry.id))
        .where(
            col(AuditEntry.id).in_(ids),
            ~col(AuditEntry.changes).contains(f'"{SEAL_KEY}"', autoescape=True),
        )
        .limit(1)
    ).first():
        resealed = reseal_trail(conn, key)
    scrubbed = 0
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(col(AuditEntry.id), col(AuditEntry.changes)).where(
                col(AuditEntry.id).in_(ids[start : start + 500])
            )
        ).all()
        for entry_id, text in rows:
            changes = _canonical_changes(text)
            digests = sealed(changes)[SEAL_KEY]
            scrubbed_changes = {SEAL_KEY: {"salt": None, "scrubbed": digests}}
            conn.execute(
                update(AuditEntry)
                .where(col(AuditEntry.id) == entry_id)
                .values(changes=json.dumps(scrubbed_changes, sort_keys=True, separators=(",", ":")))
            )
            scrubbed += 1
    return Scrubbed(scrubbed, resealed)


def reseal_trail(conn: Connection, key: bytes) -> int:
    """Give every entry written before seals were kept a seal, and chain the trail again from
    the first of them; refused (AuditError) when the chain does not verify as it stands, so
    a tampered trail is never made to verify. Returns how many entries were sealed."""
    report = verify_chain(conn, key)
    if not report.ok:
        raise AuditError(
            f"The audit trail does not verify ({report.fault}), so it cannot be sealed for a "
            "disposal; nothing was changed."
        )
    backend_of(conn).lock_audit_head(conn)
    first = conn.execute(
        select(col(AuditEntry.id))
        .where(~col(AuditEntry.changes).contains(f'"{SEAL_KEY}"', autoescape=True))
        .order_by(col(AuditEntry.id))
        .limit(1)
    ).scalar()
    if first is None:
        return 0
    prev = (
        conn.execute(
            select(col(AuditEntry.mac)).where(col(AuditEntry.id) == int(first) - 1)
        ).scalar()
        or GENESIS
    )
    sealed_count = 0
    last_id = int(first) - 1
    for row in conn.execute(
        select(AuditEntry).where(col(AuditEntry.id) >= int(first)).order_by(col(AuditEntry.id))
    ).all():
        changes = _canonical_changes(row.changes)
        if SEAL_KEY not in changes:
            changes = with_seal(changes)
            sealed_count += 1
        entry = PendingEntry(row.action, row.table_name, row.record_id, changes)
        mac = _mac(key, row.id, row.at.isoformat(), row.actor, entry, prev)
        conn.execute(
            update(AuditEntry)
            .where(col(AuditEntry.id) == row.id)
            .values(
                changes=json.dumps(changes, sort_keys=True, separators=(",", ":")),
                prev_mac=prev,
                mac=mac,
            )
        )
        prev = mac
        last_id = row.id
    head_value = json.dumps({"id": last_id, "mac": prev})
    conn.execute(update(StoreMeta).where(col(StoreMeta.key) == HEAD_KEY).values(value=head_value))
    return sealed_count

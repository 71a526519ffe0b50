"""Revocation that revokes, and an audit trail each person signs (the store file).

Disabling a user and a reset with the recovery code change the data key: an earlier copy of
the key-slot file (from a backup, or kept by the person) opens nothing written afterwards.
Every audit entry is signed by its author, so an insider who can recompute the chain's MACs
still cannot rewrite, forge or add entries in a colleague's name.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from remedy_tui.services.common import users
from remedy_tui.store import Store, StorePaths, audit
from remedy_tui.store.engine import opens_with
from remedy_tui.store.errors import UserDisabledError, WrongPassphraseError
from remedy_tui.store.keyslots import KeySlot, KeySlotFile
from remedy_tui.store.models import Role
from remedy_tui.store.store import rekey_pending
from tests.conftest import PASSPHRASE, USERNAME
from tests.helpers.users import add_colleague

pytestmark = pytest.mark.local_file

BOB = "bob"
BOB_PASSPHRASE = "bob's quiet harbour of seven lanterns"
NEW_PASSPHRASE = "a fresh meadow under eleven blue kites"


def _chain(store: Store) -> audit.ChainReport:
    with store.engine.connect() as conn:
        return audit.verify_chain(conn, store.audit_key(), admins={USERNAME})


def _note(store: Store, words: str) -> None:
    with store.session(write=True) as session:
        audit.record_event(session, "note", "cases", None, {"text": words})
        session.commit()


def test_a_disabled_users_old_slot_opens_nothing_written_afterwards(
    store: Store, tmp_path: Path
) -> None:
    add_colleague(store, BOB, "Bob Bright", Role.CLINICAL_CASE_MANAGER, BOB_PASSPHRASE)
    old_keys = tmp_path / "kept.keys"
    shutil.copy(store.paths.keys, old_keys)
    old_key = KeySlotFile.load(old_keys).unwrap_for_user(BOB, BOB_PASSPHRASE)
    assert opens_with(store.paths.db, old_key)

    code = users.disable_user(store=store, username=BOB)

    assert code is None  # the recovery slot had a key pair: carried over, same code
    assert not opens_with(store.paths.db, old_key)
    _note(store, "written after Bob left")
    assert not opens_with(store.paths.db, old_key)
    with pytest.raises(UserDisabledError):
        Store.open(store.paths.db, BOB, BOB_PASSPHRASE)
    # Everyone else still signs in, the data is all there, and the history still verifies.
    store.close()
    again = Store.open(store.paths.db, USERNAME, PASSPHRASE)
    try:
        report = _chain(again)
        assert report.ok, report.fault
        assert report.unsigned == 0
        with again.engine.connect() as conn:
            active = conn.execute(text("SELECT active FROM users WHERE username = 'bob'")).one()
        assert not active[0]
    finally:
        again.close()
    assert oct(store.paths.keys.stat().st_mode & 0o777) == "0o600"
    assert oct(store.paths.db.stat().st_mode & 0o777) == "0o600"


def test_an_old_passphrase_and_recovery_code_open_nothing_after_a_recovery(
    tmp_path: Path,
) -> None:
    from tests.conftest import FAST_KDF

    path = tmp_path / "store" / "remedy.db"
    store, recovery_code = Store.create(
        path,
        username=USERNAME,
        full_name="Asha Example",
        role=Role.NON_CLINICAL_CASE_MANAGER,
        passphrase=PASSPHRASE,
        kdf=FAST_KDF,
    )
    add_colleague(store, BOB, "Bob Bright", Role.CLINICAL_CASE_MANAGER, BOB_PASSPHRASE)
    old_keys = tmp_path / "kept.keys"
    shutil.copy(store.paths.keys, old_keys)
    kept = KeySlotFile.load(old_keys)
    old_key = kept.unwrap_for_user(BOB, BOB_PASSPHRASE)
    store.close()

    new_code = users.recover_access(
        db_path=path, username=BOB, recovery_code=recovery_code, new_passphrase=NEW_PASSPHRASE
    )

    assert new_code != recovery_code
    assert not opens_with(path, old_key)
    assert not opens_with(path, kept.unwrap_with_recovery_code(recovery_code))
    with pytest.raises(WrongPassphraseError):
        Store.open(path, BOB, BOB_PASSPHRASE)
    bob = Store.open(path, BOB, NEW_PASSPHRASE)
    try:
        _note(bob, "Bob is back")
        report = _chain(bob)
        assert report.ok, report.fault
    finally:
        bob.close()


def test_a_change_of_key_that_stops_before_its_commit_leaves_the_old_store(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_colleague(store, BOB, "Bob Bright", Role.CLINICAL_CASE_MANAGER, BOB_PASSPHRASE)
    _note(store, "before")

    def crash(self: KeySlotFile) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(KeySlotFile, "save", crash)
    with pytest.raises(OSError):
        store.rekey(lambda keys: keys.disable_user(BOB))
    monkeypatch.undo()
    assert not rekey_pending(store.paths).exists()
    store.close()
    bob = Store.open(store.paths.db, BOB, BOB_PASSPHRASE)  # nothing was revoked
    bob.close()
    again = Store.open(store.paths.db, USERNAME, PASSPHRASE)
    try:
        assert _chain(again).ok
    finally:
        again.close()


def test_a_change_of_key_that_stops_after_its_commit_is_finished_at_the_next_open(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from remedy_tui.store import store as store_module

    add_colleague(store, BOB, "Bob Bright", Role.CLINICAL_CASE_MANAGER, BOB_PASSPHRASE)
    _note(store, "written before the change of key")
    old_keys = tmp_path / "kept.keys"
    shutil.copy(store.paths.keys, old_keys)
    old_key = KeySlotFile.load(old_keys).unwrap_for_user(USERNAME, PASSPHRASE)

    def crash(paths: StorePaths, data_key: bytes) -> None:
        raise KeyboardInterrupt  # the power goes after the key-slot file was written

    monkeypatch.setattr(store_module, "_finish_rekey", crash)
    with pytest.raises(KeyboardInterrupt):
        store.rekey(lambda keys: keys.disable_user(BOB))
    monkeypatch.undo()
    assert rekey_pending(store.paths).exists()
    store.close()

    with pytest.raises(UserDisabledError):
        Store.open(store.paths.db, BOB, BOB_PASSPHRASE)
    again = Store.open(store.paths.db, USERNAME, PASSPHRASE)
    try:
        assert not rekey_pending(store.paths).exists()
        assert not opens_with(store.paths.db, old_key)
        with again.engine.connect() as conn:
            notes = conn.execute(
                text("SELECT count(*) FROM audit_entries WHERE action = 'note'")
            ).scalar()
        assert notes == 1
        assert _chain(again).ok
    finally:
        again.close()


def _make_format_1(path: Path, user: str, passphrase: str, data_key: bytes) -> None:
    """Rewrite ``user``'s slot as an older Remedy wrote it: the data key itself wrapped under
    the passphrase, no key pair."""
    import secrets

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    keys = KeySlotFile.load(path)
    slot = keys.user_slot(user)
    assert slot is not None and slot.kdf is not None
    old = KeySlot(
        id=slot.id,
        kind="user",
        user=user,
        kdf=slot.kdf,
        nonce=secrets.token_bytes(12),
        wrapped=b"",
        created_at=slot.created_at,
    )
    kek = slot.kdf.derive(passphrase)
    old.wrapped = AESGCM(kek).encrypt(old.nonce, data_key, old.associated_data(keys.store_id))
    keys.slots = [s for s in keys.slots if s is not slot] + [old]
    keys.save()


def test_a_slot_from_an_older_remedy_gets_a_key_pair_at_its_sign_in(store: Store) -> None:
    add_colleague(store, BOB, "Bob Bright", Role.CLINICAL_CASE_MANAGER, BOB_PASSPHRASE)
    # As an older Remedy left it: slots without key pairs, a history without signatures.
    _make_format_1(store.paths.keys, USERNAME, PASSPHRASE, store.data_key())
    _make_format_1(store.paths.keys, BOB, BOB_PASSPHRASE, store.data_key())
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET signature = NULL"))
        conn.execute(
            text("UPDATE audit_entries SET action = 'insert' WHERE action = 'signing_key'")
        )
    _rechain(store, {})
    assert _chain(store).unsigned == _last_id(store)
    assert not KeySlotFile.load(store.paths.keys).user_slot(BOB).has_key_pair  # type: ignore[union-attr]

    bob = Store.open(store.paths.db, BOB, BOB_PASSPHRASE)
    try:
        assert bob.signer is not None
        assert KeySlotFile.load(store.paths.keys).user_slot(BOB).has_key_pair  # type: ignore[union-attr]
        _note(bob, "signed with Bob's first key pair")
        report = _chain(bob)
        assert report.ok, report.fault
        assert report.entries - report.unsigned == 2  # his key's introduction, his note
    finally:
        bob.close()


def test_a_change_of_key_marks_a_slot_without_a_key_pair_for_a_reset(store: Store) -> None:
    add_colleague(store, BOB, "Bob Bright", Role.CLINICAL_CASE_MANAGER, BOB_PASSPHRASE)
    add_colleague(store, "cara", "Cara Cole", Role.CLINICAL_CASE_MANAGER, NEW_PASSPHRASE)
    _make_format_1(store.paths.keys, BOB, BOB_PASSPHRASE, store.data_key())

    users.disable_user(store=store, username="cara")

    assert users.users_needing_reset(store=store) == [BOB]
    with pytest.raises(UserDisabledError, match="new one with the recovery code"):
        Store.open(store.paths.db, BOB, BOB_PASSPHRASE)


def test_disabling_is_refused_while_another_window_has_the_store_open(store: Store) -> None:
    from remedy_tui.store.errors import StoreInUseError

    add_colleague(store, BOB, "Bob Bright", Role.CLINICAL_CASE_MANAGER, BOB_PASSPHRASE)
    other = Store.open(store.paths.db, USERNAME, PASSPHRASE)
    try:
        with pytest.raises(StoreInUseError):
            users.disable_user(store=store, username=BOB)
    finally:
        other.close()
    bob = Store.open(store.paths.db, BOB, BOB_PASSPHRASE)  # nothing changed
    bob.close()


# Signatures ---------------------------------------------------------------------------


def _rechain(store: Store, edit: dict[int, dict[str, object]]) -> None:
    """What an insider with a passphrase can do: edit entries and recompute every MAC from
    the first edited one, then move the head (signatures left as they were)."""
    from remedy_tui.store.audit import GENESIS, PendingEntry, _mac

    key = store.audit_key()
    with store.engine.begin() as conn:
        rows = conn.execute(
            text("SELECT id, actor, action, table_name, record_id, changes FROM audit_entries")
        ).all()
        prev = GENESIS
        for row in rows:
            changes = json.loads(row.changes)
            changes.update(edit.get(row.id, {}))
            at_text = _at_iso(store, row.id)
            entry = PendingEntry(row.action, row.table_name, row.record_id, changes)
            mac = _mac(key, row.id, at_text, row.actor, entry, prev)
            conn.execute(
                text(
                    "UPDATE audit_entries SET changes = :c, prev_mac = :p, mac = :m WHERE id = :i"
                ),
                {
                    "c": json.dumps(changes, sort_keys=True, separators=(",", ":")),
                    "p": prev,
                    "m": mac,
                    "i": row.id,
                },
            )
            prev = mac
        conn.execute(
            text("UPDATE store_meta SET value = :v WHERE key = 'audit_head'"),
            {"v": json.dumps({"id": rows[-1].id, "mac": prev})},
        )


def _at_iso(store: Store, entry_id: int) -> str:
    from sqlalchemy import select
    from sqlmodel import col

    from remedy_tui.store.models import AuditEntry

    with store.engine.connect() as conn:
        at = conn.execute(select(AuditEntry.at).where(col(AuditEntry.id) == entry_id)).scalar_one()
    return str(at.isoformat())


def _last_id(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT max(id) FROM audit_entries")).scalar() or 0)


def test_an_entry_rewritten_and_rechained_is_not_signed_by_its_author(store: Store) -> None:
    add_colleague(store, BOB, "Bob Bright", Role.CLINICAL_CASE_MANAGER, BOB_PASSPHRASE)
    _note(store, "Asha's note")
    target = _last_id(store)
    bob = Store.open(store.paths.db, BOB, BOB_PASSPHRASE)
    try:
        _note(bob, "Bob's own note")
        _rechain(bob, {target: {"text": "what Bob would rather it said"}})
        report = _chain(bob)
    finally:
        bob.close()
    assert not report.ok
    assert report.fault is not None
    assert f"audit entry {target} (by {USERNAME}" in report.fault
    assert f"is not signed by {USERNAME}" in report.fault


def test_an_entry_added_in_a_colleagues_name_is_found(store: Store) -> None:
    add_colleague(store, BOB, "Bob Bright", Role.CLINICAL_CASE_MANAGER, BOB_PASSPHRASE)
    bob = Store.open(store.paths.db, BOB, BOB_PASSPHRASE)
    try:
        # Bob writes an entry, then relabels it as Asha's: the chain is recomputed, but the
        # signature is Bob's.
        _note(bob, "Asha agreed to close the case")
        forged = _last_id(bob)
        with bob.engine.begin() as conn:
            conn.execute(text(f"UPDATE audit_entries SET actor = '{USERNAME}' WHERE id = {forged}"))
        _rechain(bob, {})
        report = _chain(bob)
    finally:
        bob.close()
    assert not report.ok and report.fault is not None
    assert f"audit entry {forged} (by {USERNAME}" in report.fault


def test_a_signing_key_given_by_someone_who_is_not_an_administrator_is_found(
    store: Store,
) -> None:
    add_colleague(store, BOB, "Bob Bright", Role.CLINICAL_CASE_MANAGER, BOB_PASSPHRASE)
    bob = Store.open(store.paths.db, BOB, BOB_PASSPHRASE)
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        mine = Ed25519PrivateKey.generate()
        with bob.session(write=True) as session:
            audit.introduce_signing_key(session, USERNAME, audit.public_signing_key(mine))
            session.commit()
        report = _chain(bob)
    finally:
        bob.close()
    assert not report.ok and report.fault is not None
    assert "is not an administrator" in report.fault


def test_an_unsigned_entry_after_signed_ones_is_found(store: Store) -> None:
    _note(store, "signed")
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET signature = NULL WHERE id = 3"))
    report = _chain(store)
    assert not report.ok and report.fault is not None
    assert "audit entry 3" in report.fault and "not signed" in report.fault


def test_a_passphrase_change_rotates_the_signing_key(store: Store, tmp_path: Path) -> None:
    old_keys = tmp_path / "kept.keys"
    shutil.copy(store.paths.keys, old_keys)
    old_signer = KeySlotFile.load(old_keys).open_user(USERNAME, PASSPHRASE).signer
    assert old_signer is not None

    users.change_passphrase(store=store, new_passphrase=NEW_PASSPHRASE)
    _note(store, "after the change")
    assert _chain(store).ok

    # An entry signed with the old key (from an old copy of the slot and the old passphrase)
    # no longer passes as the person's.
    entry_id = _last_id(store)
    with store.engine.begin() as conn:
        row = conn.execute(
            text(
                f"SELECT actor, action, table_name, record_id, changes FROM audit_entries "
                f"WHERE id = {entry_id}"
            )
        ).one()
        entry = audit.PendingEntry(
            row.action, row.table_name, row.record_id, json.loads(row.changes)
        )
        digest = audit.entry_digest(entry_id, _at_iso(store, entry_id), row.actor, entry)
        forged = audit.sign(old_signer, digest)
        conn.execute(
            text("UPDATE audit_entries SET signature = :s WHERE id = :i"),
            {"s": forged, "i": entry_id},
        )
    report = _chain(store)
    assert not report.ok and report.fault is not None
    assert f"audit entry {entry_id}" in report.fault
    assert base64.b64decode(forged)  # a well-formed signature, by the wrong key

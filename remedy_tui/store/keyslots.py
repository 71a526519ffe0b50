"""Key slots: each person's key pair, locked by their passphrase, and the data key sealed to it.

A slot (format 2) holds a key pair of its own: an X25519 key, to which the data key is sealed,
and an Ed25519 key, with which the person signs the audit entries of what they change. Both
private halves are wrapped under a key derived from the passphrase (Argon2id, AES-256-GCM);
the public halves are in clear. Sealing to a public key is what lets an administrator change
the data key (revoking a colleague) and give the new one to everyone else without knowing
their passphrases: :meth:`KeySlotFile.rekey` seals it afresh to each remaining public key.

Slots written before key pairs (format 1) wrap the data key itself under the passphrase; they
still open, and are given a key pair at the person's next sign-in
(:meth:`KeySlotFile.give_key_pair`). One that has not been by the time the data key changes
cannot be carried over: it is marked for a reset (the person asks for a new passphrase).

The sealing is hand-written from the library's primitives (X25519, HKDF, AES-GCM) because
``cryptography`` offers no sealed box; it is the usual construction (an ephemeral X25519 key,
its shared secret through HKDF with both public keys, AES-256-GCM over the data key).
"""

from __future__ import annotations

import base64
import json
import secrets
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from remedy_tui.store.errors import (
    KeySlotFileError,
    UserDisabledError,
    WrongPassphraseError,
)
from remedy_tui.store.private_files import write_atomically
from remedy_tui.store.strength import check_passphrase_policy

FORMAT = "remedy-keyslots"
FORMAT_VERSION = 2
DATA_KEY_BYTES = 32
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECOVERY_GROUPS = 5
RECOVERY_GROUP_LENGTH = 5
# Who signs the audit entries of a session opened with the recovery code.
RECOVERY_SIGNER = "(recovery code)"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters for one slot; kept per slot so they can be raised later."""

    salt: bytes
    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 2
    name: str = "argon2id"

    def derive(self, secret: str) -> bytes:
        """Derive the 256-bit key-encryption key from a passphrase or recovery code."""
        if self.name != "argon2id":
            raise KeySlotFileError(f"unknown key derivation {self.name!r} in the key-slot file")
        kdf = Argon2id(
            salt=self.salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        )
        return kdf.derive(normalise_passphrase(secret))

    def to_json(self) -> dict[str, Any]:
        """The parameters as they are written to the key-slot file."""
        return {
            "name": self.name,
            "salt": _b64(self.salt),
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        """Read parameters back from the key-slot file."""
        return cls(
            name=str(data["name"]),
            salt=_unb64(str(data["salt"])),
            memory_kib=int(data["memory_kib"]),
            iterations=int(data["iterations"]),
            lanes=int(data["lanes"]),
        )

    @classmethod
    def fresh(cls, template: KdfParams | None = None) -> KdfParams:
        """New parameters with a random salt, costs copied from ``template`` if given."""
        salt = secrets.token_bytes(16)
        return cls(salt=salt) if template is None else replace(template, salt=salt)


def normalise_passphrase(secret: str) -> bytes:
    """The passphrase as bytes, NFC-normalised so the same text always derives the same key."""
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def new_recovery_code() -> str:
    """A random recovery code of 125 bits, in groups that are easy to copy down."""
    groups = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_LENGTH))
        for _ in range(RECOVERY_GROUPS)
    ]
    return "-".join(groups)


def normalise_recovery_code(code: str) -> str:
    """A recovery code as typed (any case, spaces or dashes) in its canonical form."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(
        cleaned[i : i + RECOVERY_GROUP_LENGTH]
        for i in range(0, len(cleaned), RECOVERY_GROUP_LENGTH)
    )


PRIVATE_HALVES = 64  # the X25519 private key, then the Ed25519 private key, 32 bytes each


def _raw_public(key: X25519PrivateKey | Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


@dataclass(frozen=True)
class Unlocked:
    """What a passphrase (or the recovery code) opened: the data key, and the private half of
    the slot's signing key (None for a slot written before key pairs)."""

    data_key: bytes
    signer: Ed25519PrivateKey | None

    @property
    def has_key_pair(self) -> bool:
        """False for a slot of format 1, which is given a key pair at sign-in."""
        return self.signer is not None


@dataclass
class KeySlot:
    """One person's (or the recovery code's) key pair wrapped under a key derived from their
    secret, and the data key sealed to its public half (see the module's docstring)."""

    id: str
    kind: str  # "user" or "recovery"
    user: str | None
    kdf: KdfParams | None
    nonce: bytes
    wrapped: bytes
    created_at: str
    disabled: bool = False
    # Set by someone else (an administrator adding or resetting the user): the user chooses
    # their own before anything else. Absent from older files, which means no change needed.
    must_change: bool = False
    # Format 2: the public halves (X25519 for sealing, Ed25519 for signing) and the data key
    # sealed to the first. None and empty in a slot of format 1, whose ``wrapped`` is the
    # data key itself.
    public: bytes | None = None
    signing: bytes | None = None
    ephemeral: bytes | None = None
    sealed_nonce: bytes = b""
    sealed: bytes = b""
    # The data key changed while this slot had no key pair to seal it to: it opens nothing
    # until an administrator sets a new passphrase.
    needs_reset: bool = False

    @property
    def has_key_pair(self) -> bool:
        """True for a slot of format 2."""
        return self.public is not None

    def associated_data(self, store_id: str) -> bytes:
        """What the wrapping authenticates besides the key: the slot cannot be moved or edited
        (nor its "must change" mark removed, nor its public keys swapped, without the
        passphrase)."""
        kdf = self.kdf.to_json() if self.kdf else None
        meta: dict[str, Any] = {
            "store": store_id,
            "slot": self.id,
            "kind": self.kind,
            "user": self.user,
        }
        if self.must_change:  # only when set, so slots written before the mark still open
            meta["must_change"] = True
        if self.public is not None:
            meta["public"] = _b64(self.public)
            meta["signing"] = _b64(self.signing or b"")
        return json.dumps({**meta, "kdf": kdf}, sort_keys=True).encode("utf-8")

    def _sealing_data(self, store_id: str) -> bytes:
        return json.dumps(
            {"store": store_id, "slot": self.id, "public": _b64(self.public or b"")},
            sort_keys=True,
        ).encode("utf-8")

    def _sealing_key(self, shared: bytes, store_id: str) -> bytes:
        hkdf = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=(self.ephemeral or b"") + (self.public or b""),
            info=b"remedy data key sealed to a slot v2|" + self._sealing_data(store_id),
        )
        return hkdf.derive(shared)

    def seal(self, data_key: bytes, store_id: str) -> None:
        """Seal ``data_key`` to this slot's public key (a fresh ephemeral key every time)."""
        assert self.public is not None, "only a slot with a key pair can be sealed to"
        ephemeral = X25519PrivateKey.generate()
        self.ephemeral = _raw_public(ephemeral)
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(self.public))
        self.sealed_nonce = secrets.token_bytes(12)
        self.sealed = AESGCM(self._sealing_key(shared, store_id)).encrypt(
            self.sealed_nonce, data_key, self._sealing_data(store_id)
        )

    def open_sealed(self, private: X25519PrivateKey, store_id: str) -> bytes:
        """The data key sealed to this slot, opened with the slot's private key."""
        if self.ephemeral is None:
            raise InvalidTag
        shared = private.exchange(X25519PublicKey.from_public_bytes(self.ephemeral))
        return AESGCM(self._sealing_key(shared, store_id)).decrypt(
            self.sealed_nonce, self.sealed, self._sealing_data(store_id)
        )

    def forget_keys(self) -> None:
        """Destroy every wrapped and sealed key in the slot (a disabled or reset slot)."""
        self.kdf = None
        self.wrapped = b""
        self.nonce = b""
        self.ephemeral = None
        self.sealed_nonce = b""
        self.sealed = b""

    def to_json(self) -> dict[str, Any]:
        """The slot as written to the key-slot file (the marks and key pair only when set: a
        slot without them is written as before, so a team server's unchanged rows stay
        unchanged)."""
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "user": self.user,
            "kdf": self.kdf.to_json() if self.kdf else None,
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
            "created_at": self.created_at,
            "disabled": self.disabled,
        }
        if self.must_change:
            data["must_change"] = True
        if self.needs_reset:
            data["needs_reset"] = True
        if self.public is not None:
            data["public"] = _b64(self.public)
            data["signing"] = _b64(self.signing or b"")
            data["ephemeral"] = _b64(self.ephemeral or b"")
            data["sealed_nonce"] = _b64(self.sealed_nonce)
            data["sealed"] = _b64(self.sealed)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeySlot:
        """Read a slot back from the key-slot file."""
        kdf = data.get("kdf")
        public = data.get("public")
        return cls(
            id=str(data["id"]),
            kind=str(data["kind"]),
            user=None if data.get("user") is None else str(data["user"]),
            kdf=KdfParams.from_json(kdf) if kdf else None,
            nonce=_unb64(str(data["nonce"])),
            wrapped=_unb64(str(data["wrapped"])),
            created_at=str(data["created_at"]),
            disabled=bool(data.get("disabled", False)),
            must_change=bool(data.get("must_change", False)),
            needs_reset=bool(data.get("needs_reset", False)),
            public=None if public is None else _unb64(str(public)),
            signing=None if public is None else _unb64(str(data["signing"])),
            ephemeral=(
                None if public is None or not data.get("ephemeral") else _unb64(data["ephemeral"])
            ),
            sealed_nonce=b"" if public is None else _unb64(str(data["sealed_nonce"])),
            sealed=b"" if public is None else _unb64(str(data["sealed"])),
        )


def _wrap(
    slot_id: str,
    kind: str,
    user: str | None,
    secret: str,
    data_key: bytes,
    store_id: str,
    template: KdfParams | None,
    must_change: bool = False,
) -> tuple[KeySlot, Ed25519PrivateKey]:
    """A new slot with a new key pair, locked by ``secret``, the data key sealed to it; and
    the private half of its signing key."""
    kdf = KdfParams.fresh(template)
    sealing = X25519PrivateKey.generate()
    signing = Ed25519PrivateKey.generate()
    slot = KeySlot(
        id=slot_id,
        kind=kind,
        user=user,
        kdf=kdf,
        nonce=secrets.token_bytes(12),
        wrapped=b"",
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        must_change=must_change,
        public=_raw_public(sealing),
        signing=_raw_public(signing),
    )
    kek = kdf.derive(secret)
    private = sealing.private_bytes_raw() + signing.private_bytes_raw()
    slot.wrapped = AESGCM(kek).encrypt(slot.nonce, private, slot.associated_data(store_id))
    slot.seal(data_key, store_id)
    return slot, signing


@dataclass(frozen=True)
class Rekeyed:
    """What :meth:`KeySlotFile.rekey` could not carry over to the new data key."""

    users_to_reset: tuple[str, ...]
    recovery_lost: bool


@dataclass
class KeySlotFile:
    """The file beside the database holding every key slot; nothing in it is secret in clear."""

    path: Path
    store_id: str
    slots: list[KeySlot] = field(default_factory=list)
    kdf_template: KdfParams | None = None

    @classmethod
    def new(cls, path: Path, kdf_template: KdfParams | None = None) -> KeySlotFile:
        """An empty key-slot file for a new store (not yet written)."""
        return cls(path=path, store_id=str(uuid.uuid4()), kdf_template=kdf_template)

    @classmethod
    def load(cls, path: Path) -> KeySlotFile:
        """Read the key-slot file, with a clear error if it is missing or damaged."""
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KeySlotFileError(
                f"The key-slot file {path} is missing: without it the store cannot be opened. "
                "Restore it from a backup."
            ) from None
        except UnicodeDecodeError:
            raise KeySlotFileError(f"The key-slot file {path} is damaged (not text).") from None
        except OSError as exc:
            raise KeySlotFileError(
                f"Cannot read the key-slot file {path}: {exc.strerror}."
            ) from None
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a Remedy key-slot file")
            if int(data.get("version", 0)) > FORMAT_VERSION:
                raise ValueError("written by a newer version of Remedy")
            slots = [KeySlot.from_json(item) for item in data["slots"]]
            return cls(path=path, store_id=str(data["store_id"]), slots=slots)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeySlotFileError(f"The key-slot file {path} is damaged ({exc}).") from None

    def save(self) -> None:
        """Write the file atomically, so a crash leaves either the old or the new file."""
        data = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "store_id": self.store_id,
            "slots": [slot.to_json() for slot in self.slots],
        }
        write_atomically(self.path, json.dumps(data, indent=2).encode("utf-8"))

    # Looking up slots -------------------------------------------------------------------

    def user_slot(self, user: str) -> KeySlot | None:
        """The slot for ``user``, disabled or not."""
        return next((s for s in self.slots if s.kind == "user" and s.user == user), None)

    def must_change(self, user: str) -> bool:
        """True when ``user``'s passphrase was set by an administrator and not yet changed."""
        slot = self.user_slot(user)
        return slot is not None and slot.must_change and not slot.disabled

    def users(self) -> list[str]:
        """The users who have a slot that can still be opened."""
        return [
            s.user
            for s in self.slots
            if s.kind == "user" and s.user and not s.disabled and not s.needs_reset
        ]

    def recovery_slot(self) -> KeySlot | None:
        """The recovery code's slot, if the store has one."""
        return next((s for s in self.slots if s.kind == "recovery"), None)

    def _open(self, slot: KeySlot, secret: str) -> Unlocked:
        if slot.kdf is None:
            raise WrongPassphraseError("Wrong user name or passphrase.")
        kek = slot.kdf.derive(secret)
        try:
            opened = AESGCM(kek).decrypt(
                slot.nonce, slot.wrapped, slot.associated_data(self.store_id)
            )
            if not slot.has_key_pair:
                return Unlocked(opened, None)
            if len(opened) != PRIVATE_HALVES:
                raise InvalidTag
            sealing = X25519PrivateKey.from_private_bytes(opened[:32])
            signing = Ed25519PrivateKey.from_private_bytes(opened[32:])
            if _raw_public(sealing) != slot.public or _raw_public(signing) != slot.signing:
                raise InvalidTag
            return Unlocked(slot.open_sealed(sealing, self.store_id), signing)
        except InvalidTag:
            raise WrongPassphraseError("Wrong user name or passphrase.") from None

    def open_user(self, user: str, passphrase: str) -> Unlocked:
        """The data key and ``user``'s signing key, if ``passphrase`` is ``user``'s."""
        slot = self.user_slot(user)
        if slot is None:
            # Derive anyway so an unknown name takes as long as a wrong passphrase.
            KdfParams.fresh(self.kdf_template).derive(passphrase)
            raise WrongPassphraseError("Wrong user name or passphrase.")
        if slot.disabled:
            raise UserDisabledError(
                f"The user {user!r} has been disabled; ask an administrator of this store."
            )
        if slot.needs_reset:
            raise UserDisabledError(
                f"The store's key was changed before {user!r} had signed in with this version "
                "of Remedy, so their passphrase no longer opens it: an administrator can set a "
                "new one with the recovery code (`remedy recover`)."
            )
        return self._open(slot, passphrase)

    def unwrap_for_user(self, user: str, passphrase: str) -> bytes:
        """The data key, if ``passphrase`` is ``user``'s."""
        return self.open_user(user, passphrase).data_key

    def open_recovery(self, code: str) -> Unlocked:
        """The data key and the recovery code's signing key, if ``code`` is the store's."""
        slot = self.recovery_slot()
        if slot is None:
            raise WrongPassphraseError("This store has no recovery code.")
        try:
            return self._open(slot, normalise_recovery_code(code))
        except WrongPassphraseError:
            raise WrongPassphraseError("That recovery code does not open this store.") from None

    def unwrap_with_recovery_code(self, code: str) -> bytes:
        """The data key, if ``code`` is the store's recovery code."""
        return self.open_recovery(code).data_key

    # Changing slots ---------------------------------------------------------------------

    def set_user(
        self, user: str, passphrase: str, data_key: bytes, *, set_by_other: bool = False
    ) -> Ed25519PrivateKey:
        """Add or replace ``user``'s slot with a new key pair; nothing is re-encrypted.
        Returns the private half of the new signing key.

        ``set_by_other``: an administrator chose the passphrase, so the slot is marked for the
        user to change it at their first sign-in; the user's own new passphrase clears it.
        """
        check_passphrase_policy(passphrase, user_inputs=(user,))
        return self._replace_user(user, passphrase, data_key, set_by_other)

    def _replace_user(
        self, user: str, passphrase: str, data_key: bytes, must_change: bool
    ) -> Ed25519PrivateKey:
        existing = self.user_slot(user)
        slot_id = existing.id if existing else uuid.uuid4().hex
        slot, signer = _wrap(
            slot_id,
            "user",
            user,
            passphrase,
            data_key,
            self.store_id,
            self.kdf_template,
            must_change=must_change,
        )
        self.slots = [s for s in self.slots if s is not existing] + [slot]
        return signer

    def give_key_pair(self, user: str, passphrase: str, data_key: bytes) -> Ed25519PrivateKey:
        """Rewrite ``user``'s slot of format 1 as one with a key pair, under the passphrase
        they have just signed in with (whatever today's rules say of it, and keeping a "must
        change" mark); return the private half of the new signing key."""
        slot = self.user_slot(user)
        must_change = slot is not None and slot.must_change
        return self._replace_user(user, passphrase, data_key, must_change)

    def set_recovery_code(self, code: str, data_key: bytes) -> Ed25519PrivateKey:
        """Replace the recovery slot with one for ``code``; return its signing key."""
        slot, signer = _wrap(
            uuid.uuid4().hex,
            "recovery",
            None,
            normalise_recovery_code(code),
            data_key,
            self.store_id,
            self.kdf_template,
        )
        self.slots = [s for s in self.slots if s.kind != "recovery"] + [slot]
        return signer

    def disable_user(self, user: str) -> None:
        """Destroy ``user``'s wrapped key, leaving a marker so the refusal can say why."""
        slot = self.user_slot(user)
        if slot is None:
            return
        slot.disabled = True
        slot.forget_keys()

    def rekey(self, data_key: bytes) -> Rekeyed:
        """Seal the new ``data_key`` to every slot that has a key pair. A slot without one
        (format 1, its person not signed in since the upgrade) cannot be given it: a user's is
        marked for a reset, a recovery slot is dropped (the caller sets a new code)."""
        to_reset: list[str] = []
        recovery_lost = False
        kept: list[KeySlot] = []
        for slot in self.slots:
            if slot.disabled or slot.needs_reset:
                kept.append(slot)
            elif slot.has_key_pair:
                slot.seal(data_key, self.store_id)
                kept.append(slot)
            elif slot.kind == "recovery":
                recovery_lost = True
            else:
                slot.needs_reset = True
                slot.forget_keys()
                to_reset.append(slot.user or "")
                kept.append(slot)
        self.slots = kept
        return Rekeyed(tuple(to_reset), recovery_lost)

    def signing_keys(self) -> dict[str, bytes]:
        """The public signing key of each slot that has one (users by name, and
        ``"(recovery code)"``)."""
        return {
            (slot.user or "") if slot.kind == "user" else RECOVERY_SIGNER: slot.signing
            for slot in self.slots
            if slot.signing is not None and not slot.disabled
        }

    def summary(self) -> list[dict[str, Any]]:
        """What each slot is, without any key material (for ``remedy users list``)."""
        return [
            {
                k: v
                for k, v in asdict(slot).items()
                if k in ("kind", "user", "created_at", "disabled", "must_change", "needs_reset")
            }
            for slot in self.slots
        ]


def new_data_key() -> bytes:
    """A fresh random 256-bit key for the database."""
    return secrets.token_bytes(DATA_KEY_BYTES)

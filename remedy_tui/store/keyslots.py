"""Key slots: the data key wrapped under each user's passphrase and under a recovery code."""

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
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from remedy_tui.store.errors import (
    KeySlotFileError,
    UserDisabledError,
    WrongPassphraseError,
)
from remedy_tui.store.private_files import write_atomically
from remedy_tui.store.strength import check_passphrase_policy

FORMAT = "remedy-keyslots"
FORMAT_VERSION = 1
DATA_KEY_BYTES = 32
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECOVERY_GROUPS = 5
RECOVERY_GROUP_LENGTH = 5


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


@dataclass
class KeySlot:
    """The data key wrapped with AES-256-GCM under a key derived from one secret."""

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

    def associated_data(self, store_id: str) -> bytes:
        """What the wrapping authenticates besides the key: the slot cannot be moved or edited
        (nor its "must change" mark removed without the passphrase)."""
        kdf = self.kdf.to_json() if self.kdf else None
        meta: dict[str, Any] = {
            "store": store_id,
            "slot": self.id,
            "kind": self.kind,
            "user": self.user,
        }
        if self.must_change:  # only when set, so slots written before the mark still open
            meta["must_change"] = True
        return json.dumps({**meta, "kdf": kdf}, sort_keys=True).encode("utf-8")

    def to_json(self) -> dict[str, Any]:
        """The slot as written to the key-slot file (the mark only when set: an unmarked slot
        is written as before, so a team server's unchanged rows stay unchanged)."""
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
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeySlot:
        """Read a slot back from the key-slot file."""
        kdf = data.get("kdf")
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
) -> KeySlot:
    kdf = KdfParams.fresh(template)
    slot = KeySlot(
        id=slot_id,
        kind=kind,
        user=user,
        kdf=kdf,
        nonce=secrets.token_bytes(12),
        wrapped=b"",
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        must_change=must_change,
    )
    kek = kdf.derive(secret)
    slot.wrapped = AESGCM(kek).encrypt(slot.nonce, data_key, slot.associated_data(store_id))
    return slot


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
        return [s.user for s in self.slots if s.kind == "user" and s.user and not s.disabled]

    def _unwrap(self, slot: KeySlot, secret: str) -> bytes:
        if slot.kdf is None:
            raise WrongPassphraseError("Wrong user name or passphrase.")
        kek = slot.kdf.derive(secret)
        try:
            return AESGCM(kek).decrypt(
                slot.nonce, slot.wrapped, slot.associated_data(self.store_id)
            )
        except InvalidTag:
            raise WrongPassphraseError("Wrong user name or passphrase.") from None

    def unwrap_for_user(self, user: str, passphrase: str) -> bytes:
        """The data key, if ``passphrase`` is ``user``'s."""
        slot = self.user_slot(user)
        if slot is None:
            # Derive anyway so an unknown name takes as long as a wrong passphrase.
            KdfParams.fresh(self.kdf_template).derive(passphrase)
            raise WrongPassphraseError("Wrong user name or passphrase.")
        if slot.disabled:
            raise UserDisabledError(
                f"The user {user!r} has been disabled; ask an administrator of this store."
            )
        return self._unwrap(slot, passphrase)

    def unwrap_with_recovery_code(self, code: str) -> bytes:
        """The data key, if ``code`` is the store's recovery code."""
        slot = next((s for s in self.slots if s.kind == "recovery"), None)
        if slot is None:
            raise WrongPassphraseError("This store has no recovery code.")
        try:
            return self._unwrap(slot, normalise_recovery_code(code))
        except WrongPassphraseError:
            raise WrongPassphraseError("That recovery code does not open this store.") from None

    # Changing slots ---------------------------------------------------------------------

    def set_user(
        self, user: str, passphrase: str, data_key: bytes, *, set_by_other: bool = False
    ) -> None:
        """Add or replace ``user``'s slot; only that slot is rewrapped, nothing re-encrypted.

        ``set_by_other``: an administrator chose the passphrase, so the slot is marked for the
        user to change it at their first sign-in; the user's own new passphrase clears it.
        """
        check_passphrase_policy(passphrase, user_inputs=(user,))
        existing = self.user_slot(user)
        slot_id = existing.id if existing else uuid.uuid4().hex
        slot = _wrap(
            slot_id,
            "user",
            user,
            passphrase,
            data_key,
            self.store_id,
            self.kdf_template,
            must_change=set_by_other,
        )
        self.slots = [s for s in self.slots if s is not existing] + [slot]

    def set_recovery_code(self, code: str, data_key: bytes) -> None:
        """Replace the recovery slot with one for ``code``."""
        slot = _wrap(
            uuid.uuid4().hex,
            "recovery",
            None,
            normalise_recovery_code(code),
            data_key,
            self.store_id,
            self.kdf_template,
        )
        self.slots = [s for s in self.slots if s.kind != "recovery"] + [slot]

    def disable_user(self, user: str) -> None:
        """Destroy ``user``'s wrapped key, leaving a marker so the refusal can say why."""
        slot = self.user_slot(user)
        if slot is None:
            return
        slot.disabled = True
        slot.kdf = None
        slot.wrapped = b""
        slot.nonce = b""

    def summary(self) -> list[dict[str, Any]]:
        """What each slot is, without any key material (for ``remedy users list``)."""
        return [
            {
                k: v
                for k, v in asdict(slot).items()
                if k in ("kind", "user", "created_at", "disabled", "must_change")
            }
            for slot in self.slots
        ]


def new_data_key() -> bytes:
    """A fresh random 256-bit key for the database."""
    return secrets.token_bytes(DATA_KEY_BYTES)

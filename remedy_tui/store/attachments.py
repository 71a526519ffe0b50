"""Attachments sealed before they reach a team server.

A team database is read by whoever runs the server: its administrators, its backups, a dump.
Documents (signed agreements, letters, reports) are therefore encrypted by Remedy, on the
desktop, under a key derived from the team key (which only the team's passphrases unwrap),
with AES-256-GCM bound to the document's id, so the bytes cannot be read, altered or moved to
another document unnoticed. The local file is encrypted whole by SQLCipher, so its
attachments are stored as they are.
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.orm import Session

from remedy_tui.store.backend import backend_of
from remedy_tui.store.errors import StoreError

MAGIC = b"RMDA1"
NONCE_BYTES = 12


def derive_attachment_key(data_key: bytes) -> bytes:
    """The key attachments are sealed with, derived from (and never equal to) the team key."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"remedy attachments v1")
    return hkdf.derive(data_key)


def _bound_to(document_id: int) -> bytes:
    return f"remedy attachment {document_id}".encode("ascii")


def seal(key: bytes, document_id: int, data: bytes) -> bytes:
    """``data`` encrypted for document ``document_id``."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, _bound_to(document_id))


def unseal(key: bytes, document_id: int, blob: bytes) -> bytes:
    """The bytes sealed for document ``document_id``; refuses anything altered or moved."""
    if not blob.startswith(MAGIC):
        raise StoreError(f"Document {document_id}'s contents are not sealed as Remedy seals them.")
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES :], _bound_to(document_id))
    except InvalidTag:
        raise StoreError(
            f"Document {document_id}'s contents have been altered, or belong to another "
            "document: they cannot be read."
        ) from None


def stored_form(session: Session, document_id: int, data: bytes) -> bytes:
    """What to store for a document's bytes on this session's store."""
    if not backend_of(session).seals_attachments:
        return data
    return seal(session.info["attachment_key"], document_id, data)


def read_form(session: Session, document_id: int, stored: bytes) -> bytes:
    """A document's bytes from what this session's store holds."""
    if not backend_of(session).seals_attachments:
        return stored
    return unseal(session.info["attachment_key"], document_id, stored)

"""Reading an SQLCipher store's files as plaintext, page by page, to look for text that must
be gone: the database file and its write-ahead log, every page decrypted with the data key
(free pages and the log's old frames included, which a query never reads)."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80  # SQLCipher 4: a 16-byte IV and a 64-byte HMAC-SHA512 at the end of each page
SALT = 16


def _decrypt(page: bytes, key: bytes, first: bool) -> bytes:
    start = SALT if first else 0
    body = page[start : PAGE - RESERVE]
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def plaintext_pages(db: Path, key: bytes) -> bytes:
    """Every page of the database file and of its write-ahead log, decrypted and joined."""
    out = bytearray()
    data = db.read_bytes()
    for number, offset in enumerate(range(0, len(data) - PAGE + 1, PAGE)):
        out += _decrypt(data[offset : offset + PAGE], key, number == 0)
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        log = wal.read_bytes()
        offset = 32
        while offset + 24 + PAGE <= len(log):
            page_number = int.from_bytes(log[offset : offset + 4], "big")
            out += _decrypt(log[offset + 24 : offset + 24 + PAGE], key, page_number == 1)
            offset += 24 + PAGE
    return bytes(out)

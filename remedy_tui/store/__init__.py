"""The encrypted store: SQLCipher database, key slots, schema, migrations and audit."""

from remedy_tui.store.errors import (
    AuditError,
    KeySlotFileError,
    NetworkDriveError,
    NewerStoreError,
    NoStoreError,
    PassphrasePolicyError,
    StaleRecordError,
    StoreError,
    StoreExistsError,
    TooManyAttemptsError,
    UserDisabledError,
    WrongPassphraseError,
)
from remedy_tui.store.paths import StorePaths
from remedy_tui.store.store import SignedInUser, Store, describe_error, store_exists

__all__ = [
    "AuditError",
    "KeySlotFileError",
    "NetworkDriveError",
    "NewerStoreError",
    "NoStoreError",
    "PassphrasePolicyError",
    "SignedInUser",
    "StaleRecordError",
    "Store",
    "StoreError",
    "StoreExistsError",
    "StorePaths",
    "TooManyAttemptsError",
    "UserDisabledError",
    "WrongPassphraseError",
    "describe_error",
    "store_exists",
]

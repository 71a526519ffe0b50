"""The encrypted store: SQLCipher database, key slots, schema, migrations and audit."""

from remedy_tui.store.errors import (
    AuditError,
    DamagedStoreError,
    KeySlotFileError,
    NetworkDriveError,
    NewerStoreError,
    NoStoreError,
    PassphrasePolicyError,
    StaleRecordError,
    StoreError,
    StoreExistsError,
    StoreInUseError,
    TooManyAttemptsError,
    UserDisabledError,
    WrongPassphraseError,
)
from remedy_tui.store.paths import StorePaths
from remedy_tui.store.store import SignedInUser, Store, describe_error, store_exists

__all__ = [
    "AuditError",
    "DamagedStoreError",
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
    "StoreInUseError",
    "StorePaths",
    "TooManyAttemptsError",
    "UserDisabledError",
    "WrongPassphraseError",
    "describe_error",
    "store_exists",
]

"""Errors the store raises, each with a message fit to show a user as it is."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the store that the user can understand and act on."""


class NoStoreError(StoreError):
    """There is no store at the given path."""


class StoreExistsError(StoreError):
    """A store already exists where a new one was to be made."""


class WrongPassphraseError(StoreError):
    """The user name or passphrase does not open the store."""


class UserDisabledError(StoreError):
    """The user has been disabled and can no longer open the store."""


class TooManyAttemptsError(StoreError):
    """Recent failed attempts mean the user must wait before trying again."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(
            f"Too many failed attempts: wait {wait_seconds:.0f} seconds before trying again."
        )


class NetworkDriveError(StoreError):
    """The store is on a network drive, where two desktops writing at once corrupt it."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(
            f"This store is on a network drive ({where}). A store on a network drive gets "
            "corrupted when two computers write to it at once, so Remedy will not use one "
            "there. Keep the store on this computer's own disk, or share a team's work "
            'through a Remedy team server (`remedy server use`; the README\'s "A team server").'
        )


class NewerStoreError(StoreError):
    """The store was written by a newer version of Remedy."""


class KeySlotFileError(StoreError):
    """The key-slot file is missing or malformed."""


class AuditError(StoreError):
    """A write could not be audited, so it was not made."""


class StaleRecordError(StoreError):
    """Someone else changed the record since it was read; nothing was overwritten."""


class PassphrasePolicyError(StoreError):
    """A new passphrase is too weak to protect the store."""


class PassphraseChangeNeededError(StoreError):
    """The user's passphrase was set by an administrator and must be changed before anything
    else is done."""


class DamagedStoreError(StoreError):
    """The store's database is empty or damaged: only a backup brings it back."""


class StoreInUseError(StoreError):
    """Another process has the store open (or is restoring, upgrading or rekeying it)."""

"""Domain errors raised by services, each a message fit to show a user as it is."""

from __future__ import annotations


class DomainError(Exception):
    """A request that cannot be carried out as asked; nothing was changed."""


class ValidationError(DomainError):
    """An input is missing or malformed."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class NotFoundError(DomainError):
    """The record asked for does not exist."""


class PermissionDeniedError(DomainError):
    """The signed-in user may not do this."""


class ConflictError(DomainError):
    """Someone else changed the record since it was read; nothing was overwritten."""

"""What the app asks of a screen where text is typed before it is saved."""

from __future__ import annotations


class TypedWork:
    """Mix into a screen where text is typed before it is saved (every form, the CSG meeting
    mode): locking keeps it in memory for the same user, and quitting asks first while it
    holds typing not saved."""

    @property
    def has_typed(self) -> bool:
        """Whether it holds typing not saved yet."""
        raise NotImplementedError

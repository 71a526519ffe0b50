"""The one place Remedy asks the time, so tests and snapshots can fix it."""

from __future__ import annotations

from datetime import UTC, date, datetime

_frozen: datetime | None = None


def now() -> datetime:
    """The current moment, timezone-aware UTC."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def today() -> date:
    """Today's date in local time (the day the user is working in)."""
    if _frozen is not None:
        return _frozen.date()
    return date.today()


def freeze(moment: datetime | None) -> None:
    """Fix the clock at ``moment`` (aware), or let it run again with None."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen = moment


def local_text(moment: datetime) -> str:
    """A stored (UTC) moment as people read it: local time, e.g. "22 Nov 2026 10:30"."""
    return moment.astimezone().strftime("%d %b %Y %H:%M")

"""The clock of an exclusion or restriction of practice (Maintaining High Professional
Standards, MHPS): reviews every four weeks, Practitioner Performance Advice consulted at the
start and again past twelve weeks, and a warning as six months approach. Pure functions of the
episode's dates and today, so they are tested with a frozen clock and shown the same way in
the register, its monthly return and anywhere else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

REVIEW_EVERY = timedelta(weeks=4)
PPA_AGAIN_AFTER = timedelta(weeks=12)
SIX_MONTHS = timedelta(days=183)
WARN_BEFORE_SIX_MONTHS = timedelta(weeks=4)
# A consultation a few days before the decision counts as at the start (advice is often
# sought the day before an immediate exclusion).
PPA_START_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Episode:
    """One exclusion, restriction or suspension: from its decision to its end (if ended)."""

    started_on: date
    ended_on: date | None
    reviews: tuple[date, ...]
    ppa_consulted: tuple[date, ...]


@dataclass(frozen=True)
class Clock:
    """Where an episode stands today."""

    days: int
    last_review: date | None
    review_due: date | None
    review_overdue: bool
    ppa_at_start: bool
    ppa_again_due: bool
    six_months_on: date
    flags: tuple[str, ...]


def clock_of(episode: Episode, today: date) -> Clock:
    """The episode's reviews, advice and duration as they stand on ``today``."""
    end = episode.ended_on or today
    days = (end - episode.started_on).days
    current = episode.ended_on is None
    last_review = max(episode.reviews, default=None)
    review_due = (last_review or episode.started_on) + REVIEW_EVERY if current else None
    overdue = current and review_due is not None and today > review_due
    ppa_at_start = any(
        episode.started_on - PPA_START_WINDOW <= day <= episode.started_on + PPA_START_WINDOW
        for day in episode.ppa_consulted
    )
    twelve_weeks = episode.started_on + PPA_AGAIN_AFTER
    ppa_again_due = (
        current
        and today >= twelve_weeks
        and not any(day >= twelve_weeks for day in episode.ppa_consulted)
    )
    six_months_on = episode.started_on + SIX_MONTHS
    flags: list[str] = []
    if overdue and review_due is not None:
        flags.append(f"review overdue since {review_due:%d %b %Y}")
    if not ppa_at_start:
        flags.append("Practitioner Performance Advice not recorded at the start")
    if ppa_again_due:
        flags.append("Practitioner Performance Advice due again (past 12 weeks)")
    if current and today >= six_months_on:
        flags.append(f"over six months (since {six_months_on:%d %b %Y})")
    elif current and today >= six_months_on - WARN_BEFORE_SIX_MONTHS:
        flags.append(f"six months on {six_months_on:%d %b %Y}")
    return Clock(
        days=days,
        last_review=last_review,
        review_due=review_due,
        review_overdue=overdue,
        ppa_at_start=ppa_at_start,
        ppa_again_due=ppa_again_due,
        six_months_on=six_months_on,
        flags=tuple(flags),
    )

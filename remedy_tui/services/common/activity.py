"""Marking a case or referral active: the moment of its last work, not a change to the record.

The moment is kept in tables of its own (``case_activity``, ``referral_activity``), so a note
or a checklist answer leaves the case's version alone and a colleague's change made from the
version they read is not refused because of it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from remedy_tui import clock
from remedy_tui.store.models import CaseActivity, ReferralActivity


def mark_case_active(session: Session, case_id: int, at: datetime | None = None) -> None:
    """Record that case ``case_id`` saw work now (or ``at``); the caller commits."""
    row = session.get(CaseActivity, case_id)
    if row is None:
        row = CaseActivity(case_id=case_id)
    row.last_activity_at = at or clock.now()
    session.add(row)


def mark_referral_active(session: Session, referral_id: int, at: datetime | None = None) -> None:
    """Record that referral ``referral_id`` saw work now (or ``at``); the caller commits."""
    row = session.get(ReferralActivity, referral_id)
    if row is None:
        row = ReferralActivity(referral_id=referral_id)
    row.last_activity_at = at or clock.now()
    session.add(row)

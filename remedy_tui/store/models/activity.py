"""When a case or referral last saw any work, kept apart from the versioned rows.

A note, a checklist answer or a document is activity on a case but not a change to it: if
recording the moment changed the case's row, its version would move and a colleague's level
change, made from the version they read a moment before, would be refused as a conflict.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, event, insert
from sqlmodel import Field, SQLModel

from remedy_tui.store.models.base import aware, utcnow
from remedy_tui.store.models.cases import Case
from remedy_tui.store.models.intake import Referral


class CaseActivity(SQLModel, table=True):
    """The moment a case last saw any work (for the last-activity sorts and columns)."""

    __tablename__ = "case_activity"

    case_id: int = Field(foreign_key="cases.id", primary_key=True)
    # The case id is the rowid, so this index alone orders and finds cases by activity.
    last_activity_at: datetime = Field(default_factory=utcnow, sa_type=aware(), index=True)


class ReferralActivity(SQLModel, table=True):
    """The moment a referral last saw any work (for the queue's last-activity sort and column)."""

    __tablename__ = "referral_activity"

    referral_id: int = Field(foreign_key="referrals.id", primary_key=True)
    # The referral id is the rowid, so this index alone orders and finds referrals by activity.
    last_activity_at: datetime = Field(default_factory=utcnow, sa_type=aware(), index=True)


# Every case and referral has its activity row from the moment it is stored, whoever stores
# it, so the sorts can join the two tables without losing a record.
@event.listens_for(Case, "after_insert")
def _case_stored(mapper: Any, connection: Connection, target: Case) -> None:
    connection.execute(
        insert(CaseActivity).values(case_id=target.id, last_activity_at=target.created_at)
    )


@event.listens_for(Referral, "after_insert")
def _referral_stored(mapper: Any, connection: Connection, target: Referral) -> None:
    connection.execute(
        insert(ReferralActivity).values(referral_id=target.id, last_activity_at=target.created_at)
    )

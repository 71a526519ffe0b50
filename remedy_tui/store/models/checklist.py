"""Answers to the fairness framework, kept as an append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Text
from sqlmodel import Field, SQLModel

from remedy_tui.store.models.base import aware, enum_of, utcnow
from remedy_tui.store.models.enums import ChecklistResponse


class ChecklistAnswer(SQLModel, table=True):
    """One answer to one framework question; the current answer is the latest row."""

    __tablename__ = "checklist_answers"
    __table_args__ = (
        Index("ix_checklist_case_question", "case_id", "question_id", "id"),
        CheckConstraint(
            "response = 'yes' OR length(trim(coalesce(rationale, ''))) > 0",
            name="rationale_for_no_or_unknown",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    edition: str = Field(max_length=60)
    question_id: str = Field(max_length=20)
    response: ChecklistResponse = Field(sa_type=enum_of(ChecklistResponse))
    rationale: str | None = Field(default=None, sa_type=Text)
    answered_by_id: int = Field(foreign_key="users.id")
    answered_at: datetime = Field(default_factory=utcnow, sa_type=aware())

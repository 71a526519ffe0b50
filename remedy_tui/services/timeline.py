"""Timeline entries: the dated record of everything that happens in a case."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from remedy_tui import clock
from remedy_tui.services.errors import NotFoundError
from remedy_tui.services.validation import clean_text, required_text
from remedy_tui.store.models import Case, TimelineEntry, TimelineKind

TITLE_LIMIT = 300
BODY_LIMIT = 50_000


def add_entry(
    *,
    session: Session,
    case_id: int,
    kind: TimelineKind,
    title: str,
    author_id: int,
    body: str | None = None,
    occurred_at: datetime | None = None,
    confidential: bool = False,
    document_id: int | None = None,
    decision_id: int | None = None,
) -> TimelineEntry:
    """Add an entry to a case's timeline and mark the case active; the caller commits."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case {case_id}.")
    entry = TimelineEntry(
        case_id=case_id,
        kind=kind,
        occurred_at=occurred_at or clock.now(),
        title=required_text(title, field="title", label="The title", max_length=TITLE_LIMIT),
        body=clean_text(
            body, field="body", label="The text", max_length=BODY_LIMIT, multiline=True
        ),
        confidential=confidential,
        author_id=author_id,
        document_id=document_id,
        decision_id=decision_id,
    )
    session.add(entry)
    case.last_activity_at = clock.now()
    session.add(case)
    return entry

"""Exporting equality by stage: an Excel workbook and/or a Word report, counted afresh when
asked, written only where the user chooses, never over a file, readable by its owner only, and
recorded in the audit trail. Only suppressed figures are written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from remedy_tui import clock
from remedy_tui.documents.equality_report import to_word, to_workbook
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.exports import export_targets, write_exports
from remedy_tui.services.oversight.equality import Population, equality_by_stage
from remedy_tui.store.audit import record_event
from remedy_tui.store.models import User
from remedy_tui.views.equality import EqualityQuery


@dataclass(frozen=True)
class EqualityExport:
    """The files written."""

    paths: tuple[Path, ...]


def default_name(query: EqualityQuery) -> str:
    """The file name offered (no extension): the period, nothing about anyone."""
    return f"equality-by-stage-{query.start.isoformat()}-to-{query.end.isoformat()}"


def export_equality(
    *,
    session: Session,
    access: Access,
    actor_id: int,
    query: EqualityQuery,
    folder: str,
    name: str,
    workbook: bool = True,
    word: bool = True,
    population: Population | None = None,
    population_source: str = "",
) -> EqualityExport:
    """Write the figures as ``name.xlsx`` and/or ``name.docx`` in ``folder``; audit it.
    Everything is checked before anything is written; a failed write leaves nothing behind."""
    targets = export_targets(
        folder,
        name,
        ((".xlsx", workbook), (".docx", word)),
        none_chosen=("workbook", "Choose at least one format: Excel or Word."),
    )
    report = equality_by_stage(
        session=session,
        access=access,
        query=query,
        population=population,
        population_source=population_source,
    )
    user = session.get(User, actor_id)
    who = user.full_name if user else ""
    now = clock.now()
    record_event(
        session,
        "export",
        "equality",
        None,
        {
            "document": "equality by stage",
            "period": [query.start.isoformat(), query.end.isoformat()],
            "scope": query.scope,
            "files": [str(path) for path in targets],
        },
    )
    write_exports(
        session,
        targets,
        lambda path: (
            to_workbook(report, exported_by=who, exported_at=now)
            if path.suffix == ".xlsx"
            else to_word(report, exported_by=who, exported_at=now)
        ),
    )
    return EqualityExport(tuple(targets))

"""Exporting equality by stage: an Excel workbook and/or a Word report, counted afresh when
asked, written only where the user chooses, never over a file, readable by its owner only, and
recorded in the audit trail. Only suppressed figures are written."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from remedy_tui import clock
from remedy_tui.documents.equality_report import to_word, to_workbook
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.validation import required_text
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


def _targets(folder: str, name: str, *, workbook: bool, word: bool) -> list[Path]:
    if not (workbook or word):
        raise ValidationError("workbook", "Choose at least one format: Excel or Word.")
    where = Path(
        required_text(folder, field="folder", label="The folder", max_length=4096)
    ).expanduser()
    if not where.is_dir():
        raise ValidationError(
            "folder", f"There is no folder {where}; choose one that exists. Nothing was written."
        )
    stem = required_text(name, field="name", label="The file name", max_length=120)
    if set('/\\:*?"<>|') & set(stem) or stem.startswith("."):
        raise ValidationError(
            "name",
            'A file name cannot start with "." or contain / \\ : * ? " < > |; choose another.',
        )
    for suffix in (".xlsx", ".docx"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    targets = [
        where / f"{stem}{suffix}"
        for suffix, wanted in ((".xlsx", workbook), (".docx", word))
        if wanted
    ]
    for path in targets:
        if path.exists():
            raise ValidationError(
                "name", f"{path} already exists; choose another name. Nothing was written."
            )
    return targets


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
    targets = _targets(folder, name, workbook=workbook, word=word)
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
    written: list[Path] = []
    try:
        for path in targets:
            if path.suffix == ".xlsx":
                data = to_workbook(report, exported_by=who, exported_at=now)
            else:
                data = to_word(report, exported_by=who, exported_at=now)
            _write_new(path, data)
            written.append(path)
        session.commit()
    except BaseException:
        session.rollback()
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return EqualityExport(tuple(targets))


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (never overwriting), readable by its owner only, and write ``data``."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        raise ValidationError("folder", f"Could not write {path}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise

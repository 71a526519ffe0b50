"""Exporting a case's fairness framework for the personal file: Word and/or Markdown, written
only where the user chooses, never over an existing file, and recorded in the audit trail."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from remedy_tui import clock
from remedy_tui.documents.fairness import FairnessDocument, to_docx, to_markdown
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.validation import required_text
from remedy_tui.store.audit import record_event
from remedy_tui.store.models import User

NAME_LIMIT = 120
_BAD_NAME = set('/\\:*?"<>|')


@dataclass(frozen=True)
class ExportResult:
    """The files written."""

    paths: tuple[Path, ...]


def default_name(reference: str) -> str:
    """The file name offered for a case's export (no extension; no personal details)."""
    return f"{reference}-fairness-framework-{clock.today().isoformat()}"


def default_folder() -> Path:
    """Where the export form suggests writing: the Documents folder if there is one."""
    home = Path.home()
    documents = home / "Documents"
    return documents if documents.is_dir() else home


def export_checklist(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    folder: str,
    name: str,
    word: bool,
    markdown: bool,
) -> ExportResult:
    """Write the framework as ``name.docx`` and/or ``name.md`` in ``folder``; audit the export.

    Everything is checked before anything is written; if a write fails, whatever was written
    is removed and the audit entry is not kept.
    """
    targets = _targets(folder, name, word=word, markdown=markdown)
    state = checklist.state(session=session, case_id=case_id)
    user = session.get(User, actor_id)
    document = FairnessDocument(state, user.full_name if user else "", clock.now())
    record_event(
        session,
        "export",
        "cases",
        str(case_id),
        {
            "document": "fairness framework",
            "reference": state.reference,
            "edition": state.framework.edition,
            "files": [str(path) for path in targets],
        },
    )
    written: list[Path] = []
    try:
        for path in targets:
            data = to_docx(document) if path.suffix == ".docx" else to_markdown(document).encode()
            _write_new(path, data)
            written.append(path)
        session.commit()
    except BaseException:
        session.rollback()
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return ExportResult(tuple(targets))


def _targets(folder: str, name: str, *, word: bool, markdown: bool) -> list[Path]:
    if not (word or markdown):
        raise ValidationError("word", "Choose at least one format: Word or Markdown.")
    folder_text = required_text(folder, field="folder", label="The folder", max_length=4096)
    where = Path(folder_text).expanduser()
    if not where.is_dir():
        raise ValidationError(
            "folder", f"There is no folder {where}; choose one that exists. Nothing was written."
        )
    stem = required_text(name, field="name", label="The file name", max_length=NAME_LIMIT)
    if _BAD_NAME & set(stem) or stem in {".", ".."} or stem.startswith("."):
        raise ValidationError(
            "name",
            'A file name cannot start with "." or contain / \\ : * ? " < > |; choose another.',
        )
    for suffix in (".docx", ".md"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    formats = ((".docx", word), (".md", markdown))
    targets = [where / f"{stem}{suffix}" for suffix, wanted in formats if wanted]
    existing = [path for path in targets if path.exists()]
    if existing:
        raise ValidationError(
            "name",
            f"{existing[0]} already exists; choose another name. Nothing was written.",
        )
    return targets


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (never overwriting), readable by its owner only, and write ``data``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise

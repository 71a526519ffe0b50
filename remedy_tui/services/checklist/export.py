"""Exporting a case's fairness framework for the personal file: Word and/or Markdown, written
only where the user chooses, never over an existing file, and recorded in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from remedy_tui import clock
from remedy_tui.documents.fairness import FairnessDocument, to_docx, to_markdown
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.common.exports import export_targets, write_exports
from remedy_tui.store.audit import record_event
from remedy_tui.store.models import User


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
    targets = export_targets(
        folder,
        name,
        ((".docx", word), (".md", markdown)),
        none_chosen=("word", "Choose at least one format: Word or Markdown."),
    )
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
    write_exports(
        session,
        targets,
        lambda path: (
            to_docx(document) if path.suffix == ".docx" else to_markdown(document).encode()
        ),
    )
    return ExportResult(tuple(targets))

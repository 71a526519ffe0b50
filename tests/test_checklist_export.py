"""Exporting a case's fairness framework: Word and Markdown, where asked, audited, nothing else."""

from __future__ import annotations

import json
import stat
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import col, select

from remedy_tui.services.checklist.actions import add_action
from remedy_tui.services.checklist.export import ExportResult, export_checklist
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.store import Store
from remedy_tui.store.models import AuditEntry, ChecklistResponse
from tests.test_checklist_service import answer, make_case


@pytest.fixture
def answered_case(store: Store, frozen_clock: datetime) -> int:
    """A case with an updated answer, a No with an action, a bare Yes and markup in a rationale."""
    case_id = make_case(store)
    first = answer(store, case_id, "1.1", ChecklistResponse.UNKNOWN, "Asked the trust.")
    answer(store, case_id, "1.1", ChecklistResponse.YES, "Trust phoned first.", seen=first.id)
    answer(store, case_id, "1.2", ChecklistResponse.NO, "No named contact.\nChasing HR.")
    answer(store, case_id, "1.7", ChecklistResponse.YES, None)
    answer(store, case_id, "2.2", ChecklistResponse.UNKNOWN, "[bold]x[/] *not* <b>html</b>")
    with store.session() as session:
        add_action(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            question_id="1.2",
            description="Name a point of contact",
            owner_id=store.user.id,
            owner_name=None,
            due_on="2026-12-06",
        )
    return case_id


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder to export into (the store lives elsewhere in tmp_path)."""
    folder = tmp_path / "personal-file"
    folder.mkdir()
    return folder


def export(
    store: Store, case_id: int, folder: Path, *, word: bool = True, markdown: bool = True
) -> ExportResult:
    with store.session() as session:
        return export_checklist(
            session=session,
            actor_id=store.user.id,
            case_id=case_id,
            folder=str(folder),
            name="C-000001-fairness",
            word=word,
            markdown=markdown,
        )


def exports_audited(store: Store) -> list[AuditEntry]:
    with store.session() as session:
        return list(session.exec(select(AuditEntry).where(col(AuditEntry.action) == "export")))


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def test_the_export_writes_word_and_markdown_where_asked_and_nothing_else(
    store: Store, answered_case: int, out: Path
) -> None:
    result = export(store, answered_case, out)
    word, markdown = out / "C-000001-fairness.docx", out / "C-000001-fairness.md"
    assert result.paths == (word, markdown)
    assert sorted(out.iterdir()) == [word, markdown]
    for path in result.paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    text = docx_text(word)
    assert "Principles and Framework for Fairness and Proportionality" in text
    assert "1. Ensuring welfare and support" in text
    assert "Case C-000001: Dr Ada Quill" in text
    assert "☐ Yes           ☒ No           ☐ Unknown" in text
    assert "Rationale and updates" in text
    assert "Asked the trust." in text and "Trust phoned first." in text
    assert "No named contact." in text and "Chasing HR." in text
    assert "(reasons not recorded)" in text
    assert "[bold]x[/] *not* <b>html</b>" in text
    assert "Open action: Name a point of contact" in text
    # Every question of the framework is there, 5.1 and 5.2 included.
    document = Document(str(word))
    ids = [table.cell(0, 0).text for table in document.tables]
    assert ids[0] == "1.1" and ids[-1] == "5.2.8" and len(ids) == 41

    md = markdown.read_text(encoding="utf-8")
    assert "## 1. Ensuring welfare and support" in md
    assert "#### 1.2" in md and "- A named point of contact" in md
    assert "☐ Yes           ☒ No           ☐ Unknown" in md
    assert "**Rationale and updates**" in md
    # Earlier answers come first, as updates follow one another.
    assert md.index("Asked the trust.") < md.index("Trust phoned first.")
    assert r"\[bold\]x\[/\] \*not\* \<b\>html\</b\>" in md
    assert "### 5.1 Immediate/interim Action" in md


def test_the_export_is_recorded_in_the_audit_trail(
    store: Store, answered_case: int, out: Path
) -> None:
    export(store, answered_case, out, markdown=False)
    [entry] = exports_audited(store)
    details = json.loads(entry.changes)
    assert entry.table_name == "cases" and entry.record_id == str(answered_case)
    assert details["files"] == [str(out / "C-000001-fairness.docx")]
    assert details["document"] == "fairness framework"
    assert entry.actor == "asha"


def test_only_markdown_is_written_when_only_markdown_is_asked_for(
    store: Store, answered_case: int, out: Path
) -> None:
    export(store, answered_case, out, word=False)
    assert [p.name for p in out.iterdir()] == ["C-000001-fairness.md"]


def test_an_existing_file_is_never_overwritten_and_nothing_is_written(
    store: Store, answered_case: int, out: Path
) -> None:
    (out / "C-000001-fairness.md").write_text("keep me")
    with pytest.raises(ValidationError, match="already exists"):
        export(store, answered_case, out)
    assert [p.name for p in out.iterdir()] == ["C-000001-fairness.md"]
    assert (out / "C-000001-fairness.md").read_text() == "keep me"
    assert exports_audited(store) == []


@pytest.mark.parametrize(
    ("folder", "name", "word", "markdown", "field", "message"),
    [
        ("missing", "x", True, False, "folder", "There is no folder"),
        ("", "x", True, False, "folder", "is required"),
        (".", "", True, False, "name", "is required"),
        (".", "../x", True, False, "name", "cannot start"),
        (".", "a/b", True, False, "name", "cannot start"),
        (".", "x", False, False, "word", "at least one format"),
    ],
)
def test_a_bad_destination_is_refused_and_nothing_is_written(
    store: Store,
    answered_case: int,
    out: Path,
    folder: str,
    name: str,
    word: bool,
    markdown: bool,
    field: str,
    message: str,
) -> None:
    target = out / folder if folder else ""
    with store.session() as session, pytest.raises(ValidationError, match=message) as refused:
        export_checklist(
            session=session,
            actor_id=store.user.id,
            case_id=answered_case,
            folder=str(target),
            name=name,
            word=word,
            markdown=markdown,
        )
    assert refused.value.field == field
    assert list(out.iterdir()) == []
    assert exports_audited(store) == []

"""Render every Word document Remedy writes to PDF through LibreOffice, and the first page of
each to PNG, to look at them as a reader would: ``python scripts/render_documents.py OUT``.

A demo store of synthetic data is built in a temporary folder, every kind of document is
produced from it through the services the app uses (the CSG's circulation and full agendas,
minutes, feedback letters, letters inviting practitioners, the meeting pack's papers list; a
case's fairness checklist; the weekly triage meeting's minutes), then each .docx is converted
by ``soffice --headless --convert-to pdf`` and its first page drawn by ``pdftoppm``. Needs
LibreOffice and poppler (Debian: libreoffice-writer-nogui, poppler-utils). Not part of the
test suite: LibreOffice takes a few seconds a document. OUT holds synthetic data only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import col, select

from remedy_tui import clock
from remedy_tui.demo import DemoSpec, build_demo_store
from remedy_tui.documents.triage_minutes import minutes_docx
from remedy_tui.services.checklist.export import export_checklist
from remedy_tui.services.csg.documents import CsgPaper, document_content, produce
from remedy_tui.services.triage.meetings import minutes_data
from remedy_tui.store.models import (
    AgendaItem,
    Case,
    CaseStatus,
    CsgMeeting,
    Decision,
    DecisionKind,
    TriageMeeting,
)


def main(out: Path) -> int:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed (Debian: libreoffice-writer-nogui, poppler-utils)")
            return 1
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="remedy-render-") as work:
        store, _counts = build_demo_store(
            Path(work) / "demo.db", DemoSpec(cases=300, seed=1, today=date.today())
        )
        try:
            words = _documents(store, out)
        finally:
            store.close()
    print(f"{len(words)} Word documents written in {time.perf_counter() - started:.1f} s")
    converting = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="remedy-lo-profile-") as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *map(str, words),
            ],
            check=True,
            capture_output=True,
        )
    took = time.perf_counter() - converting
    print(f"converted to PDF by LibreOffice in {took:.1f} s ({took / len(words):.1f} s each)")
    for word in words:
        pdf = word.with_suffix(".pdf")
        if not pdf.exists():
            print(f"  {pdf.name}: LibreOffice wrote nothing")
            continue
        pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        count = next(
            (line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")), "?"
        )
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(word.with_suffix("")),
            ],
            check=True,
        )
        print(f"  {pdf.name}: {count} page(s); first page {word.stem}-1.png")
    return 0


def _documents(store: object, out: Path) -> list[Path]:
    """Produce each kind of document from the demo store (the CSG's from its latest meeting
    with outcomes); the Word files written to ``out``."""
    from remedy_tui.store import Store

    assert isinstance(store, Store)
    actor = store.user.id
    written: list[Path] = []
    with store.session() as session:
        meeting = session.exec(
            select(CsgMeeting)
            .join(AgendaItem, col(AgendaItem.meeting_id) == col(CsgMeeting.id))
            .join(Decision, col(Decision.csg_meeting_id) == col(CsgMeeting.id))
            .where(col(Decision.kind) == DecisionKind.CSG_OUTCOME)
            .order_by(col(CsgMeeting.starts_at).desc())
        ).first()
        assert meeting is not None and meeting.id is not None
        meeting_id, starts = meeting.id, meeting.starts_at
    # Outcomes and letters come once a meeting has met: produce them as on the day after.
    clock.freeze(max(datetime.now(UTC), starts + timedelta(days=1)))
    try:
        for paper in CsgPaper:
            if paper is CsgPaper.INVITATION:
                continue  # the .ics, not a Word document
            with store.session() as session:
                try:
                    rows = produce(
                        session=session, actor_id=actor, meeting_id=meeting_id, paper=paper
                    )
                except Exception as error:  # noqa: BLE001 - say which paper could not be made
                    print(f"  {paper.label}: not produced ({error})")
                    continue
                for row in rows:
                    if row.filename.endswith(".docx"):
                        _document, content = document_content(session=session, document_id=row.id)
                        path = out / row.filename
                        path.write_bytes(content)
                        written.append(path)
    finally:
        clock.freeze(None)
    with store.session() as session:
        case = session.exec(
            select(Case).where(col(Case.status) != CaseStatus.CLOSED).order_by(col(Case.id))
        ).first()
        assert case is not None and case.id is not None
        export_checklist(
            session=session,
            actor_id=actor,
            case_id=case.id,
            folder=str(out),
            name="fairness-checklist",
            word=True,
            markdown=False,
        )
        written.append(out / "fairness-checklist.docx")
        triage = session.exec(select(TriageMeeting).order_by(col(TriageMeeting.id).desc())).first()
        assert triage is not None and triage.id is not None
        path = out / "triage-minutes.docx"
        path.write_bytes(minutes_docx(minutes_data(session=session, meeting_id=triage.id)))
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        raise SystemExit(2)
    raise SystemExit(main(Path(sys.argv[1])))

"""Producing a document that circulates: the chair first sees each removal from its free text
marked, and produces it, or nothing, from there."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select
from textual.widgets import Input

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens.csg.agenda import CsgAgendaScreen
from remedy_tui.screens.csg.circulation import CsgCirculationPreviewScreen
from remedy_tui.screens.csg.documents import CsgDocumentsScreen
from remedy_tui.screens.csg.home import CsgHomeScreen
from remedy_tui.screens.csg.pack import CsgPackScreen
from remedy_tui.services.csg import agenda, detail
from remedy_tui.services.csg.documents import document_content
from remedy_tui.store import Store
from remedy_tui.store.models import (
    AgendaItemKind,
    Case,
    CsgMeeting,
    CsgMeetingStatus,
    Document,
    Practitioner,
)
from tests.helpers.csg import docx_text
from tests.ui.conftest import settle, text_of, type_text, unlock


def _open(path: Path) -> Store:
    return Store.open(path, config.DEMO_USER, config.DEMO_PASSPHRASE)


def _someone_not_on_the_agenda(path: Path) -> tuple[int, str, str]:
    """The first planned meeting gets an item whose title names a practitioner whose case is
    not on it, with their GMC number; the meeting's id, their family name and number."""
    store = _open(path)
    try:
        with store.session() as session:
            meeting = session.exec(
                select(CsgMeeting)
                .where(col(CsgMeeting.status) == CsgMeetingStatus.PLANNED)
                .order_by(col(CsgMeeting.starts_at))
            ).first()
            assert meeting is not None and meeting.id is not None
            items = detail.meeting_detail(session=session, meeting_id=meeting.id).items
            on_it = [i.case_id for i in items if i.case_id is not None]
            person = session.exec(
                select(Practitioner)
                .join(Case, col(Case.practitioner_id) == col(Practitioner.id))
                .where(col(Case.id).not_in(on_it))
                .where(col(Practitioner.registration_number).is_not(None))
                .order_by(col(Practitioner.id))
            ).first()
            assert person is not None and person.registration_number
            agenda.add_item(
                session=session,
                meeting_id=meeting.id,
                kind=AgendaItemKind.OTHER,
                title=f"{person.given_names} {person.family_name} query; "
                f"GMC {person.registration_number}",
            )
            return meeting.id, person.family_name, person.registration_number
    finally:
        store.close()


async def test_the_chair_sees_each_removal_then_produces_the_circulation_copy_or_nothing(
    demo_path: Path, frozen_clock: object
) -> None:
    meeting_id, family, number = _someone_not_on_the_agenda(demo_path)
    app = RemedyApp(store_path=demo_path, demo=True, settings=config.Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f5")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, CsgHomeScreen) and home.home is not None
        rows = [m.id for m in home.home.page.rows]
        home.meetings_table.cursor_row = rows.index(meeting_id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CsgAgendaScreen) and app.screen.meeting_id == meeting_id
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, CsgDocumentsScreen)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, CsgCirculationPreviewScreen)
        shown = text_of(pilot, "#preview-removals")
        assert f"{family}] query; GMC [removed: {number}]" in shown
        assert "[removed: " in shown and "becomes: [removed] query; GMC [removed]" in shown
        await pilot.press("n")  # produce nothing
        await settle(pilot)
        assert isinstance(app.screen, CsgDocumentsScreen)
        assert "Nothing was kept" in text_of(pilot, "#docs-status")
        assert _kept(demo_path, meeting_id) == {}
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Kept in the store" in text_of(pilot, "#docs-status")
        # A letter inviting each practitioner on the agenda, from the same screen.
        await pilot.press("6")
        await settle(pilot)
        assert "practitioner-invitation-C-" in text_of(pilot, "#docs-status")
    kept = _kept(demo_path, meeting_id)
    assert len(kept) == 2
    (word_file,) = [name for name in kept if name.endswith(".docx")]
    word = docx_text(kept[word_file])
    assert "[removed] query; GMC [removed]" in word
    assert family not in word and number not in word


def _kept(path: Path, meeting_id: int) -> dict[str, bytes]:
    store = _open(path)
    try:
        with store.session() as session:
            documents = session.exec(
                select(Document).where(
                    col(Document.csg_meeting_id) == meeting_id,
                    col(Document.kind) == "csg_agenda_circulation",
                )
            ).all()
            out = {}
            for document in documents:
                assert document.id is not None
                _, content = document_content(session=session, document_id=document.id)
                out[document.filename] = content
            return out
    finally:
        store.close()


async def test_the_meeting_pack_is_produced_at_once_after_the_preview(
    demo_path: Path, frozen_clock: object, tmp_path: Path
) -> None:
    meeting_id, family, _number = _someone_not_on_the_agenda(demo_path)
    out = tmp_path / "out"
    out.mkdir()
    app = RemedyApp(store_path=demo_path, demo=True, settings=config.Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f5")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, CsgHomeScreen) and home.home is not None
        home.meetings_table.cursor_row = [m.id for m in home.home.page.rows].index(meeting_id)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, CsgCirculationPreviewScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CsgPackScreen)
        field = app.screen.query_one("#field-folder", Input)
        field.value = ""
        field.focus()
        await type_text(pilot, str(out))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CsgDocumentsScreen), text_of(pilot, "#form-message")
        assert "Meeting pack written to" in text_of(pilot, "#docs-status")
    (folder,) = out.iterdir()
    names = sorted(p.name for p in folder.iterdir())
    assert any(n.endswith("-agenda-circulation.docx") for n in names)
    assert any(n.endswith("-papers.md") for n in names)
    assert any(n.endswith("-invitation.ics") for n in names)
    assert any("-practitioner-invitation-C-" in n for n in names)
    agenda_md = next(folder / n for n in names if n.endswith("-agenda-circulation.md"))
    assert family not in agenda_md.read_text()

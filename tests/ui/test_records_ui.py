"""The records area by keyboard (F9): a subject access request registered, its pack decided
and written after a second person's sign-off; a record due for retention reviewed and
destroyed, and the destruction log shown."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from remedy_tui.app import RemedyApp
from remedy_tui.screens.common.text_viewer import TextViewer
from remedy_tui.screens.records import PackScreen, RequestsScreen, RetentionScreen
from remedy_tui.screens.records.records_form import RecordsForm
from remedy_tui.services.desk import Desk
from remedy_tui.services.records.sar import request_rows, sign_off
from remedy_tui.store import Store
from remedy_tui.store.models import Case, CaseActivity, Role, SarStatus
from tests.conftest import PASSPHRASE
from tests.helpers.cases import make_case
from tests.helpers.users import add_colleague
from tests.ui.case_helpers import until_screen
from tests.ui.conftest import screen_text, settle, type_text, unlock

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.mark.both_backends
async def test_a_request_is_registered_decided_signed_off_by_another_and_written(
    store: Store, tmp_path: Path
) -> None:
    make_case(store, family_name="Packwell")
    add_colleague(store, "dora", "Dora Dean", Role.DEPUTY_POSTGRADUATE_DEAN, PASSPHRASE)
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE, user="asha")
        await pilot.press("f9")
        await until_screen(pilot, RequestsScreen)
        await settle(pilot)
        assert "No subject access requests." in screen_text(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Packwell")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await until_screen(pilot, RecordsForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until_screen(pilot, RequestsScreen)
        await settle(pilot)
        shown = screen_text(pilot)
        assert "SAR-000001" in shown and "Ada Packwell" in shown and "due in 30 days" in shown
        await pilot.press("enter")
        await until_screen(pilot, PackScreen)
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Your record: Dr Ada Packwell" in shown and "undecided" in shown
        await pilot.press("w")
        await until_screen(pilot, RecordsForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Say why this record is withheld." in screen_text(pilot)  # on the form
        await type_text(pilot, "Test exemption")
        await pilot.press("ctrl+s")
        await until_screen(pilot, PackScreen)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "undecided" not in shown and "withhold" in shown and "Test exemption" in shown
        await pilot.press("s", "y")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("signed off by a second person" in m for m in said)
        dean = Store.open(store.where, "dora", PASSPHRASE)
        try:
            Desk(dean).change(sign_off, request_id=1)
        finally:
            dean.close()
        await pilot.press("e")
        await until_screen(pilot, RecordsForm)
        await type_text(pilot, str(tmp_path))
        await pilot.press("ctrl+s")
        await until_screen(pilot, PackScreen)
        await settle(pilot)
        assert (tmp_path / "SAR-000001-pack" / "index.docx").exists()
    assert Desk(store).read(request_rows)[0].status is SarStatus.RELEASED


async def test_a_record_due_for_review_is_reviewed_and_destroyed_by_keyboard(
    store: Store,
) -> None:
    case_id = make_case(store, family_name="Oldcase")
    with store.session() as session:
        activity = session.get(CaseActivity, case_id)
        assert activity is not None
        activity.last_activity_at = datetime(2015, 3, 1, tzinfo=UTC)
        session.add(activity)
        session.commit()
    add_colleague(store, "dora", "Dora Dean", Role.DEPUTY_POSTGRADUATE_DEAN, PASSPHRASE)
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE, user="dora")
        await pilot.press("f9")
        await until_screen(pilot, RequestsScreen)
        await settle(pilot)
        await pilot.press("t")
        await until_screen(pilot, RetentionScreen)
        await settle(pilot)
        shown = screen_text(pilot)
        assert "case C-000001" in shown and "awaiting review" in shown
        await pilot.press("D", "y")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("no review deciding to destroy it" in m for m in said)
        await pilot.press("h")
        await until_screen(pilot, RecordsForm)
        await type_text(pilot, "Tribunal")
        await pilot.press("ctrl+s")
        await until_screen(pilot, RetentionScreen)
        await settle(pilot)
        assert "on legal hold" in screen_text(pilot)
        await pilot.press("d")
        await until_screen(pilot, RecordsForm)
        await type_text(pilot, "Period run")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "on legal hold: it cannot be destroyed" in screen_text(pilot)
        await pilot.press("escape")
        await until_screen(pilot, RetentionScreen)
        await pilot.press("u")
        await settle(pilot)
        assert "awaiting review" in screen_text(pilot)
        await pilot.press("d")
        await until_screen(pilot, RecordsForm)
        await type_text(pilot, "Period run")
        await pilot.press("ctrl+s")
        await until_screen(pilot, RetentionScreen)
        await settle(pilot)
        assert "reviewed: destroy" in screen_text(pilot)
        await pilot.press("D", "y")
        await settle(pilot)
        assert "No record is due for review." in screen_text(pilot)
        await pilot.press("l")
        await until_screen(pilot, TextViewer)
        text = app.screen.query_one("#viewer-text").text  # type: ignore[attr-defined]
        assert "case file:" in text and "on the authority of Dora Dean" in text
        assert "Oldcase" not in text
    with store.session() as session:
        assert session.get(Case, case_id) is None

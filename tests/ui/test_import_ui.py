"""Importing a spreadsheet from the triage queue by keyboard: check, read the report, import."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session, col

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import TriageQueueScreen
from remedy_tui.screens.triage.import_form import ImportScreen
from remedy_tui.store.models import Practitioner
from tests.helpers.workbooks import break_row, team_rows, write_workbook
from tests.ui.conftest import screen_text, settle, text_of, type_text, unlock

FIRST = 9_900_000


def _imported(session: Session) -> int:
    return session.execute(
        select(func.count())
        .select_from(Practitioner)
        .where(col(Practitioner.family_name).like("Example%"))
    ).scalar_one()


async def test_a_spreadsheet_is_checked_then_imported_from_the_queue_by_keyboard(
    demo_path: Path, tmp_path: Path, frozen_clock: object
) -> None:
    rows = team_rows(30, random.Random(5), config.DEMO_USER, first_number=FIRST)
    path = write_workbook(tmp_path / "team.xlsx", rows)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        assert isinstance(app.screen, TriageQueueScreen)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        await type_text(pilot, str(path))
        await pilot.press("ctrl+s")
        await settle(pilot)
        report = text_of(pilot, "#import-report")
        assert "team.xlsx: 30 rows." in report
        assert "referrals: 30 new, 0 matched" in report
        assert "ctrl+s imports it all" in screen_text(pilot)
        assert app.desk is not None and app.desk.read(_imported) == 0  # the check wrote nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TriageQueueScreen)
        assert app.desk.read(_imported) == len({row[0] for row in rows})


async def test_a_refused_row_is_shown_with_its_reason_and_nothing_is_imported(
    demo_path: Path, tmp_path: Path, frozen_clock: object
) -> None:
    rows = team_rows(12, random.Random(6), config.DEMO_USER, first_number=FIRST)
    break_row(rows, 4, "gmc_shape")
    path = write_workbook(tmp_path / "team.xlsx", rows)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await type_text(pilot, str(path))
        await pilot.press("ctrl+s")
        await settle(pilot)
        report = text_of(pilot, "#import-report")
        assert "row 6: GMC numbers are seven digits; '12345' is not in that shape." in report
        assert str(tmp_path / "team-refused.xlsx") in report
        await pilot.press("ctrl+s")  # checks again: still refused, still nothing written
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert app.desk is not None and app.desk.read(_imported) == 0

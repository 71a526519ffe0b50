"""The Deputy Dean's equality area, by keyboard: F10 shows the figures, f and s move through the
fields and stages, p counts for another scope (a wrong date is refused in the form), x exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from remedy_tui.app import RemedyApp
from remedy_tui.screens.oversight.equality import EqualityScreen
from remedy_tui.screens.oversight.equality_forms import EqualityExportForm, EqualityScopeForm
from remedy_tui.store import Store
from remedy_tui.store.models import Role
from tests.conftest import PASSPHRASE
from tests.helpers.users import add_colleague
from tests.test_equality import _fill
from tests.ui.case_helpers import until_screen
from tests.ui.conftest import screen_text, settle, text_of, type_text, unlock

pytestmark = [pytest.mark.usefixtures("frozen_clock"), pytest.mark.local_file]


async def _clear(pilot: object, times: int = 40) -> None:
    await pilot.press(*(["backspace"] * times))  # type: ignore[attr-defined]


async def test_the_deputy_dean_finds_the_disproportion_and_exports_it(
    store: Store, tmp_path: Path
) -> None:
    _fill(store)
    add_colleague(store, "dee", "Dee Deputy", Role.DEPUTY_POSTGRADUATE_DEAN, PASSPHRASE)
    out = tmp_path / "out"
    out.mkdir()
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE, user="dee")
        await pilot.press("f10")
        await until_screen(pilot, EqualityScreen)
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Referrals received 2023-11-23 to 2026-11-22" in shown
        assert "Black, Black British" in shown and "<5" in shown
        # Level 2 or above: black practitioners 2.2 times as likely as white ones (10 of 10
        # against 10 of the 22 white practitioners referred in the whole team in three years).
        await pilot.press("s", "s")
        await settle(pilot)
        assert "stage: Level 2 or above" in text_of(pilot, "#equality-heading")
        assert "2.20" in screen_text(pilot)
        # Another field: grade, with SAS apart.
        await pilot.press("f", "f")
        await settle(pilot)
        assert "By grade" in text_of(pilot, "#equality-heading")
        assert "SAS doctors" in screen_text(pilot)
        # A wrong date is refused in the form, which keeps what was typed.
        await pilot.press("p")
        await until_screen(pilot, EqualityScopeForm)
        await _clear(pilot)
        await type_text(pilot, "2026-02-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EqualityScopeForm)
        assert "not a real date" in screen_text(pilot)
        await _clear(pilot)
        await type_text(pilot, "2026-01-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EqualityScreen)
        assert "Referrals received 2026-01-01" in text_of(pilot, "#equality-heading")
        # Export: both files, where asked.
        await pilot.press("x")
        await until_screen(pilot, EqualityExportForm)
        await _clear(pilot, 200)
        await type_text(pilot, str(out))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EqualityScreen)
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".xlsx"]


async def test_a_case_manager_has_no_equality_area(store: Store) -> None:
    _fill(store)
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE)
        await pilot.press("f10")
        await settle(pilot)
        assert not isinstance(app.screen, EqualityScreen)

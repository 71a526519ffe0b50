"""Adding a practitioner from the intake search (ctrl+n) keeps what was typed: the
registration number is not dropped, and a name of several words is not split at its first
space ("Mary Ann Smith" is given names "Mary Ann", family name "Smith")."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import Input, Select

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens.triage.practitioner_form import PractitionerFormScreen, read_hint
from remedy_tui.screens.triage.referral_form import ReferralFormScreen
from remedy_tui.store import Store
from remedy_tui.store.models import Practitioner, RegistrationBody
from tests.ui.conftest import settle, text_of, type_text, unlock

pytestmark = pytest.mark.usefixtures("frozen_clock")


def test_a_search_reads_as_title_names_regulator_and_number() -> None:
    hint = read_hint("Dr Mary Ann Smith GMC 7654321")
    assert (hint.title, hint.given_names, hint.family_name) == ("Dr", "Mary Ann", "Smith")
    assert (hint.registration_body, hint.registration_number) == (RegistrationBody.GMC, "7654321")
    assert read_hint("smith").family_name == "smith" and read_hint("smith").given_names == ""
    assert read_hint("7654321").registration_number == "7654321"
    assert read_hint("Prof. Jo de la Cruz").given_names == "Jo de la"  # the last word: family
    assert read_hint("gphc 2012345").registration_body is RegistrationBody.GPHC


def practitioner(store_path: Path, number: str) -> Practitioner:
    store = Store.open(store_path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    try:
        with store.session() as session:
            return session.exec(
                select(Practitioner).where(Practitioner.registration_number == number)
            ).one()
    finally:
        store.close()


@pytest.mark.both_backends
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_ctrl_n_keeps_the_typed_number_and_the_whole_given_names(
    demo_path: Path, size: tuple[int, int]
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Mary Ann Smith 7654321")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PractitionerFormScreen)
        assert form.query_one("#field-given-names", Input).value == "Mary Ann"
        assert form.query_one("#field-family-name", Input).value == "Smith"
        assert form.query_one("#field-registration-number", Input).value == "7654321"
        # The first field still to fill: which regulator the number is with.
        regulator = form.query_one("#field-registration-body", Select)
        assert regulator.has_focus
        await pilot.press("ctrl+s")  # without the regulator: refused, and the cursor stays
        await settle(pilot)
        assert "regulator" in text_of(pilot, "#form-message")
        assert regulator.has_focus
        await pilot.press("enter")
        await type_text(pilot, "GMC")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReferralFormScreen)
        await pilot.press("escape")
        await settle(pilot)
    added = practitioner(demo_path, "7654321")
    assert (added.given_names, added.family_name) == ("Mary Ann", "Smith")
    assert added.registration_body is RegistrationBody.GMC

"""Trusts and programmes as kept lists, by keyboard: the intake form offers the spellings on
the record as the user types (→ takes one), and m on the queue merges two spellings of one
trust so the filter shows it once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select
from textual.widgets import Input

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import TriageQueueScreen
from remedy_tui.screens.case.practitioner_details_form import PractitionerDetailsForm
from remedy_tui.screens.common.picker import PickerScreen
from remedy_tui.screens.triage.merge_names import MergeNamesScreen
from remedy_tui.screens.triage.referral_form import ReferralFormScreen
from remedy_tui.store import Store
from remedy_tui.store.models import Referral
from tests.ui.conftest import settle, text_of, type_text, unlock

pytestmark = pytest.mark.usefixtures("frozen_clock")
KEPT = "Lowmoor Teaching Hospitals (Demo)"
TYPO = "Lowmoor Teaching Hosp"


def trusts(store_path: Path) -> set[str]:
    store = Store.open(store_path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    try:
        with store.session() as session:
            return {r.trust or "" for r in session.exec(select(Referral)).all()}
    finally:
        store.close()


@pytest.mark.both_backends
async def test_m_merges_two_spellings_of_a_trust_and_the_filter_shows_it_once(
    demo_path: Path,
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        assert app.desk is not None

        def typed_another_way(*, session: Session) -> None:
            referral = session.exec(select(Referral).where(Referral.trust == KEPT)).first()
            assert referral is not None
            referral.trust = TYPO
            session.add(referral)

        app.desk.change(typed_another_way)
        await pilot.press("m")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MergeNamesScreen)
        await pilot.press("tab")  # the list stays "Trust"
        await type_text(pilot, "lowmoor teaching hospitals")
        await pilot.press("right")  # take the spelling offered
        keep = form.query_one("#field-keep", Input)
        assert keep.value == KEPT
        await pilot.press("tab")
        await type_text(pilot, "Lowmoor General")  # a spelling no record has: refused
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "No record has the trust 'Lowmoor General'" in text_of(pilot, "#form-message")
        merge = form.query_one("#field-merge", Input)
        assert merge.has_focus
        await pilot.press(*["backspace"] * len("Lowmoor General"))
        await type_text(pilot, TYPO)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TriageQueueScreen)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        await type_text(pilot, "lowmoor")
        await settle(pilot)
        shown = [str(o.prompt) for o in app.screen.query_one("OptionList").options]  # type: ignore[attr-defined]
        assert shown == [KEPT]
        await pilot.press("escape")
        await settle(pilot)
    assert TYPO not in trusts(demo_path) and KEPT in trusts(demo_path)


async def test_the_intake_form_offers_the_trusts_on_the_record(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("enter", "e")  # complete the first referral's forms
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ReferralFormScreen)
        trust = form.query_one("#field-trust", Input)
        trust.focus()
        trust.value = ""
        await type_text(pilot, "eastb")
        await pilot.pause(0.2)
        await pilot.press("right")
        assert trust.value.startswith("Eastbrook") and len(trust.value) > len("eastb")


async def test_the_practitioners_details_offer_the_kept_lists(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("enter", "7", "e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PractitionerDetailsForm)
        employer = form.query_one("#field-employer", Input)
        employer.focus()
        employer.value = ""
        await type_text(pilot, "greyf")
        await pilot.pause(0.2)
        await pilot.press("right")
        assert employer.value.startswith("Greyfell") and len(employer.value) > len("greyf")
        await pilot.press("escape")
        await settle(pilot)

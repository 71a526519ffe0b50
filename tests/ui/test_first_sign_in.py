"""First sign-in with a passphrase an administrator set: the colleague chooses their own
before anything of the store is shown."""

from __future__ import annotations

import pytest

from remedy_tui.app import RemedyApp
from remedy_tui.screens import UnlockScreen
from remedy_tui.screens.common import NewPassphraseScreen
from remedy_tui.store import Store, WrongPassphraseError
from remedy_tui.store.models import Role
from tests.helpers.users import add_colleague
from tests.ui.conftest import screen_text, settle, text_of, type_text, unlock

GIVEN = "bens given passphrase"
CHOSEN = "ben picks his own words"

pytestmark = pytest.mark.usefixtures("frozen_clock")


async def _twice(pilot: object, passphrase: str) -> None:
    for _ in range(2):
        await type_text(pilot, passphrase)  # type: ignore[arg-type]
        await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


@pytest.mark.both_backends
async def test_a_colleague_added_by_an_administrator_chooses_their_own_passphrase_first(
    store: Store,
) -> None:
    add_colleague(
        store, "ben", "Ben Colleague", Role.CLINICAL_CASE_MANAGER, GIVEN, first_sign_in_done=False
    )
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, GIVEN, user="ben")
        assert isinstance(app.screen, NewPassphraseScreen)
        assert app.desk is None  # nothing of the store is shown yet
        shown = screen_text(pilot)
        assert "Choose your own passphrase" in shown and "C-0" not in shown
        await _twice(pilot, "password12")
        assert "too easy to guess" in text_of(pilot, "#new-passphrase-message")
        await _twice(pilot, GIVEN)
        assert "of your own" in text_of(pilot, "#new-passphrase-message")
        assert isinstance(app.screen, NewPassphraseScreen) and app.desk is None
        await _twice(pilot, CHOSEN)
        assert app.desk is not None and app.desk.user.username == "ben"
        assert not isinstance(app.screen, (NewPassphraseScreen, UnlockScreen))
    assert not store.load_keys().must_change("ben")
    with pytest.raises(WrongPassphraseError):
        Store.open(store.where, "ben", GIVEN)
    Store.open(store.where, "ben", CHOSEN).close()


@pytest.mark.both_backends
async def test_backing_out_of_the_new_passphrase_leaves_remedy_locked(store: Store) -> None:
    add_colleague(
        store, "ben", "Ben Colleague", Role.CLINICAL_CASE_MANAGER, GIVEN, first_sign_in_done=False
    )
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, GIVEN, user="ben")
        assert isinstance(app.screen, NewPassphraseScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and app.desk is None
        assert "not changed" in text_of(pilot, "#unlock-message")
    assert store.load_keys().must_change("ben")


async def test_the_new_passphrase_screen_closes_the_store_after_the_idle_time(
    store: Store,
) -> None:
    add_colleague(
        store, "ben", "Ben Colleague", Role.CLINICAL_CASE_MANAGER, GIVEN, first_sign_in_done=False
    )
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, GIVEN, user="ben")
        screen = app.screen
        assert isinstance(screen, NewPassphraseScreen)
        app.last_input -= app.settings.lock_after_minutes * 60 + 1
        await app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and app.desk is None
        assert screen.opened.closed

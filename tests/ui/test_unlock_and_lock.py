"""Unlocking, refusing a wrong passphrase, locking by key and after idle time."""

from __future__ import annotations

import os
from pathlib import Path

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import TriageQueueScreen, UnlockScreen
from remedy_tui.store.in_use import others_open
from remedy_tui.store.lockout import Lockout
from remedy_tui.store.paths import StorePaths
from tests.ui.conftest import settle, text_of, type_text, unlock


async def test_unlocking_the_demo_lands_on_the_triage_queue(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        assert "passphrase remedy-demo-only" in text_of(pilot, "#demo-hint")
        await unlock(pilot, config.DEMO_PASSPHRASE)
        assert isinstance(app.screen, TriageQueueScreen)
        assert app.desk is not None and app.desk.user.username == "demo"
        assert "Referrals 1-15 of 15" in text_of(pilot, "#list-status")


async def test_a_wrong_passphrase_is_refused_with_a_message(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, "not the passphrase")
        assert isinstance(app.screen, UnlockScreen)
        assert app.desk is None
        assert text_of(pilot, "#unlock-message") == "Wrong user name or passphrase."
        assert app.screen.query_one("#passphrase").has_focus
        assert Lockout(StorePaths(demo_path).lockout).failures(config.DEMO_USER) == 1
        # The right passphrase still works straight after.
        await unlock(pilot, config.DEMO_PASSPHRASE)
        assert isinstance(app.screen, TriageQueueScreen)


async def test_an_empty_user_name_is_asked_for(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.query_one("#user").has_focus
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert text_of(pilot, "#unlock-message") == "Type your user name first."
        assert app.screen.query_one("#user").has_focus
        assert app.desk is None


async def test_ctrl_l_locks_and_the_passphrase_unlocks_again(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        first = app.desk
        await pilot.press("slash")
        await type_text(pilot, "quill")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.desk is None and first is not None
        assert "Locked" in text_of(pilot, "#unlock-message")
        # The old session is gone: its engine is disposed and its keys forgotten.
        assert first.closed  # the store forgot its keys
        assert len(app.screen_stack) == 2  # the default screen and the unlock screen
        await unlock(pilot, config.DEMO_PASSPHRASE)
        assert isinstance(app.screen, TriageQueueScreen)
        assert app.screen.query_one("#list-search").value == ""  # nothing carried over


async def test_the_app_locks_itself_after_the_idle_time(demo_path: Path) -> None:
    settings = config.Settings(lock_after_minutes=10)
    app = RemedyApp(store_path=demo_path, demo=True, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await app.lock_if_idle()
        assert isinstance(app.screen, TriageQueueScreen)  # only just used
        app.last_input -= 10 * 60 + 1
        await app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert "Locked after 10 minutes without input" in text_of(pilot, "#unlock-message")


async def test_a_key_press_counts_as_activity(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        app.last_input -= 9 * 60
        await pilot.press("down")
        await app.lock_if_idle()
        assert isinstance(app.screen, TriageQueueScreen)


async def test_signing_in_to_a_store_whose_trail_was_cut_short_says_so(
    store: object, frozen_clock: object
) -> None:
    """The computer that saw the longer trail warns at sign-in, in words, before the work."""
    import json

    from sqlalchemy import text

    from remedy_tui.screens import ErrorDialog
    from remedy_tui.services.common.history import check_history
    from remedy_tui.store import Store
    from tests.conftest import PASSPHRASE
    from tests.helpers.cases import make_case

    assert isinstance(store, Store)
    make_case(store)
    make_case(store, reference="C-000002", registration_number="7000002")
    assert check_history(store=store) is None
    with store.engine.begin() as conn:
        last = conn.execute(text("SELECT max(id) FROM audit_entries")).scalar_one()
        keep = conn.execute(
            text("SELECT id, mac FROM audit_entries WHERE id = :i"), {"i": last - 1}
        ).one()
        conn.execute(text("DELETE FROM audit_entries WHERE id > :i"), {"i": keep[0]})
        conn.execute(
            text("UPDATE store_meta SET value = :v WHERE key = 'audit_head'"),
            {"v": json.dumps({"id": keep[0], "mac": keep[1]})},
        )
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE, user="asha")
        assert isinstance(app.screen, ErrorDialog)
        assert "entries have been removed" in app.screen.message
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TriageQueueScreen)


async def test_the_app_holds_the_store_open_while_unlocked_and_lets_go_on_lock_and_quit(
    demo_path: Path,
) -> None:
    """A restore elsewhere is refused while the app is unlocked, and allowed once it locks."""
    paths = StorePaths(demo_path)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        assert others_open(paths) == []
        await unlock(pilot, config.DEMO_PASSPHRASE)
        (holder,) = others_open(paths)
        assert (holder.user, holder.pid) == ("demo", os.getpid())
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert others_open(paths) == []
        await unlock(pilot, config.DEMO_PASSPHRASE)
        assert len(others_open(paths)) == 1
    assert others_open(paths) == []  # the app has quit

"""First run: no store yet, so Remedy offers to create one and shows the recovery code once."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Static

from remedy_tui.app import RemedyApp
from remedy_tui.screens import CreateStoreScreen, RecoveryCodeScreen, TriageQueueScreen
from remedy_tui.store import Store
from tests.ui.conftest import settle, text_of, type_text


async def _fill(
    pilot: object, username: str, full_name: str, passphrase: str, confirm: str
) -> None:
    await type_text(pilot, username)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await type_text(pilot, full_name)  # type: ignore[arg-type]
    await pilot.press("enter", "tab")  # type: ignore[attr-defined]  # past the role
    await type_text(pilot, passphrase)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await type_text(pilot, confirm)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_first_run_creates_a_store_and_shows_the_recovery_code(tmp_path: Path) -> None:
    path = tmp_path / "new" / "remedy.db"
    app = RemedyApp(store_path=path)
    async with app.run_test(size=(120, 50)) as pilot:
        assert isinstance(app.screen, CreateStoreScreen)
        await _fill(
            pilot, "asmith", "Alex Smith", "four words of passphrase", "four words of passphrase"
        )
        assert isinstance(app.screen, RecoveryCodeScreen)
        code = str(app.screen.query_one("#recovery-code", Static).render())
        assert re.fullmatch(r"[A-Z2-9]{5}(-[A-Z2-9]{5}){4}", code)
        await type_text(pilot, "nope")
        await pilot.press("enter")
        assert isinstance(app.screen, RecoveryCodeScreen)  # not until it is confirmed
        await pilot.press(*["backspace"] * 4)
        await type_text(pilot, "written")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TriageQueueScreen)
        assert text_of(pilot, "#list-status") == "No referrals match."
    store = Store.open(path, "asmith", "four words of passphrase")
    assert store.user.is_admin and store.user.full_name == "Alex Smith"
    store.close()


async def test_first_run_refuses_bad_input_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new" / "remedy.db"
    app = RemedyApp(store_path=path)
    async with app.run_test(size=(120, 50)) as pilot:
        await _fill(
            pilot, "Alex Smith", "Alex", "four words of passphrase", "four words of passphrase"
        )
        assert "user name is 2 to 32 characters" in text_of(pilot, "#create-message")
        assert not path.exists()
    app = RemedyApp(store_path=path)
    async with app.run_test(size=(120, 50)) as pilot:
        await _fill(pilot, "asmith", "Alex", "short", "short")
        assert "at least 10 characters" in text_of(pilot, "#create-message")
    for weak, reason in (("password12", "very common"), ("aaaaaaaaaa", "Repeats")):
        app = RemedyApp(store_path=path)
        async with app.run_test(size=(120, 50)) as pilot:
            await _fill(pilot, "asmith", "Alex Smith", weak, weak)
            message = text_of(pilot, "#create-message")
            assert message.startswith("That passphrase is too easy to guess.") and reason in message
            assert app.screen.query_one("#passphrase").has_focus
            assert isinstance(app.screen, CreateStoreScreen)
    app = RemedyApp(store_path=path)
    async with app.run_test(size=(120, 50)) as pilot:
        await _fill(pilot, "asmith", "Alex", "four words of passphrase", "four words of passfrase")
        assert text_of(pilot, "#create-message") == "The two passphrases differ."
        assert isinstance(app.screen, CreateStoreScreen)
    assert not path.exists() and not path.parent.exists() or not any(path.parent.iterdir())

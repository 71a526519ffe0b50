"""Nothing typed is lost: locking keeps an open form for the same user, never for another,
and quitting with typed text asks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from remedy_tui import config
from remedy_tui.app import QuitQuestion, RemedyApp
from remedy_tui.screens import CaseListScreen, CaseScreen, CsgMeetingModeScreen, UnlockScreen
from remedy_tui.screens.case.entry_form import EntryForm
from remedy_tui.store import Store
from remedy_tui.store.models import Role
from remedy_tui.textual_internals import mode_screens
from tests.helpers.users import add_colleague
from tests.ui.case_helpers import open_first_case, save, type_into
from tests.ui.conftest import screen_text, settle, text_of, type_text, unlock
from tests.ui.test_case_screen import _entries, _set_case_manager

SIZE = (120, 40)
TITLE = "Call with the TPD"
BODY = "Discussed the rota; half way through"
COLLEAGUE, COLLEAGUE_PASSPHRASE = "rowan", "rowan's own long passphrase"


async def _half_write_a_note(pilot: Pilot[None], demo_path: Path) -> CaseScreen:
    """Open the first case (managed by the demo user) and type a note without saving it."""
    screen = await open_first_case(pilot)
    _set_case_manager(demo_path, screen.case_id, demo_manages=True)
    await pilot.press("n")
    await settle(pilot)
    await type_into(pilot, TITLE)
    await type_text(pilot, BODY)
    return screen


def _form_text(form: EntryForm) -> tuple[str, str]:
    return form.value("title"), form.value("body")


def _typed_anywhere(app: RemedyApp) -> bool:
    """Whether any screen of any area, shown or not, still holds an entry form."""
    return any(
        isinstance(screen, EntryForm) for area in app.AREAS for screen in mode_screens(app, area)
    )


@pytest.mark.both_backends
async def test_a_note_half_written_survives_ctrl_l_and_unlock(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        case = await _half_write_a_note(pilot, demo_path)
        before = len(_entries(demo_path, case.case_id))
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and app.desk is None
        shown = screen_text(pilot)
        assert TITLE not in shown and BODY not in shown  # kept in memory, not on the screen
        message = text_of(pilot, "#unlock-message")
        assert message.endswith("What you were typing is kept until you unlock.")
        await pilot.press("f3")  # no area is reachable while locked
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and BODY not in screen_text(pilot)
        await unlock(pilot, config.DEMO_PASSPHRASE)
        form = app.screen
        assert isinstance(form, EntryForm)
        assert _form_text(form) == (TITLE, BODY)
        assert form.focused is not None and form.focused.id == "field-body"
        await type_text(pilot, " and done.")
        await save(pilot)  # with the desk opened by the unlock
        assert app.screen is case
        entries = _entries(demo_path, case.case_id)
        assert len(entries) == before + 1
        assert (entries[-1].title, entries[-1].body) == (TITLE, BODY + " and done.")


async def test_the_idle_lock_keeps_a_half_written_note_too(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True, settings=config.Settings())
    async with app.run_test(size=SIZE) as pilot:
        case = await _half_write_a_note(pilot, demo_path)
        app.last_input -= app.settings.lock_after_minutes * 60 + 1
        await app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert BODY not in screen_text(pilot)
        await unlock(pilot, config.DEMO_PASSPHRASE)
        form = app.screen
        assert isinstance(form, EntryForm) and _form_text(form) == (TITLE, BODY)
        await save(pilot)
        assert app.screen is case
        assert _entries(demo_path, case.case_id)[-1].body == BODY


async def test_a_note_kept_by_a_lock_is_never_given_to_another_user(
    demo_path: Path, frozen_clock: object
) -> None:
    store = Store.open(demo_path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    try:
        add_colleague(
            store, COLLEAGUE, "Rowan Ash", Role.CLINICAL_CASE_MANAGER, COLLEAGUE_PASSPHRASE
        )
    finally:
        store.close()
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        case = await _half_write_a_note(pilot, demo_path)
        before = len(_entries(demo_path, case.case_id))
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k")  # the user name, filled with "demo"
        await unlock(pilot, COLLEAGUE_PASSPHRASE, user=COLLEAGUE)
        assert app.desk is not None and app.desk.user.username == COLLEAGUE
        assert not isinstance(app.screen, EntryForm | UnlockScreen)
        assert TITLE not in screen_text(pilot) and BODY not in screen_text(pilot)
        assert not _typed_anywhere(app)  # dropped, not hidden
        await pilot.press("f3")
        await settle(pilot)
        assert BODY not in screen_text(pilot)
        # Nor does it come back to the demo user after the colleague locks.
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k")
        await unlock(pilot, config.DEMO_PASSPHRASE, user=config.DEMO_USER)
        assert app.desk is not None and app.desk.user.username == config.DEMO_USER
        assert not isinstance(app.screen, EntryForm) and not _typed_anywhere(app)
        assert len(_entries(demo_path, case.case_id)) == before


async def test_the_csg_meeting_mode_keeps_what_was_typed_through_a_lock(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True, settings=config.Settings())
    async with app.run_test(size=(130, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        for key in ("f5", "enter", "m"):  # the group's next meeting, its agenda, meeting mode
            await pilot.press(key)
            await settle(pilot)
        mode = app.screen
        assert isinstance(mode, CsgMeetingModeScreen) and not mode.has_typed
        await type_text(pilot, "Heard the practitioner")
        assert mode.has_typed
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert "Heard the practitioner" not in screen_text(pilot)
        await unlock(pilot, config.DEMO_PASSPHRASE)
        assert app.screen is mode
        summary = mode.query_one("#field-discussion-summary", TextArea)
        assert summary.text.startswith("Heard the practitioner")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, QuitQuestion)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is mode and app.return_code is None
        # Locked from another area: back there, and F5 finds the meeting as it was left.
        await pilot.press("f3")
        await settle(pilot)
        cases = app.screen
        assert isinstance(cases, CaseListScreen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        await unlock(pilot, config.DEMO_PASSPHRASE)
        assert app.screen is cases
        await pilot.press("f5")
        await settle(pilot)
        assert app.screen is mode and summary.text.startswith("Heard the practitioner")


async def test_quitting_with_a_note_typed_asks_and_no_goes_back_to_it(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await _half_write_a_note(pilot, demo_path)
        form = app.screen
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, QuitQuestion)
        assert "Quit and lose what you typed?" in screen_text(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form and app.return_code is None
        assert isinstance(form, EntryForm) and _form_text(form) == (TITLE, BODY)
        # The palette's Quit asks the same.
        await app.action_quit()
        await settle(pilot)
        assert isinstance(app.screen, QuitQuestion)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form and app.return_code is None
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
        assert app.return_code == 0


async def test_quitting_with_a_form_open_and_nothing_typed_does_not_ask(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.return_code == 0

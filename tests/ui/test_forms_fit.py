"""Every form fits: each dialog of the app, opened by keyboard at 80x24 and at 120x40, starts
with the cursor on a field, and Tab through it never puts the cursor where the user cannot see
it (off to the right, below the dialog, behind its frame)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widget import Widget

import remedy_tui.screens
from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens.common.form import FormScreen
from remedy_tui.screens.oversight.equality import EqualityScreen
from remedy_tui.store import Store
from remedy_tui.store.models import Role
from tests.conftest import PASSPHRASE
from tests.helpers.users import add_colleague
from tests.test_equality import _fill
from tests.ui.case_helpers import until_screen
from tests.ui.conftest import settle, unlock

pytestmark = pytest.mark.usefixtures("frozen_clock")

SIZES = [(80, 24), (120, 40)]
# Where each area starts, to come back to between forms.
HOMES = {
    "f2": "TriageQueueScreen",
    "f3": "CaseListScreen",
    "f4": "CaseloadScreen",
    "f5": "CsgHomeScreen",
    "f9": "RequestsScreen",
    "f10": "EqualityScreen",
    "meeting": "MeetingModeScreen",  # the weekly meeting, once started
}
# Each form of the demo store's areas: the area, the keys that open it, the form.
ROUTES: list[tuple[str, tuple[str, ...], str]] = [
    ("f2", ("n",), "PractitionerSearchScreen"),
    ("f2", ("n", "ctrl+n"), "PractitionerFormScreen"),
    ("f2", ("d",), "DecisionScreen"),
    ("f2", ("i",), "RequestInformationScreen"),
    ("f2", ("enter", "e"), "ReferralFormScreen"),
    ("f2", ("down", "down", "enter", "a"), "AnswerRequestScreen"),
    ("f2", ("ctrl+o",), "ImportScreen"),
    ("f2", ("t",), "PickerScreen"),
    ("f2", ("w",), "MeetingSetupScreen"),
    ("f2", ("m",), "MergeNamesScreen"),
    ("f3", ("enter", "n"), "EntryForm"),
    ("f3", ("enter", "2", "a"), "ActionForm"),
    ("f3", ("enter", "2", "d"), "CompleteActionForm"),
    ("f3", ("enter", "2", "i"), "FollowUpIntervalForm"),
    ("f3", ("enter", "3", "l"), "CaseDecisionForm"),
    ("f3", ("enter", "3", "s"), "CaseDecisionForm"),
    ("f3", ("enter", "3", "m"), "CaseDecisionForm"),
    ("f3", ("enter", "3", "e"), "CaseDecisionForm"),
    ("f3", ("enter", "3", "c"), "CaseDecisionForm"),
    ("f3", ("enter", "3", "i"), "ImmediateActionForm"),
    ("f3", ("enter", "3", "p"), "DisposalForm"),
    ("f3", ("enter", "4", "a"), "RiskForm"),
    ("f3", ("enter", "5", "a"), "OnwardForm"),
    ("f3", ("enter", "5", "g"), "CsgReferralScreen"),
    ("f3", ("enter", "5", "s"), "ReferralStatusForm"),
    ("f3", ("enter", "6", "a"), "AttachForm"),
    ("f3", ("enter", "6", "x"), "DocumentExportForm"),
    ("f3", ("enter", "7", "e"), "PractitionerDetailsForm"),
    ("f3", ("enter", "7", "q"), "PractitionerDetailsForm"),
    ("f3", ("enter", "8", "y"), "AnswerForm"),
    ("f3", ("enter", "8", "a"), "FollowUpForm"),
    ("f3", ("enter", "8", "x"), "ExportForm"),
    ("f5", ("n",), "CsgMeetingFormScreen"),
    ("f5", ("e",), "CsgMeetingFormScreen"),
    ("f5", ("a",), "CsgMemberScreen"),
    ("f5", ("r",), "CasePickerScreen"),
    ("f5", ("enter", "o"), "CsgItemFormScreen"),
    ("f5", ("enter", "t"), "CsgAttendanceScreen"),
    ("f5", ("enter", "c"), "CsgConflictScreen"),
    ("f5", ("enter", "p"), "CsgPractitionerScreen"),
    ("f5", ("enter", "d", "1", "y", "e"), "CsgExportScreen"),  # y: produced after its preview
    ("f5", ("enter", "d", "p", "y"), "CsgPackScreen"),
    ("f5", ("enter", "m", "ctrl+t"), "CsgActionScreen"),
    ("f5", ("tab", "l"), "CsgLeavingScreen"),
    ("f9", ("t", "P"), "RecordsForm"),
    # Last, as they change the demo store: a meeting started, then ended.
    ("f2", ("w", "ctrl+s", "a"), "MeetingActionScreen"),
    ("meeting", ("i",), "DecisionScreen"),
    ("meeting", ("ctrl+e",), "ConfirmScreen"),
    ("meeting", ("y", "w"), "ExportScreen"),
]
# The Deputy Dean's equality area, in a store of its own (the demo's user does not have it).
EQUALITY_ROUTES: list[tuple[str, tuple[str, ...], str]] = [
    ("f10", ("p",), "EqualityScopeForm"),
    ("f10", ("x",), "EqualityExportForm"),
]

# The register's review, over an exclusion recorded first (the demo store has none).
EXCLUSION_ROUTES: list[tuple[str, tuple[str, ...], str]] = [
    ("f4", ("x", "r"), "ReviewForm"),
]


def every_form() -> set[str]:
    """The name of every form class in the app."""
    for module in pkgutil.walk_packages(remedy_tui.screens.__path__, "remedy_tui.screens."):
        importlib.import_module(module.name)
    found: set[str] = set()
    todo: list[type] = [FormScreen]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            # The shared bases of several forms are not opened themselves.
            if sub.__module__.startswith("remedy_tui.") and not sub.__name__.startswith(
                ("CaseForm", "_")
            ):
                found.add(sub.__name__)
    return found


def off_screen(pilot: Pilot[None], widget: Widget) -> str | None:
    """Why ``widget`` is not where the user can see it, or None when it is."""
    screen = pilot.app.screen
    try:
        geometry = screen.find_widget(widget)
    except Exception:  # noqa: BLE001 - not drawn at all
        return "not drawn"
    region, clip = geometry.region, geometry.clip.intersection(screen.region)
    seen = region.intersection(clip)
    if seen.width < region.width:
        return f"cut off at the side: {region} shown as {seen}"
    if seen.height < 1 or seen.y != region.y and region.height <= clip.height:
        return f"not on screen: {region} within {clip}"
    return None


async def walk_form(pilot: Pilot[None], route: str) -> list[str]:
    """Problems found: where the cursor starts, then at each Tab through the form."""
    problems: list[str] = []
    fields = [
        widget
        for widget in pilot.app.screen.query("*")
        if widget.focusable and type(widget).__module__ != "textual.containers"
    ]
    first = pilot.app.focused
    if not fields:
        return []  # a question answered with a key (y or n), or a form with nothing to fill
    if first is None or not first.is_attached:
        return [f"{route}: the cursor is on no field as the form opens"]
    if type(first).__module__ == "textual.containers":
        problems.append(f"{route}: the cursor starts on the form's frame, not on a field")
    seen: list[Widget] = []
    for _ in range(60):
        focused = pilot.app.focused
        if focused is None or focused in seen:
            break
        seen.append(focused)
        why = off_screen(pilot, focused)
        if why:
            problems.append(f"{route}: {focused!r}: {why}")
        await pilot.press("tab")
        await pilot.pause()
    return problems


async def run_routes(
    pilot: Pilot[None], routes: list[tuple[str, tuple[str, ...], str]], size: tuple[int, int]
) -> tuple[list[str], set[str]]:
    """Open each form by its keys, walk it, and come back to the area's first screen."""
    problems: list[str] = []
    opened: set[str] = set()
    for area, keys, expected in routes:
        route = f"{size[0]}x{size[1]} {area} {' '.join(keys)} ({expected})"
        if area != "meeting":
            await pilot.press(area)
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if type(pilot.app.screen).__name__ != expected:
            problems.append(f"{route}: opened {type(pilot.app.screen).__name__}")
            continue
        opened.add(expected)
        problems += await walk_form(pilot, route)
        if expected == "ConfirmScreen":
            continue  # the meeting's last route answers it
        if expected == "MeetingActionScreen":
            area = "meeting"  # back to the meeting, for the routes that follow
        for _ in range(6):
            if not isinstance(pilot.app.screen, ModalScreen) and (
                type(pilot.app.screen).__name__ == HOMES[area]
            ):
                break
            await pilot.press("escape")
            await settle(pilot)
    return problems, opened


@pytest.mark.local_file
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_every_form_fits_and_tab_never_leaves_the_screen(
    demo_path: Path, size: tuple[int, int]
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        problems, opened = await run_routes(pilot, ROUTES, size)
    assert problems == [], "\n".join(problems)
    assert opened == {expected for _, _, expected in ROUTES}


@pytest.mark.local_file
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_the_equality_forms_fit(store: Store, size: tuple[int, int]) -> None:
    _fill(store)
    add_colleague(store, "dee", "Dee Deputy", Role.DEPUTY_POSTGRADUATE_DEAN, PASSPHRASE)
    app = RemedyApp(store_path=store.where)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, PASSPHRASE, user="dee")
        await pilot.press("f10")
        await until_screen(pilot, EqualityScreen)
        problems, opened = await run_routes(pilot, EQUALITY_ROUTES, size)
    assert problems == [], "\n".join(problems)
    assert opened == {"EqualityScopeForm", "EqualityExportForm"}


def test_the_routes_open_every_form_in_the_app() -> None:
    routed = {expected for _, _, expected in ROUTES + EQUALITY_ROUTES + EXCLUSION_ROUTES}
    assert every_form() - routed == set()


@pytest.mark.local_file
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_the_exclusion_register_form_fits(demo_path: Path, size: tuple[int, int]) -> None:
    from tests.ui.test_exclusions_ui import _exclude

    _exclude(demo_path)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        problems, opened = await run_routes(pilot, EXCLUSION_ROUTES, size)
    assert problems == [], "\n".join(problems)
    assert opened == {"ReviewForm"}

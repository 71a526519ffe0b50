"""The findings about size, by keyboard at 80x24 and 120x40: the meeting's request for
information keeps every field in view, the case header's flags never cover the name, the
queue and the footer are not cut off, and names get the room they need."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select
from textual.pilot import Pilot
from textual.widget import Widget

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import CaseScreen, MeetingModeScreen, TriageQueueScreen
from remedy_tui.screens.triage.decision_form import DecisionScreen
from remedy_tui.screens.triage.small_forms import RequestInformationScreen
from remedy_tui.store import Store
from remedy_tui.store.models import Action, ActionKind
from remedy_tui.widgets.paged_table import PagedTable, column_widths
from tests.ui.case_helpers import open_case
from tests.ui.conftest import screen_text, settle, text_of, type_text, unlock

pytestmark = pytest.mark.usefixtures("frozen_clock")
SIZES = [(80, 24), (120, 40)]


def in_view(pilot: Pilot[None], widget: Widget) -> bool:
    """Whether the whole width of ``widget`` and its first line are on the screen."""
    geometry = pilot.app.screen.find_widget(widget)
    seen = geometry.region.intersection(geometry.clip)
    return seen.width == geometry.region.width and seen.y == geometry.region.y


def requests_of(store_path: Path) -> list[Action]:
    store = Store.open(store_path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    try:
        with store.session() as session:
            return list(
                session.exec(
                    select(Action).where(Action.kind == ActionKind.INFORMATION_REQUEST)
                ).all()
            )
    finally:
        store.close()


@pytest.mark.both_backends
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_the_meetings_request_for_information_keeps_every_field_in_view(
    demo_path: Path, size: tuple[int, int]
) -> None:
    before = len(requests_of(demo_path))
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DecisionScreen)
        what = form.query_one("#field-request-what")
        assert what.has_focus and in_view(pilot, what)
        await type_text(pilot, "Form 2 from the ES")
        await pilot.press("tab")
        whom = form.query_one("#field-request-of-whom")
        assert whom.has_focus and in_view(pilot, whom)
        shown = screen_text(pilot)
        assert "Of whom" in shown and "Chase by" in shown
        await pilot.press("tab")
        due = form.query_one("#field-request-due-on")
        assert due.has_focus and in_view(pilot, due)
        await pilot.press("tab")
        rationale = form.query_one("#field-rationale")
        assert rationale.has_focus and in_view(pilot, rationale)
        await type_text(pilot, "Form 2 is needed before the meeting can decide.")
        # Saved without saying of whom: refused, and the cursor is back on that field, in view.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "Who is being asked" in text_of(pilot, "#form-message")
        assert whom.has_focus and in_view(pilot, whom)
        await type_text(pilot, "Dr Mock Educator")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
    added = requests_of(demo_path)[before:]
    assert [(a.description, a.owner_name) for a in added] == [
        ("Form 2 from the ES", "Dr Mock Educator")
    ]


async def test_a_request_for_what_is_missing_starts_on_whom_to_ask(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("slash")
        await type_text(pilot, "R-000305")  # needs Form 1
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter", "i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RequestInformationScreen)
        assert form.query_one("#field-request-what").value == "Form 1"  # type: ignore[attr-defined]
        whom = form.query_one("#field-request-of-whom")
        assert whom.has_focus and in_view(pilot, whom)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_the_case_headers_flags_never_cover_the_name_and_number(
    demo_path: Path, size: tuple[int, int]
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f3")
        await settle(pilot)
        await open_case(pilot, "C-000024")
        shown = screen_text(pilot).splitlines()
    title = next(line for line in shown if line.startswith("C-000024  "))
    assert title.startswith("C-000024  Dr Hal Zinnwald-Fict  (GMC 9000024)")
    assert any("[With OH]" in line for line in shown)
    # Nor is the end of a long line lost: who owns the case, how much is overdue.
    header = " ".join(
        " ".join(shown[: shown.index(next(x for x in shown if x.startswith("─")))]).split()
    )
    assert "Dr Sky Fictitious; senior owner Dr Rowan Exemplar" in header
    assert "2 overdue actions" in header


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_the_queue_and_the_footer_are_not_cut_off(
    demo_path: Path, size: tuple[int, int]
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        assert isinstance(app.screen, TriageQueueScreen)
        shown = screen_text(pilot)
        lines = shown.splitlines()
        header = next(line for line in lines if line.lstrip().startswith("Days"))
        # The last columns are whole: when narrow, lower-value columns give way instead.
        assert header.rstrip().endswith("Sug." if size[0] == 80 else "Fairness")
        assert "Forms, status" in header and "Practitioner" in header
        # The name column has the room a name needs.
        assert "Dr Ada Copperkettle" in shown
        # Every area key is in the footer, at either size.
        for key in ("f2 Queue", "f3 Cases", "f4 Caseload", "f5 CSG"):
            assert key in shown
        await pilot.press("f3")
        await settle(pilot)
        shown = screen_text(pilot)
        header = next(line for line in shown.splitlines() if line.lstrip().startswith("Case "))
        assert "Next review" in header and "Case manager" in header
        assert "Dr Hal Zinnwald-Fict" in shown
        for key in ("f2 Queue", "f3 Cases", "f4 Caseload", "f5 CSG"):
            assert key in shown


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_the_decision_forms_labels_do_not_run_into_each_other(
    demo_path: Path, size: tuple[int, int]
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("3", "s")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        shown = screen_text(pilot)
    assert "Second case manager (optional)" in shown
    assert "Senior owner (level 3)" in shown
    assert "(optionSenior" not in shown.replace(" ", "")


LISTS = (
    ("f2",),
    ("f3",),
    ("f3", "enter", "1"),
    ("f3", "enter", "2"),
    ("f3", "enter", "3"),
    ("f3", "enter", "4"),
    ("f3", "enter", "5"),
    ("f3", "enter", "6"),
    ("f4",),
    ("f5",),
    ("f7",),
    ("f8",),
    ("f9",),
    ("f9", "t"),
)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_no_list_runs_off_the_right_and_names_get_their_room(
    demo_path: Path, size: tuple[int, int]
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=size) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        for keys in LISTS:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            tables = [t for t in app.screen.query(PagedTable) if t.display and t.size.width]
            assert tables, keys
            for table in tables:
                widths = column_widths(table.columns, table.size.width)
                drawn = sum(width + 2 for width in widths if width)
                assert drawn <= table.size.width, (keys, table.id)
                for column, width in zip(table.columns, widths, strict=True):
                    if column.title in ("Practitioner", "Name", "Trainee"):
                        assert width >= 18, (keys, column.title, width)
            if isinstance(app.screen, CaseScreen):
                await pilot.press("escape")
                await settle(pilot)


async def test_the_meetings_keys_take_two_lines_at_80x24_and_leave_the_referral_room(
    demo_path: Path,
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
        keys = app.screen.query_one("#meeting-keys")
        assert keys.size.height == 2
        said = text_of(pilot, "#meeting-keys")
        for key in ("k keep", "b trust", "i info", "o open case", "s senior owner", "e Dean"):
            assert key in said
        assert "l link" in said and "w defer" in said and "ctrl+e end" in said
        assert app.screen.query_one("#meeting-scroll").size.height >= 14

"""The case list by keyboard: paging, search, filters, sort, and free text shown literally."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import CaseListScreen, CaseScreen, KeyMapScreen
from remedy_tui.store import Store
from remedy_tui.store.models import Case, CaseStatus, Grade, Practitioner
from remedy_tui.widgets import CaseTable
from tests.ui.conftest import settle, text_of, type_text, unlock


def _table(app: RemedyApp) -> CaseTable:
    return app.screen.query_one(CaseTable)


def _first_reference(app: RemedyApp) -> str:
    table = _table(app)
    return table.row_texts(0)[0]


async def _open(pilot: object, app: RemedyApp) -> None:
    await unlock(pilot, config.DEMO_PASSPHRASE)  # type: ignore[arg-type]
    await pilot.press("f3")  # type: ignore[attr-defined]  # from the queue to the case list
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, CaseListScreen)


async def test_page_down_and_up_move_a_page_at_a_time(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        table = _table(app)
        size = table.row_count
        assert size >= 20
        first_page_top = _first_reference(app)
        await pilot.press("pagedown")
        await settle(pilot)
        status = text_of(pilot, "#list-status")
        assert status.startswith(f"Cases {size + 1}-{2 * size} of ")
        assert _first_reference(app) != first_page_top
        await pilot.press("pageup")
        await settle(pilot)
        assert _first_reference(app) == first_page_top
        # Never more than one page in the table, however many cases there are.
        assert table.row_count == size


async def test_arrowing_past_the_last_row_continues_on_the_next_page(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        table = _table(app)
        size = table.row_count
        for _ in range(size):
            await pilot.press("down")
        await settle(pilot)
        assert text_of(pilot, "#list-status").startswith(f"Cases {size + 1}-")
        assert table.cursor_row == 0
        await pilot.press("up")
        await settle(pilot)
        assert text_of(pilot, "#list-status").startswith("Cases 1-")
        assert table.cursor_row == size - 1


async def test_last_and_first_page(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("ctrl+end")
        await settle(pilot)
        status = text_of(pilot, "#list-status")
        total = status.split(" of ")[1].split()[0]
        assert status.split(" of ")[0].endswith(f"-{total}")
        await pilot.press("ctrl+home")
        await settle(pilot)
        assert text_of(pilot, "#list-status").startswith("Cases 1-")


async def test_typing_a_search_filters_the_list_in_the_database(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "quill")
        await pilot.pause(0.3)
        await settle(pilot)
        table = _table(app)
        assert table.row_count > 0
        assert all("Quill" in table.row_texts(i)[1] for i in range(table.row_count))
        await pilot.press("enter")  # back to the table
        assert table.has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#list-search").value == ""


async def test_a_search_with_no_match_says_so(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "zzzqqq")
        await pilot.pause(0.3)
        await settle(pilot)
        assert _table(app).row_count == 0
        assert text_of(pilot, "#list-status") == "No cases match. Escape clears the search."


async def test_escape_clears_the_search_with_one_load_and_a_keystroke_searches_at_once(
    demo_path: Path,
) -> None:
    """Escape used to load the first page twice (once itself, once for the emptied box); a
    keystroke after a pause waited 30 ms before its search began."""
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseListScreen)
        loads: list[str] = []
        load = screen.load

        def counted(query: object, offset: int, limit: int) -> None:
            loads.append(query.search)  # type: ignore[attr-defined]
            load(query, offset, limit)  # type: ignore[arg-type]

        screen.load = counted  # type: ignore[method-assign]
        await pilot.press("slash")
        await pilot.press("q")
        assert loads == ["q"]  # asked at once, not after a timer
        await pilot.pause(0.3)
        await settle(pilot)
        loads.clear()
        await pilot.press("escape")
        await pilot.pause(0.3)
        await settle(pilot)
        assert loads == [""]
        assert screen.query_one("#list-search").value == ""
        assert text_of(pilot, "#list-status").startswith("Cases 1-")


async def test_sort_status_level_and_mine_keys_change_the_list(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseListScreen)
        await pilot.press("s")
        await settle(pilot)
        assert "sorted by reference" in text_of(pilot, "#list-filters")
        assert _first_reference(app) == "C-000001" or _first_reference(app) < "C-000010"
        await pilot.press("l")
        await settle(pilot)
        assert "level 1" in text_of(pilot, "#list-filters")
        table = _table(app)
        assert all(table.row_texts(i)[5].startswith("1") for i in range(table.row_count))
        await pilot.press("f", "f", "f")  # active -> open -> quiet -> closed
        await settle(pilot)
        assert "status: closed" in text_of(pilot, "#list-filters")
        assert all(table.row_texts(i)[6] == "Closed" for i in range(table.row_count))
        await pilot.press("m")
        await settle(pilot)
        assert "my cases" in text_of(pilot, "#list-filters")
        assert all(table.row_texts(i)[7] == "Demo Case-Manager" for i in range(table.row_count))


async def test_names_with_markup_and_escapes_are_shown_literally(demo_path: Path) -> None:
    store = Store.open(demo_path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    with store.session() as session:
        odd = Practitioner(
            given_names="[bold red]Not[/]", family_name="Markupton\x1b[31m", grade=Grade.SAS
        )
        session.add(odd)
        session.flush()
        assert odd.id is not None
        session.add(
            Case(
                reference="C-999999",
                practitioner_id=odd.id,
                level=1,
                status=CaseStatus.OPEN,
                opened_on=date(2026, 1, 1),
                checklist_edition="fairness-framework-1",
            )
        )
        session.commit()
    store.close()
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "markupton")
        await pilot.pause(0.3)
        await settle(pilot)
        shown = _table(app).row_texts(0)[1]
        assert "[bold red]Not[/]" in shown
        assert "\x1b" not in shown and "␛[31m" in shown


async def test_question_mark_shows_every_key_of_the_screen(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, KeyMapScreen)
        table = app.screen.query_one("#keymap-table", DataTable)
        shown = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        for description in ("Next page", "Search", "Sort", "Status filter", "Lock", "My cases"):
            assert description in shown
        await pilot.press("escape")
        assert isinstance(app.screen, CaseListScreen)


async def test_the_palette_finds_a_case_by_name(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "C-000012")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # The palette opens the case itself; Escape comes back to the list.
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.summary is not None and screen.summary.reference == "C-000012"
        await pilot.press("escape")
        assert isinstance(app.screen, CaseListScreen)


async def test_the_first_case_opened_after_sign_in_is_the_one_chosen_not_the_warmed_one(
    demo_path: Path,
) -> None:
    """At sign-in the kept case screen reads one case (the newest) and its checklist, to have
    their statements ready; that read shows nothing, says nothing and is never what opens."""
    from remedy_tui.app import WARM_UP_AFTER
    from remedy_tui.screens.common.error_dialog import ErrorDialog

    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.pause(WARM_UP_AFTER + 1.0)
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen)
        assert not any(isinstance(s, ErrorDialog) for s in app.screen_stack)
        chosen = _first_reference(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.summary is not None
        assert app.screen.summary.reference == chosen

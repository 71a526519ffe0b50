"""The case screen by keyboard: opening, tabs, the timeline, actions, follow-ups, decisions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select
from textual.color import Color
from textual.widgets import Checkbox, Select, Static

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import CaseListScreen, CaseScreen, ChoiceScreen
from remedy_tui.screens.common.form import FormScreen
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Action,
    ActionStatus,
    Case,
    CaseStatus,
    Decision,
    DecisionKind,
    TimelineEntry,
    TimelineKind,
)
from tests.conftest import TODAY
from tests.ui.case_helpers import (
    card_text,
    clear,
    focused,
    form_message,
    open_case,
    open_first_case,
    paste,
    pick,
    rows,
    save,
    type_into,
    until_screen,
)
from tests.ui.conftest import settle, text_of, type_text, unlock

SIZE = (130, 42)


def _store(path: Path) -> Store:
    return Store.open(path, config.DEMO_USER, config.DEMO_PASSPHRASE)


def _case(path: Path, case_id: int) -> Case:
    store = _store(path)
    try:
        with store.session() as session:
            case = session.get(Case, case_id)
            assert case is not None
            return case
    finally:
        store.close()


def _set_case_manager(path: Path, case_id: int, *, demo_manages: bool) -> None:
    """Make the demo user this case's case manager, or make sure they are not on it."""
    store = _store(path)
    try:
        with store.session() as session:
            case = session.get(Case, case_id)
            assert case is not None
            case.case_manager_id = store.user.id if demo_manages else 4
            for field in ("second_case_manager_id", "senior_owner_id"):
                if getattr(case, field) == store.user.id:
                    setattr(case, field, None)
            session.add(case)
            session.commit()
    finally:
        store.close()


def _entries(path: Path, case_id: int) -> list[TimelineEntry]:
    store = _store(path)
    try:
        with store.session() as session:
            return list(
                session.exec(
                    select(TimelineEntry)
                    .where(col(TimelineEntry.case_id) == case_id)
                    .order_by(col(TimelineEntry.id))
                ).all()
            )
    finally:
        store.close()


@pytest.mark.both_backends
async def test_enter_opens_the_case_with_its_header_and_escape_goes_back(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f3")
        await settle(pilot)
        list_screen = app.screen
        reference = list_screen.query_one("#case-table").row_texts(0)[0]  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        summary = screen.summary
        assert summary is not None and summary.reference == reference
        assert text_of(pilot, "#case-title").startswith(f"{reference}  {summary.practitioner}")
        assert f"Level {summary.level} · {summary.status.label}" in text_of(pilot, "#case-who")
        follow_up = screen.query_one("#case-follow-up")
        assert text_of(pilot, "#case-follow-up").startswith("Next follow-up:")
        # The case list's first case is the most overdue: the follow-up line is red.
        assert summary.follow_up_overdue and follow_up.has_class("overdue")
        assert "days overdue" in text_of(pilot, "#case-follow-up")
        assert text_of(pilot, "#case-fairness").startswith("Fairness framework: ")
        assert text_of(pilot, "#case-risk").startswith("Risk: ")
        assert " of " in text_of(pilot, "#timeline-status")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is list_screen and isinstance(app.screen, CaseListScreen)


@pytest.mark.both_backends
async def test_the_next_case_opened_shows_only_its_own_record(
    demo_path: Path, frozen_clock: object
) -> None:
    """The app keeps one case screen between cases: the second case must show nothing of the
    first, start on its timeline, and a case opened from a case gets a screen of its own."""
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one("#case-table")
        first, second = (table.row_texts(i)[0] for i in (0, 1))  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        kept = app.screen
        assert isinstance(kept, CaseScreen) and kept.summary is not None
        first_timeline = rows(kept, "timeline")
        await pilot.press("4")  # leave it on another tab
        await pilot.press("escape", "down", "enter")
        await settle(pilot)
        assert app.screen is kept  # the same screen, showing the next case
        assert kept.summary is not None and kept.summary.reference == second
        assert text_of(pilot, "#case-title").startswith(second)
        assert kept.query_one("#case-tabs").active == "tab-timeline"  # type: ignore[attr-defined]
        assert focused(pilot).id == "timeline-table"
        assert rows(kept, "timeline") != first_timeline
        assert _case(demo_path, kept.case_id).reference == second
        # From the case, the palette opens another: a screen of its own, and back is back.
        other = await open_case(pilot, first)
        assert other is not kept and other.summary is not None
        assert other.summary.reference == first
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is kept and text_of(pilot, "#case-title").startswith(second)
        # Locking drops the kept screen with the store; after unlocking, cases open again.
        await pilot.press("ctrl+l")
        await settle(pilot)
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reopened = app.screen
        assert isinstance(reopened, CaseScreen) and reopened is not kept
        assert reopened.summary is not None and reopened.summary.reference == first


async def test_the_palette_opens_a_case_and_number_keys_change_tab(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        screen = await open_case(pilot, "C-000012")
        assert screen.summary is not None and screen.summary.reference == "C-000012"
        tabs = screen.query_one("#case-tabs")
        tabs_by_key = (("2", "actions"), ("3", "decisions"), ("4", "risk"), ("7", "practitioner"))
        for key, tab in tabs_by_key:
            await pilot.press(key)
            await settle(pilot)
            assert tabs.active == f"tab-{tab}"  # type: ignore[attr-defined]
        assert "Contact preferences (framework question 1.3)" in card_text(screen)
        await pilot.press("1")
        assert focused(pilot).id == "timeline-table"


@pytest.mark.both_backends
async def test_a_confidential_note_is_added_in_a_few_keys(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        _set_case_manager(demo_path, screen.case_id, demo_manages=True)
        before = len(_entries(demo_path, screen.case_id))
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and focused(pilot).id == "field-title"
        await type_into(pilot, "[bold]Call[/] with the TPD")
        await type_text(pilot, "Discussed rota; practitioner tired.")
        await pilot.press("tab", "tab", "space")  # past the date to "confidential"
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
        entries = _entries(demo_path, screen.case_id)
        assert len(entries) == before + 1
        note = entries[-1]
        assert (note.kind, note.title, note.body, note.confidential) == (
            TimelineKind.NOTE,
            "[bold]Call[/] with the TPD",
            "Discussed rota; practitioner tired.",
            True,
        )
        assert note.occurred_at.date() == TODAY
        first = rows(screen, "timeline")[0]
        assert first[2] == "[bold]Call[/] with the TPD" and first[5] == "yes"


@pytest.mark.both_backends
async def test_a_confidential_note_on_a_case_you_do_not_manage_is_refused_and_kept_on_screen(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        _set_case_manager(demo_path, screen.case_id, demo_manages=False)
        before = len(_entries(demo_path, screen.case_id))
        await pilot.press("n")
        await settle(pilot)
        await type_into(pilot, "Sensitive call")
        await type_text(pilot, "Health details.")
        await pilot.press("tab", "tab", "space")
        await save(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "Only this case's case managers and senior owner" in form_message(pilot)
        assert len(_entries(demo_path, screen.case_id)) == before
        await pilot.press("space")  # untick "confidential": the note is kept, and saves
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
        note = _entries(demo_path, screen.case_id)[-1]
        assert (note.title, note.body, note.confidential) == (
            "Sensitive call",
            "Health details.",
            False,
        )


async def test_a_bad_note_is_refused_with_a_message_and_nothing_is_stored(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        before = len(_entries(demo_path, screen.case_id))
        await pilot.press("n")
        await settle(pilot)
        await type_into(pilot, "Huge")
        await paste(pilot, "x" * 1_000_000)
        assert form_message(pilot) == (
            "That paste would make the text 1,000,000 characters long; the limit is 50,000. "
            "Nothing was pasted."
        )
        body = focused(pilot)
        assert body.id == "field-body" and body.text == ""  # type: ignore[attr-defined]
        await paste(pilot, "red \x1b[31malert")
        await save(pilot)
        assert "control characters" in form_message(pilot)
        await pilot.press("ctrl+a", "delete", "tab")
        await clear(pilot)  # the date field
        await type_text(pilot, "2026-02-30")
        await save(pilot)
        assert "not a real date" in form_message(pilot)
        assert focused(pilot).id == "field-occurred-on"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert len(_entries(demo_path, screen.case_id)) == before


async def test_the_timeline_filters_by_kind_and_reverses_its_order(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        newest = rows(screen, "timeline")[0][0]
        await pilot.press("o")
        await settle(pilot)
        assert rows(screen, "timeline")[0][0] < newest
        assert "oldest first" in text_of(pilot, "#timeline-status")
        await pilot.press("k")
        await until_screen(pilot, ChoiceScreen)
        await pilot.press("down", "enter")  # the first kind after "All kinds"
        await settle(pilot)
        kinds = {row[1] for row in rows(screen, "timeline")}
        assert len(kinds) == 1
        assert f"· {kinds.pop()} ·" in text_of(pilot, "#timeline-status")
        await pilot.press("enter")  # read the entry in full
        await settle(pilot)
        assert app.screen.query_one("#viewer-text") is not None
        await pilot.press("escape")
        assert isinstance(app.screen, CaseScreen)


async def test_an_action_is_added_marked_done_and_shared(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        case = _case(demo_path, screen.case_id)
        await pilot.press("2", "a")
        await settle(pilot)
        await type_into(pilot, "Ask the trust for the rota")
        await pilot.press("tab")  # owner: the signed-in user
        await type_into(pilot, "Dr Tess TPD")
        await clear(pilot)
        await type_text(pilot, (case.opened_on - timedelta(days=1)).isoformat())
        await save(pilot)
        assert "before the case was opened" in form_message(pilot)
        await clear(pilot)
        await type_text(pilot, (TODAY + timedelta(days=10)).isoformat())
        await pilot.press("tab", "space")
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
        store = _store(demo_path)
        with store.session() as session:
            added = session.exec(
                select(Action).where(col(Action.description) == "Ask the trust for the rota")
            ).one()
        store.close()
        assert (added.owner_name, added.due_on, added.shared_with_tpd) == (
            "Dr Tess TPD",
            TODAY + timedelta(days=10),
            True,
        )
        # The new action is open and not overdue: it sits after the overdue ones.
        shown = [r[3] for r in rows(screen, "actions")]
        assert "Ask the trust for the rota" in shown
        index = shown.index("Ask the trust for the rota")
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await type_text(pilot, "Rota received.")
        await save(pilot)
        store = _store(demo_path)
        with store.session() as session:
            done = session.get(Action, added.id)
        store.close()
        assert done is not None and done.status is ActionStatus.DONE
        assert (done.outcome_note, done.completed_on, done.shared_with_tpd) == (
            "Rota received.",
            TODAY,
            False,
        )


async def test_the_follow_up_interval_sets_the_next_review(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        await pilot.press("2", "i")
        await settle(pilot)
        await clear(pilot)
        await type_text(pilot, "21")
        await pilot.pause()
        due = (TODAY + timedelta(days=21)).isoformat()
        assert text_of(pilot, "#next-review") == f"Next review: {due}"
        await save(pilot)
        assert _case(demo_path, screen.case_id).next_review_on == TODAY + timedelta(days=21)
        assert text_of(pilot, "#case-follow-up").startswith(f"Next follow-up: {due} · every 21")
        assert not screen.query_one("#case-follow-up").has_class("overdue")


async def test_a_level_change_needs_a_rationale(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        assert screen.summary is not None
        old = screen.summary.level
        await pilot.press("3", "l")
        await settle(pilot)
        await pick(pilot, "Level")
        await save(pilot)
        assert "needs its rationale" in form_message(pilot)
        assert focused(pilot).id == "field-rationale"
        await type_text(pilot, "New information from the trust.")
        await pilot.press("tab")
        await type_text(pilot, "Letter of 20 November.")
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
        case = _case(demo_path, screen.case_id)
        assert case.level != old
        assert text_of(pilot, "#case-who").startswith(f"Level {case.level} ")
        assert rows(screen, "decisions")[0][1:3] == ("Level change", f"Level {old} to {case.level}")


async def test_a_stale_decision_is_refused_naming_who_changed_the_case(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        # Meanwhile, at another desk, the Deputy Dean escalates the case.
        store = _store(demo_path)
        with store.session() as session:
            session.info["actor"] = "rexemplar"
            case = session.get(Case, screen.case_id)
            assert case is not None
            case.escalated_to_dean = True
            session.add(case)
            session.commit()
        store.close()
        await pilot.press("3", "c")
        await settle(pilot)
        await type_into(pilot, "Support plan completed")
        if isinstance(focused(pilot), Select):
            await pick(pilot, "Close them with the case")
            await pilot.press("tab")
        if isinstance(focused(pilot), Checkbox):
            await pilot.press("space", "tab")
        await type_text(pilot, "All actions done; TPD content.")
        await save(pilot)
        message = form_message(pilot)
        assert "Dr Rowan Exemplar" in message and "escalated to dean" in message
        assert "nothing was saved" in message
        assert _case(demo_path, screen.case_id).status is not CaseStatus.CLOSED


async def test_a_case_is_closed_with_a_reason_and_reopened(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        await pilot.press("3", "o")  # reopen is not offered while the case is open
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("c")
        await settle(pilot)
        await type_into(pilot, "Support plan completed")
        # What is still open is listed; the open actions close with the case, confirmed.
        if isinstance(focused(pilot), Select):
            await pick(pilot, "Close them with the case")
            await pilot.press("tab")
        if isinstance(focused(pilot), Checkbox):
            await pilot.press("space", "tab")
        await type_text(pilot, "All actions done; TPD content.")
        await save(pilot)
        case = _case(demo_path, screen.case_id)
        assert (case.status, case.closed_on, case.closure_reason) == (
            CaseStatus.CLOSED,
            TODAY,
            "Support plan completed",
        )
        assert text_of(pilot, "#case-follow-up") == f"Closed {TODAY}: Support plan completed"
        await pilot.press("o")
        await settle(pilot)
        await type_text(pilot, "New concern from the supervisor.")
        await save(pilot)
        case = _case(demo_path, screen.case_id)
        assert case.status is CaseStatus.OPEN and case.closed_on is None
        assert case.next_review_on == TODAY + timedelta(days=case.follow_up_interval_days or 0)
        store = _store(demo_path)
        with store.session() as session:
            kinds = session.exec(
                select(Decision.kind)
                .where(col(Decision.case_id) == screen.case_id)
                .order_by(col(Decision.id).desc())
                .limit(2)
            ).all()
        store.close()
        assert list(kinds) == [DecisionKind.REOPENING, DecisionKind.CLOSURE]
        assert "Reopened" in rows(screen, "decisions")[0][2]


async def test_support_goes_quiet_and_a_colleague_takes_the_case(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        await pilot.press("3", "s")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Settled; light-touch contact.")
        await save(pilot)
        assert _case(demo_path, screen.case_id).status is CaseStatus.QUIET
        await pilot.press("m")
        await settle(pilot)
        await pick(pilot, "Jo Sample")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Rebalancing caseloads.")
        await save(pilot)
        case = _case(demo_path, screen.case_id)
        assert case.case_manager_id == 5
        assert "Jo Sample" in text_of(pilot, "#case-who")


async def test_a_theme_chosen_while_a_screen_is_hidden_shows_when_it_comes_back(
    demo_path: Path, frozen_clock: object
) -> None:
    """Screens shown again skip Textual's restyle of every widget unless something app-wide
    changed: a theme changed meanwhile must still reach the kept case screen and the areas."""
    app = RemedyApp(store_path=demo_path, demo=True, settings=config.Settings())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f3")
        await settle(pilot)
        list_screen = app.screen
        await pilot.press("enter")
        await settle(pilot)
        kept = app.screen
        assert isinstance(kept, CaseScreen)
        await pilot.press("escape")
        await settle(pilot)
        # A restyle that was skipped leaves the old colours on the screen's widgets.
        before = kept.query_one("#timeline-table").styles.background
        contrast = "remedy-high-contrast"
        app.theme = contrast if app.theme != contrast else "textual-dark"
        await settle(pilot)
        await pilot.press("f2")  # another area, then back: shown again after the change
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen is list_screen
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is kept
        after = kept.query_one("#timeline-table").styles.background
        assert after != before
        assert after == Color.parse(app.current_theme.to_color_system().generate()["surface"])


async def test_the_case_list_and_case_screen_are_made_while_unlocking(
    demo_path: Path, frozen_clock: object
) -> None:
    """Unlocking makes the other areas and the kept case screen, hidden, so F3 and the first
    Enter on a case show screens already made: the case list already holds its first page,
    and the first case opens in the blank screen made for it, showing only that case."""
    app = RemedyApp(store_path=demo_path, demo=True, settings=config.Settings())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        assert app.current_mode == "queue"
        kept = app._kept_case_screen
        assert kept is not None and kept.is_mounted and kept.summary is None
        assert not kept.in_use and str(kept.query_one("#case-title", Static).render()) == ""
        await pilot.press("f3")  # no settle: the page is there already
        await pilot.pause()
        table = app.screen.query_one("#case-table")
        assert isinstance(app.screen, CaseListScreen) and table.row_count > 0  # type: ignore[attr-defined]
        reference = table.row_texts(0)[0]  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is kept
        assert kept.summary is not None and kept.summary.reference == reference
        assert text_of(pilot, "#case-title").startswith(reference)


@pytest.mark.both_backends
async def test_a_colleagues_note_appears_on_the_case_without_a_key_press(
    demo_path: Path, frozen_clock: object
) -> None:
    from remedy_tui.services.case.timeline import record_entry
    from remedy_tui.services.desk import Desk
    from remedy_tui.store.server import ServerAddress

    if not isinstance(demo_path, ServerAddress):
        pytest.skip("on the local file nobody else writes while a case is shown")
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot)
        colleague = Desk(_store(demo_path))  # the same team, another desktop
        try:
            colleague.change(
                record_entry,
                case_id=screen.case_id,
                kind=TimelineKind.NOTE,
                title="Written on another desktop",
            )
        finally:
            colleague.close()
        for _ in range(30):  # up to 3 s; it takes a fraction of one
            await pilot.pause(0.1)
            if rows(screen, "timeline")[0][2] == "Written on another desktop":
                break
        assert rows(screen, "timeline")[0][2] == "Written on another desktop"


def test_a_colleagues_change_heard_as_the_app_closes_is_let_go(demo_path: Path) -> None:
    # The listening thread can post a notice just before the app stops it on the way out;
    # it is handled after the screens are gone, while the desk is still open.
    from remedy_tui.messages import ColleaguesChanged
    from remedy_tui.services.desk import Desk

    app = RemedyApp(store_path=demo_path, demo=True)  # no screen on it, as when closing
    app.desk = Desk(_store(demo_path))
    try:
        app.on_colleagues_changed(ColleaguesChanged(frozenset({"timeline_entries"})))
    finally:
        app.desk.close()

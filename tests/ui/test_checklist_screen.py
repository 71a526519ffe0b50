"""The fairness checklist by keyboard: answers, history, refusals, actions, stages, export."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import select
from textual import events
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, TextArea

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.messages import OpenChecklistSnapshot
from remedy_tui.screens import ChecklistScreen, ChecklistSnapshotScreen, ErrorDialog
from remedy_tui.screens.checklist.answer_form import AnswerForm
from remedy_tui.screens.checklist.export_form import ExportForm
from remedy_tui.screens.checklist.follow_up_form import FollowUpForm
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.store import Store
from remedy_tui.store.models import Action, AuditEntry, ChecklistResponse, DecisionKind
from remedy_tui.widgets import CaseTable
from remedy_tui.widgets.framework_outline import FrameworkOutline
from remedy_tui.widgets.question_detail import QuestionDetail
from tests.conftest import PASSPHRASE, USERNAME
from tests.test_checklist_service import answer as record_answer
from tests.test_checklist_service import decide, make_case, set_edition
from tests.ui.conftest import settle, text_of, type_text, unlock


@pytest.fixture
def case_id(store: Store, frozen_clock: datetime) -> int:
    """One case (opened 1 March 2026) in a fresh store, the clock frozen."""
    return make_case(store)


def _app(store: Store) -> RemedyApp:
    return RemedyApp(store_path=store.paths.db, settings=config.Settings(last_user=USERNAME))


async def _open_checklist(pilot: Pilot[None]) -> ChecklistScreen:
    """Sign in, then k on the highlighted case of the case list."""
    await unlock(pilot, PASSPHRASE)
    await pilot.press("f3")  # the case list
    await settle(pilot)
    await pilot.press("k")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistScreen)
    return screen


def _detail(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one(QuestionDetail).text


def _row(pilot: Pilot[None], question_id: str) -> str:
    outline = pilot.app.screen.query_one(FrameworkOutline)
    return str(outline.get_option(question_id).prompt)


async def _answer(pilot: Pilot[None], key: str, rationale: str) -> None:
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, AnswerForm)
    await type_text(pilot, rationale)
    await pilot.press("ctrl+s")
    await settle(pilot)


def _history(store: Store, case_id: int, question_id: str) -> list[checklist.AnswerView]:
    with store.session() as session:
        return checklist.history(session=session, case_id=case_id, question_id=question_id)


async def test_answering_updating_and_reviewing_history_by_keyboard(
    store: Store, case_id: int
) -> None:
    async with _app(store).run_test(size=(130, 40)) as pilot:
        screen = await _open_checklist(pilot)
        assert screen.outline.highlighted_question == "1.1"
        assert "Not answered" in _detail(pilot)
        await _answer(pilot, "y", "Phoned first then wrote")
        assert isinstance(pilot.app.screen, ChecklistScreen)
        assert "Yes" in _row(pilot, "1.1")
        assert "Phoned first then wrote" in _detail(pilot)
        assert "Demo" not in _detail(pilot) and "Asha Example" in _detail(pilot)

        await _answer(pilot, "u", "Trust now says the letter went first")
        assert "Unknown" in _row(pilot, "1.1")
        detail = _detail(pilot)
        # The first reason stays beside the change, oldest first: nothing is hidden.
        assert detail.index("Phoned first then wrote") < detail.index("Trust now says")
        assert "Changed to Unknown · Asha Example" in detail

        await pilot.press("e")  # an update keeps the answer and adds reasons
        await settle(pilot)
        assert isinstance(pilot.app.screen, AnswerForm)
        await type_text(pilot, "Asked the trust for the letter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = _detail(pilot)
        assert "Rationale and updates  (3 entries, oldest first)" in detail
        assert (
            detail.index("Phoned first then wrote")
            < detail.index("Trust now says the letter went first")
            < detail.index("Asked the trust for the letter")
        )
        assert "Update (Unknown) · Asha Example" in detail
        assert "1/41 answered" in text_of(pilot, "#framework-heading")

        await pilot.press("down", "n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AnswerForm)
        assert pilot.app.screen.question.id == "1.2"
        await pilot.press("escape")
    history = _history(store, case_id, "1.1")
    assert [(a.response, a.rationale) for a in history] == [
        (ChecklistResponse.UNKNOWN, "Asked the trust for the letter"),
        (ChecklistResponse.UNKNOWN, "Trust now says the letter went first"),
        (ChecklistResponse.YES, "Phoned first then wrote"),
    ]
    assert _history(store, case_id, "1.2") == []


@pytest.mark.parametrize("key", ["n", "u"])
async def test_a_no_or_unknown_without_a_rationale_is_refused_on_screen(
    store: Store, case_id: int, key: str
) -> None:
    async with _app(store).run_test(size=(130, 40)) as pilot:
        await _open_checklist(pilot)
        await pilot.press(key)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, AnswerForm)  # still open, with the reason why
        assert "needs its rationale" in text_of(pilot, "#form-message")
        assert "Nothing was saved" in text_of(pilot, "#form-message")
        assert isinstance(pilot.app.focused, TextArea)
    assert _history(store, case_id, "1.1") == []


async def test_a_yes_without_reasons_is_kept_and_shown_as_missing_them(
    store: Store, case_id: int
) -> None:
    async with _app(store).run_test(size=(130, 40)) as pilot:
        await _open_checklist(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChecklistScreen)
        assert "no reasons" in _row(pilot, "1.1")
        assert "Reasons missing: this Yes does not say why." in _detail(pilot)
        assert "1 Yes without reasons" in text_of(pilot, "#framework-heading")
    [saved] = _history(store, case_id, "1.1")
    assert saved.response is ChecklistResponse.YES and saved.rationale is None


async def test_markup_is_shown_literally_and_escape_sequences_are_refused(
    store: Store, case_id: int
) -> None:
    async with _app(store).run_test(size=(130, 40)) as pilot:
        await _open_checklist(pilot)
        await _answer(pilot, "n", "[bold]x[/] and [red]y")
        assert "[bold]x[/] and [red]y" in _detail(pilot)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.screen.query_one(TextArea).text = "sneaky \x1b[2J clear"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AnswerForm)
        assert "control characters" in text_of(pilot, "#form-message")
    assert [a.rationale for a in _history(store, case_id, "1.1")] == ["[bold]x[/] and [red]y"]


async def test_keys_typed_ahead_of_ctrl_s_are_all_saved(store: Store, case_id: int) -> None:
    async with _app(store).run_test(size=(130, 40)) as pilot:
        await _open_checklist(pilot)
        await pilot.press("u")
        await settle(pilot)
        # Delivered as a fast typist or a terminal multiplexer delivers them: no waiting.
        for character in "awaiting the trust":
            key = "space" if character == " " else character
            pilot.app.post_message(events.Key(key, character))
        pilot.app.post_message(events.Key("ctrl+s", None))
        await asyncio.sleep(0.2)
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChecklistScreen)
    assert [a.rationale for a in _history(store, case_id, "1.1")] == ["awaiting the trust"]


async def test_a_no_becomes_a_follow_up_action_by_keyboard(store: Store, case_id: int) -> None:
    async with _app(store).run_test(size=(130, 40)) as pilot:
        await _open_checklist(pilot)
        await pilot.press("a")  # not answered yet: nothing to follow up
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChecklistScreen)
        await _answer(pilot, "n", "No first contact yet")
        assert "a makes it an action" in _detail(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, FollowUpForm)
        await type_text(pilot, "Agree how to make first contact")
        due = form.query_one("#field-due-on", Input)
        assert due.value == "2026-12-06"  # two weeks from the (frozen) day
        due.value = ""
        due.focus()
        await type_text(pilot, "2026-02-28")  # before the case opened
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "before the case opened" in text_of(pilot, "#form-message")
        assert pilot.app.focused is due
        due.value = ""
        await type_text(pilot, "2026-12-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChecklistScreen)
        detail = _detail(pilot)
        assert "Open actions" in detail
        assert "Agree how to make first contact" in detail and "due 2026-12-01" in detail
        assert "1 action" in _row(pilot, "1.1")
    with store.session() as session:
        action = session.exec(select(Action)).one()
    assert (action.checklist_question, action.due_on) == ("1.1", date(2026, 12, 1))
    assert action.owner_id == store.user.id and action.description.startswith("Agree")


async def test_sections_5_1_and_5_2_appear_when_the_case_reaches_them(
    store: Store, case_id: int
) -> None:
    def shown(pilot: Pilot[None]) -> set[str]:
        outline = pilot.app.screen.query_one(FrameworkOutline)
        return {str(option.id) for option in outline.options if not option.disabled}

    async with _app(store).run_test(size=(130, 40)) as pilot:
        await _open_checklist(pilot)
        assert "4.5" in shown(pilot) and "5.1.1" not in shown(pilot)
        outline = str(pilot.app.screen.query_one(FrameworkOutline).get_option("part-5.1").prompt)
        assert "Not reached" in outline
        await pilot.press("s")  # always reachable
        assert {"5.1.1", "5.2.8"} <= shown(pilot)
        await pilot.press("s")
        assert "5.1.1" not in shown(pilot)

        decide(store, case_id, DecisionKind.IMMEDIATE_ACTION)
        await pilot.press("r")
        await settle(pilot)
        assert "5.1.6" in shown(pilot) and "5.2.1" not in shown(pilot)
        await pilot.press("5")
        assert pilot.app.screen.query_one(FrameworkOutline).highlighted_question == "5.1.1"


async def test_the_checklist_kept_with_a_decision_shows_what_had_been_considered(
    store: Store, case_id: int
) -> None:
    first = record_answer(store, case_id, "1.1", ChecklistResponse.UNKNOWN, "Asked the trust")
    decision_id = decide(store, case_id, DecisionKind.LEVEL_CHANGE)
    record_answer(store, case_id, "1.1", ChecklistResponse.YES, "Trust confirmed", seen=first.id)
    async with _app(store).run_test(size=(130, 40)) as pilot:
        await unlock(pilot, PASSPHRASE)
        pilot.app.post_message(OpenChecklistSnapshot(decision_id))
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChecklistSnapshotScreen)
        heading = text_of(pilot, "#framework-heading")
        assert "Level change" in heading and "1/41 answered" in heading
        detail = _detail(pilot)
        assert "Unknown" in detail and "Asked the trust" in detail
        assert "Trust confirmed" not in detail  # answered after the decision
        assert "5.2.8" in {str(o.id) for o in pilot.app.screen.query_one(FrameworkOutline).options}
        await pilot.press("y")  # nothing can be answered here
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChecklistSnapshotScreen)
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, ChecklistSnapshotScreen)


async def test_the_checklist_kept_with_a_decision_keeps_the_first_reason_and_its_updates(
    store: Store, case_id: int
) -> None:
    first = record_answer(store, case_id, "1.1", ChecklistResponse.NO, "No contact named yet")
    update = record_answer(
        store, case_id, "1.1", ChecklistResponse.NO, "HR asked to name one", seen=first.id
    )
    decision_id = decide(store, case_id, DecisionKind.LEVEL_CHANGE)
    record_answer(store, case_id, "1.1", ChecklistResponse.YES, "Named: Dr Contact", seen=update.id)
    async with _app(store).run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE)
        pilot.app.post_message(OpenChecklistSnapshot(decision_id))
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChecklistSnapshotScreen)
        detail = _detail(pilot)
    # Before: only "HR asked to name one" was kept and shown.
    assert detail.index("No contact named yet") < detail.index("HR asked to name one")
    assert "Update (No) · Asha Example" in detail and "Named: Dr Contact" not in detail


async def test_export_by_keyboard_writes_word_and_markdown_where_asked(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "personal-file"
    out.mkdir()
    async with _app(store).run_test(size=(130, 40)) as pilot:
        await _open_checklist(pilot)
        await _answer(pilot, "n", "No first contact yet")
        await pilot.press("x")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, ExportForm)
        folder = form.query_one("#field-folder", Input)
        folder.value = ""
        await type_text(pilot, str(out))
        await pilot.press("enter", "enter")  # past the file name
        assert isinstance(pilot.app.focused, Checkbox)
        await pilot.press("tab", "space")  # Markdown too
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChecklistScreen)
        shown = [n.message for n in pilot.app._notifications]
        assert f"In {out}:\nC-000001-fairness-framework-2026-11-22.docx\n" in shown[-1]
    assert sorted(p.name for p in out.iterdir()) == [
        "C-000001-fairness-framework-2026-11-22.docx",
        "C-000001-fairness-framework-2026-11-22.md",
    ]
    document = Document(str(out / "C-000001-fairness-framework-2026-11-22.docx"))
    assert document.tables[0].cell(0, 0).text == "1.1"
    assert "No first contact yet" in document.tables[0].cell(2, 1).text
    with store.session() as session:
        assert session.exec(select(AuditEntry).where(AuditEntry.action == "export")).one()


async def test_the_case_list_shows_a_fairness_summary_per_case(store: Store, case_id: int) -> None:
    record_answer(store, case_id, "1.1", ChecklistResponse.NO, "Not yet")
    record_answer(store, case_id, "1.2", ChecklistResponse.UNKNOWN, "Asked")
    async with _app(store).run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE)
        await pilot.press("f3")  # the case list
        await settle(pilot)
        table = pilot.app.screen.query_one(CaseTable)
        assert table.row_texts(0)[-1] == "2/41 1N 1U"


async def test_a_framework_edition_that_cannot_be_read_is_named(store: Store, case_id: int) -> None:
    set_edition(store, case_id, "fairness-framework-9")
    async with _app(store).run_test(size=(130, 40)) as pilot:
        await unlock(pilot, PASSPHRASE)
        await pilot.press("f3")  # the case list
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ErrorDialog)
        shown = str(pilot.app.screen.message)
        assert "unknown framework edition 'fairness-framework-9'" in shown
        assert "fairness-framework-1" in shown  # the editions there are


async def test_back_on_the_case_list_the_fairness_summary_is_up_to_date(
    store: Store, case_id: int
) -> None:
    async with _app(store).run_test(size=(120, 40)) as pilot:
        await _open_checklist(pilot)
        await _answer(pilot, "n", "Not yet")
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen.query_one(CaseTable).row_texts(0)[-1] == "1/41 1N"


async def test_a_colleagues_newer_answer_is_shown_before_saving_over_it(
    store: Store, case_id: int
) -> None:
    async with _app(store).run_test(size=(130, 40)) as pilot:
        await _open_checklist(pilot)
        await pilot.press("y")
        await settle(pilot)
        record_answer(store, case_id, "1.1", ChecklistResponse.NO, "A colleague: no contact yet")
        await type_text(pilot, "Phoned first")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AnswerForm)
        assert "after you opened it, so nothing was saved" in text_of(pilot, "#form-message")
        assert "A colleague: no contact yet" in text_of(pilot, "#answer-now")
        await pilot.press("ctrl+s")  # seen it: save after it
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChecklistScreen)
    history = _history(store, case_id, "1.1")
    assert [a.rationale for a in history] == ["Phoned first", "A colleague: no contact yet"]


async def test_the_case_screen_opens_the_checklist_and_the_one_kept_with_a_decision(
    store: Store, case_id: int
) -> None:
    from remedy_tui.screens import CaseScreen

    async with _app(store).run_test(size=(130, 42)) as pilot:
        await unlock(pilot, PASSPHRASE)
        await pilot.press("f3", "enter")  # the case list, then the case
        await settle(pilot)
        case_screen = pilot.app.screen
        assert isinstance(case_screen, CaseScreen)
        assert "0/41 answered" in text_of(pilot, "#case-fairness")
        await pilot.press("8")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChecklistScreen)
        assert pilot.app.screen.case_id == case_id
        await _answer(pilot, "n", "The trust has not said what the concern is")
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is case_screen
        # The header is read again on the way back: the answer shows in the summary.
        assert "1/41 answered, 1 No" in text_of(pilot, "#case-fairness")
        # A decision keeps the checklist as it stood; f on the decisions tab shows it.
        decision_id = decide(store, case_id, DecisionKind.LEVEL_CHANGE)
        await pilot.press("r", "3")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        snapshot = pilot.app.screen
        assert isinstance(snapshot, ChecklistSnapshotScreen)
        assert snapshot.decision_id == decision_id
        assert "1/41 answered" in text_of(pilot, "#framework-heading")


async def test_the_checklist_is_read_before_it_is_shown(
    store: Store, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """k reads the case's checklist first and then shows the screen, so it is never drawn
    empty: whenever the checklist screen is on top, its answers are already there, and the
    screen does not read them again itself."""
    record_answer(store, case_id, "1.1", ChecklistResponse.NO, "Not yet asked.")
    reads_by_screen: list[int] = []
    original = ChecklistScreen.load

    def counted(screen: ChecklistScreen) -> object:
        reads_by_screen.append(screen.case_id)
        return original(screen)

    monkeypatch.setattr(ChecklistScreen, "load", counted)
    app = _app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, PASSPHRASE)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("k")
        for _ in range(200):  # every frame until it is shown
            if isinstance(app.screen, ChecklistScreen):
                break
            await asyncio.sleep(0.005)
        screen = app.screen
        assert isinstance(screen, ChecklistScreen) and screen.state is not None
        assert "1.1" in screen.state.answers
        await settle(pilot)
        assert "Loading" not in str(screen.query_one("#framework-heading").render())
        assert reads_by_screen == []  # read once, before it was shown
        await pilot.press("r")  # its own reload still reads
        await settle(pilot)
        assert reads_by_screen == [case_id]
        # Locked while it was being read: nothing is shown over the unlock screen.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("k", "ctrl+l")
        await settle(pilot)
        assert not isinstance(app.screen, ChecklistScreen)

"""Intake, the queue, decisions and the weekly meeting, all by keyboard against a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from textual.pilot import Pilot

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import (
    ChoiceScreen,
    MeetingModeScreen,
    MinutesScreen,
    ReferralScreen,
    TriageQueueScreen,
)
from remedy_tui.screens.triage.decision_form import DecisionScreen
from remedy_tui.screens.triage.referral_form import ReferralFormScreen
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Action,
    Case,
    Decision,
    Practitioner,
    Referral,
    ReferralStatus,
    TriageMeeting,
    TriageMeetingStatus,
)
from remedy_tui.widgets.queue_table import QueueTable
from tests.ui.conftest import screen_text, settle, text_of, type_text, unlock

AREAS = 7


async def choose(pilot: Pilot[None], text: str) -> None:
    """Open the focused Select, type to find an option, take it."""
    await pilot.press("enter")
    await type_text(pilot, text)
    await pilot.press("enter")


async def open_app(pilot: Pilot[None]) -> None:
    await unlock(pilot, config.DEMO_PASSPHRASE)
    assert isinstance(pilot.app.screen, TriageQueueScreen)


async def add_practitioner(pilot: Pilot[None], given: str, family: str, number: str) -> None:
    """n, then ctrl+n in the search, then the new practitioner's details."""
    await pilot.press("n")
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await type_text(pilot, given)
    await pilot.press("enter")
    await type_text(pilot, family)
    await pilot.press("enter", "enter")  # keep the title "Dr"
    await choose(pilot, "GMC")
    await pilot.press("tab")
    await type_text(pilot, number)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def fill_referral(
    pilot: Pilot[None],
    *,
    what: str,
    form2_in: bool,
    severities: tuple[str, ...] = ("none",) * AREAS,
) -> None:
    """Fill the intake form from the top, as a user would."""
    assert isinstance(pilot.app.screen, ReferralFormScreen)
    await choose(pilot, "TPD")
    await pilot.press("tab", "tab")  # keep today's date received
    await type_text(pilot, "Dr Demo TPD-North")
    await pilot.press("enter", "enter", "enter", "enter")  # contact, trust, programme as given
    await pilot.press("down", "down", "down", "space")  # tick "Communication"
    await pilot.press("tab", "tab")  # past the out-of-scope box
    await type_text(pilot, "2026-11-20")
    await pilot.press("enter")
    await type_text(pilot, "Dr Demo TPD-North")
    await pilot.press("enter")
    await type_text(pilot, "2026-11-18")
    await pilot.press("enter")
    await type_text(pilot, what)
    await pilot.press("tab")
    if form2_in:
        await type_text(pilot, "2026-11-21")
        await pilot.press("enter")
        await type_text(pilot, "Dr Sample Mentor")
        await pilot.press("enter")
        labels = {"none": "No concern", "low": "Low", "moderate": "Moderate", "high": "High"}
        for severity in severities:
            await choose(pilot, labels[severity])
            await pilot.press("tab")
            if severity in ("moderate", "high"):
                await type_text(pilot, "Concern described by the trainer")
            await pilot.press("tab")
    await pilot.press("ctrl+s")
    await settle(pilot)


def referrals_for(store_path: Path, family: str) -> list[Referral]:
    store = Store.open(store_path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    try:
        with store.session() as session:
            practitioner = session.exec(
                select(Practitioner).where(Practitioner.family_name == family)
            ).one()
            return list(
                session.exec(
                    select(Referral).where(Referral.practitioner_id == practitioner.id)
                ).all()
            )
    finally:
        store.close()


@pytest.mark.both_backends
async def test_a_new_referral_by_keyboard_is_stored_and_queued(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_app(pilot)
        await add_practitioner(pilot, "Newt", "Keyboardson", "9876543")
        await fill_referral(
            pilot,
            what="Shouted at a colleague [bold]loudly[/] in handover.",
            form2_in=True,
            severities=("low", "moderate", "moderate", "none", "none", "none", "none"),
        )
        assert isinstance(app.screen, TriageQueueScreen), text_of(pilot, "#form-message")
        await pilot.press("slash")
        await type_text(pilot, "keyboardson")
        await pilot.pause(0.3)
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert table.row_count == 1
        row = table.row_texts(0)
        assert row[2] == "Dr Newt Keyboardson" and row[7] == "ready" and row[8] == "2"
        await pilot.press("enter", "enter")  # from the search box to the list, then open
        await settle(pilot)
        assert isinstance(app.screen, ReferralScreen)
        assert "Shouted at a colleague [bold]loudly[/] in handover." in screen_text(pilot)
    [referral] = referrals_for(demo_path, "Keyboardson")
    assert referral.status is ReferralStatus.AWAITING_TRIAGE and referral.suggested_level == 2


async def test_an_incomplete_referral_waits_marked_with_what_is_missing(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_app(pilot)
        await add_practitioner(pilot, "Ina", "Incompleteson", "9876544")
        await fill_referral(pilot, what="Late for shifts.", form2_in=False)
        await pilot.press("slash")
        await type_text(pilot, "incompleteson")
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.screen.query_one(QueueTable).row_texts(0)[7] == "needs Form 2"
        await pilot.press("enter", "c")  # the queue's c filter: complete / incomplete
        await settle(pilot)
    [referral] = referrals_for(demo_path, "Incompleteson")
    assert referral.status is ReferralStatus.AWAITING_INFORMATION


async def test_bad_intake_input_gets_a_message_and_stores_nothing(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_app(pilot)
        await add_practitioner(pilot, "Bea", "Badinputson", "9876545")
        await fill_referral(pilot, what="x", form2_in=False)
    # Now a second referral for the same practitioner, with an impossible date.
    before = len(referrals_for(demo_path, "Badinputson"))
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_app(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "badinputson")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # Intake warns of the referral already waiting and offers to add to it instead.
        assert isinstance(app.screen, ChoiceScreen)
        assert "a referral already waiting" in app.screen.title_text
        await pilot.press("down", "enter")  # take a new referral anyway
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ReferralFormScreen)
        await choose(pilot, "TPD")
        await pilot.press("tab")
        received = form.query_one("#field-received-on")
        assert received.has_focus
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "2026-02-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(pilot, "#form-message") == "Date received: 2026-02-30 is not a real date."
        assert received.has_focus
        await pilot.press("escape")
        await settle(pilot)
    assert len(referrals_for(demo_path, "Badinputson")) == before


@pytest.mark.both_backends
async def test_a_decision_needs_a_rationale_then_opens_the_case(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_app(pilot)
        table = app.screen.query_one(QueueTable)
        index = next(i for i in range(table.row_count) if table.row_texts(i)[7] == "ready")
        reference = table.row_texts(index)[1]
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        await choose(pilot, "Open a case")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs its rationale" in text_of(pilot, "#form-message")
        app.screen.query_one("#field-case-manager-id").focus()
        await choose(pilot, "Jo Sample")
        app.screen.query_one("#field-rationale").focus()
        await type_text(pilot, "Two moderate areas; supportive supervisor.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TriageQueueScreen)
    store = Store.open(demo_path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    with store.session() as session:
        referral = session.exec(select(Referral).where(Referral.reference == reference)).one()
        case = session.get(Case, referral.case_id)
        decision = session.exec(select(Decision).where(Decision.referral_id == referral.id)).one()
    store.close()
    assert referral.status is ReferralStatus.DECIDED and case is not None
    assert case.case_manager_id == 5 and decision.rationale.startswith("Two moderate areas")


@pytest.mark.both_backends
async def test_a_stale_decision_is_refused_and_nothing_is_lost(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_app(pilot)
        reference = app.screen.query_one(QueueTable).row_texts(0)[1]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        # Meanwhile a colleague changes the referral (same store, another session).
        assert app.desk is not None

        def colleague_changes(*, session: Session) -> None:
            referral = session.exec(select(Referral).where(Referral.reference == reference)).one()
            referral.referrer_name = "Dr Changed Meanwhile"
            session.add(referral)

        app.desk.change(colleague_changes)
        await choose(pilot, "Keep on file")
        app.screen.query_one("#field-rationale").focus()
        await type_text(pilot, "Low level; no further action.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = text_of(pilot, "#form-message")
        assert isinstance(app.screen, DecisionScreen)
        assert "changed by Demo Case-Manager" in message and "referrer name" in message
        assert "nothing was saved" in message
        # What was typed is still there, to save again once reviewed.
        assert app.screen.query_one("#field-rationale").text == "Low level; no further action."
    store = Store.open(demo_path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    with store.session() as session:
        referral = session.exec(select(Referral).where(Referral.reference == reference)).one()
        decisions = session.exec(select(Decision).where(Decision.referral_id == referral.id)).all()
    store.close()
    assert referral.status is not ReferralStatus.DECIDED and decisions == []


async def test_the_queue_filters_and_sorts_by_keyboard(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_app(pilot)
        table = app.screen.query_one(QueueTable)
        everything = table.row_count
        await pilot.press("c")  # complete only
        await settle(pilot)
        complete = [table.row_texts(i)[7] for i in range(table.row_count)]
        assert complete and not any("Form" in status for status in complete)
        await pilot.press("c")  # incomplete only
        await settle(pilot)
        incomplete = table.row_count
        assert all("Form" in table.row_texts(i)[7] for i in range(incomplete))
        await pilot.press("x", "s")  # clear, then sort by suggested level
        await settle(pilot)
        assert table.row_count == everything
        assert "suggested level" in text_of(pilot, "#list-filters")
        levels = [table.row_texts(i)[8] for i in range(table.row_count)]
        numbers = [int(x) for x in levels if x != "-"]
        assert numbers == sorted(numbers, reverse=True)
        await pilot.press("t")
        await settle(pilot)
        await type_text(pilot, "Lowmoor")
        await pilot.press("enter")
        await settle(pilot)
        assert "trust: Lowmoor" in text_of(pilot, "#list-filters")
        assert all(table.row_texts(i)[4].startswith("Lowmoor") for i in range(table.row_count))


async def test_a_whole_triage_meeting_by_keyboard(
    demo_path: Path, tmp_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_app(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+s")  # today, the Deputy Postgraduate Dean in the chair
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
        first_bar = text_of(pilot, "#meeting-bar")
        assert "referral 1 of 15" in first_bar and "chair Dr Rowan Exemplar" in first_bar
        await pilot.press("right")
        await settle(pilot)
        assert "referral 2 of 15" in text_of(pilot, "#meeting-bar")
        await pilot.press("left")
        await settle(pilot)
        # Defer the first, with reasons.
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        await type_text(pilot, "Waiting for the trust's own review.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
        assert "1 decided" in text_of(pilot, "#meeting-bar")
        assert "referral 2 of 15" in text_of(pilot, "#meeting-bar")
        # Level 1 and keep on file for the second; an empty rationale is refused first.
        await pilot.press("1", "k")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs its rationale" in text_of(pilot, "#form-message")
        await type_text(pilot, "Low impact; kept on file.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # An action for the third.
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Ask the TPD for an update")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Dr Demo TPD-West")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # End the meeting: minutes.
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MinutesScreen)
        minutes = app.screen.query_one("#minutes-text").text
        assert "Waiting for the trust's own review." in minutes
        assert "Keep on file, no further action (level 1)" in minutes
        assert "Ask the TPD for an update" in minutes and "Dr Demo TPD-West" in minutes
        # Save as Word, where asked.
        await pilot.press("w")
        await settle(pilot)
        field = app.screen.query_one("#field-path")
        field.value = str(tmp_path)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MinutesScreen)
    saved = list(tmp_path.glob("triage-minutes-*.docx"))
    assert len(saved) == 1
    store = Store.open(demo_path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    with store.session() as session:
        meeting = session.exec(select(TriageMeeting).order_by(col(TriageMeeting.id).desc())).first()
        assert meeting is not None and meeting.status is TriageMeetingStatus.ENDED
        assert meeting.minutes_markdown and "Low impact; kept on file." in meeting.minutes_markdown
        actions = session.exec(select(Action).where(Action.triage_meeting_id == meeting.id)).all()
    store.close()
    assert [a.owner_name for a in actions] == ["Dr Demo TPD-West"]

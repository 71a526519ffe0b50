"""The register of exclusions and restrictions by keyboard: x on the caseload, r records a
review, e ends one, a shows past ones, m saves the month's return where the user says."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select

from remedy_tui import config
from remedy_tui.app import RemedyApp
from remedy_tui.services.case import principle5
from remedy_tui.services.case.principle5 import ImmediateActionDraft
from remedy_tui.store import Store
from remedy_tui.store.models import Case, CaseStatus, Decision, DecisionOutcome
from tests.ui.case_helpers import form_message, save, until_screen
from tests.ui.conftest import settle, text_of, type_text, unlock


def _exclude(path: Path) -> tuple[int, str]:
    store = Store.open(path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    try:
        with store.session() as session:
            case = session.exec(
                select(Case).where(col(Case.status) == CaseStatus.OPEN).order_by(col(Case.id))
            ).first()
            assert case is not None and case.id is not None
            case_id, reference, version = case.id, case.reference, case.version
            principle5.record_immediate_action(
                session=session,
                actor_id=store.user.id,
                case_id=case_id,
                expected_version=version,
                draft=ImmediateActionDraft(
                    action=DecisionOutcome.RESTRICTION_OF_PRACTICE,
                    terms="No unsupervised night shifts",
                    factors=tuple(f"Factor {n}" for n in range(1, 8)),
                    options="Restriction; exclusion",
                    rationale="The minimum that keeps patients safe.",
                ),
            )
        return case_id, reference
    finally:
        store.close()


def _codes(path: Path, case_id: int) -> list[DecisionOutcome]:
    store = Store.open(path, config.DEMO_USER, config.DEMO_PASSPHRASE)
    try:
        with store.session() as session:
            return [
                DecisionOutcome(d.code)
                for d in session.exec(
                    select(Decision).where(Decision.case_id == case_id).order_by(col(Decision.id))
                ).all()
            ]
    finally:
        store.close()


async def test_the_register_reviews_ends_and_saves_the_return(
    demo_path: Path, tmp_path: Path
) -> None:
    from remedy_tui.screens.oversight.exclusions import ExclusionRegisterScreen, ReviewForm

    case_id, reference = _exclude(demo_path)
    app = RemedyApp(store_path=demo_path, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, config.DEMO_PASSPHRASE)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("x")
        await until_screen(pilot, ExclusionRegisterScreen)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExclusionRegisterScreen)
        # The demo's own exclusions are listed too, the longest running first: go to ours.
        records = list(screen.table.records)
        index = next(i for i, r in enumerate(records) if r.reference == reference)
        row = records[index]
        assert row.what == "Restriction of practice"
        assert "Practitioner Performance Advice not recorded" in " ".join(row.clock.flags)
        assert text_of(pilot, "#register-status").startswith(f"{len(records)} shown · ")
        for _ in range(index):
            await pilot.press("down")
        assert screen.table.current == row
        await pilot.press("r")
        await until_screen(pilot, ReviewForm)
        await save(pilot)
        assert "needs its rationale" in form_message(pilot)
        await type_text(pilot, "Still needed: the audit is not back.")
        await save(pilot)
        await until_screen(pilot, ExclusionRegisterScreen)
        await settle(pilot)

        def ours() -> object:
            return next((r for r in screen.table.records if r.reference == reference), None)

        assert getattr(ours(), "reviews", None) == 1
        await pilot.press("m")
        await settle(pilot)
        field = app.screen.query_one("#field-path")
        field.value = str(tmp_path / "return.xlsx")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        saved = tmp_path / "return.xlsx"
        assert saved.exists() and oct(saved.stat().st_mode & 0o777) == "0o600"
        index = next(i for i, r in enumerate(screen.table.records) if r.reference == reference)
        while screen.table.cursor_row != index:
            await pilot.press("down" if screen.table.cursor_row < index else "up")
        await pilot.press("e")
        await until_screen(pilot, ReviewForm)
        await type_text(pilot, "Lifted: supervision arranged.")
        await save(pilot)
        await until_screen(pilot, ExclusionRegisterScreen)
        await settle(pilot)
        assert ours() is None  # no longer in force
        await pilot.press("a")
        await settle(pilot)
        ended = ours()
        assert ended is not None and getattr(ended, "ended_on", None) is not None
    assert _codes(demo_path, case_id)[-3:] == [
        DecisionOutcome.RESTRICTION_OF_PRACTICE,
        DecisionOutcome.EXCLUSION_EXTENDED,
        DecisionOutcome.EXCLUSION_ENDED,
    ]

"""What the queue, a referral and the meeting all let you do to a referral: take a new one,
decide it, ask for information, record what came back, complete its forms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from remedy_tui import clock
from remedy_tui.screens.triage.decision_form import DecisionScreen
from remedy_tui.screens.triage.practitioner_search import PractitionerSearchScreen
from remedy_tui.screens.triage.referral_form import ReferralFormScreen
from remedy_tui.screens.triage.small_forms import AnswerRequestScreen, RequestInformationScreen
from remedy_tui.services.triage.decide import (
    TriageResult,
    default_senior_owner,
    people,
    referral_detail,
)
from remedy_tui.services.triage.intake import IntakeResult, draft_from
from remedy_tui.services.triage.practitioner_lookup import PractitionerMatch
from remedy_tui.store import Store
from remedy_tui.store.models import Referral, TriageOutcome

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[Any]
else:
    _Base = object


class TriageActions(_Base):
    """Mixed into screens that show referrals; they call ``triage_changed`` when done."""

    store: Store

    def triage_changed(self) -> None:
        """Something about a referral changed: reload what the screen shows."""

    # New referral -------------------------------------------------------------------------

    def action_new_referral(self) -> None:
        """Find (or add) the practitioner, then fill in the referral."""

        def chosen(match: PractitionerMatch | None) -> None:
            if match is not None:
                self.app.push_screen(ReferralFormScreen(self.store, match), self._intake_done)

        self.app.push_screen(PractitionerSearchScreen(self.store), chosen)

    def _intake_done(self, result: IntakeResult | None) -> None:
        if result is None:
            return
        if result.complete:
            text = f"{result.reference} is in the queue, ready for triage."
        else:
            text = (
                f"{result.reference} is in the queue, waiting for {' and '.join(result.missing)}."
            )
        if result.linked_case_reference:
            text += f" It joins open case {result.linked_case_reference}."
        self.notify(text, title="Referral stored", markup=False)
        self.triage_changed()

    # Deciding -----------------------------------------------------------------------------

    def start_decision(
        self,
        referral_id: int,
        *,
        outcome: TriageOutcome | None = None,
        level: int | None = None,
        meeting_id: int | None = None,
    ) -> None:
        """Open the decision form for a referral (loading what it needs in a worker)."""
        self._load_decision(referral_id, outcome, level, meeting_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="triage-load")
    def _load_decision(
        self,
        referral_id: int,
        outcome: TriageOutcome | None,
        level: int | None,
        meeting_id: int | None,
    ) -> None:
        with self.store.session() as session:
            detail = referral_detail(session=session, referral_id=referral_id, today=clock.today())
            team = people(session=session)
            senior = default_senior_owner(session=session)
        screen = DecisionScreen(
            self.store,
            detail,
            team,
            outcome=outcome,
            level=level,
            meeting_id=meeting_id,
            senior_owner_id=senior,
        )
        self.app.call_from_thread(self.app.push_screen, screen, self._decided)

    def _decided(self, result: TriageResult | None) -> None:
        if result is None:
            return
        text = f"{result.referral_reference}: {result.outcome.label}"
        if result.case_reference:
            text += f" (case {result.case_reference})"
        self.notify(text, title="Decision recorded", markup=False)
        self.triage_changed()

    # Information --------------------------------------------------------------------------

    def start_request(self, referral_id: int) -> None:
        """Ask for missing information about a referral."""
        self._load_request(referral_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="triage-load")
    def _load_request(self, referral_id: int) -> None:
        with self.store.session() as session:
            detail = referral_detail(session=session, referral_id=referral_id, today=clock.today())
        missing = " and ".join(detail.completeness.missing)
        screen = RequestInformationScreen(
            self.store, detail.id, detail.version, detail.reference, missing
        )
        self.app.call_from_thread(self.app.push_screen, screen, self._requested)

    def _requested(self, result: object) -> None:
        if result is not None:
            self.notify(
                "Request recorded; a reminder shows if no answer comes by its date.", markup=False
            )
            self.triage_changed()

    def start_answer(self, referral_id: int) -> None:
        """Record what came back for the referral's open request."""
        self._load_answer(referral_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="triage-load")
    def _load_answer(self, referral_id: int) -> None:
        with self.store.session() as session:
            detail = referral_detail(session=session, referral_id=referral_id, today=clock.today())
        open_requests = [r for r in detail.requests if r.answered_on is None]
        if not open_requests:
            self.app.call_from_thread(
                self.notify, "There is no open request to answer.", markup=False
            )
            return
        screen = AnswerRequestScreen(self.store, open_requests[0])
        self.app.call_from_thread(self.app.push_screen, screen, self._answered)

    def _answered(self, result: bool | None) -> None:
        if result:
            self.notify("Answer recorded. Press e to complete the forms.", markup=False)
            self.triage_changed()

    # Completing the forms -----------------------------------------------------------------

    def start_edit(self, referral_id: int) -> None:
        """Complete or correct a waiting referral's forms."""
        self._load_edit(referral_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="triage-load")
    def _load_edit(self, referral_id: int) -> None:
        with self.store.session() as session:
            referral = session.get(Referral, referral_id)
            if referral is None:
                return
            detail = referral_detail(session=session, referral_id=referral_id, today=clock.today())
            draft = draft_from(session, referral)
            version = referral.version
        screen = ReferralFormScreen(
            self.store, detail.practitioner, draft=draft, referral_id=referral_id, version=version
        )
        self.app.call_from_thread(self.app.push_screen, screen, self._intake_done)

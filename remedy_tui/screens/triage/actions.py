"""What the queue, a referral and the meeting all let you do to a referral: take a new one,
decide it, ask for information, record what came back, complete its forms."""

from __future__ import annotations

from remedy_tui import clock
from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.triage.decision_form import DecisionScreen
from remedy_tui.screens.triage.practitioner_search import PractitionerSearchScreen
from remedy_tui.screens.triage.referral_form import ReferralFormScreen
from remedy_tui.screens.triage.small_forms import (
    AnswerDraft,
    AnswerRequestScreen,
    RequestDraft,
    RequestInformationScreen,
)
from remedy_tui.services.desk import Desk, Reads
from remedy_tui.services.triage.decide import (
    Person,
    ReferralDetail,
    TriageChoice,
    TriageResult,
    decide,
    default_senior_owner,
    people,
    referral_detail,
)
from remedy_tui.services.triage.information_requests import (
    InformationRequestView,
    close_request,
    request_information,
)
from remedy_tui.services.triage.intake import (
    IntakeResult,
    ReferralDraft,
    create_referral,
    referral_draft,
    update_referral,
)
from remedy_tui.services.triage.practitioner_lookup import PractitionerMatch
from remedy_tui.store.models import ReferralStatus, TriageOutcome

# Loading what a form needs: a newer key press replaces a load still running.
LOAD = "triage-load"


def _detail(desk: Reads, referral_id: int) -> ReferralDetail:
    return desk.read(referral_detail, referral_id=referral_id, today=clock.today())


def _new_referral(desk: Desk, draft: ReferralDraft) -> IntakeResult:
    return desk.change(create_referral, draft=draft)


class TriageActions(DeskWork):
    """Mixed into screens that show referrals; they call ``triage_changed`` when done."""

    def triage_changed(self) -> None:
        """Something about a referral changed: reload what the screen shows."""

    # New referral -------------------------------------------------------------------------

    def action_new_referral(self) -> None:
        """Find (or add) the practitioner, then fill in the referral."""

        def chosen(match: PractitionerMatch | None) -> None:
            if match is not None:
                self.app.push_screen(ReferralFormScreen(match, _new_referral), self._intake_done)

        self.app.push_screen(PractitionerSearchScreen(), chosen)

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
        """Open the decision form for a referral, once what it needs is loaded."""

        def load(desk: Desk) -> tuple[ReferralDetail, list[Person], int | None]:
            with desk.reading() as reads:
                detail = _detail(reads, referral_id)
                return detail, reads.read(people), reads.read(default_senior_owner)

        def show(loaded: tuple[ReferralDetail, list[Person], int | None]) -> None:
            detail, team, senior = loaded
            if detail.status is ReferralStatus.DECIDED:
                # Said before the form opens, not after the rationale is typed.
                self.notify(
                    f"{detail.reference} has been decided already; there is nothing to decide.",
                    severity="warning",
                    markup=False,
                )
                self.triage_changed()
                return

            def record(desk: Desk, choice: TriageChoice) -> TriageResult:
                return desk.change(
                    decide,
                    referral_id=detail.id,
                    expected_version=detail.version,
                    choice=choice,
                    meeting_id=meeting_id,
                )

            screen = DecisionScreen(
                detail, team, record, outcome=outcome, level=level, senior_owner_id=senior
            )
            self.app.push_screen(screen, self._decided)

        self.ask(load, show, group=LOAD)

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

        def show(detail: ReferralDetail) -> None:
            def record(desk: Desk, draft: RequestDraft) -> InformationRequestView:
                return desk.change(
                    request_information,
                    referral_id=detail.id,
                    expected_version=detail.version,
                    what=draft.what,
                    of_whom=draft.of_whom,
                    due_on=draft.due_on,
                )

            missing = " and ".join(detail.completeness.missing)
            screen = RequestInformationScreen(detail.reference, record, missing)
            self.app.push_screen(screen, self._requested)

        self.ask(lambda desk: _detail(desk, referral_id), show, group=LOAD)

    def _requested(self, result: object) -> None:
        if result is not None:
            self.notify(
                "Request recorded; a reminder shows if no answer comes by its date.", markup=False
            )
            self.triage_changed()

    def start_answer(self, referral_id: int) -> None:
        """Record what came back for the referral's open request."""

        def show(detail: ReferralDetail) -> None:
            open_requests = [r for r in detail.requests if r.answered_on is None]
            if not open_requests:
                self.notify("There is no open request to answer.", markup=False)
                return
            request = open_requests[0]

            def record(desk: Desk, draft: AnswerDraft) -> bool:
                desk.change(close_request, request_id=request.id, answer=draft.answer)
                return True

            self.app.push_screen(AnswerRequestScreen(request, record), self._answered)

        self.ask(lambda desk: _detail(desk, referral_id), show, group=LOAD)

    def _answered(self, result: bool | None) -> None:
        if result:
            self.notify("Answer recorded. Press e to complete the forms.", markup=False)
            self.triage_changed()

    # Completing the forms -----------------------------------------------------------------

    def start_edit(self, referral_id: int) -> None:
        """Complete or correct a waiting referral's forms."""

        def load(desk: Desk) -> tuple[ReferralDetail, ReferralDraft]:
            # The detail first: its version is the one the draft was read at or before, so a
            # colleague's change in between is refused rather than overwritten.
            with desk.reading() as reads:
                detail = _detail(reads, referral_id)
                return detail, reads.read(referral_draft, referral_id=referral_id)

        def show(loaded: tuple[ReferralDetail, ReferralDraft]) -> None:
            detail, draft = loaded

            def record(desk: Desk, changed: ReferralDraft) -> IntakeResult:
                return desk.change(
                    update_referral,
                    referral_id=referral_id,
                    expected_version=detail.version,
                    draft=changed,
                )

            screen = ReferralFormScreen(detail.practitioner, record, draft=draft)
            self.app.push_screen(screen, self._intake_done)

        self.ask(load, show, group=LOAD)

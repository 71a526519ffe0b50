"""Referring a case to the CSG (seed 000): the route, the outcomes agreed with the
practitioner, their agreement and the signed document. The case screen opens this form too."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from remedy_tui import clock
from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.csg import referrals
from remedy_tui.services.desk import Desk
from remedy_tui.store.models import CsgRoute
from remedy_tui.views.csg import ROUTE_CONTEXTS, CaseBrief, CsgReferralView, day_text
from remedy_tui.widgets import literal
from remedy_tui.widgets.tick_box import TickBox

NO_CONTEXT = "none"


@dataclass(frozen=True)
class ReferralDraft:
    """A referral to the CSG as typed and ticked."""

    route: CsgRoute | None
    route_context: str
    referrer_name: str
    expected_outcomes: str
    agreed_on: str
    agreement_path: str
    practitioner_agrees: bool
    in_place_of_formal_action: bool
    non_cooperation_explained: bool


def referring(case_id: int) -> Submit[ReferralDraft, CsgReferralView]:
    """What refers the case ``case_id`` to the CSG as typed (for every screen that opens the
    form)."""

    def refer(desk: Desk, draft: ReferralDraft) -> CsgReferralView:
        return desk.change(referrals.refer_to_csg, case_id=case_id, **asdict(draft))

    return refer


class CsgReferralScreen(FormScreen[CsgReferralView]):
    """Dismisses with the stored referral; without the practitioner's agreement, nothing."""

    AUTO_FOCUS = "#field-route"

    def __init__(
        self,
        case_id: int,
        submit: Submit[ReferralDraft, CsgReferralView],
        *,
        agrees: bool = False,
    ) -> None:
        super().__init__()
        self.case_id = case_id
        self.submit = submit
        self.agrees = agrees

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form tall", can_focus=False):
            yield Static(
                "Refer to the Clinical Support Group", id="referral-title", classes="title"
            )
            yield Static("", id="referral-case", classes="muted")
            # At the top: this form is taller than most terminals.
            yield self.message_line()
            with Horizontal(classes="form-row"):
                with Vertical():
                    yield Label("Route")
                    yield Select(
                        [(route.label, route.value) for route in CsgRoute],
                        value=CsgRoute.COM.value,
                        allow_blank=False,
                        id="field-route",
                    )
                with Vertical():
                    yield Label("Following")
                    yield Select(
                        [
                            ("Nothing in particular", NO_CONTEXT),
                            *[(text.capitalize(), code) for code, text in ROUTE_CONTEXTS],
                        ],
                        value=NO_CONTEXT,
                        allow_blank=False,
                        id="field-route-context",
                    )
            yield Label("Referrer: the CoM or OH practitioner (blank for a self-referral)")
            yield Input(id="field-referrer-name")
            yield Label("Expected outcomes, as agreed by the referrer and the practitioner")
            area = TextArea(id="field-expected-outcomes", soft_wrap=True, tab_behavior="focus")
            area.styles.height = 3
            yield area
            yield TickBox(
                "The practitioner agrees to this referral (there is no referral without it)",
                self.agrees,
                id="field-practitioner-agrees",
            )
            with Horizontal(classes="form-row"):
                with Vertical():
                    yield Label("Agreed on")
                    yield Input(clock.today().isoformat(), id="field-agreed-on")
                with Vertical(classes="wide-cell"):
                    yield Label("Signed agreement: path of the file")
                    yield Input(id="field-agreement-path", placeholder="~/Documents/agreement.pdf")
            yield TickBox(
                "This referral is in place of formal action", id="field-in-place-of-formal-action"
            )
            yield TickBox(
                "They were told that not cooperating leads to the disciplinary process",
                id="field-non-cooperation-explained",
            )
            yield Static(
                "The signed agreement's bytes are kept in the encrypted store. "
                "ctrl+s refers · Escape cancels",
                classes="hint",
            )

    def on_mount(self) -> None:
        case_id = self.case_id
        self.ask(lambda desk: desk.read(referrals.case_brief, case_id=case_id), self.show_case)

    def show_case(self, brief: CaseBrief) -> None:
        """Name the case; say if it cannot be referred."""
        self.query_one("#referral-title", Static).update(
            literal(f"Refer {brief.reference} {brief.practitioner} to the Clinical Support Group")
        )
        notes = []
        if brief.closed:
            notes.append("This case is closed: reopen it before referring it.")
        if brief.active_csg_referral_on:
            made = day_text(brief.active_csg_referral_on)
            notes.append(f"Already referred on {made}; that referral is still open.")
        self.query_one("#referral-case", Static).update(literal(" ".join(notes)))
        if notes:
            self.show_message(" ".join(notes))

    def action_save(self) -> None:
        """Refer the case."""
        route = self.query_one("#field-route", Select).value
        context = self.query_one("#field-route-context", Select).value
        draft = ReferralDraft(
            route=CsgRoute(route) if isinstance(route, str) else None,
            route_context="" if context == NO_CONTEXT else str(context),
            referrer_name=self.query_one("#field-referrer-name", Input).value,
            expected_outcomes=self.query_one("#field-expected-outcomes", TextArea).text,
            agreed_on=self.query_one("#field-agreed-on", Input).value,
            agreement_path=self.query_one("#field-agreement-path", Input).value,
            practitioner_agrees=self.query_one("#field-practitioner-agrees", Checkbox).value,
            in_place_of_formal_action=self.query_one(
                "#field-in-place-of-formal-action", Checkbox
            ).value,
            non_cooperation_explained=self.query_one(
                "#field-non-cooperation-explained", Checkbox
            ).value,
        )
        self.send(self.submit, draft)

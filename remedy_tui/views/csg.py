"""What the CSG services hand to screens and documents: small frozen records, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from remedy_tui.store.models import AgendaItemKind, Attendance, CsgMeetingStatus, CsgRoute

# Why a CSG referral was made (seed 000, "Referrals"): stored in ExternalReferral.route_context.
ROUTE_CONTEXTS: tuple[tuple[str, str], ...] = (
    ("performance_evaluation", "after a performance evaluation"),
    ("return_to_work", "after a return-to-work interview"),
    ("appraisal", "recommended from appraisal"),
    ("no_formal_process", "without a formal process (low-level concerns)"),
)


def route_context_label(code: str | None) -> str:
    """The words for a route context code ("" when none)."""
    return dict(ROUTE_CONTEXTS).get(code or "", code or "")


def route_text(route: CsgRoute | None, context: str | None) -> str:
    """``CoM, recommended from appraisal``: how a referral came to the group."""
    return ", ".join(
        part for part in (route.label if route else "", route_context_label(context)) if part
    )


def local(moment: datetime) -> datetime:
    """An aware UTC moment in the machine's local time, for display."""
    return moment.astimezone()


def day_text(day: date) -> str:
    """A date as people write it: ``Sun 6 Dec 2026``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def when_text(moment: datetime) -> str:
    """A moment in local time: ``Sun 6 Dec 2026, 14:00``."""
    shown = local(moment)
    return f"{day_text(shown.date())}, {shown:%H:%M}"


def initials(given_names: str, family_name: str) -> str:
    """A practitioner's initials, ``A.M.L.``, as the circulation copy shows them."""
    words = [*given_names.split(), *family_name.split()[:1]] if family_name else given_names.split()
    letters = [word[0].upper() for word in words if word and word[0].isalpha()]
    return "".join(f"{letter}." for letter in letters) or "?"


@dataclass(frozen=True)
class MemberView:
    """A member of the group in one role, with the dates they joined and left."""

    id: int
    name: str
    role: str
    role_label: str
    is_chair: bool
    organisation: str
    email: str
    joined_on: date
    left_on: date | None
    version: int
    user_id: int | None = None  # the Remedy user they sign in as, if any

    def current_on(self, day: date) -> bool:
        """True if the member belongs to the group on ``day``."""
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


@dataclass(frozen=True)
class MeetingView:
    """A meeting: when, where, who chairs it, and how full its agenda is."""

    id: int
    starts_at: datetime
    duration_minutes: int
    location: str
    video_link: str
    status: CsgMeetingStatus
    chair_member_id: int | None
    chair_name: str
    item_count: int
    minutes_allotted: int
    version: int

    @property
    def ends_at(self) -> datetime:
        """When the meeting is due to end."""
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def place(self) -> str:
        """The room, the video link, or both."""
        return " · ".join(part for part in (self.location, self.video_link) if part)


@dataclass(frozen=True)
class MeetingPage:
    """A page of meetings: upcoming first (soonest first), then past ones (latest first)."""

    rows: tuple[MeetingView, ...]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class ConflictView:
    """A member's declared conflict of interest on one item: they step out of it."""

    member_id: int
    member_name: str
    role_label: str
    details: str


@dataclass(frozen=True)
class ActionView:
    """An action agreed at the meeting, which lands on the case."""

    id: int
    description: str
    owner: str
    due_on: date | None


@dataclass(frozen=True)
class PractitionerView:
    """The practitioner behind a case, as the full agenda and the letters need them."""

    name: str
    given_names: str
    family_name: str
    initials: str
    registration: str
    grade: str
    employer: str


@dataclass(frozen=True)
class ReferralSummary:
    """The CSG referral behind a case: route, referrer and the outcomes agreed."""

    id: int
    route: CsgRoute | None
    route_label: str
    referrer_name: str
    expected_outcomes: str
    made_on: date | None
    in_place_of_formal_action: bool


@dataclass(frozen=True)
class AgendaItemView:
    """One agenda item with its time, who steps out, and what the meeting recorded."""

    id: int
    position: int
    kind: AgendaItemKind
    title: str
    minutes_allotted: int
    planned_start: datetime
    case_id: int | None
    case_reference: str
    practitioner: PractitionerView | None
    referral: ReferralSummary | None
    external_referral_id: int | None
    practitioner_attending: bool | None
    representative: str
    discussion_summary: str
    outcome: str
    chair_decision: str
    chair_reasons: str
    next_review_on: date | None
    conflicts: tuple[ConflictView, ...]
    actions: tuple[ActionView, ...]
    version: int
    # The member who chairs this item in place of the meeting's chair (who stepped out).
    chaired_by_id: int | None = None
    chaired_by: str = ""

    @property
    def who(self) -> str:
        """The case reference and practitioner name, for screens."""
        name = self.practitioner.name if self.practitioner else ""
        return " ".join(part for part in (self.case_reference, name) if part)

    def steps_out_text(self, chair_member_id: int | None) -> str:
        """Who steps out of this item and why; a chair who steps out hands the item over."""
        if not self.conflicts:
            return "No conflicts of interest declared."
        text = "Steps out: " + "; ".join(f"{c.member_name} ({c.details})" for c in self.conflicts)
        if self.chair_steps_out(chair_member_id):
            text += (
                f". The chair steps out: {self.chaired_by} chairs this item."
                if self.chaired_by
                else ". The chair steps out: no one chairs this item yet (w says who)."
            )
        return text

    def chair_steps_out(self, chair_member_id: int | None) -> bool:
        """True when the meeting's chair declared a conflict on this item."""
        return chair_member_id is not None and any(
            c.member_id == chair_member_id for c in self.conflicts
        )

    def chaired_text(self, meeting: MeetingView) -> str:
        """Who chairs the item: the meeting's chair, or who took over when they stepped out."""
        if self.chaired_by:
            chair = meeting.chair_name or "the chair"
            return f"{self.chaired_by}, in place of {chair} (conflict of interest)"
        if self.chair_steps_out(meeting.chair_member_id):
            return "Not recorded (the chair stepped out)"
        return meeting.chair_name or "not set"

    @property
    def referral_text(self) -> str:
        """How the case came to the group, and the outcomes agreed (empty if not known)."""
        if self.referral is None:
            return ""
        r = self.referral
        by = f" by {r.referrer_name}" if r.referrer_name else ""
        made = f" on {day_text(r.made_on)}" if r.made_on else ""
        text = f"Referred{by}{made} ({r.route_label or 'route not recorded'})."
        return text + (f" Expected outcomes: {r.expected_outcomes}" if r.expected_outcomes else "")

    @property
    def has_record(self) -> bool:
        """True once the meeting has recorded something for the item."""
        return bool(self.discussion_summary or self.outcome or self.chair_decision or self.actions)


@dataclass(frozen=True)
class AttendanceView:
    """A member due at a meeting and whether they came, sent apologies or were absent."""

    member_id: int
    name: str
    role_label: str
    is_chair: bool
    attendance: Attendance | None


@dataclass(frozen=True)
class MeetingDetail:
    """A meeting with its agenda and attendance, in agenda order."""

    meeting: MeetingView
    items: tuple[AgendaItemView, ...]
    attendance: tuple[AttendanceView, ...]

    @property
    def minutes_spare(self) -> int:
        """Minutes of the meeting not yet given to an item (negative when over)."""
        return self.meeting.duration_minutes - sum(i.minutes_allotted for i in self.items)

    def item(self, item_id: int) -> AgendaItemView | None:
        """The item with ``item_id``, if it is on this agenda."""
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Proposal:
    """Something Remedy proposes for an agenda: a new referral, a review due, a dispute."""

    kind: AgendaItemKind
    case_id: int
    case_reference: str
    practitioner: str
    reason: str
    external_referral_id: int | None
    due_on: date | None
    title: str


@dataclass(frozen=True)
class ProposalPage:
    """A page of proposals for one meeting."""

    rows: tuple[Proposal, ...]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class CsgReferralView:
    """A referral to the CSG as it was stored."""

    id: int
    case_id: int
    case_reference: str
    route: CsgRoute
    agreement_document_id: int


@dataclass(frozen=True)
class CaseBrief:
    """A case as the referral form shows it, and whether it is already with the CSG."""

    id: int
    reference: str
    practitioner: str
    closed: bool
    active_csg_referral_on: date | None


@dataclass(frozen=True)
class DocumentRow:
    """A document kept in the store for a meeting (agenda, minutes, letters, invitation)."""

    id: int
    kind: str
    label: str
    filename: str
    media_type: str
    size_bytes: int
    uploaded_at: datetime
    case_reference: str
    item_id: int | None = None  # a paper attached to one agenda item

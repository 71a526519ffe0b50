"""The case screen's tabs: what each lists, how a row is drawn, and the keys that work in it;
and the one read of the case at the desk that fills them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import TabPane

from remedy_tui import clock
from remedy_tui.services.case import actions, documents, onward, risk, timeline
from remedy_tui.services.case.case_summary import CaseSummary, case_summary
from remedy_tui.services.case.practitioners import PractitionerDetails, practitioner_details
from remedy_tui.services.case.risk import review_record
from remedy_tui.services.common import decisions
from remedy_tui.services.common.paging import Page
from remedy_tui.services.desk import Desk, Reads
from remedy_tui.store.models import ActionKind, ActionStatus, ExternalReferralStatus
from remedy_tui.widgets import Cell, Column

# One page of a tab at the desk: (reader, case id, query, offset, limit, today).
Fetch = Callable[[Reads, int, Any, int, int, date], Page[Any]]


def when(moment: datetime) -> str:
    """A stored moment in the user's local time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def day(value: date | None) -> str:
    """A date, or a dash."""
    return value.isoformat() if value else "-"


# Rows drawn as cells -----------------------------------------------------------------------


def timeline_cells(row: timeline.TimelineRow) -> list[Cell]:
    """A timeline entry: when, what kind, title, first line, author, confidential."""
    return [
        Cell(when(row.occurred_at)),
        Cell(row.kind.label, "strong" if row.kind.value == "decision" else ""),
        Cell(row.title),
        Cell(row.preview, "dim"),
        Cell(row.author),
        Cell("yes" if row.confidential else "", "warning"),
    ]


def action_cells(row: actions.ActionRow) -> list[Cell]:
    """An action: due, status (overdue stands out), kind, what, owner, shared with the TPD."""
    if row.overdue:
        status = Cell("Overdue", "error")
    else:
        status = Cell(row.status.label, "" if row.status is ActionStatus.OPEN else "dim")
    kind = "Follow-up" if row.kind is ActionKind.FOLLOW_UP else row.kind.label
    return [
        Cell(day(row.due_on), "error" if row.overdue else ""),
        status,
        Cell(kind),
        Cell(row.description.split("\n", 1)[0]),
        Cell(row.owner or "(no owner)", "" if row.owner else "dim"),
        Cell("yes" if row.shared_with_tpd else ""),
        Cell(day(row.completed_on) if row.completed_on else "", "dim"),
    ]


def decision_cells(row: decisions.DecisionRow) -> list[Cell]:
    """A decision: when, kind, outcome, why, who."""
    return [
        Cell(when(row.decided_at)),
        Cell(row.kind.label, "strong"),
        Cell(row.outcome),
        Cell(row.rationale.split("\n", 1)[0], "dim"),
        Cell(row.decided_by),
    ]


def risk_cells(row: risk.RiskRow) -> list[Cell]:
    """An assessment: when, its highest risk, the four domains, review by, and if it was."""
    scores = [Cell(f"{d.likelihood}x{d.impact}") for d in row.domains]
    return [
        Cell(day(row.assessed_on)),
        Cell(row.level, "error" if row.highest.score >= 15 else "strong"),
        *scores,
        Cell(day(row.review_on)),
        Cell(row.review, "error" if row.review_late else "success"),
    ]


def onward_cells(row: onward.OnwardRow) -> list[Cell]:
    """An onward referral: what, status and since when, proposed, made, particulars."""
    ended = row.status in (ExternalReferralStatus.DECLINED, ExternalReferralStatus.WITHDRAWN)
    return [
        Cell(row.kind.label, "strong"),
        Cell(row.status.label, "dim" if ended else ""),
        Cell(day(row.status_changed_on)),
        Cell(day(row.proposed_on)),
        Cell(day(row.made_on)),
        Cell(row.detail),
    ]


def document_cells(row: documents.DocumentRow) -> list[Cell]:
    """A document: when, file name, size, type, description, who attached it."""
    return [
        Cell(when(row.uploaded_at)),
        Cell(row.filename, "strong"),
        Cell(row.size),
        Cell(row.media_type, "dim"),
        Cell(row.description),
        Cell(row.uploaded_by),
    ]


# What each tab fetches ---------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One paged tab of the case screen."""

    name: str
    title: str
    noun: str
    columns: tuple[Column, ...]
    cells: Callable[[Any], Sequence[Cell]]
    fetch: Fetch
    query: Any = None
    empty: str = "Nothing recorded yet."


SECTIONS: tuple[Section, ...] = (
    Section(
        "timeline",
        "Timeline",
        "entries",
        (
            Column("When", 16),
            Column("Kind", 8),
            Column("Title", 20, 3),
            Column("Text", 20, 4),
            Column("By", 12, 1),
            Column("Conf.", 5),
        ),
        timeline_cells,
        lambda d, c, q, o, n, t: d.read(
            timeline.timeline_page, case_id=c, query=q, offset=o, limit=n
        ),
        timeline.TimelineQuery(),
        "No entries yet: n adds one.",
    ),
    Section(
        "actions",
        "Actions",
        "actions",
        (
            Column("Due", 10),
            Column("Status", 9),
            Column("Kind", 11),
            Column("Action", 24, 4),
            Column("Owner", 14, 1),
            Column("TPD", 3),
            Column("Done", 10),
        ),
        action_cells,
        lambda d, c, q, o, n, t: d.read(
            actions.action_page, case_id=c, query=q, offset=o, limit=n, today=t
        ),
        actions.ActionQuery(),
        "No actions yet: a adds one, i sets the follow-up interval.",
    ),
    Section(
        "decisions",
        "Decisions",
        "decisions",
        (
            Column("When", 16),
            Column("Decision", 14),
            Column("Outcome", 20, 2),
            Column("Rationale", 24, 4),
            Column("By", 12, 1),
        ),
        decision_cells,
        lambda d, c, q, o, n, t: d.read(decisions.decision_page, case_id=c, offset=o, limit=n),
        None,
        "No decisions yet.",
    ),
    Section(
        "risk",
        "Risk",
        "assessments",
        (
            Column("Assessed", 10),
            Column("Highest risk", 22, 2),
            Column("Patients", 8),
            Column("Practnr", 7),
            Column("Colleag.", 8),
            Column("Org.", 4),
            Column("Review by", 10),
            Column("Reviewed?", 18, 2),
        ),
        risk_cells,
        lambda d, c, q, o, n, t: d.read(risk.risk_page, case_id=c, offset=o, limit=n, today=t),
        None,
        "No risk assessment yet: a records one.",
    ),
    Section(
        "referrals",
        "Referrals",
        "onward referrals",
        (
            Column("Referral", 20, 2),
            Column("Status", 11),
            Column("Since", 10),
            Column("Proposed", 10),
            Column("Made", 10),
            Column("Details", 20, 3),
        ),
        onward_cells,
        lambda d, c, q, o, n, t: d.read(onward.onward_page, case_id=c, offset=o, limit=n),
        None,
        "No onward referrals: a makes one.",
    ),
    Section(
        "documents",
        "Documents",
        "documents",
        (
            Column("Attached", 16),
            Column("File", 20, 3),
            Column("Size", 9, align="right"),
            Column("Type", 12, 1),
            Column("Description", 16, 3),
            Column("By", 12, 1),
        ),
        document_cells,
        lambda d, c, q, o, n, t: d.read(documents.document_page, case_id=c, offset=o, limit=n),
        None,
        "No documents: a attaches a file.",
    ),
)
SECTION: dict[str, Section] = {section.name: section for section in SECTIONS}


@dataclass
class SectionState:
    """Where one tab stands: its query, the offset shown, and which request is the latest."""

    query: Any
    offset: int = 0
    generation: int = 0
    page: Page[Any] | None = None


@dataclass(frozen=True)
class Pages:
    """Pages read together: each tab's page with the request it answers."""

    pages: dict[str, tuple[int, Page[Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseView:
    """What one read of the case brought back: the header, the practitioner and tabs' pages
    (only the pages for a read of one tab)."""

    case_id: int
    summary: CaseSummary | None
    practitioner: PractitionerDetails | None
    review: str
    pages: Pages
    reload: int = 0


def read_case(
    desk: Desk, case_id: int, reload: int, wanted: dict[str, tuple[int, Any, int]], limit: int
) -> CaseView:
    """The header, the practitioner, the risk review and each wanted tab's page (in a thread)."""
    today = clock.today()
    with desk.reading() as reads:
        summary = reads.read(case_summary, case_id=case_id, today=today)
        person = reads.read(practitioner_details, practitioner_id=summary.practitioner_id)
        review = reads.read(review_record, case_id=case_id, today=today).text
        pages = {
            name: (generation, SECTION[name].fetch(reads, case_id, query, offset, limit, today))
            for name, (generation, query, offset) in wanted.items()
        }
    return CaseView(case_id, summary, person, review, Pages(pages), reload)


def read_page(
    desk: Desk, case_id: int, name: str, generation: int, query: Any, offset: int, limit: int
) -> CaseView:
    """One page of tab ``name`` (in a thread)."""
    page: Page[Any] = SECTION[name].fetch(desk, case_id, query, offset, limit, clock.today())
    return CaseView(case_id, None, None, "", Pages({name: (generation, page)}))


def describe(section: Section, query: Any, page: Page[Any], review: str) -> str:
    """A tab's status line: which rows are shown, how they are filtered, and its keys."""
    shown = (
        f"{page.first:,}-{page.last:,} of {page.total:,} {section.noun}"
        if page.total
        else f"No {section.noun}"
    )
    match section.name:
        case "timeline":
            kind = query.kind.label if query.kind else "all kinds"
            order = "newest first" if query.newest_first else "oldest first"
            return f"{shown} · {kind} · {order}    a/n add · k kind · o order · Enter reads"
        case "actions":
            which = "open only" if query.open_only else "open first, then done"
            return f"{shown} · {which}    a add · d done · t TPD · i interval · f open/all"
        case "decisions":
            keys = (
                "l level · s quiet/active · m managers · e escalate · i immediate action · "
                "p disposal · c close · o reopen · f the checklist then"
            )
            return f"{shown}    {keys}"
        case "risk":
            return f"{shown} · {review}    a assess"
        case "referrals":
            return f"{shown}    a new referral · g to the CSG · s status · Enter reads"
        case _:
            return f"{shown}    a attach · v or Enter view · x export"


TABS: tuple[tuple[str, str], ...] = (
    *((s.name, s.title) for s in SECTIONS),
    ("practitioner", "Practitioner"),
)


# The tabs and their keys (each key's action is the case screen's) ----------------------------


class TimelinePane(TabPane):
    """The timeline tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.add_entry", "Add entry"),
        Binding("k", "screen.timeline_kind", "Kind"),
        Binding("o", "screen.timeline_order", "Order"),
    ]


class ActionsPane(TabPane):
    """The actions and follow-ups tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.add_action", "Add action"),
        Binding("d", "screen.complete_action", "Done"),
        Binding("t", "screen.toggle_tpd", "Shared with TPD"),
        Binding("i", "screen.follow_up_interval", "Follow-up interval"),
        Binding("f", "screen.actions_filter", "Open/all"),
    ]


class DecisionsPane(TabPane):
    """The decisions tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "screen.decide('level')", "Level"),
        Binding("s", "screen.decide('status')", "Quiet/active"),
        Binding("m", "screen.decide('reassign')", "Case managers"),
        Binding("e", "screen.decide('escalate')", "Escalate"),
        Binding("c", "screen.decide('close')", "Close case"),
        Binding("o", "screen.decide('reopen')", "Reopen case"),
        Binding("i", "screen.immediate_action", "Immediate action"),
        Binding("p", "screen.disposal", "Disposal"),
        Binding("f", "screen.checklist_then", "Checklist then"),
    ]


class RiskPane(TabPane):
    """The risk assessment tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.assess_risk", "Assess risk"),
    ]


class ReferralsPane(TabPane):
    """The onward referrals tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.refer", "New referral"),
        Binding("g", "screen.refer_to_csg", "Refer to CSG"),
        Binding("s", "screen.referral_status", "Status"),
    ]


class DocumentsPane(TabPane):
    """The documents tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.attach", "Attach file"),
        Binding("v", "screen.view_document", "View"),
        Binding("x", "screen.export_document", "Export"),
    ]


class PractitionerPane(TabPane):
    """The practitioner tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "screen.edit_practitioner", "Edit details"),
        Binding("q", "screen.edit_practitioner(True)", "Equality monitoring"),
    ]


PANES: dict[str, type[TabPane]] = {
    "timeline": TimelinePane,
    "actions": ActionsPane,
    "decisions": DecisionsPane,
    "risk": RiskPane,
    "referrals": ReferralsPane,
    "documents": DocumentsPane,
    "practitioner": PractitionerPane,
}

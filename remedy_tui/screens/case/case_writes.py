"""What the case screen's forms write: for each form, the change its draft makes at the desk.

The case screen hands one of these to each form it opens; the form knows only its fields.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from remedy_tui.screens.case.action_form import ActionDraft
from remedy_tui.screens.case.attach_form import AttachDraft
from remedy_tui.screens.case.case_decision_form import DecisionDraft
from remedy_tui.screens.case.case_form import keywords
from remedy_tui.screens.case.complete_action_form import CompletionDraft
from remedy_tui.screens.case.document_export_form import ExportDraft
from remedy_tui.screens.case.entry_form import EntryDraft
from remedy_tui.screens.case.follow_up_interval_form import IntervalDraft
from remedy_tui.screens.case.referral_status_form import StatusDraft
from remedy_tui.screens.case.risk_form import RiskDraft
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.case import (
    actions,
    cases,
    documents,
    onward,
    practitioners,
    risk,
    timeline,
)
from remedy_tui.services.case.actions import ActionRow, Completed
from remedy_tui.services.case.case_summary import CaseSummary
from remedy_tui.services.case.documents import DocumentRow
from remedy_tui.services.case.onward import NewReferral, OnwardRow
from remedy_tui.services.case.practitioners import PractitionerChanges, PractitionerDetails
from remedy_tui.services.desk import Desk


def add_entry(case_id: int) -> Submit[EntryDraft, int]:
    """Record a timeline entry on the case."""
    return lambda desk, draft: desk.change(
        timeline.record_entry, case_id=case_id, **keywords(draft)
    )


def add_action(case_id: int) -> Submit[ActionDraft, int]:
    """Add an action or follow-up to the case."""
    return lambda desk, draft: desk.change(actions.add_action, case_id=case_id, **keywords(draft))


def complete_action(row: ActionRow) -> Submit[CompletionDraft, Completed]:
    """Mark the action done, as it was when shown."""
    return lambda desk, draft: desk.change(
        actions.complete_action,
        action_id=row.id,
        expected_version=row.version,
        **keywords(draft),
    )


def set_interval(summary: CaseSummary) -> Submit[IntervalDraft, date]:
    """Set the case's follow-up interval, as the case was when shown."""
    return lambda desk, draft: desk.change(
        cases.set_follow_up_interval,
        case_id=summary.id,
        expected_version=summary.version,
        **keywords(draft),
    )


def decide(summary: CaseSummary) -> Submit[DecisionDraft, int]:
    """Record a decision of the draft's kind on the case, as it was when shown."""

    def submit(desk: Desk, draft: DecisionDraft) -> int:
        common = {
            "case_id": summary.id,
            "expected_version": summary.version,
            "rationale": draft.rationale,
            "evidence": draft.evidence,
        }
        if draft.kind == "level":
            return desk.change(cases.change_level, level=draft.level, **common)
        if draft.kind == "status":
            return desk.change(cases.change_status, status=draft.status, **common)
        if draft.kind == "reassign":
            return desk.change(
                cases.reassign,
                case_manager_id=draft.case_manager_id,
                second_case_manager_id=draft.second_case_manager_id,
                **common,
            )
        if draft.kind == "escalate":
            return desk.change(cases.escalate, **common)
        if draft.kind == "close":
            return desk.change(
                cases.close_case,
                reason=draft.reason,
                open_actions=draft.open_actions,
                confirmed=draft.confirmed,
                **common,
            )
        return desk.change(cases.reopen_case, **common)

    return submit


def assess_risk(case_id: int) -> Submit[RiskDraft, int]:
    """Record a risk assessment on the case."""
    return lambda desk, draft: desk.change(
        risk.record_assessment, case_id=case_id, **keywords(draft)
    )


def refer(case_id: int) -> Submit[NewReferral, int]:
    """Make an onward referral from the case."""
    return lambda desk, referral: desk.change(
        onward.make_referral, case_id=case_id, referral=referral
    )


def change_referral_status(row: OnwardRow) -> Submit[StatusDraft, int]:
    """Move an onward referral on, as it was when shown."""
    return lambda desk, draft: desk.change(
        onward.change_status, referral_id=row.id, expected_version=row.version, **keywords(draft)
    )


def attach(case_id: int) -> Submit[AttachDraft, int]:
    """Attach a file to the case."""
    return lambda desk, draft: desk.change(
        documents.attach_document, case_id=case_id, **keywords(draft)
    )


def export(row: DocumentRow) -> Submit[ExportDraft, Path]:
    """Write a document out, decrypted; the export is audited, so it is a change."""
    return lambda desk, draft: desk.change(
        documents.export_document, document_id=row.id, destination=draft.destination
    )


def edit_practitioner(
    details: PractitionerDetails,
) -> Submit[PractitionerChanges, PractitionerDetails]:
    """Save the practitioner's details, as they were when shown."""
    return lambda desk, changes: desk.change(
        practitioners.update_practitioner,
        practitioner_id=details.id,
        expected_version=details.version,
        changes=changes,
    )

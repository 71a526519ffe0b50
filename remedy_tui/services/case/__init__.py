"""Case work: cases, timelines, actions, risk, onward referrals, documents, practitioners.

The names below are imported from their modules when first used, so importing one module
of this area does not import all of them (their imports of each other would go round).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remedy_tui.services.case.actions import (
        ActionQuery,
        ActionRow,
        Completed,
        action_page,
        add_action,
        cancel_follow_ups,
        complete_action,
        next_follow_up,
        overdue_counts,
        schedule_follow_up,
        set_shared_with_tpd,
    )
    from remedy_tui.services.case.case_dates import (
        case_day,
    )
    from remedy_tui.services.case.case_list import (
        CasePage,
        CaseQuery,
        CaseRow,
        CaseSort,
        StatusFilter,
        case_page,
        conditions,
        count_cases,
    )
    from remedy_tui.services.case.case_summary import (
        CaseFlags,
        CaseSummary,
    )
    from remedy_tui.services.case.cases import (
        change_level,
        close_case,
        escalate,
        reassign,
        reopen_case,
        set_follow_up_interval,
    )
    from remedy_tui.services.case.documents import (
        DocumentRow,
        DocumentText,
        add_document,
        attach_document,
        describe_size,
        document_page,
        document_text,
        export_document,
        read_file,
    )
    from remedy_tui.services.case.onward import (
        NewReferral,
        OnwardRow,
        make_referral,
        mandatory_matter_label,
        onward_page,
    )
    from remedy_tui.services.case.practitioners import (
        PractitionerChanges,
        PractitionerDetails,
        practitioner_details,
        update_practitioner,
    )
    from remedy_tui.services.case.risk import (
        CurrentRisk,
        DomainScore,
        RiskReview,
        RiskRow,
        band,
        current_risk,
        record_assessment,
        review_record,
        risk_page,
    )
    from remedy_tui.services.case.timeline import (
        TimelineDetail,
        TimelineQuery,
        TimelineRow,
        add_entry,
        entry_detail,
        headline,
        kind_counts,
        moment,
        record_entry,
        timeline_page,
    )

_WHERE = {
    "ActionQuery": "remedy_tui.services.case.actions",
    "ActionRow": "remedy_tui.services.case.actions",
    "CaseFlags": "remedy_tui.services.case.case_summary",
    "CasePage": "remedy_tui.services.case.case_list",
    "CaseQuery": "remedy_tui.services.case.case_list",
    "CaseRow": "remedy_tui.services.case.case_list",
    "CaseSort": "remedy_tui.services.case.case_list",
    "CaseSummary": "remedy_tui.services.case.case_summary",
    "Completed": "remedy_tui.services.case.actions",
    "CurrentRisk": "remedy_tui.services.case.risk",
    "DocumentRow": "remedy_tui.services.case.documents",
    "DocumentText": "remedy_tui.services.case.documents",
    "DomainScore": "remedy_tui.services.case.risk",
    "NewReferral": "remedy_tui.services.case.onward",
    "OnwardRow": "remedy_tui.services.case.onward",
    "PractitionerChanges": "remedy_tui.services.case.practitioners",
    "PractitionerDetails": "remedy_tui.services.case.practitioners",
    "RiskReview": "remedy_tui.services.case.risk",
    "RiskRow": "remedy_tui.services.case.risk",
    "StatusFilter": "remedy_tui.services.case.case_list",
    "TimelineDetail": "remedy_tui.services.case.timeline",
    "TimelineQuery": "remedy_tui.services.case.timeline",
    "TimelineRow": "remedy_tui.services.case.timeline",
    "action_page": "remedy_tui.services.case.actions",
    "add_action": "remedy_tui.services.case.actions",
    "add_document": "remedy_tui.services.case.documents",
    "add_entry": "remedy_tui.services.case.timeline",
    "attach_document": "remedy_tui.services.case.documents",
    "band": "remedy_tui.services.case.risk",
    "cancel_follow_ups": "remedy_tui.services.case.actions",
    "case_day": "remedy_tui.services.case.case_dates",
    "case_page": "remedy_tui.services.case.case_list",
    "change_level": "remedy_tui.services.case.cases",
    "close_case": "remedy_tui.services.case.cases",
    "complete_action": "remedy_tui.services.case.actions",
    "conditions": "remedy_tui.services.case.case_list",
    "count_cases": "remedy_tui.services.case.case_list",
    "current_risk": "remedy_tui.services.case.risk",
    "describe_size": "remedy_tui.services.case.documents",
    "document_page": "remedy_tui.services.case.documents",
    "document_text": "remedy_tui.services.case.documents",
    "entry_detail": "remedy_tui.services.case.timeline",
    "escalate": "remedy_tui.services.case.cases",
    "export_document": "remedy_tui.services.case.documents",
    "headline": "remedy_tui.services.case.timeline",
    "kind_counts": "remedy_tui.services.case.timeline",
    "make_referral": "remedy_tui.services.case.onward",
    "mandatory_matter_label": "remedy_tui.services.case.onward",
    "moment": "remedy_tui.services.case.timeline",
    "next_follow_up": "remedy_tui.services.case.actions",
    "onward_page": "remedy_tui.services.case.onward",
    "overdue_counts": "remedy_tui.services.case.actions",
    "practitioner_details": "remedy_tui.services.case.practitioners",
    "read_file": "remedy_tui.services.case.documents",
    "reassign": "remedy_tui.services.case.cases",
    "record_assessment": "remedy_tui.services.case.risk",
    "record_entry": "remedy_tui.services.case.timeline",
    "reopen_case": "remedy_tui.services.case.cases",
    "review_record": "remedy_tui.services.case.risk",
    "risk_page": "remedy_tui.services.case.risk",
    "schedule_follow_up": "remedy_tui.services.case.actions",
    "set_follow_up_interval": "remedy_tui.services.case.cases",
    "set_shared_with_tpd": "remedy_tui.services.case.actions",
    "timeline_page": "remedy_tui.services.case.timeline",
    "update_practitioner": "remedy_tui.services.case.practitioners",
}


def __getattr__(name: str) -> Any:
    """Import a re-exported name from its module on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "ActionQuery",
    "ActionRow",
    "CaseFlags",
    "CasePage",
    "CaseQuery",
    "CaseRow",
    "CaseSort",
    "CaseSummary",
    "Completed",
    "CurrentRisk",
    "DocumentRow",
    "DocumentText",
    "DomainScore",
    "NewReferral",
    "OnwardRow",
    "PractitionerChanges",
    "PractitionerDetails",
    "RiskReview",
    "RiskRow",
    "StatusFilter",
    "TimelineDetail",
    "TimelineQuery",
    "TimelineRow",
    "action_page",
    "add_action",
    "add_document",
    "add_entry",
    "attach_document",
    "band",
    "cancel_follow_ups",
    "case_day",
    "case_page",
    "change_level",
    "close_case",
    "complete_action",
    "conditions",
    "count_cases",
    "current_risk",
    "describe_size",
    "document_page",
    "document_text",
    "entry_detail",
    "escalate",
    "export_document",
    "headline",
    "kind_counts",
    "make_referral",
    "mandatory_matter_label",
    "moment",
    "next_follow_up",
    "onward_page",
    "overdue_counts",
    "practitioner_details",
    "read_file",
    "reassign",
    "record_assessment",
    "record_entry",
    "reopen_case",
    "review_record",
    "risk_page",
    "schedule_follow_up",
    "set_follow_up_interval",
    "set_shared_with_tpd",
    "timeline_page",
    "update_practitioner",
]

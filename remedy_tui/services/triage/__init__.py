"""Triage: intake, the queue, information requests, decisions and the weekly meeting.

The names below are imported from their modules when first used, so importing one module
of this area does not import all of them (their imports of each other would go round).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remedy_tui.services.triage.decide import (
        ConcernView,
        DecisionView,
        Person,
        ReferralDetail,
        TriageChoice,
        TriageResult,
        default_senior_owner,
        people,
        referral_detail,
    )
    from remedy_tui.services.triage.information_requests import (
        InformationRequestView,
        add_request,
        close_request,
        request_information,
        requests_for,
    )
    from remedy_tui.services.triage.intake import (
        CheckedReferral,
        Form2Entry,
        IntakeResult,
        ReferralDraft,
        check_draft,
        completeness_of,
        create_referral,
        draft_from,
        referral_to_change,
        update_referral,
    )
    from remedy_tui.services.triage.levels import (
        SuggestedLevel,
        suggest_level,
    )
    from remedy_tui.services.triage.meetings import (
        MeetingView,
        add_action,
        decisions_in_meeting,
        end_meeting,
        meeting_agenda,
        meeting_in_progress,
        meeting_view,
        minutes_data,
        recent_meetings,
        start_meeting,
    )
    from remedy_tui.services.triage.practitioner_lookup import (
        PractitionerDraft,
        PractitionerMatch,
        add_practitioner,
        check_registration,
        find_practitioners,
        open_case_of,
        practitioner_match,
    )
    from remedy_tui.services.triage.queue import (
        QueuePage,
        QueueQuery,
        QueueRow,
        QueueSort,
        QueueStatus,
        count_queue,
        filter_values,
        queue_page,
    )

_WHERE = {
    "CheckedReferral": "remedy_tui.services.triage.intake",
    "ConcernView": "remedy_tui.services.triage.decide",
    "DecisionView": "remedy_tui.services.triage.decide",
    "Form2Entry": "remedy_tui.services.triage.intake",
    "InformationRequestView": "remedy_tui.services.triage.information_requests",
    "IntakeResult": "remedy_tui.services.triage.intake",
    "MeetingView": "remedy_tui.services.triage.meetings",
    "Person": "remedy_tui.services.triage.decide",
    "PractitionerDraft": "remedy_tui.services.triage.practitioner_lookup",
    "PractitionerMatch": "remedy_tui.services.triage.practitioner_lookup",
    "QueuePage": "remedy_tui.services.triage.queue",
    "QueueQuery": "remedy_tui.services.triage.queue",
    "QueueRow": "remedy_tui.services.triage.queue",
    "QueueSort": "remedy_tui.services.triage.queue",
    "QueueStatus": "remedy_tui.services.triage.queue",
    "ReferralDetail": "remedy_tui.services.triage.decide",
    "ReferralDraft": "remedy_tui.services.triage.intake",
    "SuggestedLevel": "remedy_tui.services.triage.levels",
    "TriageChoice": "remedy_tui.services.triage.decide",
    "TriageResult": "remedy_tui.services.triage.decide",
    "add_action": "remedy_tui.services.triage.meetings",
    "add_practitioner": "remedy_tui.services.triage.practitioner_lookup",
    "add_request": "remedy_tui.services.triage.information_requests",
    "check_draft": "remedy_tui.services.triage.intake",
    "check_registration": "remedy_tui.services.triage.practitioner_lookup",
    "close_request": "remedy_tui.services.triage.information_requests",
    "completeness_of": "remedy_tui.services.triage.intake",
    "count_queue": "remedy_tui.services.triage.queue",
    "create_referral": "remedy_tui.services.triage.intake",
    "decisions_in_meeting": "remedy_tui.services.triage.meetings",
    "default_senior_owner": "remedy_tui.services.triage.decide",
    "draft_from": "remedy_tui.services.triage.intake",
    "end_meeting": "remedy_tui.services.triage.meetings",
    "filter_values": "remedy_tui.services.triage.queue",
    "find_practitioners": "remedy_tui.services.triage.practitioner_lookup",
    "meeting_agenda": "remedy_tui.services.triage.meetings",
    "meeting_in_progress": "remedy_tui.services.triage.meetings",
    "meeting_view": "remedy_tui.services.triage.meetings",
    "minutes_data": "remedy_tui.services.triage.meetings",
    "open_case_of": "remedy_tui.services.triage.practitioner_lookup",
    "people": "remedy_tui.services.triage.decide",
    "practitioner_match": "remedy_tui.services.triage.practitioner_lookup",
    "queue_page": "remedy_tui.services.triage.queue",
    "recent_meetings": "remedy_tui.services.triage.meetings",
    "referral_detail": "remedy_tui.services.triage.decide",
    "referral_to_change": "remedy_tui.services.triage.intake",
    "request_information": "remedy_tui.services.triage.information_requests",
    "requests_for": "remedy_tui.services.triage.information_requests",
    "start_meeting": "remedy_tui.services.triage.meetings",
    "suggest_level": "remedy_tui.services.triage.levels",
    "update_referral": "remedy_tui.services.triage.intake",
}


def __getattr__(name: str) -> Any:
    """Import a re-exported name from its module on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "CheckedReferral",
    "ConcernView",
    "DecisionView",
    "Form2Entry",
    "InformationRequestView",
    "IntakeResult",
    "MeetingView",
    "Person",
    "PractitionerDraft",
    "PractitionerMatch",
    "QueuePage",
    "QueueQuery",
    "QueueRow",
    "QueueSort",
    "QueueStatus",
    "ReferralDetail",
    "ReferralDraft",
    "SuggestedLevel",
    "TriageChoice",
    "TriageResult",
    "add_action",
    "add_practitioner",
    "add_request",
    "check_draft",
    "check_registration",
    "close_request",
    "completeness_of",
    "count_queue",
    "create_referral",
    "decisions_in_meeting",
    "default_senior_owner",
    "draft_from",
    "end_meeting",
    "filter_values",
    "find_practitioners",
    "meeting_agenda",
    "meeting_in_progress",
    "meeting_view",
    "minutes_data",
    "open_case_of",
    "people",
    "practitioner_match",
    "queue_page",
    "recent_meetings",
    "referral_detail",
    "referral_to_change",
    "request_information",
    "requests_for",
    "start_meeting",
    "suggest_level",
    "update_referral",
]

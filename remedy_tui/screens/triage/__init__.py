"""Triage: the queue, referrals, intake, decisions and the weekly meeting."""

from remedy_tui.screens.triage.actions import (
    TriageActions,
)
from remedy_tui.screens.triage.decision_form import (
    DecisionScreen,
)
from remedy_tui.screens.triage.import_form import (
    ImportScreen,
)
from remedy_tui.screens.triage.meeting import (
    MeetingModeScreen,
    MeetingSetupScreen,
)
from remedy_tui.screens.triage.minutes import (
    MinutesScreen,
)
from remedy_tui.screens.triage.practitioner_form import (
    PractitionerFormScreen,
)
from remedy_tui.screens.triage.practitioner_search import (
    PractitionerSearchScreen,
)
from remedy_tui.screens.triage.queue import (
    TriageQueueScreen,
)
from remedy_tui.screens.triage.referral import (
    ReferralScreen,
)
from remedy_tui.screens.triage.referral_form import (
    ReferralFormScreen,
)
from remedy_tui.screens.triage.small_forms import (
    AnswerRequestScreen,
    ExportScreen,
    MeetingActionScreen,
    RequestInformationScreen,
)

__all__ = [
    "AnswerRequestScreen",
    "DecisionScreen",
    "ExportScreen",
    "ImportScreen",
    "MeetingActionScreen",
    "MeetingModeScreen",
    "MeetingSetupScreen",
    "MinutesScreen",
    "PractitionerFormScreen",
    "PractitionerSearchScreen",
    "ReferralFormScreen",
    "ReferralScreen",
    "RequestInformationScreen",
    "TriageActions",
    "TriageQueueScreen",
]

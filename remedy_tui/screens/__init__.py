"""One screen per module."""

from remedy_tui.screens.case.action_form import ActionForm
from remedy_tui.screens.case.attach_form import AttachForm
from remedy_tui.screens.case.case_decision_form import CaseDecisionForm
from remedy_tui.screens.case.case_list import CaseListScreen
from remedy_tui.screens.case.case_picker import CasePickerScreen
from remedy_tui.screens.case.case_screen import CaseScreen
from remedy_tui.screens.case.complete_action_form import CompleteActionForm
from remedy_tui.screens.case.document_export_form import DocumentExportForm
from remedy_tui.screens.case.entry_form import EntryForm
from remedy_tui.screens.case.follow_up_interval_form import FollowUpIntervalForm
from remedy_tui.screens.case.onward_form import OnwardForm
from remedy_tui.screens.case.practitioner_details_form import PractitionerDetailsForm
from remedy_tui.screens.case.referral_status_form import ReferralStatusForm
from remedy_tui.screens.case.risk_form import RiskForm
from remedy_tui.screens.checklist.checklist import ChecklistScreen
from remedy_tui.screens.checklist.snapshot import ChecklistSnapshotScreen
from remedy_tui.screens.common.choice import ChoiceScreen
from remedy_tui.screens.common.confirm import ConfirmScreen
from remedy_tui.screens.common.create_store import CreateStoreScreen
from remedy_tui.screens.common.error_dialog import ErrorDialog
from remedy_tui.screens.common.keymap import KeyMapScreen
from remedy_tui.screens.common.recovery_code import RecoveryCodeScreen
from remedy_tui.screens.common.text_viewer import TextViewer
from remedy_tui.screens.common.unlock import UnlockScreen
from remedy_tui.screens.csg.agenda import CsgAgendaScreen
from remedy_tui.screens.csg.documents import CsgDocumentsScreen
from remedy_tui.screens.csg.home import CsgHomeScreen
from remedy_tui.screens.csg.meeting_mode import CsgMeetingModeScreen
from remedy_tui.screens.csg.referral import CsgReferralScreen
from remedy_tui.screens.oversight.caseload import CaseloadScreen
from remedy_tui.screens.triage.meeting import MeetingModeScreen, MeetingSetupScreen
from remedy_tui.screens.triage.minutes import MinutesScreen
from remedy_tui.screens.triage.queue import TriageQueueScreen
from remedy_tui.screens.triage.referral import ReferralScreen

__all__ = [
    "ActionForm",
    "AttachForm",
    "CaseDecisionForm",
    "CaseListScreen",
    "CasePickerScreen",
    "CaseScreen",
    "CaseloadScreen",
    "ChecklistScreen",
    "ChecklistSnapshotScreen",
    "ChoiceScreen",
    "CompleteActionForm",
    "ConfirmScreen",
    "CreateStoreScreen",
    "CsgAgendaScreen",
    "CsgDocumentsScreen",
    "CsgHomeScreen",
    "CsgMeetingModeScreen",
    "CsgReferralScreen",
    "DocumentExportForm",
    "EntryForm",
    "ErrorDialog",
    "FollowUpIntervalForm",
    "KeyMapScreen",
    "MeetingModeScreen",
    "MeetingSetupScreen",
    "MinutesScreen",
    "OnwardForm",
    "PractitionerDetailsForm",
    "RecoveryCodeScreen",
    "ReferralScreen",
    "ReferralStatusForm",
    "RiskForm",
    "TextViewer",
    "TriageQueueScreen",
    "UnlockScreen",
]

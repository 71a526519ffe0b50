"""One screen per module."""

from remedy_tui.screens.action_form import ActionForm
from remedy_tui.screens.attach_form import AttachForm
from remedy_tui.screens.case_decision_form import CaseDecisionForm
from remedy_tui.screens.case_list import CaseListScreen
from remedy_tui.screens.case_picker import CasePickerScreen
from remedy_tui.screens.case_screen import CaseScreen
from remedy_tui.screens.caseload import CaseloadScreen
from remedy_tui.screens.checklist import ChecklistScreen
from remedy_tui.screens.checklist_snapshot import ChecklistSnapshotScreen
from remedy_tui.screens.choice import ChoiceScreen
from remedy_tui.screens.complete_action_form import CompleteActionForm
from remedy_tui.screens.confirm import ConfirmScreen
from remedy_tui.screens.create_store import CreateStoreScreen
from remedy_tui.screens.csg_agenda import CsgAgendaScreen
from remedy_tui.screens.csg_documents import CsgDocumentsScreen
from remedy_tui.screens.csg_home import CsgHomeScreen
from remedy_tui.screens.csg_meeting_mode import CsgMeetingModeScreen
from remedy_tui.screens.csg_referral import CsgReferralScreen
from remedy_tui.screens.document_export_form import DocumentExportForm
from remedy_tui.screens.entry_form import EntryForm
from remedy_tui.screens.error_dialog import ErrorDialog
from remedy_tui.screens.follow_up_interval_form import FollowUpIntervalForm
from remedy_tui.screens.keymap import KeyMapScreen
from remedy_tui.screens.minutes import MinutesScreen
from remedy_tui.screens.onward_form import OnwardForm
from remedy_tui.screens.practitioner_details_form import PractitionerDetailsForm
from remedy_tui.screens.recovery_code import RecoveryCodeScreen
from remedy_tui.screens.referral import ReferralScreen
from remedy_tui.screens.referral_status_form import ReferralStatusForm
from remedy_tui.screens.risk_form import RiskForm
from remedy_tui.screens.text_viewer import TextViewer
from remedy_tui.screens.triage_meeting import MeetingModeScreen, MeetingSetupScreen
from remedy_tui.screens.triage_queue import TriageQueueScreen
from remedy_tui.screens.unlock import UnlockScreen

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

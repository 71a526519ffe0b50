"""One screen per module."""

from remedy_tui.screens.case_list import CaseListScreen
from remedy_tui.screens.case_picker import CasePickerScreen
from remedy_tui.screens.checklist import ChecklistScreen
from remedy_tui.screens.checklist_snapshot import ChecklistSnapshotScreen
from remedy_tui.screens.confirm import ConfirmScreen
from remedy_tui.screens.create_store import CreateStoreScreen
from remedy_tui.screens.csg_agenda import CsgAgendaScreen
from remedy_tui.screens.csg_documents import CsgDocumentsScreen
from remedy_tui.screens.csg_home import CsgHomeScreen
from remedy_tui.screens.csg_meeting_mode import CsgMeetingModeScreen
from remedy_tui.screens.csg_referral import CsgReferralScreen
from remedy_tui.screens.error_dialog import ErrorDialog
from remedy_tui.screens.keymap import KeyMapScreen
from remedy_tui.screens.minutes import MinutesScreen
from remedy_tui.screens.recovery_code import RecoveryCodeScreen
from remedy_tui.screens.referral import ReferralScreen
from remedy_tui.screens.triage_meeting import MeetingModeScreen, MeetingSetupScreen
from remedy_tui.screens.triage_queue import TriageQueueScreen
from remedy_tui.screens.unlock import UnlockScreen

__all__ = [
    "CaseListScreen",
    "ChecklistScreen",
    "ChecklistSnapshotScreen",
    "CasePickerScreen",
    "ConfirmScreen",
    "CreateStoreScreen",
    "CsgAgendaScreen",
    "CsgDocumentsScreen",
    "CsgHomeScreen",
    "CsgMeetingModeScreen",
    "CsgReferralScreen",
    "ErrorDialog",
    "KeyMapScreen",
    "MeetingModeScreen",
    "MeetingSetupScreen",
    "MinutesScreen",
    "RecoveryCodeScreen",
    "ReferralScreen",
    "TriageQueueScreen",
    "UnlockScreen",
]

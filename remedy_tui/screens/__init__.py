"""One screen per module."""

from remedy_tui.screens.case_list import CaseListScreen
from remedy_tui.screens.checklist import ChecklistScreen
from remedy_tui.screens.checklist_snapshot import ChecklistSnapshotScreen
from remedy_tui.screens.create_store import CreateStoreScreen
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
    "CreateStoreScreen",
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

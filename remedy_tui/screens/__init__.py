"""One screen per module."""

from remedy_tui.screens.action_form import ActionForm
from remedy_tui.screens.attach_form import AttachForm
from remedy_tui.screens.case_list import CaseListScreen
from remedy_tui.screens.case_screen import CaseScreen
from remedy_tui.screens.caseload import CaseloadScreen
from remedy_tui.screens.choice import ChoiceScreen
from remedy_tui.screens.complete_action_form import CompleteActionForm
from remedy_tui.screens.create_store import CreateStoreScreen
from remedy_tui.screens.decision_form import DecisionForm
from remedy_tui.screens.entry_form import EntryForm
from remedy_tui.screens.error_dialog import ErrorDialog
from remedy_tui.screens.export_form import ExportForm
from remedy_tui.screens.follow_up_form import FollowUpForm
from remedy_tui.screens.keymap import KeyMapScreen
from remedy_tui.screens.onward_form import OnwardForm
from remedy_tui.screens.practitioner_form import PractitionerForm
from remedy_tui.screens.recovery_code import RecoveryCodeScreen
from remedy_tui.screens.referral_status_form import ReferralStatusForm
from remedy_tui.screens.risk_form import RiskForm
from remedy_tui.screens.text_viewer import TextViewer
from remedy_tui.screens.unlock import UnlockScreen

__all__ = [
    "ActionForm",
    "AttachForm",
    "CaseListScreen",
    "CaseScreen",
    "CaseloadScreen",
    "ChoiceScreen",
    "CompleteActionForm",
    "CreateStoreScreen",
    "DecisionForm",
    "EntryForm",
    "ErrorDialog",
    "ExportForm",
    "FollowUpForm",
    "KeyMapScreen",
    "OnwardForm",
    "PractitionerForm",
    "RecoveryCodeScreen",
    "ReferralStatusForm",
    "RiskForm",
    "TextViewer",
    "UnlockScreen",
]

"""Case work: the case list, the case screen and its forms."""

from remedy_tui.screens.case.action_form import (
    ActionForm,
)
from remedy_tui.screens.case.attach_form import (
    AttachForm,
)
from remedy_tui.screens.case.case_decision_form import (
    CaseDecisionForm,
)
from remedy_tui.screens.case.case_form import (
    CaseForm,
)
from remedy_tui.screens.case.case_list import (
    CaseListScreen,
)
from remedy_tui.screens.case.case_picker import (
    CasePickerScreen,
)
from remedy_tui.screens.case.case_screen import (
    CaseScreen,
)
from remedy_tui.screens.case.case_sections import (
    ActionsPane,
    CaseView,
    DecisionsPane,
    DocumentsPane,
    Pages,
    PractitionerPane,
    ReferralsPane,
    RiskPane,
    Section,
    SectionState,
    TimelinePane,
)
from remedy_tui.screens.case.complete_action_form import (
    CompleteActionForm,
)
from remedy_tui.screens.case.document_export_form import (
    DocumentExportForm,
)
from remedy_tui.screens.case.entry_form import (
    EntryForm,
)
from remedy_tui.screens.case.follow_up_interval_form import (
    FollowUpIntervalForm,
)
from remedy_tui.screens.case.onward_form import (
    OnwardForm,
)
from remedy_tui.screens.case.practitioner_details_form import (
    PractitionerDetailsForm,
)
from remedy_tui.screens.case.referral_status_form import (
    ReferralStatusForm,
)
from remedy_tui.screens.case.risk_form import (
    RiskForm,
)

__all__ = [
    "ActionForm",
    "ActionsPane",
    "AttachForm",
    "CaseDecisionForm",
    "CaseForm",
    "CaseListScreen",
    "CasePickerScreen",
    "CaseScreen",
    "CaseView",
    "CompleteActionForm",
    "DecisionsPane",
    "DocumentExportForm",
    "DocumentsPane",
    "EntryForm",
    "FollowUpIntervalForm",
    "OnwardForm",
    "Pages",
    "PractitionerDetailsForm",
    "PractitionerPane",
    "ReferralStatusForm",
    "ReferralsPane",
    "RiskForm",
    "RiskPane",
    "Section",
    "SectionState",
    "TimelinePane",
]

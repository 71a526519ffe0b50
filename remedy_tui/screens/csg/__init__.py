"""The Clinical Support Group: meetings, members, agendas, meeting mode and papers."""

from remedy_tui.screens.csg.action import (
    CsgActionScreen,
)
from remedy_tui.screens.csg.agenda import (
    CsgAgendaScreen,
)
from remedy_tui.screens.csg.attendance import (
    CsgAttendanceScreen,
)
from remedy_tui.screens.csg.circulation import (
    CsgCirculationPreviewScreen,
)
from remedy_tui.screens.csg.conflict import (
    CsgConflictScreen,
)
from remedy_tui.screens.csg.documents import (
    CsgDocumentsScreen,
)
from remedy_tui.screens.csg.export import (
    CsgExportScreen,
)
from remedy_tui.screens.csg.home import (
    CsgHomeScreen,
)
from remedy_tui.screens.csg.item_form import (
    CsgItemFormScreen,
)
from remedy_tui.screens.csg.leaving import (
    CsgLeavingScreen,
)
from remedy_tui.screens.csg.meeting_form import (
    CsgMeetingFormScreen,
)
from remedy_tui.screens.csg.meeting_mode import (
    CsgMeetingModeScreen,
)
from remedy_tui.screens.csg.member import (
    CsgMemberScreen,
)
from remedy_tui.screens.csg.pack import (
    CsgPackScreen,
)
from remedy_tui.screens.csg.practitioner import (
    CsgPractitionerScreen,
)
from remedy_tui.screens.csg.referral import (
    CsgReferralScreen,
)

__all__ = [
    "CsgActionScreen",
    "CsgAgendaScreen",
    "CsgAttendanceScreen",
    "CsgCirculationPreviewScreen",
    "CsgConflictScreen",
    "CsgDocumentsScreen",
    "CsgExportScreen",
    "CsgHomeScreen",
    "CsgItemFormScreen",
    "CsgLeavingScreen",
    "CsgMeetingFormScreen",
    "CsgMeetingModeScreen",
    "CsgMemberScreen",
    "CsgPackScreen",
    "CsgPractitionerScreen",
    "CsgReferralScreen",
]

"""The fairness checklist: answering, following up, exporting, snapshots."""

from remedy_tui.screens.checklist.answer_form import (
    Answered,
    AnswerForm,
)
from remedy_tui.screens.checklist.checklist import (
    ChecklistScreen,
)
from remedy_tui.screens.checklist.export_form import (
    ExportForm,
)
from remedy_tui.screens.checklist.follow_up_form import (
    FollowUpForm,
)
from remedy_tui.screens.checklist.framework_view import (
    FrameworkScreen,
)
from remedy_tui.screens.checklist.snapshot import (
    ChecklistSnapshotScreen,
)

__all__ = [
    "AnswerForm",
    "Answered",
    "ChecklistScreen",
    "ChecklistSnapshotScreen",
    "ExportForm",
    "FollowUpForm",
    "FrameworkScreen",
]

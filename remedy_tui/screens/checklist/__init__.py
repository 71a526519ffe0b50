"""The fairness checklist: answering, following up, exporting, snapshots."""

from remedy_tui.screens.checklist.answer_form import (
    AnswerDraft,
    AnswerForm,
)
from remedy_tui.screens.checklist.checklist import (
    Answered,
    ChecklistRead,
    ChecklistScreen,
    open_checklist,
    read_checklist,
)
from remedy_tui.screens.checklist.export_form import (
    ExportDraft,
    ExportForm,
)
from remedy_tui.screens.checklist.follow_up_form import (
    FollowUpDraft,
    FollowUpForm,
)
from remedy_tui.screens.checklist.framework_view import (
    FrameworkScreen,
)
from remedy_tui.screens.checklist.snapshot import (
    ChecklistSnapshotScreen,
)

__all__ = [
    "AnswerDraft",
    "AnswerForm",
    "Answered",
    "ChecklistRead",
    "ChecklistScreen",
    "ChecklistSnapshotScreen",
    "ExportDraft",
    "ExportForm",
    "FollowUpDraft",
    "FollowUpForm",
    "FrameworkScreen",
    "open_checklist",
    "read_checklist",
]

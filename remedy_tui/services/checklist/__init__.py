"""The fairness framework and a case's answers, follow-ups, exports and snapshots.

The names below are imported from their modules when first used (``services/lazy.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from remedy_tui.services.lazy import lazy_getattr

if TYPE_CHECKING:
    from remedy_tui.services.checklist.actions import (
        add_action,
    )
    from remedy_tui.services.checklist.answers import (
        AnswerChangedError,
        AnswerView,
        ChecklistAction,
        ChecklistState,
        FairnessSummary,
        ShownAnswer,
        answer,
        case_and_question,
        case_heading,
        check_answer_rationale,
        current_answers,
        history,
        latest_answer,
        open_actions,
        order_key,
        practitioner_name,
        snapshot,
        state,
        summaries,
        summary,
        tally,
    )
    from remedy_tui.services.checklist.export import (
        ExportResult,
        default_folder,
        default_name,
        export_checklist,
    )
    from remedy_tui.services.checklist.snapshots import (
        DecisionChecklist,
        RecordedAnswer,
        decision_checklist,
    )
    from remedy_tui.views.framework import (
        Framework,
        FrameworkError,
        Part,
        Principle,
        Question,
        available_editions,
        framework_dir,
        load_edition,
        load_framework,
        parse_framework,
    )

_WHERE = {
    "AnswerChangedError": "remedy_tui.services.checklist.answers",
    "AnswerView": "remedy_tui.services.checklist.answers",
    "ChecklistAction": "remedy_tui.services.checklist.answers",
    "ChecklistState": "remedy_tui.services.checklist.answers",
    "DecisionChecklist": "remedy_tui.services.checklist.snapshots",
    "ExportResult": "remedy_tui.services.checklist.export",
    "FairnessSummary": "remedy_tui.services.checklist.answers",
    "Framework": "remedy_tui.views.framework",
    "FrameworkError": "remedy_tui.views.framework",
    "Part": "remedy_tui.views.framework",
    "Principle": "remedy_tui.views.framework",
    "Question": "remedy_tui.views.framework",
    "RecordedAnswer": "remedy_tui.services.checklist.snapshots",
    "ShownAnswer": "remedy_tui.services.checklist.answers",
    "add_action": "remedy_tui.services.checklist.actions",
    "answer": "remedy_tui.services.checklist.answers",
    "available_editions": "remedy_tui.views.framework",
    "case_and_question": "remedy_tui.services.checklist.answers",
    "case_heading": "remedy_tui.services.checklist.answers",
    "check_answer_rationale": "remedy_tui.services.checklist.answers",
    "current_answers": "remedy_tui.services.checklist.answers",
    "decision_checklist": "remedy_tui.services.checklist.snapshots",
    "default_folder": "remedy_tui.services.checklist.export",
    "default_name": "remedy_tui.services.checklist.export",
    "export_checklist": "remedy_tui.services.checklist.export",
    "framework_dir": "remedy_tui.views.framework",
    "history": "remedy_tui.services.checklist.answers",
    "latest_answer": "remedy_tui.services.checklist.answers",
    "load_edition": "remedy_tui.views.framework",
    "load_framework": "remedy_tui.views.framework",
    "open_actions": "remedy_tui.services.checklist.answers",
    "order_key": "remedy_tui.services.checklist.answers",
    "parse_framework": "remedy_tui.views.framework",
    "practitioner_name": "remedy_tui.services.checklist.answers",
    "snapshot": "remedy_tui.services.checklist.answers",
    "state": "remedy_tui.services.checklist.answers",
    "summaries": "remedy_tui.services.checklist.answers",
    "summary": "remedy_tui.services.checklist.answers",
    "tally": "remedy_tui.services.checklist.answers",
}

__getattr__ = lazy_getattr(__name__, _WHERE)


__all__ = [
    "AnswerChangedError",
    "AnswerView",
    "ChecklistAction",
    "ChecklistState",
    "DecisionChecklist",
    "ExportResult",
    "FairnessSummary",
    "Framework",
    "FrameworkError",
    "Part",
    "Principle",
    "Question",
    "RecordedAnswer",
    "ShownAnswer",
    "add_action",
    "answer",
    "available_editions",
    "case_and_question",
    "case_heading",
    "check_answer_rationale",
    "current_answers",
    "decision_checklist",
    "default_folder",
    "default_name",
    "export_checklist",
    "framework_dir",
    "history",
    "latest_answer",
    "load_edition",
    "load_framework",
    "open_actions",
    "order_key",
    "parse_framework",
    "practitioner_name",
    "snapshot",
    "state",
    "summaries",
    "summary",
    "tally",
]

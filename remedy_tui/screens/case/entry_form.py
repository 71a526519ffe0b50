"""Add a meeting, call, letter, email or note to the timeline in a few keys."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult

from remedy_tui import clock
from remedy_tui.screens.case.case_form import CaseForm, choice, text_area, text_input, tick
from remedy_tui.services.case import timeline
from remedy_tui.store.models import TimelineKind


@dataclass(frozen=True)
class EntryDraft:
    """A timeline entry as typed (named as ``timeline.record_entry`` names them)."""

    kind: TimelineKind
    title: str
    body: str
    occurred_on: str
    confidential: bool


class EntryForm(CaseForm[EntryDraft, int]):
    """A timeline entry: kind, date, title, text, and whether it is confidential."""

    HEADING = "Add to the timeline"
    AUTO_FOCUS = "#field-title"

    def fields(self) -> ComposeResult:
        kinds = [(kind.label, kind.value) for kind in timeline.RECORDED_KINDS]
        yield self.row("Kind", choice("kind", kinds, TimelineKind.NOTE.value))
        yield self.row("Title", text_input("title", placeholder="e.g. Phone call with the TPD"))
        yield self.row("Text", text_area("body", limit=timeline.BODY_LIMIT))
        yield self.row("Date (YYYY-MM-DD)", text_input("occurred_on", clock.today().isoformat()))
        yield self.row(
            "Confidential", tick("confidential", "Confidential: keep out of any circulated copy")
        )

    def action_save(self) -> None:
        kind = TimelineKind(self.chosen("kind") or TimelineKind.NOTE.value)
        title, body = self.value("title"), self.value("body")
        occurred_on, confidential = self.value("occurred_on"), self.ticked("confidential")
        self.save(EntryDraft(kind, title, body, occurred_on, confidential))

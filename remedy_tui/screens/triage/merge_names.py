"""Merge two spellings of one trust, programme, TPD or educational supervisor into one."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.triage.reference_names import KINDS, KnownNames
from remedy_tui.widgets.field_row import FieldRow


@dataclass(frozen=True)
class MergeDraft:
    """Which list, the spelling to keep and the one to merge into it."""

    kind: str
    keep: str
    merge: str


def suggester(names: tuple[str, ...]) -> SuggestFromList:
    """Type-ahead over a kept list: the rest of the first name that starts as typed."""
    return SuggestFromList(names, case_sensitive=False)


def names_for(known: KnownNames, kind: str) -> tuple[str, ...]:
    """The spellings of one list."""
    return {
        "trust": known.trusts,
        "programme": known.programmes,
        "tpd": known.tpds,
        "educational_supervisor": known.educational_supervisors,
    }.get(kind, ())


class MergeNamesScreen(FormScreen[int]):
    """Dismisses with how many records now read the kept spelling."""

    AUTO_FOCUS = "#field-kind"

    def __init__(self, known: KnownNames, submit: Submit[MergeDraft, int]) -> None:
        super().__init__()
        self.known, self.submit = known, submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static("Merge two spellings of one name", classes="title")
            yield Static(
                "Every record with the spelling to merge is changed to the one to keep; each "
                "change is in the audit trail. Type the start of a name: the rest is offered "
                "(→ takes it).",
                classes="muted form-intro",
            )
            yield FieldRow(
                "List",
                Select(
                    [(label, kind) for kind, (label, _) in KINDS.items()],
                    id="field-kind",
                    value="trust",
                    allow_blank=False,
                    compact=True,
                ),
            )
            yield FieldRow(
                "Spelling to keep",
                Input(id="field-keep", suggester=suggester(self.known.trusts), compact=True),
            )
            yield FieldRow(
                "Spelling to merge into it",
                Input(id="field-merge", suggester=suggester(self.known.trusts), compact=True),
            )
            yield self.message_line()
            yield Static("ctrl+s merges · Escape cancels", classes="hint")

    @on(Select.Changed, "#field-kind")
    def _list_changed(self, event: Select.Changed) -> None:
        names = names_for(self.known, str(event.value))
        for field in ("#field-keep", "#field-merge"):
            self.query_one(field, Input).suggester = suggester(names)

    def action_save(self) -> None:
        """Merge the two spellings."""
        draft = MergeDraft(
            kind=str(self.query_one("#field-kind", Select).value),
            keep=self.query_one("#field-keep", Input).value,
            merge=self.query_one("#field-merge", Input).value,
        )
        self.send(self.submit, draft)

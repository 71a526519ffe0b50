"""The equality area's two forms: the period, scope and population to count for, and where to
export the figures."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.oversight.equality_export import EqualityExport
from remedy_tui.views.equality import EqualityQuery, EqualityReport
from remedy_tui.widgets.tick_box import TickBox


@dataclass(frozen=True)
class ScopeDraft:
    """The period, the scope, and the population file, as typed."""

    start: str
    end: str
    trust: str
    programme: str
    population: str


class EqualityScopeForm(FormScreen[EqualityReport]):
    """Count for another period or scope, with a population loaded from a CSV file."""

    def __init__(
        self, query: EqualityQuery, population: str, *, submit: Submit[ScopeDraft, EqualityReport]
    ) -> None:
        super().__init__()
        self.query_shown = query
        self.population = population
        self.submit = submit

    def compose(self) -> ComposeResult:
        q = self.query_shown
        with Vertical(classes="dialog form equality-form"):
            yield Static("Equality by stage: period, scope and population", classes="title")
            yield Label("Referrals received from (YYYY-MM-DD)")
            yield Input(q.start.isoformat(), id="field-start")
            yield Label("to (YYYY-MM-DD)")
            yield Input(q.end.isoformat(), id="field-end")
            yield Label("Trust (blank: every trust)")
            yield Input(q.trust, id="field-trust")
            yield Label("Programme (blank: every programme)")
            yield Input(q.programme, id="field-programme")
            yield Label("Population file, CSV with the header field,group,count (blank: none)")
            yield Input(self.population, id="field-population")
            yield Static("ctrl+s counts · Escape cancels", classes="hint")
            yield self.message_line()

    def on_mount(self) -> None:
        self.query_one("#field-start", Input).focus()

    def action_save(self) -> None:
        """Count for what was typed."""

        def typed(name: str) -> str:
            return self.query_one(f"#field-{name}", Input).value

        draft = ScopeDraft(
            typed("start"), typed("end"), typed("trust"), typed("programme"), typed("population")
        )
        self.send(self.submit, draft)


@dataclass(frozen=True)
class EqualityExportDraft:
    """Where the figures go, under what name, in which formats."""

    folder: str
    name: str
    workbook: bool
    word: bool


class EqualityExportForm(FormScreen[EqualityExport]):
    """Writes the figures only where the user says, never over an existing file."""

    def __init__(
        self, *, folder: str, name: str, submit: Submit[EqualityExportDraft, EqualityExport]
    ) -> None:
        super().__init__()
        self.folder = folder
        self.name_offered = name
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-form"):
            yield Static("Export equality by stage", classes="title")
            yield Label("Folder")
            yield Input(self.folder, id="field-folder")
            yield Label("File name (the extension is added)")
            yield Input(self.name_offered, id="field-name")
            yield TickBox("Excel workbook (.xlsx)", True, id="field-workbook")
            yield TickBox("Word report (.docx)", True, id="field-word")
            yield Static(
                "Only the suppressed figures are written, with the method. The files are not "
                "encrypted and are readable by you alone; the export is recorded in the audit "
                "trail.",
                classes="hint",
            )
            yield Static("ctrl+s exports · Escape cancels", classes="hint")
            yield self.message_line()

    def on_mount(self) -> None:
        self.query_one("#field-folder", Input).focus()

    def action_save(self) -> None:
        """Write the files."""
        draft = EqualityExportDraft(
            folder=self.query_one("#field-folder", Input).value,
            name=self.query_one("#field-name", Input).value,
            workbook=self.query_one("#field-workbook", Checkbox).value,
            word=self.query_one("#field-word", Checkbox).value,
        )
        self.send(self.submit, draft)

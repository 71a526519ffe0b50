"""Equality by stage: for a period and a scope, how many practitioners reached each stage by
group, the relative likelihood at the stage chosen (with its bars), and how each field was
declared. f changes the field, s the stage, p the period, scope and population, x exports."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from remedy_tui import clock
from remedy_tui.screens.common.desk_work import DeskWork
from remedy_tui.screens.oversight.equality_forms import (
    EqualityExportDraft,
    EqualityExportForm,
    EqualityScopeForm,
    ScopeDraft,
)
from remedy_tui.services.common.validation import parse_date
from remedy_tui.services.desk import Desk
from remedy_tui.services.oversight.equality import equality_by_stage
from remedy_tui.services.oversight.equality_export import (
    EqualityExport,
    default_name,
    export_equality,
)
from remedy_tui.services.oversight.equality_population import load_population
from remedy_tui.views.equality import EqualityQuery, EqualityReport, FieldFigures
from remedy_tui.views.equality_stats import percent, ratio_text
from remedy_tui.widgets import literal
from remedy_tui.widgets.key_footer import KeyFooter
from remedy_tui.widgets.stage_chart import StageBars, StageChart

SHORT_STAGES = (
    "Referred",
    "Valid",
    "Lvl 2+",
    "Lvl 3",
    "Dean",
    "Excl.",
    "Regulator",
    "CSG",
    "Formal",
)


def three_years_to_today() -> EqualityQuery:
    """The three years to today, the whole team: a small team's numbers are pooled over
    years, as equality monitoring of small groups usually is, before they say anything."""
    today = clock.today()
    return EqualityQuery(today.replace(year=today.year - 3) + timedelta(days=1), today)


def count_for(desk: Desk, draft: ScopeDraft) -> EqualityReport:
    """Read the form's period, scope and population file, then count (in a worker)."""
    start = parse_date(draft.start, field="start", label="The start", required=True)
    end = parse_date(draft.end, field="end", label="The end", required=True)
    assert start is not None and end is not None
    query = EqualityQuery(start, end, draft.trust.strip(), draft.programme.strip())
    population, source = None, ""
    if draft.population.strip():
        population, source = load_population(draft.population)
    return desk.read(
        equality_by_stage, query=query, population=population, population_source=source
    )


class EqualityScreen(DeskWork, Screen[None]):
    """The figures as tables and bars; everything shown is already suppressed."""

    TITLE = "Equality by stage"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "next_field", "Field"),
        Binding("s", "next_stage", "Stage"),
        Binding("p", "scope", "Period & scope"),
        Binding("x", "export", "Export"),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: EqualityReport | None = None
        self.query_shown = three_years_to_today()
        self.population_typed = ""
        self.field_index = 0
        self.stage = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Counting...", id="equality-heading", classes="muted")
        yield DataTable(id="equality-counts", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="equality-lower"):
            yield DataTable(id="equality-stage", cursor_type="row", zebra_stripes=True)
            yield StageChart(id="equality-chart")
        yield Static("", id="equality-declaration-title", classes="muted")
        yield DataTable(id="equality-declaration", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#equality-counts", DataTable).focus()
        self.action_reload()

    # Reading ---------------------------------------------------------------------------------

    def action_reload(self) -> None:
        """Count again for the period and scope shown."""
        query, typed = self.query_shown, self.population_typed

        def again(desk: Desk) -> EqualityReport:
            draft = ScopeDraft(
                query.start.isoformat(), query.end.isoformat(), query.trust, query.programme, typed
            )
            return count_for(desk, draft)

        self.ask(again, self._show, group="equality")

    def _show(self, report: EqualityReport) -> None:
        self.report = report
        self.query_shown = report.query
        self.redraw()

    @property
    def figures(self) -> FieldFigures | None:
        """The field shown."""
        if self.report is None:
            return None
        return self.report.fields[self.field_index % len(self.report.fields)]

    def redraw(self) -> None:
        """Draw every table and the chart from the report."""
        report, figures = self.report, self.figures
        if report is None or figures is None:
            return
        q = report.query
        population = (
            f"population from {report.population_source}"
            if report.population_loaded
            else "no population loaded (p loads one)"
        )
        stage_label = report.stage_labels[self.stage]
        self.query_one("#equality-heading", Static).update(
            literal(
                f"Referrals received {q.start.isoformat()} to {q.end.isoformat()} · {q.scope} · "
                f"{population}\nBy {figures.dimension.label.lower()} · stage: {stage_label}"
            )
        )
        self._counts(figures)
        self._stage(figures)
        self._declaration(report)

    def _counts(self, figures: FieldFigures) -> None:
        table = self.query_one("#equality-counts", DataTable)
        table.clear(columns=True)
        table.add_column(Text(figures.dimension.label), width=34)
        for n, label in enumerate(SHORT_STAGES):
            table.add_column(Text(f"▸{label}" if n == self.stage else label))
        for group in figures.groups:
            table.add_row(Text(group.label), *(Text(c.text) for c in group.counts))
        table.add_row(Text("All", style="bold"), *(Text(c.text) for c in figures.totals))

    def _stage(self, figures: FieldFigures) -> None:
        stage = self.stage
        table = self.query_one("#equality-stage", DataTable)
        table.clear(columns=True)
        reference = figures.dimension.label_of(figures.dimension.reference)
        table.add_column("Group", width=26)
        table.add_columns("Count", "Denominator", "Rate", "Rel. likelihood")
        labels: list[str] = []
        values: list[float] = []
        for group in figures.groups:
            count = group.counts[stage]
            denominator = group.denominators[stage]
            rate = group.rates[stage]
            table.add_row(
                Text(group.label),
                Text(count.text),
                str(denominator) if denominator is not None and count.shown else "",
                "" if rate is None else f"{100 * rate:.1f}%",
                ratio_text(group.likelihoods[stage]),
            )
            if group.likelihoods[stage] is not None:
                labels.append(group.label[:18])
                values.append(round(group.likelihoods[stage] or 0.0, 2))
        title = f"Relative likelihood against {reference.lower()} (1.0 = parity)"
        if not values:
            title += ": none to show (too few, or no population for this stage)"
        self.query_one(StageChart).bars = StageBars(
            title, tuple(labels), tuple(values), 1.0 if values else None
        )

    def _declaration(self, report: EqualityReport) -> None:
        self.query_one("#equality-declaration-title", Static).update(
            "Declaration among those referred (prefer not to say and not asked apart)"
        )
        table = self.query_one("#equality-declaration", DataTable)
        table.clear(columns=True)
        table.add_columns("Field", "Referred", "Declared", "Prefer not to say", "Not asked")
        for figures in report.fields:
            d = figures.declaration
            if d is None:
                continue
            table.add_row(
                Text(figures.dimension.label),
                Text(figures.totals[0].text),
                Text(_with_share(d.declared.text, percent(d.declared, d.referred))),
                Text(
                    _with_share(d.prefer_not_to_say.text, percent(d.prefer_not_to_say, d.referred))
                ),
                Text(_with_share(d.not_recorded.text, percent(d.not_recorded, d.referred))),
            )

    # Keys ------------------------------------------------------------------------------------

    def action_next_field(self) -> None:
        """Show the next field (ethnic group, qualification, grade, sex, age, disability)."""
        self.field_index += 1
        self.redraw()

    def action_next_stage(self) -> None:
        """Show the next stage's rates, likelihoods and bars."""
        self.stage = (self.stage + 1) % len(SHORT_STAGES)
        self.redraw()

    def action_scope(self) -> None:
        """Choose the period, the scope and the population file."""
        self.app.push_screen(
            EqualityScopeForm(self.query_shown, self.population_typed, submit=self._count_typed),
            self._scoped,
        )

    def _count_typed(self, desk: Desk, draft: ScopeDraft) -> EqualityReport:
        report = count_for(desk, draft)
        self.population_typed = draft.population
        return report

    def _scoped(self, report: EqualityReport | None) -> None:
        if report is not None:
            self._show(report)

    def action_export(self) -> None:
        """Export the figures shown as an Excel workbook and/or a Word report."""
        if self.report is None:
            self.notify("The figures are still being counted.", markup=False)
            return
        report = self.report
        home = Path.home()
        folder = home / "Documents" if (home / "Documents").is_dir() else home

        def submit(desk: Desk, draft: EqualityExportDraft) -> EqualityExport:
            population = None
            if report.population_loaded:
                population, _ = load_population(self.population_typed)
            return desk.change(
                export_equality,
                query=report.query,
                folder=draft.folder,
                name=draft.name,
                workbook=draft.workbook,
                word=draft.word,
                population=population,
                population_source=report.population_source,
            )

        self.app.push_screen(
            EqualityExportForm(folder=str(folder), name=default_name(report.query), submit=submit),
            self._exported,
        )

    def _exported(self, result: EqualityExport | None) -> None:
        if result is None:
            return
        names = "\n".join(path.name for path in result.paths)
        self.notify(
            f"In {result.paths[0].parent}:\n{names}", title="Exported", markup=False, timeout=15
        )


def _with_share(count: str, share: str) -> str:
    return f"{count} ({share})" if share else count

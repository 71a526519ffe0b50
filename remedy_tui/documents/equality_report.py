"""Equality by stage as an Excel workbook and a Word report, each with the method written out.

Both are written from the report the service built, whose counts are already suppressed: no
number that the screen does not show reaches a file.
"""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font

from remedy_tui import clock
from remedy_tui.documents.blocks import Heading, Paragraph, Table, Written, to_docx
from remedy_tui.views import equality_stats as stats
from remedy_tui.views.equality import EqualityReport, FieldFigures

TITLE = "Equality by stage"

METHOD = (
    (
        "Who is counted",
        "The practitioners with a referral received in the period, in the scope chosen (the "
        "whole team, a trust or a programme). Each is counted once at every stage that any of "
        "those referrals, or the case it led to, has reached so far, so the later stages of a "
        "recent period may still grow.",
    ),
    (
        "The stages",
        "Referral received; valid referral (Form 1 and Form 2 both in); level 2 or above and "
        "level 3 (at triage or by a later change of level); escalated to the Dean; exclusion or "
        "restriction; referral to the regulator (made, not only proposed); the Clinical Support "
        "Group (a referral made, or an outcome recorded); a formal outcome (a disposal). Each is "
        "read from the coded kind and outcome of the decisions recorded.",
    ),
    (
        "The groups",
        "Ethnic group, sex, age band and disability as the practitioner answered the optional "
        "equality-monitoring questions; place of primary qualification (UK, EEA, elsewhere); "
        "grade from the practitioner's record, with SAS doctors, locums and doctors in training "
        "apart. 'Prefer not to say' and 'not asked or not recorded' are groups of their own.",
    ),
    (
        "Rates and relative likelihood",
        "The rate of a group at the first stage is the number referred divided by the group's "
        "population (loaded from a file; without it there is no rate). At every later stage it "
        "is the number at that stage divided by the number of the group referred. The relative "
        "likelihood is the group's rate divided by the reference group's rate (white; UK "
        "graduates; doctors in training; male; 30 to 39; no disability), the measure of the NHS "
        "Medical Workforce Race Equality Standard (MWRES): 1.00 is parity, 2.00 twice as "
        "likely. It follows the GMC's Fair to Refer (2019), which found ethnic-minority "
        "doctors referred by employers about twice as often as white doctors, and NHS "
        "Resolution's Being fair 2 (2023).",
    ),
    (
        "Declaration rate",
        "For each equality-monitoring field, how many of the practitioners referred declared an "
        "answer, how many preferred not to say, and how many were not asked or have no answer "
        "recorded, as numbers and as shares of those referred.",
    ),
    (
        "Small numbers",
        "A count under 5 is shown as '<5'. Where a small count could still be worked out from "
        "the stage's total and the counts shown, the next smallest count is hidden too, shown "
        "as '*', until none can be. A total under 5 is shown as '<5'. No rate or relative "
        "likelihood is shown where a count behind it is hidden.",
    ),
)


def _rate_text(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def _denominator_text(value: int | None) -> str:
    return "" if value is None else str(value)


def field_rows(figures: FieldFigures, stage: int) -> list[tuple[str, ...]]:
    """One stage of a field as rows: group, count, denominator, rate, relative likelihood."""
    rows: list[tuple[str, ...]] = [
        (
            g.label,
            g.counts[stage].text,
            _denominator_text(g.denominators[stage]) if g.counts[stage].shown else "",
            _rate_text(g.rates[stage]),
            stats.ratio_text(g.likelihoods[stage]),
        )
        for g in figures.groups
    ]
    rows.append(("All", figures.totals[stage].text, "", "", ""))
    return rows


def declaration_rows(report: EqualityReport) -> list[tuple[str, ...]]:
    """Each field's declaration: declared, prefer not to say, not asked, with shares."""
    rows: list[tuple[str, ...]] = []
    for figures in report.fields:
        d = figures.declaration
        if d is None:
            continue
        rows.append(
            (
                figures.dimension.label,
                str(d.referred) if d.referred >= stats.THRESHOLD or d.referred == 0 else "<5",
                d.declared.text,
                stats.percent(d.declared, d.referred),
                d.prefer_not_to_say.text,
                stats.percent(d.prefer_not_to_say, d.referred),
                d.not_recorded.text,
                stats.percent(d.not_recorded, d.referred),
            )
        )
    return rows


DECLARATION_HEADER = (
    "Field",
    "Referred",
    "Declared",
    "%",
    "Prefer not to say",
    "%",
    "Not asked or not recorded",
    "%",
)
STAGE_HEADER = ("Group", "Count", "Denominator", "Rate", "Relative likelihood")


def heading_lines(report: EqualityReport, exported_by: str, exported_at: datetime) -> list[str]:
    """The period, the scope, the population's source, who exported it and when."""
    q = report.query
    population = (
        f"Population loaded from {report.population_source}."
        if report.population_loaded
        else "No population loaded: the first stage has no rate."
    )
    return [
        f"Referrals received {q.start.isoformat()} to {q.end.isoformat()}; {q.scope}.",
        population,
        f"Exported {clock.local_text(exported_at)} by {exported_by}.",
    ]


def to_workbook(report: EqualityReport, *, exported_by: str, exported_at: datetime) -> bytes:
    """The workbook: a sheet on the method, one for declaration and one per field."""
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "Method"
    about.append([TITLE])
    about["A1"].font = Font(bold=True, size=14)
    for line in heading_lines(report, exported_by, exported_at):
        about.append([line])
    for title, text in METHOD:
        about.append([])
        about.append([title])
        about.cell(row=about.max_row, column=1).font = Font(bold=True)
        about.append([text])
    sheet = book.create_sheet("Declaration")
    sheet.append(list(DECLARATION_HEADER))
    for row in declaration_rows(report):
        sheet.append(list(row))
    for figures in report.fields:
        sheet = book.create_sheet(figures.dimension.label[:31])
        sheet.append(["Group", *report.stage_labels])
        for group in figures.groups:
            sheet.append([group.label, *(_cell(c) for c in group.counts)])
        sheet.append(["All", *(_cell(c) for c in figures.totals)])
        sheet.append([])
        sheet.append(
            [f"Reference group: {figures.dimension.label_of(figures.dimension.reference)}"]
        )
        sheet.append(["Rates (denominator in brackets)", *report.stage_labels])
        for group in figures.groups:
            sheet.append(
                [
                    group.label,
                    *(
                        f"{_rate_text(r)} ({d})" if r is not None else ""
                        for r, d in zip(group.rates, group.denominators, strict=True)
                    ),
                ]
            )
        sheet.append([])
        sheet.append(["Relative likelihood", *report.stage_labels])
        for group in figures.groups:
            sheet.append([group.label, *(stats.ratio_text(v) for v in group.likelihoods)])
    for ws in book.worksheets:
        ws.column_dimensions["A"].width = 44
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(count: stats.Count) -> int | str:
    return count.value if count.value is not None else count.mark


def written(report: EqualityReport, *, exported_by: str, exported_at: datetime) -> Written:
    """The Word report's content: the method, declaration, and each field stage by stage."""
    blocks: list[Heading | Paragraph | Table] = [
        Paragraph("\n".join(heading_lines(report, exported_by, exported_at)))
    ]
    blocks.append(Heading("Method"))
    for title, text in METHOD:
        blocks.append(Heading(title, 2))
        blocks.append(Paragraph(text))
    blocks.append(Heading("Declaration"))
    blocks.append(Table(DECLARATION_HEADER, tuple(declaration_rows(report))))
    for figures in report.fields:
        blocks.append(Heading(figures.dimension.label))
        reference = figures.dimension.label_of(figures.dimension.reference)
        blocks.append(Paragraph(f"Reference group: {reference}.", italic=True))
        for stage, label in enumerate(report.stage_labels):
            blocks.append(Heading(label, 2))
            blocks.append(Table(STAGE_HEADER, tuple(field_rows(figures, stage))))
    return Written(TITLE, tuple(blocks))


def to_word(report: EqualityReport, *, exported_by: str, exported_at: datetime) -> bytes:
    """The Word report."""
    return to_docx(
        written(report, exported_by=exported_by, exported_at=exported_at), created=exported_at
    )

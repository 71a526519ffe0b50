"""Importing a team's spreadsheet from the app: name the file, see what the check found (the
columns as mapped, what would be created, matched or refused), then import it whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, ProgressBar, Static

from remedy_tui.screens.common.form import FormScreen
from remedy_tui.services import moving_in
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.desk import Desk
from remedy_tui.widgets import literal

Progress = Callable[[int, int], None]
KINDS = ("practitioners", "referrals", "decisions", "cases", "actions")


@dataclass(frozen=True)
class CheckedFile:
    """A file read, mapped and checked row by row; nothing written yet."""

    sheet: moving_in.Sheet
    mapping: dict[str, str]
    plan: moving_in.ImportPlan
    refused_book: Path | None


def check_file(desk: Desk, typed: str, progress: Progress) -> CheckedFile:
    """Read the file, map its columns (as saved last time, else as guessed) and check every
    row; the refused rows go to the error workbook beside it."""
    text = typed.strip()
    if not text:
        raise ValidationError("file", "Type the path of the file to import.")
    sheet = moving_in.read_sheet(Path(text).expanduser())
    mapping = moving_in.check_mapping(
        moving_in.saved_mapping(sheet.headers) or moving_in.guess_mapping(sheet.headers)
    )
    plan = desk.read(moving_in.plan_import, sheet=sheet, mapping=mapping, progress=progress)
    book = moving_in.write_error_workbook(sheet, plan.refusals) if plan.refusals else None
    return CheckedFile(sheet, mapping, plan, book)


def import_checked(desk: Desk, checked: CheckedFile, progress: Progress) -> moving_in.ImportResult:
    """Import a file whose check found nothing to refuse, in one transaction; the mapping it
    was read with is saved for next time."""
    moving_in.save_mapping(checked.sheet.headers, checked.mapping)
    try:
        return desk.change(moving_in.write_import, plan=checked.plan, progress=progress)
    except moving_in.RowRefusedError as refused:
        moving_in.write_error_workbook(
            checked.sheet, [moving_in.Refusal(refused.row, refused.reason)]
        )
        raise


def describe(checked: CheckedFile) -> str:
    """What the check found, in words."""
    labels = {f.name: f.label for f in moving_in.FIELDS}
    lines = [f"{checked.sheet.path.name}: {len(checked.sheet.rows):,} rows."]
    if checked.plan.refusals:
        lines.append(f"Refused: {len(checked.plan.refusals):,} rows, so nothing can be imported:")
        lines += [f"  row {r.row}: {r.reason}" for r in checked.plan.refusals[:5]]
        lines.append(f"Every refused row, with its reason, is in {checked.refused_book}.")
    lines.append("Would create, and match (already on file):")
    counts = checked.plan.counts
    for kind in KINDS:
        new, matched = counts.created.get(kind, 0), counts.matched.get(kind, 0)
        if new or matched:
            lines.append(f"  {kind}: {new:,} new, {matched:,} matched")
    lines.append("Columns (as mapped last time, else as guessed):")
    for column in checked.sheet.headers:
        name = checked.mapping.get(column)
        lines.append(f"  {column} -> {labels[name] if name else 'not imported'}")
    return "\n".join(lines)


class ImportScreen(FormScreen[moving_in.ImportResult]):
    """ctrl+s checks the file (nothing is written); ctrl+s again imports it, whole or not at
    all. The columns are read as mapped last time, else as guessed; ``remedy import --map``
    maps them otherwise."""

    AUTO_FOCUS = "#field-file"

    def __init__(self) -> None:
        super().__init__()
        self._checked: CheckedFile | None = None
        self._checked_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static("Import from a spreadsheet", classes="title")
            yield Label("The workbook (.xlsx) or CSV file")
            yield Input(id="field-file", placeholder="~/team/cases.xlsx")
            yield ProgressBar(id="import-progress", show_eta=False)
            with VerticalScroll(id="import-report-box"):
                yield Static("", id="import-report")
            yield self.message_line()
            yield Static(
                "ctrl+s checks the file (nothing is written) · ctrl+s again imports it · "
                "Escape cancels",
                classes="hint",
            )

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        self.app.call_from_thread(bar.update, total=total, progress=done)

    def action_save(self) -> None:
        """Check the file, or import the file just checked."""
        typed = self.query_one("#field-file", Input).value
        checked = self._checked
        if checked is not None and checked.plan.accepted and typed == self._checked_text:
            self.send(lambda desk, c: import_checked(desk, c, self._progress), checked)
            return
        self._checked = None
        self.show_message("Checking every row; nothing is written...", error=False)
        self.ask(
            lambda desk: check_file(desk, typed, self._progress),
            lambda result: self._show_check(typed, result),
            group="import-check",
        )

    def _show_check(self, typed: str, checked: CheckedFile) -> None:
        self._checked, self._checked_text = checked, typed
        self.query_one("#import-report", Static).update(literal(describe(checked)))
        if checked.plan.accepted:
            self.show_message("Nothing was refused: ctrl+s imports it all, in one go.", error=False)
        else:
            self.show_message("Some rows were refused; correct them in the file and check again.")

"""Reading a team's spreadsheet (an Excel workbook's first sheet, or a CSV file) row by row,
and writing the error workbook of the rows that were refused.

Excel files are read with openpyxl in read-only mode (it streams the sheet and, with defusedxml
installed, refuses XML bombs). A formula cell is taken at the value Excel last computed for it;
one never computed (a file written by a program, not saved by Excel) cannot be trusted and is
reported, not guessed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import zip_longest
from pathlib import Path
from typing import Any

from remedy_tui.services.common.errors import ValidationError
from remedy_tui.store.private_files import write_atomically

CellValue = str | int | float | bool | date | datetime | None
MAX_ROWS = 200_000
EXCEL = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class SheetRow:
    """One line of the file: its number as the spreadsheet shows it, its cells by header, and
    what about it cannot be trusted before any field is read."""

    number: int
    cells: dict[str, CellValue]
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def blank(self) -> bool:
        """True when every cell is empty."""
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in self.cells.values())


@dataclass(frozen=True)
class Sheet:
    """A file's header row and its rows."""

    path: Path
    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]


def _headers(values: Sequence[Any], path: Path) -> tuple[str, ...]:
    headers = [str(v).strip() if v is not None else "" for v in values]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ValidationError("file", f"{path.name} has no header row (the column names).")
    seen: set[str] = set()
    for number, header in enumerate(headers, start=1):
        if not header:
            raise ValidationError("file", f"{path.name}: column {number} has no name.")
        if header in seen:
            raise ValidationError("file", f"{path.name}: two columns are named {header!r}.")
        seen.add(header)
    return tuple(headers)


def read_sheet(path: Path) -> Sheet:
    """The header row and the rows of an Excel workbook's first sheet or a CSV file."""
    if not path.is_file():
        raise ValidationError("file", f"There is no file {str(path)!r}.")
    suffix = path.suffix.lower()
    if suffix in EXCEL:
        return _read_excel(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise ValidationError(
        "file", f"{path.name} is not a workbook (.xlsx) or a CSV file; save it as one of them."
    )


def _read_csv(path: Path) -> Sheet:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "file", f"{path.name} is not UTF-8 text; save it from Excel as 'CSV UTF-8'."
        ) from None
    except OSError as error:
        raise ValidationError("file", f"{path.name} cannot be read ({error.strerror}).") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        first = next(reader, None)
        if first is None:
            raise ValidationError("file", f"{path.name} is empty.")
        headers = _headers(first, path)
        rows = []
        for values in reader:
            number = reader.line_num
            problems: tuple[str, ...] = ()
            if len(values) > len(headers) and any(v.strip() for v in values[len(headers) :]):
                problems = ("it has more cells than the file has columns",)
            cells: dict[str, CellValue] = dict(zip_longest(headers, values[: len(headers)]))
            rows.append(SheetRow(number, cells, problems))
            if len(rows) > MAX_ROWS:
                raise ValidationError("file", f"{path.name} has more than {MAX_ROWS:,} rows.")
    except csv.Error as error:
        raise ValidationError(
            "file", f"{path.name} is not a readable CSV file ({error})."
        ) from None
    return Sheet(path, headers, tuple(r for r in rows if not r.blank))


def _read_excel(path: Path) -> Sheet:
    import openpyxl

    try:
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ValidationError(
            "file", f"{path.name} is not a workbook Excel can open (or it is damaged)."
        ) from None
    try:
        if not formulas.worksheets:
            raise ValidationError("file", f"{path.name} has no sheets.")
        rows_f = formulas.worksheets[0].iter_rows()
        rows_v = values.worksheets[0].iter_rows(values_only=True)
        first = next(rows_v, None)
        next(rows_f, None)
        if first is None:
            raise ValidationError("file", f"{path.name} is empty.")
        headers = _headers(first, path)
        rows = list(_excel_rows(headers, rows_f, rows_v, path))
    finally:
        formulas.close()
        values.close()
    return Sheet(path, headers, tuple(r for r in rows if not r.blank))


def _excel_rows(
    headers: tuple[str, ...], rows_f: Iterator[Any], rows_v: Iterator[Any], path: Path
) -> Iterator[SheetRow]:
    for number, (cells_f, cells_v) in enumerate(zip_longest(rows_f, rows_v, fillvalue=()), 2):
        if number > MAX_ROWS + 1:
            raise ValidationError("file", f"{path.name} has more than {MAX_ROWS:,} rows.")
        cells: dict[str, CellValue] = {}
        problems: list[str] = []
        for index, (cell, value) in enumerate(zip_longest(cells_f, cells_v)):
            if index >= len(headers):
                if value is not None:
                    problems.append("it has a cell beyond the last named column")
                break
            header = headers[index]
            if getattr(cell, "data_type", None) == "f" and value is None:
                problems.append(
                    f"{header}: a formula whose result was never computed (open the file in "
                    "Excel and save it, or type the value)"
                )
            cells[header] = value
        yield SheetRow(number, cells, tuple(problems))


@dataclass(frozen=True)
class Refusal:
    """A refused line of the file and why."""

    row: int
    reason: str


def error_workbook_path(source: Path) -> Path:
    """Where the error workbook goes: beside the file imported."""
    return source.with_name(f"{source.stem}-refused.xlsx")


def write_error_workbook(sheet: Sheet, refusals: Sequence[Refusal]) -> Path:
    """One row per refused line: its row number, the reason, then its cells as they were
    (text kept as text: nothing in it becomes a formula). Readable by its owner only."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook(write_only=True)
    page = book.create_sheet("Refused")
    by_number = {row.number: row for row in sheet.rows}

    def cell(value: CellValue) -> Any:
        if isinstance(value, str):
            # Shown literally: control characters (which a workbook cannot hold) as escapes.
            value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
        written = WriteOnlyCell(page, value=value)
        if isinstance(value, str):
            written.data_type = "s"  # text stays text: "=..." never becomes a formula
        return written

    page.append([cell("Row"), cell("Reason"), *(cell(h) for h in sheet.headers)])
    for refusal in refusals:
        row = by_number.get(refusal.row)
        values = [row.cells.get(h) if row else None for h in sheet.headers]
        page.append([cell(refusal.row), cell(refusal.reason), *(cell(v) for v in values)])
    buffer = io.BytesIO()
    book.save(buffer)
    path = error_workbook_path(sheet.path)
    write_atomically(path, buffer.getvalue())
    return path

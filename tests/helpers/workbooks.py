"""Team spreadsheets made for import tests: many rows from a few drawn choices, some broken
on purpose."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HEADERS = (
    "GMC number",
    "First name",
    "Surname",
    "Grade",
    "Programme",
    "Trust",
    "Date received",
    "Referral source",
    "Trigger",
    "What happened",
    "Form 1 received",
    "Form 1 completed by",
    "Form 2 received",
    "Form 2 completed by",
    "Concern areas",
    "Triage outcome",
    "Level",
    "Rationale",
    "Date decided",
    "Case manager",
    "Action",
    "Action owner",
    "Action due",
)
AREAS = ("clinical", "communication", "teamwork", "professionalism", "leadership", "health")
BREAKS = ("gmc_shape", "date", "formula", "two_ways", "no_rationale", "number_date")
GRADES = ("foundation", "core_trainee", "specialty_registrar", "gp_trainee")
SOURCES = ("tpd", "educational_supervisor", "trust", "self")
TRIGGERS = ("communication", "health", "bereavement", "altercation")


@dataclass(frozen=True)
class Broken:
    """A row broken on purpose: its row number in the sheet and how."""

    row: int
    how: str


def team_rows(
    count: int, rng: random.Random, case_manager: str, first_number: int = 7_000_000
) -> list[list[object]]:
    """``count`` rows: practitioners with a referral each, some decided (a case opened, with
    an action), some practitioners on two rows (a second referral)."""
    rows: list[list[object]] = []
    number = first_number + rng.randrange(1000)
    while len(rows) < count:
        number += 1
        given = rng.choice(("Ada", "Ben", "Cara", "Dev", "Eli", "Fay"))
        family = f"Example{number % 100_000:05d}"
        grade = rng.choice(GRADES)
        received = date(2021, 1, 1) + timedelta(days=rng.randrange(1500))
        for visit in range(1 + (rng.random() < 0.2)):
            if len(rows) == count:
                break
            got = received + timedelta(days=200 * visit)
            decided = got + timedelta(days=rng.randrange(1, 20))
            opens = visit == 0 and rng.random() < 0.3
            severity = "moderate" if opens else "low"
            concerns = "; ".join(
                [f"{a}={severity if a == 'communication' else 'none'}" for a in AREAS]
                + ["personal=none"]
            )
            concerns = concerns.replace(
                "communication=moderate", "communication=moderate: handover"
            )
            outcome = "open_case" if opens else rng.choice(("", "no_further_action"))
            level = 2 if opens else (1 if outcome else "")
            rows.append(
                [
                    str(number),
                    given,
                    family,
                    grade,
                    "Core Medical Training",
                    "Northfield Demo NHS Trust",
                    got,
                    rng.choice(SOURCES),
                    rng.choice(TRIGGERS),
                    "A fictional concern for a test.",
                    got,
                    "Dr Sample TPD",
                    got,
                    "Dr Sample Supervisor",
                    concerns,
                    outcome,
                    level,
                    "Fictional reasons for a test." if outcome else "",
                    decided if outcome else None,
                    case_manager if opens else "",
                    "Meet to agree a support plan" if opens else "",
                    case_manager if opens else "",
                    decided + timedelta(days=14) if opens else None,
                ]
            )
    return rows


def break_row(rows: list[list[object]], index: int, how: str) -> None:
    """Break row ``index`` (0-based, below the header) the way ``how`` says."""
    row = rows[index]
    if how == "gmc_shape":
        row[0] = "12345"
    elif how == "date":
        row[6] = "31/02/2024"
    elif how == "number_date":
        row[6] = 45000
    elif how == "formula":
        row[9] = "=CONCAT(A1, B1)"  # written without a computed result
    elif how == "two_ways":
        other = rows[index - 1] if index else rows[index + 1]
        row[0] = other[0]
        row[2] = "Someone-Else"
    elif how == "no_rationale":
        row[15], row[16], row[17], row[18] = "no_further_action", 1, "", row[6]
    else:  # pragma: no cover - a test names a breakage that does not exist
        raise ValueError(how)


def write_workbook(path: Path, rows: list[list[object]]) -> Path:
    """An .xlsx file of ``rows`` under :data:`HEADERS` (dates as Excel dates); a cell that
    starts with "=" is a formula never computed, as a program (not Excel) would leave it."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path

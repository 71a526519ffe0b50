"""The population a team serves, by group, read from a CSV file so that the first stage
(referral received) has a denominator: ``field,group,count`` a line, with that header, e.g.
``ethnicity,white,1200``. Fields and groups are the codes the equality area shows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.oversight.equality_groups import dimensions

MAX_BYTES = 1_000_000
HEADER = ["field", "group", "count"]


def _refuse(problem: str) -> ValidationError:
    return ValidationError("population", f"{problem} Nothing was loaded.")


def read_population(text: str) -> dict[tuple[str, str], int]:
    """The population by (field, group) from a CSV's text; a wrong line is refused by number."""
    known = {d.code: {g.code for g in d.groups} for d in dimensions()}
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or [c.strip().lower() for c in rows[0]] != HEADER:
        raise _refuse("The file's first line must be the header field,group,count.")
    found: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise _refuse(f"Line {number} should have three values: field, group, count.")
        name, group, count = (cell.strip() for cell in row)
        if name not in known:
            raise _refuse(
                f"Line {number}: there is no field {name!r}; the fields are "
                + ", ".join(sorted(known))
                + "."
            )
        if group not in known[name]:
            raise _refuse(
                f"Line {number}: {name} has no group {group!r}; its groups are "
                + ", ".join(sorted(known[name]))
                + "."
            )
        if not count.isdigit():
            raise _refuse(f"Line {number}: the count must be a whole number of 0 or more.")
        if (name, group) in found:
            raise _refuse(f"Line {number}: {name} {group} is given twice.")
        found[(name, group)] = int(count)
    if not found:
        raise _refuse("The file has a header but no counts.")
    return found


def load_population(typed_path: str) -> tuple[dict[tuple[str, str], int], str]:
    """The population from the CSV file at ``typed_path``, and the file's name."""
    text = typed_path.strip()
    if not text:
        raise ValidationError("population", "Type the path of the population file (CSV).")
    path = Path(text).expanduser()
    if not path.is_file():
        raise ValidationError("population", f"There is no file {path}. Nothing was loaded.")
    if path.stat().st_size > MAX_BYTES:
        raise _refuse(f"{path.name} is larger than a population file can be (1 MB).")
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _refuse(f"{path.name} could not be read as UTF-8 text ({exc}).") from None
    return read_population(content), path.name

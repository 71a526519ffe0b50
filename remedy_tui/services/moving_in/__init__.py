"""Moving in: importing a team's past work from its spreadsheets (practitioners, referrals,
their triage decisions and cases, and actions), checked whole before anything is written."""

from remedy_tui.services.moving_in.fields import (
    FIELDS,
    ImportField,
    check_mapping,
    guess_mapping,
    parse_mapping_options,
    save_mapping,
    saved_mapping,
)
from remedy_tui.services.moving_in.plan import ImportCounts, ImportPlan, plan_import
from remedy_tui.services.moving_in.sheet import (
    Refusal,
    Sheet,
    error_workbook_path,
    read_sheet,
    write_error_workbook,
)
from remedy_tui.services.moving_in.write import ImportResult, RowRefusedError, write_import

__all__ = [
    "FIELDS",
    "ImportCounts",
    "ImportField",
    "ImportPlan",
    "ImportResult",
    "Refusal",
    "RowRefusedError",
    "Sheet",
    "check_mapping",
    "error_workbook_path",
    "guess_mapping",
    "parse_mapping_options",
    "plan_import",
    "read_sheet",
    "save_mapping",
    "saved_mapping",
    "write_error_workbook",
    "write_import",
]

"""Oversight: caseloads.

The names below are imported from their modules when first used (``services/lazy.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from remedy_tui.services.lazy import lazy_getattr

if TYPE_CHECKING:
    from remedy_tui.services.oversight.caseload import (
        CaseloadQuery,
        CaseloadRow,
        caseload_page,
        count_caseload,
    )

_WHERE = {
    "CaseloadQuery": "remedy_tui.services.oversight.caseload",
    "CaseloadRow": "remedy_tui.services.oversight.caseload",
    "caseload_page": "remedy_tui.services.oversight.caseload",
    "count_caseload": "remedy_tui.services.oversight.caseload",
}

__getattr__ = lazy_getattr(__name__, _WHERE)


__all__ = [
    "CaseloadQuery",
    "CaseloadRow",
    "caseload_page",
    "count_caseload",
]

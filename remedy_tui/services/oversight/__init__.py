"""Oversight: caseloads.

The names below are imported from their modules when first used, so importing one module
of this area does not import all of them (their imports of each other would go round).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    """Import a re-exported name from its module on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "CaseloadQuery",
    "CaseloadRow",
    "caseload_page",
    "count_caseload",
]

"""Oversight: caseloads and the team's view of its work."""

from remedy_tui.screens.oversight.caseload import (
    CaseloadScreen,
)

__all__ = [
    "CaseloadScreen",
]

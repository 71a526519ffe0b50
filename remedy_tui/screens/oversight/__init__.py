"""Oversight: caseloads and the team's view of its work."""

from remedy_tui.screens.oversight.caseload import (
    CaseloadScreen,
)
from remedy_tui.screens.oversight.equality import EqualityScreen

__all__ = [
    "CaseloadScreen",
    "EqualityScreen",
]

"""Reusable widgets; none of them talks to the store."""

from remedy_tui.widgets.case_table import CaseTable
from remedy_tui.widgets.literal import cell, literal, visible

__all__ = ["CaseTable", "cell", "literal", "visible"]

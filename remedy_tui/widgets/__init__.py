"""Reusable widgets; none of them talks to the store."""

from remedy_tui.widgets.case_table import CaseTable
from remedy_tui.widgets.literal import cell, literal, pieces, visible
from remedy_tui.widgets.paged_table import Cell, Column, PagedTable

__all__ = ["CaseTable", "Cell", "Column", "PagedTable", "cell", "literal", "pieces", "visible"]

"""Reusable widgets; none of them talks to the store."""

from remedy_tui.widgets.case_header import CaseHeader
from remedy_tui.widgets.case_table import CaseTable
from remedy_tui.widgets.field_row import FieldRow
from remedy_tui.widgets.limited_text_area import LimitedTextArea
from remedy_tui.widgets.literal import cell, literal, pieces, visible
from remedy_tui.widgets.paged_table import Cell, Column, PagedTable
from remedy_tui.widgets.practitioner_card import PractitionerCard
from remedy_tui.widgets.record_table import RecordTable

__all__ = [
    "CaseHeader",
    "CaseTable",
    "Cell",
    "Column",
    "FieldRow",
    "LimitedTextArea",
    "PagedTable",
    "PractitionerCard",
    "RecordTable",
    "cell",
    "literal",
    "pieces",
    "visible",
]

"""Keeping records lawfully: subject access requests, their packs, and retention."""

from remedy_tui.screens.records.pack import PackScreen
from remedy_tui.screens.records.requests import RequestsScreen
from remedy_tui.screens.records.retention import RetentionScreen

__all__ = ["PackScreen", "RequestsScreen", "RetentionScreen"]

"""Showing a screen again without restyling every widget on it."""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import App
from textual.screen import Screen

from remedy_tui.textual_internals import stylesheet_generation


class QuickResume(Screen[Any]):
    """Mix into a screen that is shown again and again (an area, the kept case screen) or
    is styled while it is mounted (every screen pushed new).

    On every showing Textual applies the whole stylesheet to every widget of the screen again,
    in case something app-wide (the theme, whether the terminal has focus) changed while it
    was hidden: on the case screen that was a third of the time from Enter to the case drawn.
    A screen's own changes (focus, classes) restyle the widgets they touch as they happen, so
    the whole screen is restyled only when the stylesheet or the app's focus did change.
    """

    _styled_for: tuple[int, bool] | None = None

    @on(events.ScreenResume)
    def keep_styles_if_unchanged(self, event: events.ScreenResume) -> None:
        """Tell Screen's own handler not to restyle every widget, unless something changed."""
        # Runs before Screen's own handler, which restyles unless told not to: Textual calls
        # each class's handler in MRO order, and this mixin comes before Screen
        # (tests/ui/test_textual_internals.py fails if that changes).
        app: App[object] = self.app
        state = (stylesheet_generation(app), app.app_focus)
        if self._styled_for == state or (self._styled_for is None and self.is_mounted):
            event.refresh_styles = False
        self._styled_for = state

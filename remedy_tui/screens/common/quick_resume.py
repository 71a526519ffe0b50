"""Showing a screen again without restyling every widget on it."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.screen import Screen


class QuickResume:
    """Mix into a screen that is shown again and again (an area, the kept case screen) or
    is styled while it is mounted (every screen pushed new).

    On every showing Textual applies the whole stylesheet to every widget of the screen again,
    in case something app-wide (the theme, whether the terminal has focus) changed while it
    was hidden: on the case screen that was a third of the time from Enter to the case drawn.
    A screen's own changes (focus, classes) restyle the widgets they touch as they happen, so
    the whole screen is restyled only when the stylesheet or the app's focus did change.
    """

    _styled_for: tuple[int, bool] | None = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (Textual calls each class's handler in MRO order).
        assert isinstance(self, Screen)
        app: App[object] = self.app
        state = (app._css_update_count, app.app_focus)
        if self._styled_for == state or (self._styled_for is None and self.is_mounted):
            event.refresh_styles = False
        self._styled_for = state

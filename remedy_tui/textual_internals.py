"""Every use Remedy makes of Textual's private API, in one place.

Each is here because Textual offers no public way to do it (checked against Textual 8.2, the
version pinned in pyproject.toml); each has a test in tests/ui/test_textual_internals.py that
fails if an upgrade changes what it relies on. Nothing else in Remedy touches a name of
Textual's that starts with an underscore.
"""

from __future__ import annotations

import sys
from typing import Any

import rich
from textual import events
from textual.app import App
from textual.screen import Screen


def stylesheet_generation(app: App[Any]) -> int:
    """How many times the app's stylesheet has changed (a theme change, a CSS reload).

    Textual counts these to know which screens need restyling when shown again; there is
    no public reader of that count.
    """
    return int(app._css_update_count)


def mark_styled(screen: Screen[Any], app: App[Any]) -> None:
    """Mark a screen made just now as styled from the current stylesheet.

    Otherwise ``switch_mode`` reparses and reapplies the whole stylesheet twice for a screen
    it has not seen (a refresh meant for screens left behind by a theme change; textual#5211),
    which was most of the 0.2 s from F3 to the case list first drawn. No public setting
    does this.
    """
    screen._css_update_count = app._css_update_count


def make_mode_ahead(app: App[Any], mode: str) -> None:
    """Make a mode's first screen now, without showing it.

    This is Textual's own first step of ``switch_mode``; there is no public way to build a
    mode's screen ahead of time, and doing it while the store is unlocked takes 0.2 s off
    the first F3.
    """
    if mode not in app._screen_stacks:
        app._init_mode(mode)


def mode_screens(app: App[Any], mode: str) -> list[Screen[Any]]:
    """The stack of screens of a mode, bottom first, whether or not it is the mode shown.

    Locking keeps an area whose stack holds an open form, and quitting asks first if any form
    holds typed text: both look at areas that are not in front. ``App.screen_stack`` gives
    only the current mode's stack; no public reader gives another's.
    """
    return list(app._screen_stacks.get(mode, ()))


def mount_hidden(app: App[Any], name: str) -> None:
    """Mount an installed screen and lay it out at the app's size, without showing it.

    What ``push_screen`` does first (``_get_screen``, then a resume), so the first case
    opened draws a screen already made. Public ``push_screen`` would show it.
    """
    screen, _mounted = app._get_screen(name)
    screen.post_message(events.ScreenResume())


class QuietCrashReport:
    """Mix into the App: report a crash without local variables.

    Textual's own crash report lists every frame's local variables, which would put case
    data (names, notes) on the terminal and into any terminal log. ``_fatal_error`` is the
    one hook for that; there is no public setting for ``show_locals``.
    """

    def _fatal_error(self) -> None:
        from rich.segment import Segments
        from rich.traceback import Traceback

        assert isinstance(self, App)
        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()


def prompt_driver() -> type[Any] | None:
    """The app's driver on this system: Textual's Linux driver (Linux and macOS) with an input
    thread that wakes within the escape delay, not every 100 ms; Textual's own choice
    elsewhere (None).

    Textual's input thread notices a lone Escape (no sequence followed within the escape
    delay) only when its ``select`` wakes, every 100 ms: Escape, the key that closes every form
    and goes back from every screen, waited 100 to 200 ms. The driver class is a public
    extension point (``App(driver_class=...)``), but its loop is built from private parts (the
    parser, ``_debug``), so this override of ``run_input_thread`` is Textual's own loop with
    one number changed.
    """
    if sys.platform == "win32":
        return None
    import os
    import selectors
    from codecs import getincrementaldecoder

    from textual import constants
    from textual._parser import ParseError
    from textual._xterm_parser import XTermParser
    from textual.drivers.linux_driver import LinuxDriver

    class PromptDriver(LinuxDriver):
        """Textual's Linux driver, its input thread waking within half the escape delay."""

        def run_input_thread(self) -> None:
            """Wait for input and dispatch events (Textual's loop, the wake-up interval half
            the escape delay instead of 100 ms)."""
            wake = min(0.1, max(0.002, constants.ESCAPE_DELAY / 2))
            selector = selectors.SelectSelector()
            selector.register(self.fileno, selectors.EVENT_READ)
            fileno = self.fileno
            parser = XTermParser(self._debug)
            decode = getincrementaldecoder("utf-8")().decode

            def process(events: list[tuple[selectors.SelectorKey, int]], final: bool) -> None:
                for index, (_key, mask) in enumerate(events):
                    if mask & selectors.EVENT_READ:
                        last = index == len(events) - 1
                        data = decode(os.read(fileno, 1024 * 4), final=final and last)
                        if not data:
                            break
                        for event in parser.feed(data):
                            self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)

            try:
                while not self.exit_event.is_set():
                    process(selector.select(wake), False)
                selector.unregister(self.fileno)
                process(selector.select(wake), True)
            finally:
                selector.close()
                try:
                    for _event in parser.feed(""):
                        pass
                except (EOFError, ParseError):
                    pass

    return PromptDriver

"""Store work for screens that are not forms: load in a worker and show, or change something
in a worker and reload; a refusal is said on screen and nothing else happens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from remedy_tui.screens.common.desk_work import DeskWork

LOAD = "store-load"
CHANGE = "store-change"


if TYPE_CHECKING:
    from textual.screen import Screen

    _Mixin = Screen[Any]
else:
    # A plain mixin at run time, so the screen's CSS type names (Screen, ModalScreen) stay.
    _Mixin = object


class StoreTasks(DeskWork, _Mixin):
    """Mix into a Screen (before it) that has a ``reload()``: ``load_with`` and ``change_with``
    ask the desk (the screens not yet moved to :meth:`DeskWork.ask`)."""

    def reload(self) -> None:
        """Fetch what the screen shows again (subclasses)."""

    def load_with(self, fetch: Callable[[Session], Any], show: Callable[[Any], None]) -> None:
        """Run ``fetch`` with a session at the desk, then ``show`` its result on screen."""
        self.ask(lambda desk: desk.read(lambda session: fetch(session)), show, group=LOAD)

    def change_with(
        self, change: Callable[[Session], Any], done: Callable[[Any], None] | None = None
    ) -> None:
        """Run ``change`` (a service command) at the desk, then ``done`` and a reload."""
        self.ask(
            lambda desk: desk.change(lambda session: change(session)),
            lambda result: self._changed(result, done),
            change=True,
        )

    def _changed(self, result: Any, done: Callable[[Any], None] | None) -> None:
        if done is not None:
            done(result)
        self.reload()

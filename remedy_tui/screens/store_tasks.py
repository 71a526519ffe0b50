"""Store work for screens that are not forms: load in a worker and show, or change something
in a worker and reload; a refusal is said on screen and nothing else happens."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlmodel import Session
from textual import work
from textual.worker import Worker, WorkerState

from remedy_tui.services.errors import DomainError
from remedy_tui.store import Store, StoreError
from remedy_tui.widgets import PagedTable

LOAD = "store-load"
CHANGE = "store-change"
# Changes run one at a time: three quick "+" presses are three changes in turn, each reading
# what the one before wrote, never two writers racing over the same row's version.
_ONE_CHANGE_AT_A_TIME = threading.Lock()


def next_offset(offset: int, event: PagedTable.PageRequested, size: int, total: int) -> int:
    """Where the page a table asked for starts: a page on or back, or the first or last."""
    if event.edge:
        return 0 if event.edge < 0 else max(0, (total - 1) // size * size)
    return max(0, offset + event.step * size)


if TYPE_CHECKING:
    from textual.screen import Screen

    _Mixin = Screen[Any]
else:
    # A plain mixin at run time, so the screen's CSS type names (Screen, ModalScreen) stay.
    _Mixin = object


class StoreTasks(_Mixin):
    """Mix into a Screen (before it) that has ``self.store`` and a ``reload()``."""

    store: Store

    def reload(self) -> None:
        """Fetch what the screen shows again (subclasses)."""

    def refused(self, message: str, field: str | None = None) -> None:
        """Say why a change was refused (subclasses may show it beside ``field``)."""
        self.app.notify(message, title="Not done", severity="error", markup=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load_with(self, fetch: Callable[[Session], Any], show: Callable[[Any], None]) -> None:
        """Run ``fetch`` with a session in a thread, then ``show`` its result on screen."""
        with self.store.session() as session:
            result = fetch(session)
        self.app.call_from_thread(show, result)

    @work(thread=True, exit_on_error=False, group=CHANGE)
    def change_with(
        self, change: Callable[[Session], Any], done: Callable[[Any], None] | None = None
    ) -> None:
        """Run ``change`` (a service command) in a thread, then ``done`` and a reload."""
        with _ONE_CHANGE_AT_A_TIME, self.store.session() as session:
            result = change(session)
        self.app.call_from_thread(self._changed, result, done)

    def _changed(self, result: Any, done: Callable[[Any], None] | None) -> None:
        if done is not None:
            done(result)
        self.reload()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A refused change is said plainly (what is on screen stays); anything else goes to
        the app's error dialog."""
        if event.worker.group not in (LOAD, CHANGE) or event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, DomainError | StoreError):
            event.stop()
            self.refused(str(error), getattr(error, "field", None))

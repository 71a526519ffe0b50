"""The one way a screen asks the desk for something: in a thread worker, with the answer
coming back as a message, and one route for what goes wrong.

    self.ask(lambda desk: desk.read(case_header, case_id=case_id), self.show_header)
    self.ask(lambda desk: desk.change(add_note, case_id=case_id, text=text), self.noted)

A refusal by the service (a :class:`DomainError` or :class:`StoreError`: a missing rationale,
a colleague's change) goes to the screen that asked, through :meth:`DeskWork.refused`: forms
show it beside the field at fault and keep what was typed. Anything else goes to the app's
error dialog. The thread only posts messages; the answer is handled on the UI thread, so no
screen is ever built inside a thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from textual.message import Message
from textual.worker import get_current_worker

from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import DomainError
from remedy_tui.services.desk import Desk
from remedy_tui.store import StoreError

T = TypeVar("T")

READ = "desk-read"
CHANGE = "desk-change"


class HasDesk(Protocol):
    """The app, as screens see it: the desk of the open store, or None while locked."""

    desk: Desk | None

    def report_failure(self, error: BaseException) -> None:
        """Say in the error dialog that something unexpected went wrong."""


class LockedError(StoreError):
    """The store was locked before the work could start."""

    def __init__(self) -> None:
        super().__init__("Remedy is locked: unlock it and try again.")


if TYPE_CHECKING:
    from textual.screen import Screen

    _Mixin = Screen[Any]
else:
    # A plain mixin at run time, so the screen's CSS type names (Screen, ModalScreen) stay.
    _Mixin = object


class DeskWork(_Mixin):
    """Mix into a Screen (before it) to ask the desk for reads and changes."""

    @dataclass
    class Answered(Message, bubble=False):
        """The desk answered; ``then`` shows the result."""

        result: Any
        then: Callable[[Any], None]

    @dataclass
    class Refused(Message, bubble=False):
        """The service refused (nothing was changed)."""

        error: DomainError | StoreError

    @dataclass
    class Failed(Message, bubble=False):
        """Something unexpected went wrong (nothing more was changed)."""

        error: BaseException

    @property
    def desk(self) -> Desk:
        """The desk of the open store."""
        desk = cast(HasDesk, self.app).desk
        if desk is None:
            raise LockedError()
        return desk

    @property
    def access(self) -> Access | None:
        """What the signed-in person's role lets them see and do (None while locked), for
        offering only the keys it allows."""
        desk = cast(HasDesk, self.app).desk
        return desk.access if desk is not None else None

    def ask(
        self,
        job: Callable[[Desk], T],
        then: Callable[[T], None],
        *,
        change: bool = False,
        group: str | None = None,
    ) -> None:
        """Run ``job`` with the desk in a thread worker, then ``then(result)`` on screen.

        Reads in one group are exclusive (a newer read replaces one still running, whose
        answer is dropped); changes are never cancelled and run in turn at the desk.
        """
        desk = cast(HasDesk, self.app).desk
        if desk is None:
            return
        self.off_screen(
            lambda: job(desk),
            then,
            exclusive=not change,
            group=group or (CHANGE if change else READ),
        )

    def off_screen(
        self,
        job: Callable[[], T],
        then: Callable[[T], None],
        *,
        exclusive: bool = True,
        group: str = READ,
    ) -> None:
        """Run ``job`` in a thread worker and ``then(result)`` on screen, with the same route
        for what goes wrong as :meth:`ask` (for opening a store, before there is a desk)."""

        def run() -> None:
            worker = get_current_worker()
            answer: Message
            try:
                answer = self.Answered(job(), cast(Callable[[Any], None], then))
            except (DomainError, StoreError) as error:
                answer = self.Refused(error)
            except Exception as error:  # noqa: BLE001 - reported in the one error dialog
                answer = self.Failed(error)
            if not worker.is_cancelled:
                self.post_message(answer)

        self.run_worker(run, thread=True, exclusive=exclusive, exit_on_error=False, group=group)

    def refused(self, message: str, field: str | None = None) -> None:
        """Say why the desk refused (forms show it on their message line, beside ``field``)."""
        self.app.notify(message, title="Not done", severity="error", markup=False)

    def on_desk_work_answered(self, message: DeskWork.Answered) -> None:
        message.stop()
        message.then(message.result)

    def on_desk_work_refused(self, message: DeskWork.Refused) -> None:
        message.stop()
        self.refused(str(message.error), getattr(message.error, "field", None))

    def on_desk_work_failed(self, message: DeskWork.Failed) -> None:
        message.stop()
        cast(HasDesk, self.app).report_failure(message.error)

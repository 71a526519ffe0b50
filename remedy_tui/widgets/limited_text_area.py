"""A multi-line field that refuses a paste longer than its limit, rather than taking it in.

Taking in a megabyte on one line would make every later key press slow while the text is
wrapped again; the service would refuse it on saving anyway, so it is refused at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import TextArea


class LimitedTextArea(TextArea):
    """A TextArea with a most number of characters; a paste past it is refused whole."""

    @dataclass
    class Refused(Message):
        """A paste was refused: how long it would have made the text, and the limit."""

        area: LimitedTextArea
        length: int
        limit: int

    def __init__(self, text: str = "", *, max_length: int, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, tab_behavior="focus", compact=True)
        self.max_length = max_length

    def on_paste(self, event: events.Paste) -> None:
        """Refuse a paste that would take the text past the limit; nothing of it is inserted."""
        length = len(self.text) + len(event.text)
        if length > self.max_length:
            event.prevent_default()
            event.stop()
            self.post_message(self.Refused(self, length, self.max_length))

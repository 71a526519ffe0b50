"""The terminal's escape delay: how long a lone Escape waits to be sure it is not the start of a
key's sequence (see ``textual_internals.prompt_driver`` for the other half, the input thread
that notices it in time).

The escape delay itself is Textual's own setting, the ``ESCDELAY`` environment variable
(milliseconds, read when Textual is first imported). Remedy sets it from its settings
(``escape_delay_ms``, 25 by default) unless ``ESCDELAY`` is already set. A terminal that
sends a key's sequence in pieces (over a slow remote-desktop or SSH link) may need more: raise
``escape_delay_ms`` in ``settings.json`` if keys such as the arrows arrive as Escape and a
letter.
"""

from __future__ import annotations

import os
import sys

ESCDELAY_ENV = "ESCDELAY"


def apply_escape_delay(delay_ms: int) -> None:
    """Give Textual the escape delay before it is imported (it reads ``ESCDELAY`` once); an
    ``ESCDELAY`` the user set wins."""
    if ESCDELAY_ENV in os.environ:
        return
    if "textual.constants" in sys.modules:
        return  # too late for this process: Textual has read its setting already
    os.environ[ESCDELAY_ENV] = str(max(1, int(delay_ms)))

"""Show free text exactly as typed: no markup is interpreted, control characters are visible."""

from __future__ import annotations

import re

from rich.text import Text
from textual.content import Content

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Replace control characters (ESC above all) with visible symbols; none reach the terminal."""

    def picture(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        if code < 0x20:
            return chr(0x2400 + code)  # Unicode "control pictures": ESC shows as ␛
        if code == 0x7F:
            return "\u2421"
        return f"\\x{code:02x}"

    return _CONTROL.sub(picture, text)


def literal(text: str | None, style: str = "") -> Text:
    """A Rich Text of ``text`` that no markup or escape sequence in it can change."""
    return Text(visible(text or ""), style=style)


def cell(text: str | None, style: str = "") -> Text:
    """Like :func:`literal`, for a table cell: one line, cut with an ellipsis if too long."""
    return Text(visible(text or ""), style=style, no_wrap=True, overflow="ellipsis")


def pieces(*parts: str | tuple[str, str]) -> Content:
    """Content from text pieces, each optionally styled (theme variables such as ``$error`` work).

    The text is never parsed as markup and control characters are made visible, as with
    :func:`literal`; only the styles given here, never the text, decide how it looks.
    """
    return Content.assemble(
        *(visible(part) if isinstance(part, str) else (visible(part[0]), part[1]) for part in parts)
    )

"""The one way Remedy writes user text into Markdown, so it reads exactly as typed: every
document (the CSG's papers, the triage minutes, the fairness framework) escapes through here.

Escaped everywhere: the characters that format inline (``\\ ` * _ { } [ ] < > # | ! ~``).
Escaped at the start of a line, where they would begin a structure: a list (``-``, ``+``,
``1.``, ``1)``), a heading or thematic break (``#``, ``---``, ``===``), a quote (``>``), and
the leading spaces of an indented code block (kept as non-breaking spaces).
"""

from __future__ import annotations

import re

# Characters that format wherever they appear; anything Word or XML cannot hold is dropped
# by the callers' own clean().
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|!~])")
# After the inline escapes: what still begins a structure at the start of a line.
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
_LEADING_SPACES = re.compile(r"^[ \t]+")
NBSP = "\u00a0"


def escape(text: str | None, *, line_start: bool = True) -> str:
    """One line of ``text`` that Markdown shows exactly as written; ``line_start`` also
    escapes what would begin a list, heading, rule, quote or code block (not needed inside a
    table cell or after a label on the same line)."""
    if not text:
        return ""
    escaped = _INLINE.sub(r"\\\1", text)
    if not line_start:
        return escaped
    escaped = _LEADING_SPACES.sub(lambda m: NBSP * len(m.group().expandtabs(4)), escaped)
    return _LINE_START.sub(_marker, escaped)


def _marker(match: re.Match[str]) -> str:
    if match.group(1):
        return f"\\{match.group(1)}"
    return f"{match.group(2)}\\{match.group(3)}"


def lines(text: str | None, indent: str = "") -> str:
    """Free text over several lines, each kept (a hard break) and escaped, after ``indent``."""
    return "  \n".join(f"{indent}{escape(line)}" for line in (text or "").split("\n"))


def cell(text: str | None) -> str:
    """Free text for one table cell: escaped, its lines joined by " / " (a cell is one line)."""
    parts = [escape(line, line_start=False) for line in (text or "").splitlines()]
    return " / ".join(parts) or " "


def paragraph(text: str | None) -> str:
    """Free text as a Markdown paragraph, line breaks kept (``-`` when there is none)."""
    return "  \n".join(escape(line) for line in (text or "").splitlines()) or "-"

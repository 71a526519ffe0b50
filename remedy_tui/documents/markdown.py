"""Writing free text into Markdown so it reads exactly as typed."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def escape(text: str | None) -> str:
    """``text`` with Markdown's special characters escaped, so nothing in it is formatting."""
    if not text:
        return ""
    escaped = _SPECIAL.sub(r"\\\1", text)
    # A line that starts with a number and a dot, or a dash, would become a list item.
    return re.sub(r"(?m)^(\s*)(\d+)\.", r"\1\2\\.", re.sub(r"(?m)^(\s*)([-+])", r"\1\\\2", escaped))


def paragraph(text: str | None) -> str:
    """Free text as a Markdown paragraph, line breaks kept."""
    return "  \n".join(escape(line) for line in (text or "").splitlines()) or "-"

"""Messages any screen can post for the app to act on (they bubble up to it)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenCase(Message):
    """Show a case."""

    case_id: int
    reference: str = ""


@dataclass
class OpenReferral(Message):
    """Show a referral."""

    referral_id: int

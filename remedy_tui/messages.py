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


@dataclass
class OpenChecklist(Message):
    """Show a case's fairness checklist."""

    case_id: int


@dataclass
class OpenChecklistSnapshot(Message):
    """Show the fairness checklist as it stood when a decision was recorded."""

    decision_id: int


@dataclass
class ColleaguesChanged(Message):
    """Colleagues on other desktops changed these tables: what is on screen may be stale."""

    tables: frozenset[str]
